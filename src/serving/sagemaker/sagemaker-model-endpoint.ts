import { EncryptedLogGroup } from '../../core/encrypted-log-group';
import {
  dependableProp,
  encryptionKeyProp,
  logRetentionProp,
  modelNameProp,
  topicArnProp,
} from '../../core/prop-rules';
import { artifactBucketProp } from '../../storage/model-artifact-bucket';
import { dashboardProp } from '../../monitoring/serving-dashboard';
import { imageRepositoryProp } from '../../registry/model-image-repository';
import { servingNetworkProp } from '../../network/serving-network';
import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import {
  SagemakerEndpointConfiguration,
  type SagemakerEndpointConfigurationConfig,
} from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';
import { SagemakerModel, type SagemakerModelConfig } from '@cdktf/provider-aws/lib/sagemaker-model';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { isToken, modelVersion } from '../../core/validation/rules';
import {
  type ResolvedSageMakerServingSettings,
  type ResolvedSageMakerVariant,
  type SageMakerServingSettings,
  sageMakerServingSettingsSchema,
  sageMakerVariants,
} from './spec';
import { validateProps } from '../../core/validation/issues';
import { AwsContext } from '../../core/aws-context';
import type { IEncryptionKey } from '../../core/grants';
import { NAME_LIMITS, Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import { type ModelAlarm } from '../../monitoring/model-alarm';
import type { ServingDashboard } from '../../monitoring/serving-dashboard';
import type { IServingNetwork } from '../../network/serving-network';
import type { IModelImageRepository } from '../../registry/model-image-repository';
import type { IModelArtifactBucket } from '../../storage/model-artifact-bucket';
import { describeInstanceType } from './spec/instances';
import { contentHashedName } from './private/content-hashed-name';
import { rollbackAlarms, variantGraphs } from './private/variant-alarms';
import { scaleVariant } from './private/variant-scaling';

/** Where data capture writes in the artifact bucket: `data-capture/<model>/`. */
export const DATA_CAPTURE_ROOT = 'data-capture/';
/** Where async inference reads inputs and writes results: `async-inference/<model>/{input,output,failures}/`. */
export const ASYNC_INFERENCE_ROOT = 'async-inference/';

/** Props of `SageMakerModelEndpoint`. */
export interface SageMakerModelEndpointProps {
  /** The model's name: a lowercase DNS label of 1-20 characters; every derived name contains it. */
  readonly model: string;
  /** The version served by every variant that names none (image tag and artifact folder). */
  readonly version: string;
  /** The bucket of model artifacts: each version under `models/<model>/<version>/`. */
  readonly bucket: IModelArtifactBucket;
  /** The model's image repository: each version tagged with its version. */
  readonly repository: IModelImageRepository;
  /** The key that encrypts the volumes, logs, captured data and async results. */
  readonly key: IEncryptionKey;
  /**
   * ARN of the topic the alarms notify (and async inference errors, when asked). An encrypted
   * topic must use `key`.
   */
  readonly alertTopicArn: string;
  /** The serving settings: instances or serverless, variants, rollout, alarms... */
  readonly serving: SageMakerServingSettings;
  /**
   * Run the model in these private subnets (at least 2 availability zones), with a security group
   * of its own that allows only HTTPS out.
   * @default - no VPC: SageMaker's own network (with `networkIsolation` the container has none)
   */
  readonly network?: IServingNetwork;
  /**
   * The dashboard that gets the endpoint's graphs.
   * @default - no graphs
   */
  readonly dashboard?: ServingDashboard;
  /**
   * Retention of the endpoint's log group, in days (one of CloudWatch's values).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * `prevent_destroy` on the endpoint: Terraform refuses a plan that would destroy or replace it.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * What must hold before anything runs the model's image, e.g. a `ModelImageGate` that stops the
   * deploy while a tag is missing from the repository.
   * @default - no gate: the models (and so the endpoint) waits only for its own dependencies
   */
  readonly imageGate?: ITerraformDependable;
}

const propsSchema = z
  .strictObject({
    model: modelNameProp,
    version: modelVersion,
    bucket: artifactBucketProp,
    repository: imageRepositoryProp,
    key: encryptionKeyProp,
    alertTopicArn: topicArnProp,
    serving: sageMakerServingSettingsSchema,
    network: servingNetworkProp.optional(),
    dashboard: dashboardProp.optional(),
    logRetentionDays: logRetentionProp,
    protectFromDestroy: z.boolean().default(true),
    imageGate: dependableProp.optional(),
  })
  .superRefine((p, ctx) => {
    if (!p.network) return;
    if (p.serving?.serverless !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['network'],
        input: p.network.vpcId,
        message: 'must not be set with serverless: SageMaker Serverless Inference does not run in a VPC',
      });
    }
    const subnets = p.network.privateSubnetIds;
    if (!isToken(subnets) && Array.isArray(subnets) && subnets.length < 2) {
      ctx.addIssue({
        code: 'custom',
        path: ['network', 'privateSubnetIds'],
        input: subnets,
        message: 'must list private subnets in at least 2 availability zones',
      });
    }
  });

/**
 * A model served by a SageMaker endpoint, usable on its own in any `TerraformStack`:
 *
 * - an execution role that reads only the model's artifact prefix, pulls only its repository, writes
 *   only its log group (and, when asked, its data-capture and async prefixes and the alert topic);
 * - one `aws_sagemaker_model` per variant (image `<repository>:<version>`, artifact
 *   `models/<model>/<version>/`, network isolation on by default, optional VPC);
 * - an endpoint configuration with the production variants (A/B weights), an optional shadow
 *   variant, serverless or async settings, data capture, and the key on the volumes (left out for
 *   instance types with local NVMe storage, which SageMaker encrypts in hardware and refuses a key for);
 * - models and configuration named from a hash of their content with `create_before_destroy`,
 *   under an endpoint whose name never changes;
 * - a blue/green deployment policy (all at once, canary or linear) that rolls back on the
 *   endpoint's three alarms (the highest 5XX rate, p99 model latency and GPU memory per GPU of any
 *   variant), whose names never change: the ForceNew rollback block stays the same across releases;
 * - auto scaling of every instance variant (target tracking, optional schedules), registered once
 *   the endpoint exists;
 * - the endpoint's log group, encrypted with the key, and graphs on the dashboard.
 */
export class SageMakerModelEndpoint extends Construct {
  /** The execution role. */
  public readonly role: ServiceRole;
  /** One SageMaker model per variant (production and shadow), by variant name. */
  public readonly models: Readonly<Record<string, SagemakerModel>>;
  /** The endpoint configuration. */
  public readonly endpointConfiguration: SagemakerEndpointConfiguration;
  /** The endpoint. */
  public readonly endpoint: SagemakerEndpoint;
  /** The endpoint's name, `<project>-<environment>-<model>`; it never changes. */
  public readonly endpointName: string;
  /** The endpoint's ARN. */
  public readonly endpointArn: string;
  /** `https://runtime.sagemaker.<region>.<suffix>/endpoints/<name>/invocations` (`invocations-async` for async). */
  public readonly invokeUrl: string;
  /** The production variants with their defaults applied. */
  public readonly variants: readonly ResolvedSageMakerVariant[];
  /** The alarms that notify the topic and roll deployments back. */
  public readonly alarms: readonly ModelAlarm[];
  /** Every alarm name the endpoint's deployments roll back on (its own three, then `rollout.alarmNames` sorted). */
  public readonly rollbackAlarmNames: readonly string[];
  /**
   * Whether the endpoint configuration sets the key on the instances' storage volumes: false when
   * a variant uses local NVMe storage (hardware-encrypted; SageMaker refuses a key there).
   */
  public readonly encryptsVolumesWithKey: boolean;
  /** The security group of the model's network interfaces, with a network. */
  public readonly securityGroupId?: string;

  constructor(scope: Construct, id: string, props: SageMakerModelEndpointProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const s = p.serving;
    const aws = AwsContext.of(this);
    const naming = Naming.of(this);
    const model = p.model;
    this.endpointName = naming.name(model, NAME_LIMITS.sageMaker);
    this.variants = sageMakerVariants(p.version, s);

    // Logs: SageMaker writes to /aws/sagemaker/Endpoints/<endpoint>; created here to encrypt and expire them.
    const logs = new EncryptedLogGroup(this, 'logs', {
      logGroupName: `/aws/sagemaker/Endpoints/${this.endpointName}`,
      key: p.key,
      retentionDays: p.logRetentionDays,
    });

    this.role = new ServiceRole(this, 'role', {
      assumedBy: RoleTrusts.service('sagemaker.amazonaws.com'),
      component: `${model}-sagemaker`,
      description: `SageMaker execution role of the ${model} model`,
    });
    this.grantRuntimeAccess(p, s, logs);

    let vpcConfig: SagemakerModelConfig['vpcConfig'];
    if (p.network) {
      vpcConfig = this.joinNetwork(p.network, naming, model);
      this.securityGroupId = vpcConfig.securityGroupIds[0];
    }

    // One model per variant (production and shadow), named from a hash of its content.
    const served = [
      ...this.variants.map((v) => ({ name: v.name, version: v.version })),
      ...(s.shadow ? [{ name: s.shadow.name, version: s.shadow.version }] : []),
    ];
    const modelDependencies = [
      ...(this.role.inlinePolicy ? [this.role.inlinePolicy] : []),
      ...(p.imageGate ? [p.imageGate] : []),
    ];
    const models: Record<string, SagemakerModel> = {};
    const modelNames: Record<string, string> = {};
    for (const variant of served) {
      const artifact = p.bucket.artifactUri(model, variant.version);
      const content: Omit<SagemakerModelConfig, 'name'> = {
        executionRoleArn: this.role.roleArn,
        enableNetworkIsolation: s.networkIsolation,
        primaryContainer: {
          image: p.repository.imageUri(variant.version),
          environment: Object.keys(s.environment).length > 0 ? { ...s.environment } : undefined,
          ...(s.artifactFormat === 'tarball'
            ? { modelDataUrl: `${artifact}model.tar.gz` }
            : {
                modelDataSource: {
                  s3DataSource: [{ s3Uri: artifact, s3DataType: 'S3Prefix', compressionType: 'None' }],
                },
              }),
        },
        vpcConfig,
        tags: { Model: model, ModelVersion: variant.version, Variant: variant.name },
      };
      modelNames[variant.name] = contentHashedName(naming, [model, variant.name], content);
      models[variant.name] = new SagemakerModel(this, `model-${variant.name}`, {
        ...content,
        name: modelNames[variant.name],
        lifecycle: { createBeforeDestroy: true },
        // SageMaker checks the role's access to the image and the artifact when it creates the model
        // (CreateModel fails on a missing image: the gate stops the deploy first)
        dependsOn: modelDependencies.length > 0 ? modelDependencies : undefined,
      });
    }
    this.models = models;

    this.encryptsVolumesWithKey = ![
      ...this.variants.map((v) => v.instanceType),
      s.shadow ? (s.shadow.instanceType ?? this.variants[0].instanceType) : undefined,
    ].some((type) => type !== undefined && describeInstanceType(type)?.localNvme === true);

    const config = this.endpointConfigurationContent(p, s, models);
    this.endpointConfiguration = new SagemakerEndpointConfiguration(this, 'config', {
      ...config,
      // the variants name their models, whose names carry their content hashes: a new model
      // means a new configuration
      name: contentHashedName(naming, [model], config),
      lifecycle: { createBeforeDestroy: true },
    });

    // The endpoint's alarms: they notify the topic and roll deployments back. Always the same three
    // (fixed names, queries over every variant), so the ForceNew rollback block never moves.
    const variantScopes = new Map<string, Construct>();
    for (const variant of this.variants) {
      variantScopes.set(variant.name, new Construct(this, `variant-${variant.name}`));
    }
    const alarms = rollbackAlarms(new Construct(this, 'alarms'), {
      model,
      endpointName: this.endpointName,
      variants: this.variants,
      alarms: s.alarms,
      topicArn: p.alertTopicArn,
    });
    this.alarms = alarms;
    // sorted: the order the spec lists its own alarm names in does not matter
    this.rollbackAlarmNames = [...alarms.map((a) => a.alarmName), ...[...s.rollout.alarmNames].sort()];
    // SageMaker reads the alarms' states with the execution role during a deployment
    this.role.addToPrincipalPolicy({
      actions: ['cloudwatch:DescribeAlarms'],
      resources: this.rollbackAlarmNames.map((name) => aws.arn('cloudwatch', `alarm:${name}`)),
    });

    const rollout = s.rollout;
    this.endpoint = new SagemakerEndpoint(this, 'endpoint', {
      name: this.endpointName,
      endpointConfigName: this.endpointConfiguration.name,
      deploymentConfig: {
        blueGreenUpdatePolicy: {
          trafficRoutingConfiguration: {
            type: { allAtOnce: 'ALL_AT_ONCE', canary: 'CANARY', linear: 'LINEAR' }[rollout.strategy],
            waitIntervalInSeconds: rollout.waitSeconds,
            canarySize:
              rollout.strategy === 'canary'
                ? { type: 'CAPACITY_PERCENT', value: rollout.canaryPercent }
                : undefined,
            linearStepSize:
              rollout.strategy === 'linear'
                ? { type: 'CAPACITY_PERCENT', value: rollout.stepPercent }
                : undefined,
          },
          terminationWaitInSeconds: rollout.terminationWaitSeconds,
          maximumExecutionTimeoutInSeconds: rollout.maxExecutionTimeoutSeconds,
        },
        autoRollbackConfiguration: { alarms: this.rollbackAlarmNames.map((alarmName) => ({ alarmName })) },
      },
      tags: { Model: model },
      // the alarms exist before a deployment can watch them; the log group before SageMaker writes to it
      dependsOn: [logs.logGroup, ...alarms.map((a) => a.alarm)],
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.endpointArn = this.endpoint.arn;
    this.invokeUrl = `https://runtime.sagemaker.${aws.region}.${aws.dnsSuffix}/endpoints/${this.endpointName}/${s.async ? 'invocations-async' : 'invocations'}`;

    // Auto scaling of every instance variant, registered once the endpoint exists.
    for (const variant of this.variants) {
      scaleVariant(variantScopes.get(variant.name)!, {
        model,
        naming,
        endpoint: this.endpoint,
        variant,
        settings: s,
      });
    }

    p.dashboard?.addGraphs(
      ...variantGraphs({
        model,
        endpointName: this.endpointName,
        variants: this.variants,
        shadowName: s.shadow?.name,
        alarms: s.alarms,
      }),
    );
  }

  /** The role's grants: artifact prefix, repository, log group, metrics, and what the settings ask for. */
  private grantRuntimeAccess(
    p: {
      model: string;
      bucket: IModelArtifactBucket;
      repository: IModelImageRepository;
      key: IEncryptionKey;
      alertTopicArn: string;
    },
    s: ResolvedSageMakerServingSettings,
    logs: EncryptedLogGroup,
  ): void {
    p.bucket.grantRead(this.role, p.bucket.prefixFor(p.model));
    p.repository.grantPull(this.role);
    this.role.addToPrincipalPolicy(
      {
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:PutLogEvents',
          'logs:DescribeLogStreams',
        ],
        resources: [logs.logGroupArn, logs.streamsArn],
      },
      {
        // PutMetricData has no resource-level permissions: the namespace condition is the scope
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: [{ test: 'StringLike', variable: 'cloudwatch:namespace', values: ['/aws/sagemaker/*'] }],
      },
    );
    if (s.dataCapture) p.bucket.grantWrite(this.role, `${DATA_CAPTURE_ROOT}${p.model}/`);
    if (s.async) {
      p.bucket.grantRead(this.role, `${ASYNC_INFERENCE_ROOT}${p.model}/input/`);
      p.bucket.grantWrite(this.role, `${ASYNC_INFERENCE_ROOT}${p.model}/`);
      if (s.async.notifyErrors) {
        this.role.addToPrincipalPolicy({ actions: ['sns:Publish'], resources: [p.alertTopicArn] });
        p.key.grantEncryptDecrypt(this.role, { viaService: 'sns' });
      }
    }
  }

  /** A security group (HTTPS out only) and the role's permissions for the model's network interfaces. */
  private joinNetwork(
    network: IServingNetwork,
    naming: Naming,
    model: string,
  ): { subnets: string[]; securityGroupIds: string[] } {
    const aws = AwsContext.of(this);
    const securityGroup = new SecurityGroup(this, 'security-group', {
      name: naming.name([model, 'sagemaker'], 255),
      description: `Network interfaces of the ${model} SageMaker model: no inbound rules, HTTPS out`,
      vpcId: network.vpcId,
    });
    new VpcSecurityGroupEgressRule(this, 'https-out', {
      securityGroupId: securityGroup.id,
      description: 'HTTPS to S3, ECR and CloudWatch, through VPC endpoints or NAT',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    this.role.addToPrincipalPolicy(
      {
        // EC2 describe actions have no resource-level permissions
        actions: [
          'ec2:DescribeVpcs',
          'ec2:DescribeDhcpOptions',
          'ec2:DescribeSubnets',
          'ec2:DescribeSecurityGroups',
          'ec2:DescribeNetworkInterfaces',
        ],
        resources: ['*'],
      },
      {
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:CreateNetworkInterfacePermission',
          'ec2:DeleteNetworkInterface',
          'ec2:DeleteNetworkInterfacePermission',
        ],
        resources: ['*'],
        conditions: [
          {
            test: 'ArnEqualsIfExists',
            variable: 'ec2:Vpc',
            values: [aws.arn('ec2', `vpc/${network.vpcId}`)],
          },
        ],
      },
    );
    return { subnets: [...network.privateSubnetIds], securityGroupIds: [securityGroup.id] };
  }

  /** Everything of the endpoint configuration but its name. */
  private endpointConfigurationContent(
    p: { model: string; bucket: IModelArtifactBucket; key: IEncryptionKey; alertTopicArn: string },
    s: ResolvedSageMakerServingSettings,
    models: Record<string, SagemakerModel>,
  ): Omit<SagemakerEndpointConfigurationConfig, 'name'> {
    const bucketUri = `s3://${p.bucket.bucketName}`;
    const primary = this.variants[0];
    return {
      productionVariants: this.variants.map((v) => ({
        variantName: v.name,
        modelName: models[v.name].name,
        initialVariantWeight: v.weight,
        ...(s.serverless
          ? {
              serverlessConfig: {
                memorySizeInMb: s.serverless.memoryMiB,
                maxConcurrency: s.serverless.maxConcurrency,
                provisionedConcurrency: s.serverless.provisionedConcurrency,
              },
            }
          : { instanceType: v.instanceType, initialInstanceCount: v.instances!.initial }),
      })),
      shadowProductionVariants: s.shadow
        ? [
            {
              variantName: s.shadow.name,
              modelName: models[s.shadow.name].name,
              instanceType: s.shadow.instanceType ?? primary.instanceType,
              initialInstanceCount: s.shadow.instanceCount,
              // the shadow's share of the production variant's traffic
              initialVariantWeight: (primary.weight * s.shadow.samplingPercent) / 100,
            },
          ]
        : undefined,
      kmsKeyArn: this.encryptsVolumesWithKey ? p.key.keyArn : undefined,
      dataCaptureConfig: s.dataCapture
        ? {
            enableCapture: true,
            initialSamplingPercentage: s.dataCapture.samplingPercent,
            destinationS3Uri: `${bucketUri}/${DATA_CAPTURE_ROOT}${p.model}/`,
            kmsKeyId: p.key.keyArn,
            captureOptions: { input: ['Input'], output: ['Output'], both: ['Input', 'Output'] }[
              s.dataCapture.capture
            ].map((captureMode) => ({ captureMode })),
          }
        : undefined,
      asyncInferenceConfig: s.async
        ? {
            clientConfig:
              s.async.maxConcurrentInvocationsPerInstance !== undefined
                ? { maxConcurrentInvocationsPerInstance: s.async.maxConcurrentInvocationsPerInstance }
                : undefined,
            outputConfig: {
              s3OutputPath: `${bucketUri}/${ASYNC_INFERENCE_ROOT}${p.model}/output/`,
              s3FailurePath: `${bucketUri}/${ASYNC_INFERENCE_ROOT}${p.model}/failures/`,
              kmsKeyId: p.key.keyArn,
              notificationConfig: s.async.notifyErrors ? { errorTopic: p.alertTopicArn } : undefined,
            },
          }
        : undefined,
      tags: { Model: p.model },
    };
  }
}

import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { SagemakerEndpointConfiguration } from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';
import { SagemakerModel, type SagemakerModelConfig } from '@cdktf/provider-aws/lib/sagemaker-model';
import { Construct } from 'constructs';
import { z } from 'zod';
import { AwsContext } from '../../core/aws-context';
import { EncryptedLogGroup } from '../../core/encrypted-log-group';
import { NAME_LIMITS, Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { isToken } from '../../core/validation/rules';
import type { MetricSpec, ModelAlarm } from '../../monitoring/model-alarm';
import {
  type IModelServing,
  type ModelServingProps,
  type ServingOutput,
  modelServingPropsShape,
} from '../model-serving';
import { contentHashedName } from './private/content-hashed-name';
import { endpointConfigurationContent } from './private/endpoint-configuration';
import { EndpointMetrics, type SageMakerMetricOptions } from './private/endpoint-metrics';
import { ASYNC_INFERENCE_ROOT, DATA_CAPTURE_ROOT } from './private/roots';
import { grantRuntimeAccess, joinNetwork } from './private/runtime-access';
import { rollbackAlarms, variantGraphs } from './private/variant-alarms';
import { scaleVariant } from './private/variant-scaling';
import {
  type ResolvedSageMakerVariant,
  type SageMakerServingSettings,
  sageMakerServingSettingsSchema,
  sageMakerVariants,
} from './spec';
import { describeInstanceType } from './spec/instances';

export { ASYNC_INFERENCE_ROOT, DATA_CAPTURE_ROOT };
export type { SageMakerMetricOptions };

/**
 * Props of `SageMakerModelServing`: the collaborators every target takes (`ModelServingProps`;
 * the key encrypts the volumes, logs, captured data and async results; the alert topic gets the
 * alarms and, when asked, async inference errors; with a network the model runs in its private
 * subnets, at least 2 availability zones, with a security group that allows only HTTPS out) and
 * the SageMaker serving settings.
 */
export interface SageMakerModelServingProps extends ModelServingProps {
  /** The serving settings: instances or serverless, variants, rollout, alarms... */
  readonly serving: SageMakerServingSettings;
}

const propsSchema = z
  .strictObject({ ...modelServingPropsShape, serving: sageMakerServingSettingsSchema })
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
const propsAgree: PropsAgree<z.input<typeof propsSchema>, SageMakerModelServingProps> = true;
void propsAgree;

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
export class SageMakerModelServing extends Construct implements IModelServing {
  /** The model's name. */
  public readonly modelName: string;
  /** The version served by every variant that names none. */
  public readonly modelVersion: string;
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
  /** The endpoint's name, ARN and invocation URL, as the environment publishes them. */
  public readonly outputs: readonly ServingOutput[];
  private readonly metrics: EndpointMetrics;

  constructor(scope: Construct, id: string, props: SageMakerModelServingProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const s = p.serving;
    const aws = AwsContext.of(this);
    const naming = Naming.of(this);
    const model = p.modelName;
    this.modelName = model;
    this.modelVersion = p.modelVersion;
    this.endpointName = naming.name(model, NAME_LIMITS.sageMaker);
    this.variants = sageMakerVariants(p.modelVersion, s);
    this.metrics = new EndpointMetrics(this.endpointName, this.variants[0].name);

    // Logs: SageMaker writes to /aws/sagemaker/Endpoints/<endpoint>; created here to encrypt and expire them.
    const logs = new EncryptedLogGroup(this, 'logs', {
      logGroupName: `/aws/sagemaker/Endpoints/${this.endpointName}`,
      encryptionKey: p.encryptionKey,
      retentionDays: p.logRetentionDays,
    });

    this.role = new ServiceRole(this, 'role', {
      assumedBy: RoleTrusts.service('sagemaker.amazonaws.com'),
      component: `${model}-sagemaker`,
      description: `SageMaker execution role of the ${model} model`,
    });
    grantRuntimeAccess(this.role, p, s, logs);

    let vpcConfig: SagemakerModelConfig['vpcConfig'];
    if (p.network) {
      vpcConfig = joinNetwork(this, this.role, p.network, naming, model);
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
      const artifact = p.artifacts.artifactUri(model, variant.version);
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

    const config = endpointConfigurationContent(p, s, models, this.variants, this.encryptsVolumesWithKey);
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
      metrics: this.metrics,
      variants: this.variants,
      alarms: s.alarms,
      topicArn: p.alertTopic.topicArn,
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
        metrics: this.metrics,
        variants: this.variants,
        shadowName: s.shadow?.name,
        alarms: s.alarms,
      }),
    );

    this.outputs = [
      {
        name: `sagemaker-endpoint-${model}`,
        value: this.endpointName,
        description: `SageMaker endpoint of the ${model} model`,
      },
      {
        name: `sagemaker-endpoint-arn-${model}`,
        value: this.endpointArn,
        description: `ARN of the SageMaker endpoint of the ${model} model`,
      },
      {
        name: `sagemaker-invoke-url-${model}`,
        value: this.invokeUrl,
        description: `URL that invokes the ${model} model (SigV4-signed requests, service 'sagemaker')`,
      },
    ];
  }

  /**
   * Requests the variant served: `AWS/SageMaker` `Invocations` (dimensions `EndpointName`,
   * `VariantName`), `Sum` over 60 seconds by default.
   */
  public metricInvocations(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metrics.invocations(options);
  }

  /**
   * Requests the model answered with a 5XX: `AWS/SageMaker` `Invocation5XXErrors` (dimensions
   * `EndpointName`, `VariantName`), `Sum` over 60 seconds by default.
   */
  public metricErrors(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metrics.errors(options);
  }

  /**
   * Requests answered with a 4XX: `AWS/SageMaker` `Invocation4XXErrors` (dimensions
   * `EndpointName`, `VariantName`), `Sum` over 60 seconds by default.
   */
  public metricInvocation4xxErrors(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metrics.invocation4xxErrors(options);
  }

  /**
   * The model's time to answer, in microseconds: `AWS/SageMaker` `ModelLatency` (dimensions
   * `EndpointName`, `VariantName`), `p99` over 60 seconds by default.
   */
  public metricLatency(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metrics.latency(options);
  }

  /**
   * GPU memory used, in % summed over the instance's GPUs: `/aws/sagemaker/Endpoints`
   * `GPUMemoryUtilization` (dimensions `EndpointName`, `VariantName`), `Average` over 60 seconds
   * by default. A variant without GPUs reports none.
   */
  public metricGpuMemoryUtilization(options: SageMakerMetricOptions = {}): MetricSpec {
    return this.metrics.gpuMemoryUtilization(options);
  }
}

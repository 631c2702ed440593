import { EncryptedLogGroup } from '../../core/encrypted-log-group';
import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { Annotations, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { reservedConcurrencyRule } from './spec/rules';
import { lambdaFunctionSettingsShape } from './spec/schema';
import type { LambdaFunctionSettings } from './spec/types';
import { matching, modelVersion } from '../../core/validation/rules';
import { invalidProps, validateProps } from '../../core/validation/issues';
import { AwsContext } from '../../core/aws-context';
import type { IEncryptionKey } from '../../core/grants';
import { NAME_LIMITS, Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import type { MetricSpec } from '../../monitoring/model-alarm';
import type { IServingNetwork } from '../../network/serving-network';
import { type IModelImageRepository, ModelImageRepository } from '../../registry/model-image-repository';
import { type IModelArtifactBucket, artifactVersionPrefix } from '../../storage/model-artifact-bucket';
import { dependableProp, encryptionKeyProp, logRetentionProp, modelNameProp } from '../../core/prop-rules';
import { artifactBucketProp } from '../../storage/model-artifact-bucket';
import { imageRepositoryProp } from '../../registry/model-image-repository';
import { servingNetworkProp } from '../../network/serving-network';

/** The alias callers invoke; CodeDeploy moves it from version to version. */
export const LIVE_ALIAS = 'live';

/** Actions the execution role needs to attach the function to a VPC (AWS requires `*`). */
export const LAMBDA_VPC_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSubnets',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/** Props of `LambdaInferenceFunction`: the model, where it comes from, and the function's settings. */
export interface LambdaInferenceFunctionProps extends LambdaFunctionSettings {
  /** Model name (a lowercase DNS label of 1-20 characters); the function is `<project>-<environment>-<model>`. */
  readonly modelName: string;
  /** The version served: the artifact prefix `models/<model>/<version>/` and, by default, the image tag. */
  readonly modelVersion: string;
  /** The bucket of model artifacts; the function may read the model's prefix. */
  readonly artifacts: IModelArtifactBucket;
  /**
   * The model's image repository. An owned `ModelImageRepository` gets the repository policy
   * statement Lambda needs to pull; for an imported one, the repository's owner grants it.
   */
  readonly repository: IModelImageRepository;
  /** The key that encrypts environment variables and logs (and the artifacts, for decrypt). */
  readonly key: IEncryptionKey;
  /**
   * The image: an immutable tag or a digest (`sha256:...`).
   * @default - the model version as tag
   */
  readonly image?: string;
  /**
   * Retention of the function's log group, in days (a CloudWatch retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The network for `vpc: true`: the function runs in its private subnets.
   * @default - none
   */
  readonly network?: IServingNetwork;
  /**
   * `prevent_destroy` on the function: Terraform refuses a plan that would destroy or replace it.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * What must hold before anything runs the model's image, e.g. a `ModelImageGate` that stops the
   * deploy while a tag is missing from the repository.
   * @default - no gate: the function waits only for its own dependencies
   */
  readonly imageGate?: ITerraformDependable;
}

const propsSchema = z
  .strictObject({
    modelName: modelNameProp,
    modelVersion,
    artifacts: artifactBucketProp,
    repository: imageRepositoryProp,
    key: encryptionKeyProp,
    image: matching(
      /^(?:sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/,
      "must be an image tag (1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-') or a digest 'sha256:<64 hex digits>'",
    ).optional(),
    logRetentionDays: logRetentionProp,
    network: servingNetworkProp.optional(),
    protectFromDestroy: z.boolean().default(true),
    imageGate: dependableProp.optional(),
    ...lambdaFunctionSettingsShape,
  })
  .superRefine(reservedConcurrencyRule, { when: () => true });

/** Provisioned concurrency on the alias and what scales it. */
export interface ProvisionedConcurrencyResources {
  /** The provisioned concurrency configuration of the `live` alias (its starting value is `min`). */
  readonly config: LambdaProvisionedConcurrencyConfig;
  /** The alias registered with Application Auto Scaling. */
  readonly scalingTarget: AppautoscalingTarget;
  /** Target tracking on `LambdaProvisionedConcurrencyUtilization`. */
  readonly scalingPolicy: AppautoscalingPolicy;
  /** Scheduled changes of the range. */
  readonly scheduledActions: readonly AppautoscalingScheduledAction[];
}

/**
 * A model served from a container-image Lambda function: the function (image from the model's
 * repository, X-Ray tracing, JSON logs into its own encrypted log group, environment encrypted
 * with the environment key, `publish = true`), a least-privilege execution role, the `live`
 * alias callers invoke, and optionally provisioned concurrency on that alias scaled by
 * Application Auto Scaling.
 *
 * Terraform publishes a new version on every change but never moves the alias after creating
 * it (its version and routing are ignored): CodeDeploy shifts the traffic
 * (`LambdaTrafficShifting`, started by the release command).
 */
export class LambdaInferenceFunction extends Construct {
  /** The model's name. */
  public readonly modelName: string;
  /** The function's name, `<project>-<environment>-<model>`. */
  public readonly functionName: string;
  /** The function resource. */
  public readonly function: LambdaFunction;
  /** The function's (unqualified) ARN. */
  public readonly functionArn: string;
  /** The newest published version (a token): the target of the next release. */
  public readonly latestVersion: string;
  /** The `live` alias. */
  public readonly alias: LambdaAlias;
  /** The alias's name, `live`. */
  public readonly aliasName: string;
  /** The alias's ARN (what callers and the API invoke). */
  public readonly aliasArn: string;
  /** The function's timeout in seconds. */
  public readonly timeoutSeconds: number;
  /** The execution role. */
  public readonly role: ServiceRole;
  /** The function's log group. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The function's security group, in a VPC. */
  public readonly securityGroup?: SecurityGroup;
  /** Provisioned concurrency, when configured. */
  public readonly provisionedConcurrency?: ProvisionedConcurrencyResources;

  constructor(scope: Construct, id: string, props: LambdaInferenceFunctionProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    if (p.vpc && !p.network) {
      throw invalidProps(this, [
        {
          path: 'network',
          message: "is required with vpc: true: the function runs in the network's private subnets",
          value: undefined,
        },
      ]);
    }
    const naming = Naming.of(this);
    const aws = AwsContext.of(this);
    this.modelName = p.modelName;
    this.timeoutSeconds = p.timeoutSeconds;
    this.functionName = naming.name(p.modelName, NAME_LIMITS.lambdaFunction);
    this.aliasName = LIVE_ALIAS;

    const logs = new EncryptedLogGroup(this, 'logs', {
      logGroupName: `/aws/lambda/${this.functionName}`,
      key: p.key,
      retentionDays: p.logRetentionDays,
    });
    this.logGroup = logs.logGroup;

    this.role = new ServiceRole(this, 'role', {
      assumedBy: RoleTrusts.service('lambda.amazonaws.com'),
      component: `${p.modelName}-lambda`,
      description: `Runs the Lambda function serving the ${p.modelName} model`,
    });
    this.role.addToPrincipalPolicy({
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [logs.logGroupArn, logs.streamsArn],
    });
    p.artifacts.grantRead(this.role, p.artifacts.prefixFor(p.modelName));
    p.repository.grantPull(this.role);
    p.key.grantDecrypt(this.role);
    // X-Ray has no resource-level permissions for sending traces
    this.role.addToPrincipalPolicy({
      actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'],
      resources: ['*'],
    });

    let vpcConfig: { subnetIds: string[]; securityGroupIds: string[] } | undefined;
    if (p.vpc && p.network) {
      this.securityGroup = this.vpcSecurityGroup(p.network, naming);
      vpcConfig = { subnetIds: [...p.network.privateSubnetIds], securityGroupIds: [this.securityGroup.id] };
      // the ENI actions do not support resource-level permissions (AWS requires '*')
      this.role.addToPrincipalPolicy({ actions: [...LAMBDA_VPC_ACTIONS], resources: ['*'] });
    }

    const dependsOn: ITerraformDependable[] = [this.logGroup];
    if (this.role.inlinePolicy) dependsOn.push(this.role.inlinePolicy);
    if (p.repository instanceof ModelImageRepository) {
      // What Lambda would add to the policy itself at creation, scoped to this function, so
      // Terraform owns the whole policy and does not drift.
      p.repository.addToResourcePolicy({
        sid: 'LambdaECRImageRetrievalPolicy',
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        conditions: [
          {
            test: 'StringLike',
            variable: 'aws:sourceArn',
            values: [
              aws.arn('lambda', `function:${this.functionName}`),
              aws.arn('lambda', `function:${this.functionName}:*`),
            ],
          },
        ],
      });
      if (p.repository.repositoryPolicy) dependsOn.push(p.repository.repositoryPolicy);
    }
    // CreateFunction fails on a missing image: the gate stops the deploy first
    if (p.imageGate) dependsOn.push(p.imageGate);

    this.function = new LambdaFunction(this, 'function', {
      functionName: this.functionName,
      description: `Serves the ${p.modelName} model`,
      role: this.role.roleArn,
      packageType: 'Image',
      imageUri: p.repository.imageUri(p.image ?? p.modelVersion),
      architectures: [p.architecture],
      memorySize: p.memoryMiB,
      timeout: p.timeoutSeconds,
      ephemeralStorage: { size: p.ephemeralStorageMiB },
      environment: {
        variables: {
          MODEL_BUCKET: p.artifacts.bucketName,
          MODEL_KEY: artifactVersionPrefix(p.modelName, p.modelVersion),
          MODEL_VERSION: p.modelVersion,
        },
      },
      kmsKeyArn: p.key.keyArn,
      tracingConfig: { mode: 'Active' },
      loggingConfig: {
        logFormat: 'JSON',
        logGroup: this.logGroup.name,
        applicationLogLevel: 'INFO',
        systemLogLevel: 'INFO',
      },
      reservedConcurrentExecutions: p.reservedConcurrency,
      vpcConfig,
      publish: true,
      dependsOn,
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.functionArn = this.function.arn;
    this.latestVersion = this.function.version;

    this.alias = new LambdaAlias(this, 'alias', {
      name: LIVE_ALIAS,
      description: 'What callers invoke; CodeDeploy shifts it to each new version',
      functionName: this.function.functionName,
      functionVersion: this.function.version,
      // CodeDeploy owns the alias after creation: Terraform must not undo a shift
      lifecycle: { ignoreChanges: ['function_version', 'routing_config'] },
    });
    this.aliasArn = this.alias.arn;

    if (p.provisionedConcurrency) {
      this.provisionedConcurrency = this.provision(p.provisionedConcurrency, naming);
    }
  }

  /**
   * A metric of the `live` alias (all versions it routes to), or with `executedVersion` of one
   * version behind it.
   */
  public metric(metricName: string, statistic: string, executedVersion?: string): MetricSpec {
    return {
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: {
        FunctionName: this.functionName,
        Resource: `${this.functionName}:${this.aliasName}`,
        ...(executedVersion !== undefined ? { ExecutedVersion: executedVersion } : {}),
      },
      statistic,
      periodSeconds: 60,
    };
  }

  private vpcSecurityGroup(network: IServingNetwork, naming: Naming): SecurityGroup {
    const group = new SecurityGroup(this, 'security-group', {
      name: naming.name([this.modelName, 'lambda'], 255),
      description: `Lambda function of the ${this.modelName} model: HTTPS out only`,
      vpcId: network.vpcId,
    });
    new VpcSecurityGroupEgressRule(this, 'egress-https', {
      securityGroupId: group.id,
      description: 'HTTPS to AWS APIs (S3, KMS, X-Ray) and the model artifacts',
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      cidrIpv4: '0.0.0.0/0',
    });
    return group;
  }

  private provision(
    pc: NonNullable<z.output<typeof propsSchema>['provisionedConcurrency']>,
    naming: Naming,
  ): ProvisionedConcurrencyResources {
    if (pc.scheduledActions.length > 0) {
      Annotations.of(this).addWarning(
        `The scheduled actions of ${this.modelName} set its provisioned concurrency range: Terraform ignores later ` +
          'changes of provisionedConcurrency.min/max (the schedules own them once the target is registered); ' +
          'change the schedules to change them.',
      );
    }
    // on the alias (never $LATEST); auto scaling owns the value after creation (the target's
    // min_capacity, which follows the spec, keeps it at least provisionedConcurrency.min)
    const config = new LambdaProvisionedConcurrencyConfig(this, 'provisioned-concurrency', {
      functionName: this.alias.functionName,
      qualifier: this.alias.name,
      provisionedConcurrentExecutions: pc.min,
      lifecycle: { ignoreChanges: ['provisioned_concurrent_executions'] },
    });
    const scalingTarget = new AppautoscalingTarget(this, 'scaling-target', {
      serviceNamespace: 'lambda',
      scalableDimension: 'lambda:function:ProvisionedConcurrency',
      resourceId: `function:${this.alias.functionName}:${this.alias.name}`,
      minCapacity: pc.min,
      maxCapacity: pc.max,
      // registered once the alias has provisioned concurrency; schedules own the range after that
      dependsOn: [config],
      lifecycle:
        pc.scheduledActions.length > 0 ? { ignoreChanges: ['min_capacity', 'max_capacity'] } : undefined,
    });
    const scalingPolicy = new AppautoscalingPolicy(this, 'scaling-policy', {
      name: naming.name([this.modelName, 'provisioned-concurrency'], 255),
      policyType: 'TargetTrackingScaling',
      serviceNamespace: scalingTarget.serviceNamespace,
      scalableDimension: scalingTarget.scalableDimension,
      resourceId: scalingTarget.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: pc.utilizationTarget,
        predefinedMetricSpecification: { predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
      },
    });
    const scheduledActions = pc.scheduledActions.map(
      (action) =>
        new AppautoscalingScheduledAction(this, `schedule-${action.name}`, {
          name: naming.name([this.modelName, action.name], 255),
          serviceNamespace: scalingTarget.serviceNamespace,
          scalableDimension: scalingTarget.scalableDimension,
          resourceId: scalingTarget.resourceId,
          schedule: action.schedule,
          timezone: action.timezone,
          scalableTargetAction: { minCapacity: String(action.min), maxCapacity: String(action.max) },
        }),
    );
    return { config, scalingTarget, scalingPolicy, scheduledActions };
  }
}

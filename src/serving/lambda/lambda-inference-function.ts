import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { AwsContext } from '../../core/aws-context';
import { EncryptedLogGroup } from '../../core/encrypted-log-group';
import { NAME_LIMITS, Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import { type PropsAgree, invalidProps, validateProps } from '../../core/validation/issues';
import { matching } from '../../core/validation/rules';
import type { MetricSpec } from '../../monitoring/model-alarm';
import type { IServingNetwork } from '../../network/serving-network';
import { artifactVersionPrefix } from '../../storage/model-artifact-bucket';
import { type MetricOptions, type ModelServingProps, modelServingPropsShape } from '../model-serving';
import {
  type ProvisionedConcurrencyResources,
  provisionConcurrency,
} from './private/provisioned-concurrency';
import { ownsRepositoryPolicy } from './private/repository-policy';
import { reservedConcurrencyRule } from './spec/rules';
import { lambdaFunctionSettingsShape } from './spec/schema';
import type { LambdaFunctionSettings } from './spec/types';

export type { ProvisionedConcurrencyResources } from './private/provisioned-concurrency';

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

/**
 * Props of `LambdaInferenceFunction`: the model and its collaborators (as every serving target
 * takes them, `ModelServingProps`), and the function's settings. The function is named
 * `<project>-<environment>-<model>`; it may read the model's artifact prefix
 * `models/<model>/<version>/`; the key encrypts its variables and logs; `network` is required
 * with `vpc: true` (the function runs in its private subnets).
 */
export interface LambdaInferenceFunctionProps
  extends
    LambdaFunctionSettings,
    Pick<
      ModelServingProps,
      | 'modelName'
      | 'modelVersion'
      | 'artifacts'
      | 'repository'
      | 'encryptionKey'
      | 'logRetentionDays'
      | 'network'
      | 'protectFromDestroy'
      | 'imageGate'
    > {
  /**
   * The image: an immutable tag or a digest (`sha256:...`).
   * @default - the model version as tag
   */
  readonly image?: string;
}

const shared = modelServingPropsShape;
const propsSchema = z
  .strictObject({
    modelName: shared.modelName,
    modelVersion: shared.modelVersion,
    artifacts: shared.artifacts,
    repository: shared.repository,
    encryptionKey: shared.encryptionKey,
    image: matching(
      /^(?:sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/,
      "must be an image tag (1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-') or a digest 'sha256:<64 hex digits>'",
    ).optional(),
    logRetentionDays: shared.logRetentionDays,
    network: shared.network,
    protectFromDestroy: shared.protectFromDestroy,
    imageGate: shared.imageGate,
    ...lambdaFunctionSettingsShape,
  })
  .superRefine(reservedConcurrencyRule, { when: () => true });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, LambdaInferenceFunctionProps> = true;
void propsAgree;

/** Options of a metric of the inference function. */
export interface LambdaMetricOptions extends MetricOptions {
  /**
   * Only the invocations that ran this version behind the alias (the `ExecutedVersion`
   * dimension), e.g. `latestVersion` for the version a release shifts to.
   * @default - every version the `live` alias routes to
   */
  readonly executedVersion?: string;
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
      encryptionKey: p.encryptionKey,
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
    p.encryptionKey.grantDecrypt(this.role);
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
    if (ownsRepositoryPolicy(p.repository)) {
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
      kmsKeyArn: p.encryptionKey.keyArn,
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
      this.provisionedConcurrency = provisionConcurrency(
        this,
        p.modelName,
        this.alias,
        p.provisionedConcurrency,
      );
    }
  }

  /**
   * Invocations of the `live` alias: namespace `AWS/Lambda`, metric `Invocations`, dimensions
   * `FunctionName` and `Resource` (`<function>:live`), statistic `Sum`, period 60 s.
   */
  public metricInvocations(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('Invocations', 'Sum', options);
  }

  /** Invocations of the alias that failed (function errors): `AWS/Lambda` `Errors`, `Sum`, 60 s. */
  public metricErrors(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('Errors', 'Sum', options);
  }

  /** Invocations of the alias refused for lack of concurrency: `AWS/Lambda` `Throttles`, `Sum`, 60 s. */
  public metricThrottles(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('Throttles', 'Sum', options);
  }

  /**
   * Time the function ran per invocation of the alias, in milliseconds: `AWS/Lambda`
   * `Duration`, statistic `p99`, 60 s.
   */
  public metricLatency(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('Duration', 'p99', options);
  }

  /**
   * Share of the alias's provisioned environments in use (0-1): `AWS/Lambda`
   * `ProvisionedConcurrencyUtilization`, statistic `Maximum`, 60 s.
   */
  public metricProvisionedConcurrencyUtilization(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('ProvisionedConcurrencyUtilization', 'Maximum', options);
  }

  /**
   * Invocations of the alias that found no provisioned environment free and started cold:
   * `AWS/Lambda` `ProvisionedConcurrencySpilloverInvocations`, `Sum`, 60 s.
   */
  public metricProvisionedConcurrencySpilloverInvocations(options: LambdaMetricOptions = {}): MetricSpec {
    return this.aliasMetric('ProvisionedConcurrencySpilloverInvocations', 'Sum', options);
  }

  /** A metric of the alias, or with `executedVersion` of one version behind it. */
  private aliasMetric(metricName: string, statistic: string, options: LambdaMetricOptions): MetricSpec {
    return {
      namespace: 'AWS/Lambda',
      metricName,
      dimensions: {
        FunctionName: this.functionName,
        Resource: `${this.functionName}:${this.aliasName}`,
        ...(options.executedVersion !== undefined ? { ExecutedVersion: options.executedVersion } : {}),
      },
      statistic: options.statistic ?? statistic,
      periodSeconds: options.periodSeconds ?? 60,
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
}

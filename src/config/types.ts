import type {
  CONTROL_PLANE_LOG_TYPES,
  CapacityType,
  ClusterSpec,
  NetworkSpec,
  SystemNodesSpec,
} from './cluster-types';
import type { KubernetesServingSpec } from '../serving/kubernetes/spec/types';
import type { LambdaServingSpec } from '../serving/lambda/spec/types';
import type { SageMakerServingSpec } from '../serving/sagemaker/spec';

/**
 * The environment spec: plain, typed data that describes one serving environment.
 *
 * Every field is validated by `validateEnvironmentSpec` before any resource is created; the
 * ranges given here are the ones the validator enforces.
 */

/** Remote state in an existing S3 bucket. */
export interface S3BackendSpec {
  /** Name of the existing state bucket (S3 bucket naming rules). */
  readonly bucket: string;
  /**
   * Object key of the state file.
   * @default - `<project>/<environment>/terraform.tfstate`
   */
  readonly key?: string;
  /**
   * Region of the state bucket.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * ARN of a KMS key (or key alias) that encrypts the state object.
   * @default - the bucket's default encryption (the backend always sets `encrypt = true`)
   */
  readonly kmsKeyId?: string;
  /**
   * ARN of an IAM role the backend assumes to read and write state.
   * @default - the caller's own credentials
   */
  readonly roleArn?: string;
}

/**
 * Where Terraform keeps this environment's state. State is always encrypted and locked with
 * an S3 lock file (`use_lockfile`, Terraform >= 1.10).
 */
export interface BackendSpec {
  /** State in S3. */
  readonly s3: S3BackendSpec;
}

/** Where alarms are sent. */
export interface AlertingSpec {
  /**
   * E-mail addresses subscribed to the environment's alert topic. Each address must confirm
   * the subscription from the e-mail AWS sends.
   * @default - no subscriptions (subscribe other endpoints to the `alertTopicArn` output)
   */
  readonly emails?: readonly string[];
}

/** Storage classes old model artifacts may move to: each serves reads immediately. */
export const ARTIFACT_TRANSITION_CLASSES = ['INTELLIGENT_TIERING', 'STANDARD_IA', 'GLACIER_IR'] as const;

/** Moving old model artifacts to a cheaper storage class. */
export interface ArtifactTransitionSpec {
  /** Age of an object, in days, at which it moves (1-3650; at least 30 for `STANDARD_IA`). */
  readonly afterDays: number;
  /**
   * Target class: one that still serves reads immediately, so a model deployed long ago keeps
   * loading (`GLACIER` and `DEEP_ARCHIVE` would need a restore first and are refused).
   * @default 'INTELLIGENT_TIERING'
   */
  readonly storageClass?: (typeof ARTIFACT_TRANSITION_CLASSES)[number];
}

/** The model artifact bucket. */
export interface ArtifactsSpec {
  /**
   * Name of the bucket (S3 naming rules; globally unique).
   * @default - `<project>-<environment>-models`
   */
  readonly bucketName?: string;
  /**
   * Move objects under `models/` to a cheaper class after a while.
   * @default - objects stay in S3 Standard
   */
  readonly transition?: ArtifactTransitionSpec;
  /**
   * Replicate `models/` to a bucket in this region (disaster recovery); must differ from the
   * environment's region.
   * @default - no replica
   */
  readonly replicaRegion?: string;
}

/** The model image repositories. */
export interface ImagesSpec {
  /**
   * Continuous enhanced scanning (Amazon Inspector) of the environment's repositories. This
   * sets the registry-wide scanning configuration of the account and region: let only one
   * environment per account and region turn it on.
   * @default false (basic scan on push)
   */
  readonly enhancedScanning?: boolean;
  /**
   * Other AWS accounts that may pull the images (12-digit IDs).
   * @default - none
   */
  readonly pullAccountIds?: readonly string[];
  /**
   * Pattern of release tags whose newest images are kept (`*` is a wildcard).
   * @default '*' (every tagged image)
   */
  readonly releaseTagPattern?: string;
  /**
   * Run the models' images from an existing registry, e.g. a central build account's ECR,
   * instead of repositories the environment owns: the environment then creates no repository,
   * grants its roles pull on `<registry>/<repositoryPrefix>/<model>`, and checks there that
   * every deployed tag exists before deploying. The registry's owner sets the repository
   * policies (cross-account pull, Lambda's retrieval statement), the lifecycle rules and
   * scanning; `pullAccountIds` and `enhancedScanning` are refused with it.
   * @default - one repository per model in the environment's account
   */
  readonly registry?: ImageRegistrySpec;
}

/** An existing ECR registry the environment pulls its images from. */
export interface ImageRegistrySpec {
  /** The account (12 digits) whose registry holds the repositories. */
  readonly accountId: string;
  /**
   * The registry's region. It must be the environment's region when a model serves on Lambda or
   * SageMaker (both pull only from their own region); Kubernetes nodes pull from any region.
   * @default - the environment's region
   */
  readonly region?: string;
  /**
   * Prefix of the repository names: model `fraud` runs `<repositoryPrefix>/fraud`.
   * @default - the project name
   */
  readonly repositoryPrefix?: string;
}

export type {
  CapacityType,
  ClusterAddonsSpec,
  ClusterServingSpec,
  ClusterSpec,
  ExistingNetworkSpec,
  GpuAmiType,
  GpuNodeGroupSpec,
  HelmAddonSpec,
  ManagedAddonVersionsSpec,
  NetworkSpec,
  SystemNodesSpec,
} from './cluster-types';
export type {
  BlueGreenRolloutSpec,
  CanaryRolloutSpec,
  KubernetesAlarmsSpec,
  KubernetesAutoscalingSpec,
  KubernetesIngressSpec,
  KubernetesRolloutSpec,
  KubernetesServingSpec,
  KubernetesWafSpec,
  RollingRolloutSpec,
} from '../serving/kubernetes/spec/types';
export type {
  LambdaAlarmsSpec,
  LambdaAnonymousAuthSpec,
  LambdaApiAuthSpec,
  LambdaApiSpec,
  LambdaApiThrottlingSpec,
  LambdaCanaryRolloutSpec,
  LambdaFunctionSettings,
  LambdaFunctionUrlSpec,
  LambdaHttpApiSpec,
  LambdaIamAuthSpec,
  LambdaJwtAuthSpec,
  LambdaLinearRolloutSpec,
  LambdaPredefinedRolloutSpec,
  LambdaProvisionedConcurrencySpec,
  LambdaRolloutSpec,
  LambdaScheduledScalingSpec,
  LambdaServingSpec,
} from '../serving/lambda/spec/types';
export type {
  SageMakerServingSpec,
  SageMakerServingSettings,
  SageMakerInstanceRange,
  SageMakerVariantSpec,
  SageMakerShadowSpec,
  SageMakerServerlessSpec,
  SageMakerAsyncSpec,
  SageMakerDataCaptureSpec,
  SageMakerAutoscalingSpec,
  SageMakerScheduledActionSpec,
  SageMakerRolloutSpec,
  SageMakerRolloutTiming,
  SageMakerAllAtOnceRollout,
  SageMakerCanaryRollout,
  SageMakerLinearRollout,
  SageMakerAlarmsSpec,
} from '../serving/sagemaker/spec';
export type { ScalingRange } from '../core/validation/rules';

/** How a model is served: the `kind` field selects the target. */
export type ServingSpec = KubernetesServingSpec | SageMakerServingSpec | LambdaServingSpec;

/** One model served by the environment. */
export interface ModelSpec {
  /**
   * Model name: a lowercase DNS label of 1-20 characters (`a-z`, `0-9`, single `-`), starting
   * with a letter and unique in the environment. It appears in every name derived for the
   * model (S3 prefix, ECR repository, IAM roles, endpoint and function names).
   */
  readonly name: string;
  /**
   * Version that is deployed: 1-63 characters of `A-Z a-z 0-9 . _ -`, starting and ending with
   * a letter or digit (a valid image tag, S3 key segment and Kubernetes label value).
   */
  readonly version: string;
  /** Serving target and its settings. */
  readonly serving: ServingSpec;
}

/**
 * Environment-wide policy: the fields that differ between staging and production. The
 * `presets` set all of them; each has a production-safe default.
 */
export interface EnvironmentPolicy {
  /**
   * Protect stateful resources (buckets, repositories, KMS keys) from `terraform destroy`
   * with `prevent_destroy`.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Let `terraform destroy` delete non-empty buckets and repositories (`force_destroy`,
   * `force_delete`). Only for disposable environments; refused with `protectFromDestroy`.
   * @default false
   */
  readonly forceDestroy?: boolean;
  /**
   * Retention of every CloudWatch log group the environment creates, in days; one of
   * CloudWatch's allowed values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
   * 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Waiting period before the environment's KMS key is deleted, in days (7-30).
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
  /**
   * Days after which a replaced or deleted model artifact version is removed (1-3650).
   * @default 180
   */
  readonly artifactVersionExpiryDays?: number;
  /**
   * How many release images each model's repository keeps, newest first (1-1000); deployed
   * tags are always kept.
   * @default 30
   */
  readonly keepReleaseImages?: number;
  /**
   * Days after which untagged images expire (1-365).
   * @default 7
   */
  readonly untaggedImageExpiryDays?: number;
  /**
   * Availability zones of a new VPC (2 or 3).
   * @default 3
   */
  readonly availabilityZones?: number;
  /**
   * NAT gateways of a new VPC: one per zone, or a single one.
   * @default 'perAz'
   */
  readonly natGateways?: 'perAz' | 'single';
  /**
   * Interface endpoints (ECR, STS, CloudWatch Logs) in a new VPC's private subnets.
   * @default true
   */
  readonly interfaceEndpoints?: boolean;
  /**
   * The cluster's system node group.
   * @default { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 4 }
   */
  readonly systemNodes?: SystemNodesSpec;
  /**
   * Capacity type of GPU node groups that do not set their own.
   * @default 'ON_DEMAND'
   */
  readonly gpuCapacityType?: CapacityType;
  /**
   * Fewest replicas a Kubernetes model may have (0 lets a model be parked with `replicas.min: 0`).
   * @default 1
   */
  readonly minReplicas?: number;
  /**
   * The AWS WAF web ACL on each Kubernetes model's load balancer, unless the model's
   * `ingress.waf` says otherwise: a rate-based rule (requests per client IP in 5 minutes,
   * 10-2000000000) and AWS's common rule set, logged to an encrypted log group.
   * @default { enabled: true, rateLimitPer5Minutes: 2000 }
   */
  readonly loadBalancerWaf?: {
    /** Whether each Kubernetes model's load balancer gets a web ACL. */
    readonly enabled?: boolean;
    /** Requests one client IP may send in 5 minutes before the rate rule blocks it (10-2000000000). */
    readonly rateLimitPer5Minutes?: number;
  };
  /**
   * Control plane log types a cluster sends to its encrypted log group, unless the cluster lists
   * its own: `api`, `audit` and `authenticator` always, `controllerManager` and `scheduler` as
   * the environment needs them.
   * @default - all five: ['api', 'audit', 'authenticator', 'controllerManager', 'scheduler']
   */
  readonly controlPlaneLogTypes?: ReadonlyArray<(typeof CONTROL_PLANE_LOG_TYPES)[number]>;
}

/** One serving environment (for example `staging` or `production`). */
export interface EnvironmentSpec extends EnvironmentPolicy {
  /**
   * Project name: a lowercase DNS label of 2-16 characters (`a-z`, `0-9`, single `-`),
   * starting with a letter. Every resource name starts with `<project>-<environment>-`.
   */
  readonly project: string;
  /** AWS region, e.g. `us-east-1`. */
  readonly region: string;
  /**
   * AWS account IDs (12 digits) Terraform may deploy into; any other account is refused by
   * the provider.
   * @default - any account
   */
  readonly allowedAccountIds?: readonly string[];
  /**
   * Extra tags for every AWS resource, through the provider's `default_tags`. Keys 1-128 and
   * values 0-256 characters of letters, digits, spaces and `_ . : / = + - @`; keys may not
   * start with `aws:` nor replace `Project`, `Environment` or `ManagedBy`; at most 40 tags.
   * @default - only Project, Environment and ManagedBy
   */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Remote state. Required for an environment named `production` or one that sets
   * `protectFromDestroy`.
   * @default - local state (only for disposable environments)
   */
  readonly backend?: BackendSpec;
  /**
   * Alert routing.
   * @default - an alert topic without subscriptions
   */
  readonly alerting?: AlertingSpec;
  /**
   * The model artifact bucket.
   * @default - a bucket named `<project>-<environment>-models`
   */
  readonly artifacts?: ArtifactsSpec;
  /**
   * The model image repositories (one per model).
   * @default - basic scanning, no cross-account pulls
   */
  readonly images?: ImagesSpec;
  /**
   * The VPC.
   * @default - a new VPC with CIDR 10.0.0.0/16 when the environment needs one
   */
  readonly network?: NetworkSpec;
  /**
   * An EKS cluster for models served on Kubernetes.
   * @default - no cluster
   */
  readonly cluster?: ClusterSpec;
  /**
   * The models this environment serves.
   * @default - none
   */
  readonly models?: readonly ModelSpec[];
}

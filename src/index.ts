// Public API of cdktf-model-serving: every exported construct, type and preset, nothing else.

// environment spec
export * from './config/types';
export { presets, type EnvironmentPreset } from './config/presets';
export { validateEnvironmentSpec, type ValidatedEnvironment } from './config/validate';
export type { ResolvedEnvironmentSpec, ResolvedModelSpec } from './config/schema';
export { SpecValidationError, type SpecIssue } from './config/validation';
export { LOG_RETENTION_DAYS, NAME_LENGTHS } from './config/rules';

// core
export { AwsContext } from './core/aws-context';
export { Naming, NAME_LIMITS, truncateWithHash, type NamingProps } from './core/naming';
export type { IEncryptionKey, IGrantable, KeyGrantOptions } from './core/grants';
export { ServiceRole, RoleTrusts, type ServiceRoleProps, type RoleTrust } from './core/service-role';
export type { PolicyStatement, PolicyCondition, PolicyPrincipal } from './core/policy';
export { EnvironmentKey, type EnvironmentKeyProps } from './core/environment-key';
export { AlertTopic, type AlertTopicProps } from './core/alert-topic';

// storage and registry
export {
  ModelArtifactBucket,
  ARTIFACT_ROOT,
  artifactPrefix,
  artifactVersionPrefix,
  type IModelArtifactBucket,
  type ModelArtifactBucketProps,
  type ArtifactReplication,
} from './storage/model-artifact-bucket';
export {
  ModelImageRepository,
  ECR_PULL_ACTIONS,
  ECR_PUSH_ACTIONS,
  type IModelImageRepository,
  type ModelImageRepositoryProps,
  type ImageLifecycleRule,
} from './registry/model-image-repository';
export { RegistryScanning, type RegistryScanningProps } from './registry/registry-scanning';

// network
export type { IServingNetwork } from './network/serving-network';

// serving
export {
  SageMakerModelEndpoint,
  DATA_CAPTURE_ROOT,
  ASYNC_INFERENCE_ROOT,
  type SageMakerModelEndpointProps,
} from './serving/sagemaker/sagemaker-model-endpoint';
export {
  SAGEMAKER_INSTANCE_FAMILIES,
  describeInstanceType,
  type SageMakerInstanceFamily,
  type SageMakerInstanceTypeInfo,
} from './serving/sagemaker/instance-types';
export {
  SAGEMAKER_SERVERLESS_MEMORY_MIB,
  SAGEMAKER_SCALING_METRICS,
  SAGEMAKER_ARTIFACT_FORMATS,
  MAX_ROLLBACK_ALARMS,
  sageMakerVariants,
  sageMakerVersions,
  type ResolvedSageMakerVariant,
  type ResolvedSageMakerServingSettings,
} from './config/sagemaker-serving';

// monitoring
export {
  ModelAlarm,
  type ModelAlarmProps,
  type MetricSpec,
  type MetricQuery,
  type AlarmComparison,
} from './monitoring/model-alarm';
export { ServingDashboard, type DashboardGraph } from './monitoring/serving-dashboard';

// environment
export {
  ModelServingEnvironment,
  MANAGED_BY,
  REQUIRED_TERRAFORM_VERSION,
  deployedVersions,
  type ModelServingEnvironmentProps,
} from './environment';

// Public API of cdktf-model-serving: every exported construct, type and preset, nothing else.

// environment spec
export * from './config/types';
export { presets, type EnvironmentPreset } from './config/presets';
export { validateEnvironmentSpec, type ValidatedEnvironment } from './config/validate';
export type { ResolvedEnvironmentSpec, ResolvedModelSpec } from './config/schema';
export { SpecValidationError, type SpecIssue } from './core/validation/issues';
export { LOG_RETENTION_DAYS, NAME_LENGTHS } from './core/validation/rules';

export {
  GPU_FAMILIES,
  gpuInstance,
  knownGpuInstanceTypes,
  type GpuFamily,
  type GpuInstance,
} from './config/gpu-instances';
export {
  EC2_INSTANCE_TYPES,
  SYSTEM_FAMILIES,
  ec2InstanceType,
  knownSystemInstanceTypes,
  sameShapeAlternatives,
  type Ec2InstanceType,
} from './config/ec2-instances';
export {
  CLOUDWATCH_OBSERVABILITY_DAEMONS,
  DCGM_EXPORTER_DAEMON,
  EVICTION_HARD_MEMORY_MIB,
  MANAGED_ADDON_DAEMONS,
  NVIDIA_DEVICE_PLUGIN_DAEMON,
  allocatableOf,
  kubeReservedCpuMilli,
  kubeReservedMemoryMiB,
  smallestAllocatable,
  type Allocatable,
  type DaemonPlacement,
  type NodeDaemon,
  type NodeKind,
} from './config/node-allocatable';
export {
  ARTIFACT_DOWNLOAD_RESOURCES,
  podRequests,
  type PodRequests,
} from './serving/kubernetes/spec/resources';
export {
  SUPPORTED_KUBERNETES_VERSIONS,
  DEFAULT_KUBERNETES_VERSION,
  MANAGED_ADDON_VERSIONS,
  HELM_CHARTS,
  CLUSTER_AUTOSCALER_IMAGE_TAGS,
  ARTIFACT_DOWNLOADER_IMAGE,
  type ManagedAddonVersions,
  type PinnedChart,
} from './config/versions';
export { GPU_AMI_TYPES, CONTROL_PLANE_LOG_TYPES } from './config/cluster-types';
export { IANA_TIME_ZONE_AREAS, type ScalingScheduleSpec } from './config/scheduled-actions';
export { synthApp, type SynthAppOptions } from './config/synth-app';

// core
export { AwsContext } from './core/aws-context';
export { Naming, NAME_LIMITS, truncateWithHash, type NamingProps } from './core/naming';
export { Grant, type IEncryptionKey, type IGrantable, type KeyGrantOptions } from './core/grants';
export { ServiceRole, RoleTrusts, type ServiceRoleProps, type RoleTrust } from './core/service-role';
export type { PolicyStatement, PolicyCondition, PolicyPrincipal } from './core/policy';
export { EnvironmentKey, type EnvironmentKeyProps } from './core/environment-key';
export { AlertTopic, type AlertTopicProps, type IAlertTopic } from './core/alert-topic';
export type { IModelServing, MetricOptions, ModelServingProps, ServingOutput } from './serving/model-serving';
export type {
  ResolvedModelOf,
  ServedAs,
  ServingEnvironment,
  ServingKind,
  ServingTarget,
} from './serving/serving-target';
export { EncryptedLogGroup, type EncryptedLogGroupProps } from './core/encrypted-log-group';
export {
  CiDeployRole,
  GITHUB_OIDC_ISSUER,
  CI_DEPLOY_UNSCOPED_SERVICES,
  type CiDeployRoleProps,
} from './core/ci-deploy-role';

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
  LoadBalancerLogBucket,
  ELB_ACCOUNT_REGIONS,
  type LoadBalancerLogBucketProps,
} from './storage/load-balancer-log-bucket';
export {
  ModelImageRepository,
  ECR_PULL_ACTIONS,
  ECR_PUSH_ACTIONS,
  type IModelImageRepository,
  type ModelImageRepositoryProps,
  type ImageLifecycleRule,
  type ImageRepositoryAttributes,
} from './registry/model-image-repository';
export { ModelImageGate, missingImageMessage, type ModelImageGateProps } from './registry/model-image-gate';
export { RegistryScanning, type RegistryScanningProps } from './registry/registry-scanning';

// network
export type { IServingNetwork } from './network/serving-network';
export {
  ServingVpc,
  INTERFACE_ENDPOINT_SERVICES,
  type ServingVpcProps,
  type ExistingNetworkProps,
  type InterfaceEndpointService,
  type NatGatewayMode,
} from './network/serving-vpc';
export { subnetLayout, type ZoneSubnets } from './network/subnet-layout';
export { EKS_UNSUPPORTED_ZONE_IDS } from './network/eks-zones';

// cluster
export { ServingCluster, CLUSTER_ADMIN_POLICY } from './cluster/serving-cluster';
export type { ServingClusterProps, GpuNodeGroupOptions } from './cluster/serving-cluster-props';
export type {
  IServingCluster,
  ServingClusterAttributes,
  WorkloadRoleOptions,
  WorkloadIdentity,
} from './cluster/cluster-contract';
export {
  ServingNodeGroup,
  NODE_POOL_LABEL,
  AMI_FAMILY_LABEL,
  ACCELERATOR_LABEL,
  GPU_TAINT,
  SYSTEM_AMI_TYPES,
  BOTTLEROCKET_NVIDIA_SETTINGS,
  type ServingNodeGroupProps,
  type NodeGroupRole,
  type NodeAmiType,
} from './cluster/serving-node-group';
export { ClusterAddons, type ClusterAddonsProps, type HelmAddonSettings } from './cluster/cluster-addons';
export type { ClusterAddOn, ClusterAddOnContext, AddOnReleaseOptions } from './cluster/cluster-addon';
export {
  LoadBalancerControllerAddOn,
  NvidiaDevicePluginAddOn,
  MetricsServerAddOn,
  ClusterAutoscalerAddOn,
  DcgmExporterAddOn,
  type HelmAddOnOptions,
} from './cluster/helm-addons';

// in-cluster serving
import {
  KubernetesModelServing,
  type KubernetesModelServingProps,
} from './serving/kubernetes/kubernetes-model-serving';
export {
  KubernetesModelServing,
  MODEL_LABEL,
  TRACK_LABEL,
  POD_IDENTITY_AGENT_CIDR,
  INSTANCE_METADATA_CIDR,
  type KubernetesModelServingProps,
  type KubernetesGpuMetricOptions,
} from './serving/kubernetes/kubernetes-model-serving';
/** @deprecated Use KubernetesModelServing. */
export const KubernetesModelService = KubernetesModelServing;
/** @deprecated Use KubernetesModelServing. */
export type KubernetesModelService = KubernetesModelServing;
/** @deprecated Use KubernetesModelServingProps. */
export type KubernetesModelServiceProps = KubernetesModelServingProps;
export { kubernetesServingTarget } from './serving/kubernetes/target';
export { ModelNamespace, type ModelNamespaceProps } from './serving/kubernetes/model-namespace';
export { trafficPlan, versionsOf, type Track, type TrafficPlan } from './serving/kubernetes/private/tracks';
export { TrafficPath, ALB_TLS_POLICY, type TrafficTrack } from './serving/kubernetes/private/traffic-path';
export { KubernetesModelAlarms, GPU_METRICS } from './serving/kubernetes/private/kubernetes-alarms';

// serving on Lambda
export {
  LAMBDA_ARCHITECTURES,
  LAMBDA_DEPLOYMENT_CONFIGS,
  HTTP_API_TIMEOUT_SECONDS,
} from './serving/lambda/spec/types';
export type { ResolvedLambdaServingSpec } from './serving/lambda/spec/schema';
export {
  LambdaInferenceFunction,
  LIVE_ALIAS,
  LAMBDA_VPC_ACTIONS,
  type LambdaInferenceFunctionProps,
  type LambdaMetricOptions,
  type ProvisionedConcurrencyResources,
} from './serving/lambda/lambda-inference-function';
export { LambdaServingAlarms, type LambdaServingAlarmsProps } from './serving/lambda/lambda-serving-alarms';
export {
  LambdaTrafficShifting,
  predefinedDeploymentConfig,
  type LambdaTrafficShiftingProps,
} from './serving/lambda/lambda-traffic-shifting';
export {
  InferenceHttpApi,
  PREDICT_ROUTE,
  type InferenceHttpApiProps,
} from './serving/lambda/inference-http-api';
export {
  InferenceFunctionUrl,
  type InferenceFunctionUrlProps,
} from './serving/lambda/inference-function-url';
export { LambdaModelServing, type LambdaModelServingProps } from './serving/lambda/lambda-model-serving';
export { lambdaServingTarget } from './serving/lambda/target';
export { releaseLambdaVersion } from './serving/lambda/release/release-lambda-version';
export { rollbackLambdaAlias } from './serving/lambda/release/rollback-lambda-alias';
export { lambdaAppSpec } from './serving/lambda/release/app-spec';
export {
  type LambdaReleaseClient,
  type AliasState,
  type DeploymentState,
  type CreateDeploymentRequest,
  type UpdateAliasRequest,
} from './serving/lambda/release/client';
export {
  type ReleaseOptions,
  type RollbackOptions,
  type ReleaseOutcome,
  type ReleaseResult,
} from './serving/lambda/release/options';
export { defaultReleaseRuntime, type ReleaseRuntime } from './serving/lambda/release/runtime';
export {
  parseReleaseArguments,
  RELEASE_USAGE,
  ReleaseUsageError,
  type ReleaseArguments,
} from './cli/release-lambda-args';
export { RELEASE_EXIT_CODES, RELEASE_ERROR_EXIT_CODE } from './cli/release-lambda-exit-codes';
export {
  AwsCliReleaseClient,
  execFileRunner,
  type AwsCliReleaseClientOptions,
  type CommandRunner,
} from './serving/lambda/release/aws-cli-release-client';

// serving
export {
  SageMakerModelServing,
  DATA_CAPTURE_ROOT,
  ASYNC_INFERENCE_ROOT,
  type SageMakerModelServingProps,
  type SageMakerMetricOptions,
} from './serving/sagemaker/sagemaker-model-serving';
export { sageMakerServingTarget } from './serving/sagemaker/target';
import {
  SageMakerModelServing as SageMakerModelServingClass,
  type SageMakerModelServingProps as SageMakerModelServingPropsType,
} from './serving/sagemaker/sagemaker-model-serving';
/** @deprecated Use SageMakerModelServing. */
export const SageMakerModelEndpoint = SageMakerModelServingClass;
/** @deprecated Use SageMakerModelServing. */
export type SageMakerModelEndpoint = SageMakerModelServingClass;
/** @deprecated Use SageMakerModelServingProps. */
export type SageMakerModelEndpointProps = SageMakerModelServingPropsType;
export {
  SAGEMAKER_INSTANCE_FAMILIES,
  describeInstanceType,
  type SageMakerInstanceFamily,
  type SageMakerInstanceTypeInfo,
} from './serving/sagemaker/spec/instances';
export {
  SAGEMAKER_SERVERLESS_MEMORY_MIB,
  SAGEMAKER_SCALING_METRICS,
  SAGEMAKER_ARTIFACT_FORMATS,
  MAX_ROLLBACK_ALARMS,
  sageMakerVariants,
  sageMakerVersions,
  variantGpus,
  type ResolvedSageMakerVariant,
  type ResolvedSageMakerServingSettings,
} from './serving/sagemaker/spec';

// monitoring
export {
  ModelAlarm,
  errorRateQueries,
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

// deploy checks (the doctor command)
export {
  readDeployFacts,
  runDoctorChecks,
  formatDoctorReport,
  MIN_TERRAFORM_VERSION,
  type DeployFacts,
  type DoctorCheck,
  type DoctorRuntime,
  type DoctorCommandRunner,
  type CommandResult,
  type EndpointProbe,
} from './cli/doctor-checks';

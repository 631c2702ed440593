import type { ITerraformDependable } from 'cdktf';
import type { IConstruct } from 'constructs';
import { z } from 'zod';
import { type IAlertTopic, alertTopicProp } from '../core/alert-topic';
import type { IEncryptionKey } from '../core/grants';
import { dependableProp, encryptionKeyProp, logRetentionProp, modelNameProp } from '../core/prop-rules';
import { modelVersion } from '../core/validation/rules';
import type { MetricSpec, ModelAlarm } from '../monitoring/model-alarm';
import { type ServingDashboard, dashboardProp } from '../monitoring/serving-dashboard';
import { type IServingNetwork, servingNetworkProp } from '../network/serving-network';
import { type IModelImageRepository, imageRepositoryProp } from '../registry/model-image-repository';
import { type IModelArtifactBucket, artifactBucketProp } from '../storage/model-artifact-bucket';

/**
 * The collaborators every serving target takes, with the same names and types for the three
 * (`KubernetesModelServing`, `SageMakerModelServing`, `LambdaModelServing`): each target's props
 * extend this interface with its own `serving` settings and target-specific collaborators.
 */
export interface ModelServingProps {
  /** The model's name (a lowercase DNS label of 1-20 characters). */
  readonly modelName: string;
  /** The version deployed: an image tag and an artifact prefix `models/<model>/<version>/`. */
  readonly modelVersion: string;
  /** The bucket that holds the model's artifacts; read access is granted on the model's prefix. */
  readonly artifacts: IModelArtifactBucket;
  /** The repository of the model's images; pull access is granted. */
  readonly repository: IModelImageRepository;
  /** The key that encrypts the target's logs and data. */
  readonly encryptionKey: IEncryptionKey;
  /** The topic every alarm of the model notifies. */
  readonly alertTopic: IAlertTopic;
  /**
   * The network the target runs in (Kubernetes: the cluster's; SageMaker and Lambda: their VPC
   * attachment).
   * @default - none: SageMaker and Lambda run outside any VPC
   */
  readonly network?: IServingNetwork;
  /**
   * The dashboard the model's graphs are added to.
   * @default - no graphs
   */
  readonly dashboard?: ServingDashboard;
  /**
   * Days the target's CloudWatch logs are kept (CloudWatch's allowed values).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * Protect the live endpoint, function, API or load balancer from `terraform destroy`.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * What must exist before anything runs the model's images (the environment's `ModelImageGate`):
   * every resource that pulls them depends on it.
   * @default - nothing
   */
  readonly imageGate?: ITerraformDependable;
}

/**
 * The prop rules of `ModelServingProps`, one place for their checks and defaults: each target's
 * props schema spreads it.
 */
export const modelServingPropsShape = {
  modelName: modelNameProp,
  modelVersion: modelVersion,
  artifacts: artifactBucketProp,
  repository: imageRepositoryProp,
  encryptionKey: encryptionKeyProp,
  alertTopic: alertTopicProp,
  network: servingNetworkProp.optional(),
  dashboard: dashboardProp.optional(),
  logRetentionDays: logRetentionProp,
  protectFromDestroy: z.boolean().default(true),
  imageGate: dependableProp.optional(),
};

/** Statistic and period of a metric a serving target exposes. */
export interface MetricOptions {
  /**
   * The statistic (`Sum`, `Average`, `Minimum`, `Maximum`, `SampleCount` or a percentile `p99`).
   * @default - each metric's own, stated on its method
   */
  readonly statistic?: string;
  /**
   * The period in seconds (a multiple of 60).
   * @default 60
   */
  readonly periodSeconds?: number;
}

/** One Terraform output the environment publishes for a served model. */
export interface ServingOutput {
  /** The output's name (an identifier of the stack, e.g. `api-url-sentiment`). */
  readonly name: string;
  /** Its value. */
  readonly value: string;
  /** What it is. */
  readonly description: string;
}

/**
 * What every serving target exposes, whichever it is: the model it serves, the outputs the
 * environment publishes for it, its alarms, and the metrics those alarms watch, so users build
 * their own alarms and dashboards without restating namespaces and dimensions.
 */
export interface IModelServing extends IConstruct {
  /** The model's name. */
  readonly modelName: string;
  /** The version the spec deploys. */
  readonly modelVersion: string;
  /** The outputs the environment publishes for the model (endpoint, URL, ARNs, commands). */
  readonly outputs: readonly ServingOutput[];
  /** The model's alarms, each notifying the alert topic. */
  readonly alarms: readonly ModelAlarm[];
  /** Requests served (a count; `Sum` by default). */
  metricInvocations(options?: MetricOptions): MetricSpec;
  /** Requests that failed on the server side (a count; `Sum` by default). */
  metricErrors(options?: MetricOptions): MetricSpec;
  /** Time to answer a request (`p99` by default; each target states its unit). */
  metricLatency(options?: MetricOptions): MetricSpec;
}

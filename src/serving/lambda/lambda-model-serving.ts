import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { lambdaServingSchema } from './spec/schema';
import type { LambdaServingSpec } from './spec/types';
import { modelVersion } from '../../core/validation/rules';
import { validateProps } from '../../core/validation/issues';
import type { IEncryptionKey } from '../../core/grants';
import type { ServingDashboard } from '../../monitoring/serving-dashboard';
import type { IServingNetwork } from '../../network/serving-network';
import type { IModelImageRepository } from '../../registry/model-image-repository';
import type { IModelArtifactBucket } from '../../storage/model-artifact-bucket';
import { InferenceFunctionUrl } from './inference-function-url';
import { InferenceHttpApi } from './inference-http-api';
import { LambdaInferenceFunction } from './lambda-inference-function';
import { LambdaServingAlarms } from './lambda-serving-alarms';
import { LambdaTrafficShifting } from './lambda-traffic-shifting';
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

/** Props of `LambdaModelServing`. */
export interface LambdaModelServingProps {
  /** Model name (a lowercase DNS label of 1-20 characters). */
  readonly modelName: string;
  /** The version served (artifact prefix and image tag). */
  readonly modelVersion: string;
  /** The bucket of model artifacts. */
  readonly artifacts: IModelArtifactBucket;
  /** The model's image repository. */
  readonly repository: IModelImageRepository;
  /** The key that encrypts environment variables and logs. */
  readonly key: IEncryptionKey;
  /** ARN of the topic the alarms notify. */
  readonly alertTopicArn: string;
  /** The serving settings: a `lambda` serving spec. */
  readonly serving: LambdaServingSpec;
  /**
   * The image: an immutable tag or a digest (`sha256:...`).
   * @default - the model version as tag
   */
  readonly image?: string;
  /**
   * Retention of the function's and the API's log groups, in days.
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * The network, required with `serving.vpc: true`.
   * @default - none
   */
  readonly network?: IServingNetwork;
  /**
   * A dashboard that gets the model's graphs.
   * @default - no graphs
   */
  readonly dashboard?: ServingDashboard;
  /**
   * `prevent_destroy` on the function and on the HTTP API or function URL.
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

const propsSchema = z.strictObject({
  modelName: modelNameProp,
  modelVersion,
  artifacts: artifactBucketProp,
  repository: imageRepositoryProp,
  key: encryptionKeyProp,
  alertTopicArn: topicArnProp,
  serving: lambdaServingSchema,
  image: z.string().optional(),
  logRetentionDays: logRetentionProp,
  network: servingNetworkProp.optional(),
  dashboard: dashboardProp.optional(),
  protectFromDestroy: z.boolean().default(true),
  imageGate: dependableProp.optional(),
});

/**
 * A model served on Lambda, as a `lambda` serving spec describes it: the inference function
 * with its alias and provisioned concurrency (`LambdaInferenceFunction`), its alarms
 * (`LambdaServingAlarms`), CodeDeploy traffic shifting that rolls back on them
 * (`LambdaTrafficShifting`), and the HTTP API (`InferenceHttpApi`) or function URL
 * (`InferenceFunctionUrl`) callers use.
 */
export class LambdaModelServing extends Construct {
  /** The function, its role, alias and provisioned concurrency. */
  public readonly function: LambdaInferenceFunction;
  /** The alarms. */
  public readonly alarms: LambdaServingAlarms;
  /** CodeDeploy traffic shifting. */
  public readonly trafficShifting: LambdaTrafficShifting;
  /** The HTTP API, unless the spec asks for a function URL. */
  public readonly httpApi?: InferenceHttpApi;
  /** The function URL, when the spec asks for one. */
  public readonly functionUrl?: InferenceFunctionUrl;
  /** Where callers send requests. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: LambdaModelServingProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const s = p.serving;

    this.function = new LambdaInferenceFunction(this, 'function', {
      modelName: p.modelName,
      modelVersion: p.modelVersion,
      artifacts: p.artifacts,
      repository: p.repository,
      key: p.key,
      image: p.image,
      logRetentionDays: p.logRetentionDays,
      network: p.network,
      imageGate: p.imageGate,
      memoryMiB: s.memoryMiB,
      architecture: s.architecture,
      timeoutSeconds: s.timeoutSeconds,
      ephemeralStorageMiB: s.ephemeralStorageMiB,
      reservedConcurrency: s.reservedConcurrency,
      provisionedConcurrency: s.provisionedConcurrency,
      vpc: s.vpc,
      protectFromDestroy: p.protectFromDestroy,
    });
    this.alarms = new LambdaServingAlarms(this, 'alarms', {
      target: this.function,
      topicArn: p.alertTopicArn,
      thresholds: s.alarms,
      dashboard: p.dashboard,
    });
    this.trafficShifting = new LambdaTrafficShifting(this, 'traffic-shifting', {
      target: this.function,
      rollout: s.rollout,
      rollbackAlarms: this.alarms.rollbackAlarms,
    });
    if (s.api.kind === 'function-url') {
      this.functionUrl = new InferenceFunctionUrl(this, 'function-url', {
        target: this.function,
        protectFromDestroy: p.protectFromDestroy,
      });
      this.url = this.functionUrl.url;
    } else {
      this.httpApi = new InferenceHttpApi(this, 'http-api', {
        target: this.function,
        key: p.key,
        auth: s.api.auth,
        allowAnonymousAccess: s.api.allowAnonymousAccess,
        throttling: s.api.throttling,
        logRetentionDays: p.logRetentionDays,
        protectFromDestroy: p.protectFromDestroy,
      });
      this.url = this.httpApi.url;
    }
  }

  /**
   * The release command for a new version of this model (run it after `cdktf deploy`
   * published the version): `LambdaTrafficShifting.releaseCommand` of its traffic shifting.
   */
  public get releaseCommand(): string {
    return this.trafficShifting.releaseCommand;
  }
}

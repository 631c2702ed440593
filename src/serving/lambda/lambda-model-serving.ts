import { Construct } from 'constructs';
import { z } from 'zod';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import type { MetricSpec, ModelAlarm } from '../../monitoring/model-alarm';
import {
  type IModelServing,
  type ModelServingProps,
  type ServingOutput,
  modelServingPropsShape,
} from '../model-serving';
import { InferenceFunctionUrl } from './inference-function-url';
import { InferenceHttpApi } from './inference-http-api';
import { LambdaInferenceFunction, type LambdaMetricOptions } from './lambda-inference-function';
import { LambdaServingAlarms } from './lambda-serving-alarms';
import { LambdaTrafficShifting } from './lambda-traffic-shifting';
import { lambdaServingSchema } from './spec/schema';
import type { LambdaServingSpec } from './spec/types';

/**
 * Props of `LambdaModelServing`: the collaborators every serving target takes
 * (`ModelServingProps`; `network` is required with `serving.vpc: true`, the key encrypts the
 * function's variables and the logs, `logRetentionDays` applies to the function's and the API's
 * log groups, `protectFromDestroy` to the function and the HTTP API or function URL) and the
 * `lambda` serving spec.
 */
export interface LambdaModelServingProps extends ModelServingProps {
  /** The serving settings: a `lambda` serving spec. */
  readonly serving: LambdaServingSpec;
  /**
   * The image: an immutable tag or a digest (`sha256:...`).
   * @default - the model version as tag
   */
  readonly image?: string;
}

const propsSchema = z.strictObject({
  ...modelServingPropsShape,
  serving: lambdaServingSchema,
  image: z.string().optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, LambdaModelServingProps> = true;
void propsAgree;

/**
 * A model served on Lambda, as a `lambda` serving spec describes it: the inference function
 * with its alias and provisioned concurrency (`LambdaInferenceFunction`), its alarms
 * (`LambdaServingAlarms`), CodeDeploy traffic shifting that rolls back on them
 * (`LambdaTrafficShifting`), and the HTTP API (`InferenceHttpApi`) or function URL
 * (`InferenceFunctionUrl`) callers use.
 */
export class LambdaModelServing extends Construct implements IModelServing {
  /** The model's name. */
  public readonly modelName: string;
  /** The version the spec deploys. */
  public readonly modelVersion: string;
  /** The function, its role, alias and provisioned concurrency. */
  public readonly function: LambdaInferenceFunction;
  /** The construct that holds the alarms (`rollbackAlarms`, each alarm by name). */
  public readonly servingAlarms: LambdaServingAlarms;
  /** Every alarm of the model, each notifying the alert topic. */
  public readonly alarms: readonly ModelAlarm[];
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
    this.modelName = p.modelName;
    this.modelVersion = p.modelVersion;

    this.function = new LambdaInferenceFunction(this, 'function', {
      modelName: p.modelName,
      modelVersion: p.modelVersion,
      artifacts: p.artifacts,
      repository: p.repository,
      encryptionKey: p.encryptionKey,
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
    this.servingAlarms = new LambdaServingAlarms(this, 'alarms', {
      target: this.function,
      alertTopic: p.alertTopic,
      thresholds: s.alarms,
      dashboard: p.dashboard,
    });
    this.alarms = this.servingAlarms.alarms;
    this.trafficShifting = new LambdaTrafficShifting(this, 'traffic-shifting', {
      target: this.function,
      rollout: s.rollout,
      rollbackAlarms: this.servingAlarms.rollbackAlarms,
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
        encryptionKey: p.encryptionKey,
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

  /**
   * The outputs the environment publishes for the model: `api-url-<model>`,
   * `function-arn-<model>`, `alias-arn-<model>` and `release-command-<model>`.
   */
  public get outputs(): readonly ServingOutput[] {
    const model = this.modelName;
    return [
      {
        name: `api-url-${model}`,
        value: this.url,
        description: `Where callers send inference requests for the ${model} model`,
      },
      {
        name: `function-arn-${model}`,
        value: this.function.functionArn,
        description: `Lambda function serving the ${model} model`,
      },
      {
        name: `alias-arn-${model}`,
        value: this.function.aliasArn,
        description: `The live alias of the ${model} model's function (what the API invokes)`,
      },
      {
        name: `release-command-${model}`,
        value: this.releaseCommand,
        description: `Shifts the ${model} model to the version the last deploy published`,
      },
    ];
  }

  /** Invocations of the `live` alias (`LambdaInferenceFunction.metricInvocations`: `AWS/Lambda`, `Sum`, 60 s). */
  public metricInvocations(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricInvocations(options);
  }

  /** Failed invocations of the alias (`LambdaInferenceFunction.metricErrors`: `AWS/Lambda`, `Sum`, 60 s). */
  public metricErrors(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricErrors(options);
  }

  /** Throttled invocations of the alias (`LambdaInferenceFunction.metricThrottles`: `Sum`, 60 s). */
  public metricThrottles(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricThrottles(options);
  }

  /** Duration of the alias's invocations in milliseconds (`LambdaInferenceFunction.metricLatency`: `p99`, 60 s). */
  public metricLatency(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricLatency(options);
  }

  /** Provisioned concurrency in use, 0-1 (`Maximum`, 60 s). */
  public metricProvisionedConcurrencyUtilization(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricProvisionedConcurrencyUtilization(options);
  }

  /** Invocations that found no provisioned environment free (`Sum`, 60 s). */
  public metricProvisionedConcurrencySpilloverInvocations(options?: LambdaMetricOptions): MetricSpec {
    return this.function.metricProvisionedConcurrencySpilloverInvocations(options);
  }
}

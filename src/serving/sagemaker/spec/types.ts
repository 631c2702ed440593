/** The SageMaker serving spec as users write it: documented interfaces (defaults stated here, applied in `shape.ts`). */
import type { ScalingScheduleSpec } from '../../../config/scheduled-actions';

/** Instance counts of a real-time (or async) variant. */
export interface SageMakerInstanceRange {
  /** Fewest instances (1-100; 0 only for async endpoints, which scale to zero). */
  readonly min: number;
  /** Most instances (1-100, at least `min`). */
  readonly max: number;
  /**
   * Instances the variant starts with (between `min` and `max`, at least 1).
   * @default - `min` (1 when `min` is 0)
   */
  readonly initial?: number;
}

/** One production variant of an A/B test: its own version, weight and (optionally) instances. */
export interface SageMakerVariantSpec {
  /**
   * Variant name, stable across releases (blue/green deployments match variants by name):
   * 1-63 characters of `A-Z a-z 0-9 -`, starting and ending with a letter or digit.
   */
  readonly name: string;
  /**
   * Version this variant serves (image tag and artifact folder).
   * @default - the model's `version`
   */
  readonly version?: string;
  /**
   * Share of traffic relative to the other variants' weights (>= 0; the weights must not all be 0).
   * @default 1
   */
  readonly weight?: number;
  /**
   * Instance type of this variant.
   * @default - the endpoint's `instanceType`
   */
  readonly instanceType?: string;
  /**
   * Instance counts of this variant.
   * @default - the endpoint's `instances`
   */
  readonly instances?: SageMakerInstanceRange;
}

/** A shadow variant: receives a copy of the production traffic; its responses are discarded. */
export interface SageMakerShadowSpec {
  /**
   * Variant name (same rules as a production variant's).
   * @default 'shadow'
   */
  readonly name?: string;
  /** Version the shadow serves. */
  readonly version: string;
  /**
   * Instance type.
   * @default - the production variant's
   */
  readonly instanceType?: string;
  /**
   * Number of instances (1-100; a shadow variant does not auto scale).
   * @default 1
   */
  readonly instanceCount?: number;
  /**
   * Share of the production requests copied to the shadow, in percent (1-100).
   * @default 100
   */
  readonly samplingPercent?: number;
}

/** Memory sizes of a serverless endpoint, in MiB. */
export const SAGEMAKER_SERVERLESS_MEMORY_MIB = [1024, 2048, 3072, 4096, 5120, 6144] as const;

/**
 * A serverless endpoint: no instances, CPU only, one variant. SageMaker Serverless Inference runs
 * outside your VPC and without network isolation, so it needs `networkIsolation: false` and no
 * network; it does not support shadow variants, data capture or async inference.
 */
export interface SageMakerServerlessSpec {
  /** Memory, in MiB: 1024, 2048, 3072, 4096, 5120 or 6144. */
  readonly memoryMiB: number;
  /** Most concurrent invocations (1-200). */
  readonly maxConcurrency: number;
  /**
   * Invocations kept warm (1-200, at most `maxConcurrency`).
   * @default - none (cold starts after idle periods)
   */
  readonly provisionedConcurrency?: number;
}

/**
 * Asynchronous inference: requests are queued, results written to the artifact bucket under
 * `async-inference/<model>/output/` (failures under `.../failures/`), and the endpoint may scale
 * to zero instances (`instances.min: 0`).
 */
export interface SageMakerAsyncSpec {
  /**
   * Concurrent requests SageMaker sends to each instance (1-1000).
   * @default - SageMaker picks a value
   */
  readonly maxConcurrentInvocationsPerInstance?: number;
  /**
   * Send a notification to the environment's alert topic when an inference fails.
   * @default true
   */
  readonly notifyErrors?: boolean;
}

/** Capturing requests and responses into the artifact bucket (`data-capture/<model>/`), encrypted with the key. */
export interface SageMakerDataCaptureSpec {
  /** Share of requests captured, in percent (0-100). */
  readonly samplingPercent: number;
  /**
   * What is captured.
   * @default 'both'
   */
  readonly capture?: 'input' | 'output' | 'both';
}

/** The metrics an instance variant's target-tracking policy can follow. */
export const SAGEMAKER_SCALING_METRICS = [
  'invocationsPerInstance',
  'concurrentRequestsPerModel',
  'backlogPerInstance',
] as const;

/** Target tracking of each instance variant's instance count. */
export interface SageMakerAutoscalingSpec {
  /**
   * The metric: `invocationsPerInstance` (`SageMakerVariantInvocationsPerInstance`, per minute),
   * `concurrentRequestsPerModel` (high resolution) or, for async endpoints only,
   * `backlogPerInstance` (`ApproximateBacklogSizePerInstance`).
   * @default - 'backlogPerInstance' for async endpoints, else 'invocationsPerInstance'
   */
  readonly metric?: (typeof SAGEMAKER_SCALING_METRICS)[number];
  /**
   * The value to keep the metric at (> 0). Measure your model's capacity with a load test.
   * @default - 70 invocations per instance per minute, 5 concurrent requests, or a backlog of 5
   */
  readonly targetValue?: number;
  /**
   * Seconds after a scale-in before the next one (0-3600).
   * @default 300
   */
  readonly scaleInCooldownSeconds?: number;
  /**
   * Seconds after a scale-out before the next one (0-3600).
   * @default 60
   */
  readonly scaleOutCooldownSeconds?: number;
}

/** A scheduled change of every instance variant's instance range (e.g. scale down at night). */
export interface SageMakerScheduledActionSpec extends ScalingScheduleSpec {
  /**
   * New fewest instances (0-100; at least 1 unless the endpoint is async).
   * @default - unchanged
   */
  readonly min?: number;
  /**
   * New most instances (1-100).
   * @default - unchanged
   */
  readonly max?: number;
}

/** Settings every rollout strategy shares. */
export interface SageMakerRolloutTiming {
  /**
   * Seconds SageMaker watches the alarms after each traffic shift, the baking period (0-3600). The
   * rollout (`waitSeconds` × traffic shifts + `terminationWaitSeconds`) must end within 45 minutes:
   * the AWS provider waits 60 minutes for an endpoint, 15 of them allowed for the new instances to
   * start.
   * @default 300
   */
  readonly waitSeconds?: number;
  /**
   * Seconds the old fleet is kept after the deployment succeeded, for a fast manual rollback (0-3600).
   * @default 0
   */
  readonly terminationWaitSeconds?: number;
  /**
   * Time limit of the whole deployment, in seconds (600-3600: the AWS provider waits at most 60
   * minutes for an endpoint); it must exceed the rollout's total waiting time.
   * @default - SageMaker's own limit
   */
  readonly maxExecutionTimeoutSeconds?: number;
  /**
   * Names of other CloudWatch metric alarms that also roll the deployment back (at most 7: the
   * endpoint's own 3 always do, and SageMaker takes at most 10). Adding or removing one is an
   * in-place update of the endpoint's deployment settings (an UpdateEndpoint call), not a release
   * of its own: change it together with a release.
   * @default - none
   */
  readonly alarmNames?: readonly string[];
}

/** Blue/green: all traffic moves to the new fleet at once, then the baking period. */
export interface SageMakerAllAtOnceRollout extends SageMakerRolloutTiming {
  /** Selects this strategy. */
  readonly strategy: 'allAtOnce';
}

/** Blue/green: a canary share first, then the rest after `waitSeconds`. */
export interface SageMakerCanaryRollout extends SageMakerRolloutTiming {
  /** Selects this strategy. */
  readonly strategy: 'canary';
  /**
   * Share of the capacity that gets traffic first, in percent (1-50).
   * @default 10
   */
  readonly canaryPercent?: number;
}

/** Blue/green: traffic moves in equal steps, `waitSeconds` apart. */
export interface SageMakerLinearRollout extends SageMakerRolloutTiming {
  /** Selects this strategy. */
  readonly strategy: 'linear';
  /**
   * Share of the capacity moved per step, in percent (10-50).
   * @default 20
   */
  readonly stepPercent?: number;
}

/** How a new endpoint configuration (a new version, new weights...) replaces the running one. */
export type SageMakerRolloutSpec =
  SageMakerAllAtOnceRollout | SageMakerCanaryRollout | SageMakerLinearRollout;

/** Thresholds of the endpoint's alarms (they notify the alert topic and roll deployments back). */
export interface SageMakerAlarmsSpec {
  /**
   * 5XX responses, in percent of the invocations of a variant, above which it alarms (0-100, > 0).
   * @default 1
   */
  readonly errorRatePercent?: number;
  /**
   * p99 model latency, in milliseconds, above which a variant alarms (1-3600000). SageMaker reports
   * `ModelLatency` in microseconds: the alarm's threshold is this value times 1000.
   * @default 1000
   */
  readonly p99LatencyMs?: number;
  /**
   * GPU memory used, in percent of all the instance's GPUs, above which a GPU variant alarms (1-100).
   * @default 90
   */
  readonly gpuMemoryPercent?: number;
  /**
   * One-minute periods that must all breach before an alarm fires (1-30).
   * @default 3
   */
  readonly evaluationPeriods?: number;
}

/** The model artifact layout SageMaker loads. */
export const SAGEMAKER_ARTIFACT_FORMATS = ['uncompressed', 'tarball'] as const;

/**
 * The settings of a SageMaker endpoint, without the `kind` (what `SageMakerModelServing` takes).
 * The spec rules are listed in the README (SageMaker model spec).
 */
export interface SageMakerServingSettings {
  /**
   * Instance type of the variants, e.g. `ml.g5.xlarge` (`ml.<family>.<size>`). Required unless
   * `serverless` is set or every variant names its own; not allowed with `serverless`.
   * @default - none
   */
  readonly instanceType?: string;
  /**
   * Instance counts of each variant (auto scaling range).
   * @default { min: 2, max: 4 } (not with serverless)
   */
  readonly instances?: SageMakerInstanceRange;
  /**
   * Production variants for A/B testing (1-5: the endpoint's alarms watch every variant), each with
   * its own version and weight. Keep their names across releases: blue/green deployments match
   * variants by name.
   * @default - one variant named `primary` serving the model's version
   */
  readonly variants?: readonly SageMakerVariantSpec[];
  /**
   * A shadow variant (only with exactly one production variant; not with serverless or async).
   * @default - none
   */
  readonly shadow?: SageMakerShadowSpec;
  /**
   * A serverless endpoint instead of instances.
   * @default - instances
   */
  readonly serverless?: SageMakerServerlessSpec;
  /**
   * Asynchronous inference (queued requests, results in the bucket, scale to zero).
   * @default - real-time inference
   */
  readonly async?: SageMakerAsyncSpec;
  /**
   * Capture requests and responses into the artifact bucket.
   * @default - no capture
   */
  readonly dataCapture?: SageMakerDataCaptureSpec;
  /**
   * Target tracking of each instance variant (not with serverless).
   * @default - `invocationsPerInstance` at 70 (async: `backlogPerInstance` at 5), cooldowns 300 s in, 60 s out
   */
  readonly autoscaling?: SageMakerAutoscalingSpec;
  /**
   * Scheduled changes of the instance ranges (at most 20; not with serverless).
   * @default - none
   */
  readonly scheduledActions?: readonly SageMakerScheduledActionSpec[];
  /**
   * How a changed endpoint configuration is rolled out (blue/green with auto-rollback on the alarms).
   * @default { strategy: 'allAtOnce', waitSeconds: 300 }
   */
  readonly rollout?: SageMakerRolloutSpec;
  /**
   * Alarm thresholds.
   * @default { errorRatePercent: 1, p99LatencyMs: 1000, gpuMemoryPercent: 90, evaluationPeriods: 3 }
   */
  readonly alarms?: SageMakerAlarmsSpec;
  /**
   * Environment variables of the model container (at most 100; names `[A-Za-z_][A-Za-z0-9_]*`,
   * values up to 1024 characters). They are visible to anyone who may describe the model: no secrets.
   * @default - none
   */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * How the artifact is stored under `models/<model>/<version>/`: `uncompressed` files loaded as
   * an S3 prefix, or one `model.tar.gz`.
   * @default 'uncompressed'
   */
  readonly artifactFormat?: (typeof SAGEMAKER_ARTIFACT_FORMATS)[number];
  /**
   * Network isolation of the model container (no network access at all). Turning it off is an
   * explicit opt-out, required by serverless endpoints.
   * @default true
   */
  readonly networkIsolation?: boolean;
}

/** Serve the model on a SageMaker endpoint (real-time, serverless or async). */
export interface SageMakerServingSpec extends SageMakerServingSettings {
  /** Serving target. */
  readonly kind: 'sagemaker';
}

import { z } from 'zod';
import { describeInstanceType, sageMakerInstanceTypeProblem } from './sagemaker-instances';
import {
  distinctList,
  intBetween,
  isToken,
  matching,
  modelVersion,
  numberWhere,
  ordered,
  stringWhere,
  uniqueBy,
  recordOf,
} from '../core/validation/rules';
import { type ScalingScheduleSpec, scalingScheduleShape } from './scheduled-actions';
import { soundPart } from '../core/validation/issues';

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
 * The settings of a SageMaker endpoint, without the `kind` (what `SageMakerModelEndpoint` takes).
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

// ---------------------------------------------------------------------------------------------
// Rules

/** The pattern SageMaker gives names of models, endpoint configurations, endpoints and variants. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** A SageMaker name: 1-63 characters of `A-Z a-z 0-9 -`, starting and ending with a letter or digit. */
export const sageMakerName = matching(
  SAGEMAKER_NAME,
  "must be 1-63 characters of A-Z, a-z, 0-9 and '-', starting and ending with a letter or digit",
);

/** A SageMaker instance type, `ml.<family>.<size>`. */
/** A SageMaker hosting instance type of the table (`sagemaker-instances.ts`). */
export const sageMakerInstanceType = z.string().superRefine((v, ctx) => {
  if (isToken(v)) return;
  const problem = sageMakerInstanceTypeProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', input: v, message: problem });
});

const DEFAULT_INSTANCES: SageMakerInstanceRange = { min: 2, max: 4 };
const REAL_TIME_MIN = 'must be at least 1 for a real-time endpoint (only async endpoints scale to zero)';

const instanceRangeSchema = z
  .strictObject({
    min: intBetween(0, 100, 'instances'),
    max: intBetween(1, 100, 'instances'),
    initial: intBetween(1, 100, 'instances').optional(),
  })
  .superRefine(ordered('min', 'max'))
  .superRefine((r, ctx) => {
    const { min, max, initial } = r;
    if ([min, max, initial].some((v) => typeof v !== 'number' || isToken(v))) return;
    if (initial! < min || initial! > max) {
      ctx.addIssue({
        code: 'custom',
        path: ['initial'],
        input: initial,
        message: `must be between min (${min}) and max (${max})`,
      });
    }
  });

const variantSchema = z.strictObject({
  name: sageMakerName,
  version: modelVersion.optional(),
  weight: numberWhere((v) => v >= 0, 'must be a number >= 0').default(1),
  instanceType: sageMakerInstanceType.optional(),
  instances: instanceRangeSchema.optional(),
});

const shadowSchema = z.strictObject({
  name: sageMakerName.default('shadow'),
  version: modelVersion,
  instanceType: sageMakerInstanceType.optional(),
  instanceCount: intBetween(1, 100, 'instances').default(1),
  samplingPercent: intBetween(1, 100, '%').default(100),
});

const serverlessSchema = z
  .strictObject({
    memoryMiB: numberWhere(
      (v) => (SAGEMAKER_SERVERLESS_MEMORY_MIB as readonly number[]).includes(v),
      `must be one of ${SAGEMAKER_SERVERLESS_MEMORY_MIB.join(', ')} MiB (1024 MiB steps)`,
    ),
    maxConcurrency: intBetween(1, 200),
    provisionedConcurrency: intBetween(1, 200).optional(),
  })
  .superRefine(ordered('provisionedConcurrency', 'maxConcurrency'));

const asyncSchema = z.strictObject({
  maxConcurrentInvocationsPerInstance: intBetween(1, 1000).optional(),
  notifyErrors: z.boolean().default(true),
});

const dataCaptureSchema = z.strictObject({
  samplingPercent: intBetween(0, 100, '%'),
  capture: z.enum(['input', 'output', 'both']).default('both'),
});

/** Cooldowns of the target-tracking policies when the spec sets none, in seconds. */
export const DEFAULT_SCALING_COOLDOWNS = { scaleInSeconds: 300, scaleOutSeconds: 60 } as const;

const autoscalingSchema = z.strictObject({
  metric: z.enum(SAGEMAKER_SCALING_METRICS).optional(),
  targetValue: numberWhere((v) => v > 0, 'must be a number > 0').optional(),
  scaleInCooldownSeconds: intBetween(0, 3600, 'seconds').default(DEFAULT_SCALING_COOLDOWNS.scaleInSeconds),
  scaleOutCooldownSeconds: intBetween(0, 3600, 'seconds').default(DEFAULT_SCALING_COOLDOWNS.scaleOutSeconds),
});

const scheduledActionSchema = z
  .strictObject({
    ...scalingScheduleShape,
    min: intBetween(0, 100, 'instances').optional(),
    max: intBetween(1, 100, 'instances').optional(),
  })
  .superRefine(ordered('min', 'max'))
  .superRefine((a, ctx) => {
    if (a.min === undefined && a.max === undefined) {
      ctx.addIssue({ code: 'custom', path: [], input: undefined, message: 'must set min, max or both' });
    }
  });

const alarmName = stringWhere(
  (v) =>
    v.length >= 1 && v.length <= 255 && ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127),
  'must be a CloudWatch alarm name: 1-255 characters without control characters',
);

const rolloutTiming = {
  waitSeconds: intBetween(0, 3600, 'seconds').default(300),
  terminationWaitSeconds: intBetween(0, 3600, 'seconds').default(0),
  maxExecutionTimeoutSeconds: intBetween(600, 14400, 'seconds').optional(),
  alarmNames: distinctList(alarmName).max(10).default([]),
};

const rolloutSchema = z
  .discriminatedUnion('strategy', [
    z.strictObject({ strategy: z.literal('allAtOnce'), ...rolloutTiming }),
    z.strictObject({
      strategy: z.literal('canary'),
      canaryPercent: intBetween(1, 50, '% of the capacity').default(10),
      ...rolloutTiming,
    }),
    z.strictObject({
      strategy: z.literal('linear'),
      stepPercent: intBetween(10, 50, '% of the capacity').default(20),
      ...rolloutTiming,
    }),
  ])
  .superRefine((r, ctx) => {
    const steps = rolloutSteps(r);
    const timings = [r.waitSeconds, r.terminationWaitSeconds, steps];
    if (timings.some((v) => typeof v !== 'number' || isToken(v))) return;
    const waiting = r.waitSeconds * steps + r.terminationWaitSeconds;
    if (waiting + ENDPOINT_START_SECONDS > PROVIDER_ENDPOINT_WAIT_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['waitSeconds'],
        input: r.waitSeconds,
        message: `must keep the rollout within the ${PROVIDER_ENDPOINT_WAIT_SECONDS / 60} minutes the AWS provider waits for an endpoint (a fixed wait: aws_sagemaker_endpoint has no timeouts): waitSeconds × ${steps} traffic shift(s) + terminationWaitSeconds is ${waiting} seconds, plus ${ENDPOINT_START_SECONDS} for the new instances to start`,
      });
    }
    const timeout = r.maxExecutionTimeoutSeconds;
    if (typeof timeout === 'number' && !isToken(timeout) && timeout > PROVIDER_ENDPOINT_WAIT_SECONDS) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxExecutionTimeoutSeconds'],
        input: timeout,
        message: `must be at most ${PROVIDER_ENDPOINT_WAIT_SECONDS} seconds: the AWS provider stops waiting for the endpoint after ${PROVIDER_ENDPOINT_WAIT_SECONDS / 60} minutes (aws_sagemaker_endpoint has no timeouts), and a longer deployment would outlive the apply`,
      });
    }
    const numbers = [timeout, r.waitSeconds, r.terminationWaitSeconds, steps];
    if (numbers.some((v) => typeof v !== 'number' || isToken(v))) return;
    const total = r.waitSeconds * steps + r.terminationWaitSeconds;
    if (timeout! <= total) {
      ctx.addIssue({
        code: 'custom',
        path: ['maxExecutionTimeoutSeconds'],
        input: timeout,
        message: `must exceed the rollout's total waiting time (${total} seconds: waitSeconds × ${steps} traffic shift(s) + terminationWaitSeconds)`,
      });
    }
  });

/**
 * How long the AWS provider waits for an endpoint to be `InService` after creating or updating it:
 * a fixed 60 minutes, with no `timeouts` block to raise it (terraform-provider-aws v6.25.0,
 * internal/service/sagemaker/endpoint.go, `waitEndpointInService`; the 6.25.0 bindings of
 * @cdktf/provider-aws 21.22.1 have no `timeouts` on `SagemakerEndpoint`).
 */
export const PROVIDER_ENDPOINT_WAIT_SECONDS = 3600;
/**
 * Time allowed for a deployment's new instances to start and load the model before the first
 * traffic shift: an allowance, not a measurement (GPU instances and large models take longest).
 */
export const ENDPOINT_START_SECONDS = 900;

/** The number of traffic shifts of a rollout (each followed by `waitSeconds`). */
export function rolloutSteps(rollout: { strategy: string; stepPercent?: number }): number {
  if (rollout.strategy === 'canary') return 2;
  if (rollout.strategy === 'linear' && typeof rollout.stepPercent === 'number') {
    return Math.ceil(100 / rollout.stepPercent);
  }
  return 1;
}

const alarmsSchema = z.strictObject({
  errorRatePercent: numberWhere(
    (v) => v > 0 && v <= 100,
    'must be a number above 0 and at most 100 %',
  ).default(1),
  p99LatencyMs: intBetween(1, 3_600_000, 'ms').default(1000),
  gpuMemoryPercent: intBetween(1, 100, '%').default(90),
  evaluationPeriods: intBetween(1, 30, 'periods').default(3),
});

const environmentVariables = recordOf(
  matching(
    /^[A-Za-z_][A-Za-z0-9_]{0,1023}$/,
    'environment variable names must be 1-1024 characters of A-Z, a-z, 0-9 and _, not starting with a digit',
  ),
  z.string().max(1024),
  'environment variable names are 1-1024 characters of A-Z, a-z, 0-9 and _, not starting with a digit',
).refine((env) => Object.keys(env).length <= 100, { error: 'must have at most 100 variables' });

const settingsShape = {
  instanceType: sageMakerInstanceType.optional(),
  instances: instanceRangeSchema.optional(),
  variants: z.array(variantSchema).min(1).max(10).optional(),
  shadow: shadowSchema.optional(),
  serverless: serverlessSchema.optional(),
  async: asyncSchema.optional(),
  dataCapture: dataCaptureSchema.optional(),
  autoscaling: autoscalingSchema.optional(),
  scheduledActions: z.array(scheduledActionSchema).max(20).optional(),
  rollout: rolloutSchema.prefault({ strategy: 'allAtOnce' }),
  alarms: alarmsSchema.prefault({}),
  environment: environmentVariables.default({}),
  artifactFormat: z.enum(SAGEMAKER_ARTIFACT_FORMATS).default('uncompressed'),
  networkIsolation: z.boolean().default(true),
};

type Settings = z.output<z.ZodObject<typeof settingsShape>>;
type Issue = { path: PropertyKey[]; message: string; input: unknown };

/** SageMaker settings with their defaults applied. */
export type ResolvedSageMakerServingSettings = Settings;

/** A production variant with every default applied. */
export interface ResolvedSageMakerVariant {
  /** The variant's name. */
  readonly name: string;
  /** The version it serves. */
  readonly version: string;
  /** Its weight. */
  readonly weight: number;
  /** Its instance type (`undefined` for a serverless variant). */
  readonly instanceType?: string;
  /** Its instance counts (`undefined` for a serverless variant). */
  readonly instances?: Required<SageMakerInstanceRange>;
  /** Where its instance type and counts come from in the settings, for messages. */
  readonly paths: {
    /** Where the variant's instance type was set (its own field or the model's). */
    readonly instanceType: PropertyKey[];
    /** Where the variant's instance range was set (its own field or the model's). */
    readonly instances: PropertyKey[];
  };
}

/**
 * The production variants of `settings` with every default applied: the listed variants, or one
 * named `primary` serving `version`.
 */
export function sageMakerVariants(version: string, settings: Settings): ResolvedSageMakerVariant[] {
  const serverless = settings.serverless !== undefined;
  const listed = Array.isArray(settings.variants)
    ? settings.variants
    : [{ name: 'primary', weight: 1, version: undefined, instanceType: undefined, instances: undefined }];
  return listed.map((v, index) => {
    const base: PropertyKey[] = Array.isArray(settings.variants) ? ['variants', index] : [];
    const ownType = v?.instanceType !== undefined;
    const ownInstances = v?.instances !== undefined;
    const range = (ownInstances ? v.instances : settings.instances) ?? DEFAULT_INSTANCES;
    return {
      name: v?.name,
      version: v?.version ?? version,
      weight: v?.weight,
      instanceType: serverless ? undefined : ownType ? v.instanceType : settings.instanceType,
      instances: serverless
        ? undefined
        : {
            min: range.min,
            max: range.max,
            initial: range.initial ?? (typeof range.min === 'number' ? Math.max(range.min, 1) : range.min),
          },
      paths: {
        instanceType: ownType ? [...base, 'instanceType'] : ['instanceType'],
        instances: ownInstances ? [...base, 'instances'] : ['instances'],
      },
    };
  });
}

/** The settings of a SageMaker serving spec: the spec without its `kind`. */
export function sageMakerSettings<T extends { readonly kind: 'sagemaker' }>(spec: T): Omit<T, 'kind'> {
  const settings: { kind?: unknown } = { ...spec };
  delete settings.kind;
  return settings as Omit<T, 'kind'>;
}

/** Every version an endpoint serves: its variants' and its shadow's, each once. */
export function sageMakerVersions(version: string, settings: Settings): string[] {
  const versions = sageMakerVariants(version, settings).map((v) => v.version);
  if (settings.shadow) versions.push(settings.shadow.version);
  return [...new Set(versions)];
}

/** Whether a variant's instance count is managed by Application Auto Scaling. */
export function autoScales(variant: ResolvedSageMakerVariant, settings: Settings): boolean {
  const instances = variant.instances;
  if (!instances) return false;
  return instances.max > instances.min || (settings.scheduledActions?.length ?? 0) > 0;
}

/** GPUs on one instance of a variant: 0 for a type without GPUs (or unknown), and for a serverless variant. */
export function variantGpus(variant: Pick<ResolvedSageMakerVariant, 'instanceType'>): number {
  return variant.instanceType ? (describeInstanceType(variant.instanceType)?.gpus ?? 0) : 0;
}

function instanceTypeRules(settings: Settings, variants: ResolvedSageMakerVariant[], issues: Issue[]): void {
  const serverless = settings.serverless !== undefined;
  const checkType = (type: unknown, path: PropertyKey[], autoScaled: boolean) => {
    if (typeof type !== 'string' || isToken(type)) return;
    const info = describeInstanceType(type);
    if (!info) return; // the pattern rule reports it
    // a family or size outside the table is reported by the type's own rule
    if (info.gpus === undefined) return;
    if (info.burstable && autoScaled) {
      issues.push({
        path,
        input: type,
        message:
          'must not be a burstable (ml.t*) type when the variant auto scales (instances.max above instances.min, or scheduledActions): Application Auto Scaling does not scale burstable instances',
      });
    }
  };

  if (serverless) {
    const given: Array<[PropertyKey[], unknown]> = [
      [['instanceType'], settings.instanceType],
      ...(settings.variants ?? []).map((v, i): [PropertyKey[], unknown] => [
        ['variants', i, 'instanceType'],
        v?.instanceType,
      ]),
    ];
    for (const [path, type] of given) {
      if (type === undefined) continue;
      issues.push({
        path,
        input: type,
        message:
          'must not be set with serverless: a serverless endpoint runs on CPU capacity SageMaker picks (no GPUs)',
      });
    }
    return;
  }

  // one check per place an instance type is given; it auto scales if any variant using it does
  const places = new Map<string, { path: PropertyKey[]; type?: string; autoScaled: boolean }>();
  for (const variant of variants) {
    const key = variant.paths.instanceType.join('.');
    const place = places.get(key) ?? {
      path: variant.paths.instanceType,
      type: variant.instanceType,
      autoScaled: false,
    };
    place.autoScaled ||= autoScales(variant, settings);
    places.set(key, place);
  }
  for (const { path, type, autoScaled } of places.values()) {
    if (type === undefined) {
      issues.push({
        path,
        input: undefined,
        message:
          'is required for an endpoint on instances (or set serverless, or an instanceType on every variant)',
      });
    } else {
      checkType(type, path, autoScaled);
    }
  }
  const shadowType = settings.shadow?.instanceType;
  if (shadowType !== undefined) checkType(shadowType, ['shadow', 'instanceType'], false);
}

function servingModeRules(settings: Settings, issues: Issue[]): void {
  const serverless = settings.serverless !== undefined;
  const isAsync = settings.async !== undefined;
  const notWith = (field: keyof Settings, what: string, why: string) => {
    if (settings[field] !== undefined) {
      issues.push({
        path: [field],
        input: settings[field],
        message: `is not supported with ${what}: ${why}`,
      });
    }
  };
  if (serverless) {
    const why = 'SageMaker Serverless Inference does not offer it';
    notWith(
      'instances',
      'serverless',
      'a serverless endpoint has no instances (set serverless.maxConcurrency)',
    );
    notWith('shadow', 'serverless', why);
    notWith('dataCapture', 'serverless', why);
    notWith('async', 'serverless', 'asynchronous inference runs on instances');
    notWith('autoscaling', 'serverless', 'SageMaker scales a serverless endpoint itself');
    notWith('scheduledActions', 'serverless', 'SageMaker scales a serverless endpoint itself');
    if ((settings.variants?.length ?? 1) > 1) {
      issues.push({
        path: ['variants'],
        input: settings.variants,
        message:
          'must have one variant with serverless: SageMaker Serverless Inference serves a single production variant',
      });
    }
    if (settings.networkIsolation !== false) {
      issues.push({
        path: ['networkIsolation'],
        input: settings.networkIsolation,
        message:
          'must be set to false with serverless: SageMaker Serverless Inference does not support network isolation (an explicit opt-out)',
      });
    }
  }
  if (isAsync) notWith('shadow', 'async', 'SageMaker shadow variants need a real-time endpoint');
  if (settings.autoscaling?.metric === 'backlogPerInstance' && !isAsync) {
    issues.push({
      path: ['autoscaling', 'metric'],
      input: settings.autoscaling.metric,
      message: "must not be 'backlogPerInstance' without async: only asynchronous endpoints have a backlog",
    });
  }
}

function variantRules(settings: Settings, variants: ResolvedSageMakerVariant[], issues: Issue[]): void {
  const listed = Array.isArray(settings.variants) ? settings.variants : [];
  const weights = listed.map((v) => v?.weight);
  if (
    listed.length > 0 &&
    weights.every((w) => typeof w === 'number' && !isToken(w)) &&
    weights.reduce((sum: number, w) => sum + (w as number), 0) <= 0
  ) {
    issues.push({
      path: ['variants'],
      input: weights,
      message: 'must have weights that add up to more than 0 (the weights are shares of the traffic)',
    });
  }

  const shadow = settings.shadow;
  if (shadow) {
    const production = settings.variants?.length ?? 1;
    if (production !== 1) {
      issues.push({
        path: ['shadow'],
        input: shadow.name,
        message: `needs exactly one production variant (variants has ${production}): SageMaker mirrors one variant's traffic`,
      });
    }
    const productionNames = variants.map((v) => v.name);
    if (productionNames.includes(shadow.name)) {
      issues.push({
        path: ['shadow', 'name'],
        input: shadow.name,
        message: "must differ from the production variants' names",
      });
    }
  }

  // instance ranges: real-time variants keep at least one instance
  if (settings.async === undefined) {
    const checked = new Set<string>();
    for (const variant of variants) {
      const key = variant.paths.instances.join('.');
      if (checked.has(key) || !variant.instances) continue;
      checked.add(key);
      const given =
        key === 'instances' ? settings.instances : listed[variant.paths.instances[1] as number]?.instances;
      if (given && typeof given.min === 'number' && given.min < 1) {
        issues.push({
          path: [...variant.paths.instances, 'min'],
          input: given.min,
          message: REAL_TIME_MIN,
        });
      }
    }
    settings.scheduledActions?.forEach((a, i) => {
      if (typeof a?.min === 'number' && a.min < 1) {
        issues.push({
          path: ['scheduledActions', i, 'min'],
          input: a.min,
          message: REAL_TIME_MIN,
        });
      }
    });
  }
}

/** SageMaker rolls a deployment back on at most 10 alarms. */
export const MAX_ROLLBACK_ALARMS = 10;
/** The endpoint's own rollback alarms: 5XX rate, p99 latency and GPU memory, over all variants. */
export const ENDPOINT_ROLLBACK_ALARMS = 3;
/**
 * Production variants the endpoint's alarms can watch: its 5XX-rate alarm reads 2 metrics per
 * variant, and a CloudWatch metric-math alarm reads at most 10 (and computes at most 10
 * expressions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html,
 * PutMetricAlarm's `Metrics`).
 */
export const MAX_ALARMED_VARIANTS = 5;

function rollbackAlarmRules(settings: Settings, issues: Issue[]): void {
  const names = settings.rollout?.alarmNames;
  const extra = MAX_ROLLBACK_ALARMS - ENDPOINT_ROLLBACK_ALARMS;
  if (Array.isArray(names) && names.length > extra) {
    issues.push({
      path: ['rollout', 'alarmNames'],
      input: names.length,
      message: `must list at most ${extra} alarms: SageMaker rolls back on at most ${MAX_ROLLBACK_ALARMS}, and the endpoint's own ${ENDPOINT_ROLLBACK_ALARMS} (5XX rate, p99 latency, GPU memory) are always among them`,
    });
  }
  const variants = settings.variants;
  // (more than 10 is the schema's own message)
  if (Array.isArray(variants) && variants.length > MAX_ALARMED_VARIANTS && variants.length <= 10) {
    issues.push({
      path: ['variants'],
      input: variants.length,
      message: `must have at most ${MAX_ALARMED_VARIANTS} production variants: the endpoint's 5XX-rate alarm reads 2 metrics per variant and a CloudWatch alarm at most 10`,
    });
  }
}

/** Rules across the fields of the SageMaker settings; they tolerate fields that are invalid. */
function settingsRules(input: Settings, ctx: z.RefinementCtx): void {
  // the rules across fields read only values whose shape checks passed
  const settings = soundPart(input, ctx.issues);
  if (typeof settings !== 'object' || settings === null) return;
  uniqueBy('variants', 'name')({ variants: settings.variants }, ctx);
  uniqueBy('scheduledActions', 'name')({ scheduledActions: settings.scheduledActions }, ctx);
  const issues: Issue[] = [];
  const variants = sageMakerVariants('', settings);
  servingModeRules(settings, issues);
  instanceTypeRules(settings, variants, issues);
  variantRules(settings, variants, issues);
  rollbackAlarmRules(settings, issues);
  for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
}

/** The SageMaker settings as `SageMakerModelEndpoint` takes them (no `kind`). */
export const sageMakerServingSettingsSchema = z
  .strictObject(settingsShape)
  .superRefine(settingsRules, { when: () => true });

/** A model's SageMaker serving spec. */
export const sageMakerServingSchema = sageMakerServingSettingsSchema.extend({ kind: z.literal('sagemaker') });

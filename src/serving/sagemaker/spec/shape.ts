/** The zod schemas of the SageMaker serving settings' fields, with their defaults. */
import { z } from 'zod';
import { sageMakerInstanceTypeProblem } from './instances';
import {
  distinctList,
  intBetween,
  isToken,
  matching,
  modelVersion,
  numberWhere,
  ordered,
  stringWhere,
  recordOf,
} from '../../../core/validation/rules';
import { scalingScheduleShape } from '../../../config/scheduled-actions';
import type { SageMakerInstanceRange } from './types';
import {
  SAGEMAKER_ARTIFACT_FORMATS,
  SAGEMAKER_SCALING_METRICS,
  SAGEMAKER_SERVERLESS_MEMORY_MIB,
} from './types';

/** The pattern SageMaker gives names of models, endpoint configurations, endpoints and variants. */
export const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** A SageMaker name: 1-63 characters of `A-Z a-z 0-9 -`, starting and ending with a letter or digit. */
export const sageMakerName = matching(
  SAGEMAKER_NAME,
  "must be 1-63 characters of A-Z, a-z, 0-9 and '-', starting and ending with a letter or digit",
);

/** A SageMaker instance type, `ml.<family>.<size>`. */
/** A SageMaker hosting instance type of the table (`instances.ts`). */
export const sageMakerInstanceType = z.string().superRefine((v, ctx) => {
  if (isToken(v)) return;
  const problem = sageMakerInstanceTypeProblem(v);
  if (problem !== undefined) ctx.addIssue({ code: 'custom', input: v, message: problem });
});

export const DEFAULT_INSTANCES: SageMakerInstanceRange = { min: 2, max: 4 };
export const REAL_TIME_MIN =
  'must be at least 1 for a real-time endpoint (only async endpoints scale to zero)';

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

export const settingsShape = {
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

/** SageMaker settings with their defaults applied. */
export type ResolvedSageMakerServingSettings = z.output<z.ZodObject<typeof settingsShape>>;

import { z } from 'zod';
import { type PropsAgree, soundPart } from '../../../core/validation/issues';
import {
  intBetween,
  matching,
  numberBetween,
  numberWhere,
  ordered,
  uniqueBy,
} from '../../../core/validation/rules';
import { scalingScheduleShape } from '../../../config/scheduled-actions';
import { anonymousAccessRule, httpApiTimeoutRule, reservedConcurrencyRule } from './rules';
import { LAMBDA_ARCHITECTURES, LAMBDA_DEPLOYMENT_CONFIGS, type LambdaServingSpec } from './types';

/** Schemas of the Lambda serving spec (`types.ts`), with the defaults the library applies. */

export const lambdaScheduledScalingSchema = z
  .strictObject({
    ...scalingScheduleShape,
    min: intBetween(0, 10000),
    max: intBetween(1, 10000),
  })
  .superRefine(ordered('min', 'max'));

export const lambdaProvisionedConcurrencySchema = z
  .strictObject({
    min: intBetween(1, 10000),
    max: intBetween(1, 10000),
    utilizationTarget: numberBetween(0.1, 0.9).default(0.7),
    scheduledActions: z.array(lambdaScheduledScalingSchema).max(20).default([]),
  })
  .superRefine(ordered('min', 'max'))
  .superRefine(uniqueBy('scheduledActions', 'name'), { when: () => true });

const rolloutPercent = intBetween(1, 99, 'percent');
const rolloutInterval = intBetween(1, 2880, 'minutes');

export const lambdaRolloutSchema = z.discriminatedUnion('strategy', [
  z.strictObject({
    strategy: z.literal('canary'),
    percent: rolloutPercent.default(10),
    intervalMinutes: rolloutInterval.default(5),
  }),
  z.strictObject({
    strategy: z.literal('linear'),
    percent: rolloutPercent.default(10),
    intervalMinutes: rolloutInterval.default(1),
  }),
  z.strictObject({
    strategy: z.literal('predefined'),
    config: z.enum(LAMBDA_DEPLOYMENT_CONFIGS),
  }),
]);

export const lambdaApiAuthSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('iam') }),
  z.strictObject({
    type: z.literal('jwt'),
    issuer: matching(
      /^https:\/\/[^\s/]+(?:\/\S*)?$/,
      "must be the issuer's https:// URL, e.g. 'https://cognito-idp.us-east-1.amazonaws.com/<user pool id>'",
    ),
    audience: z.array(z.string().min(1).max(256)).min(1).max(10),
    scopes: z
      .array(matching(/^\S{1,256}$/, 'must be a scope of 1-256 characters without spaces'))
      .max(10)
      .default([]),
  }),
  z.strictObject({ type: z.literal('none') }),
]);

export const lambdaApiThrottlingSchema = z.strictObject({
  ratePerSecond: numberWhere((v) => v > 0, 'must be a positive number of requests per second').default(100),
  burst: numberWhere(
    (v) => Number.isInteger(v) && v >= 1,
    'must be a positive whole number of requests',
  ).default(200),
});

/** The fields of `LambdaHttpApiSpec` but its `kind`, with their defaults (shared with `InferenceHttpApi`). */
export const lambdaHttpApiShape = {
  auth: lambdaApiAuthSchema.prefault({ type: 'iam' }),
  throttling: lambdaApiThrottlingSchema.prefault({}),
  allowAnonymousAccess: z.boolean().default(false),
};

export const lambdaHttpApiSchema = z
  .strictObject({ kind: z.literal('http-api'), ...lambdaHttpApiShape })
  .superRefine(anonymousAccessRule, { when: () => true });

export const lambdaApiSchema = z.discriminatedUnion('kind', [
  lambdaHttpApiSchema,
  z.strictObject({ kind: z.literal('function-url') }),
]);

export const lambdaAlarmsSchema = z.strictObject({
  errorRatePercent: numberBetween(0.1, 100, 'percent').default(1),
  throttledInvocations: intBetween(0, 1000000, 'per minute').default(0),
  p99DurationPercentOfTimeout: intBetween(10, 100, 'percent').default(80),
  spilloverInvocations: intBetween(0, 1000000, 'per minute').default(0),
});

/** The fields of `LambdaFunctionSettings`, with their defaults. */
export const lambdaFunctionSettingsShape = {
  memoryMiB: intBetween(128, 10240, 'MiB').default(2048),
  architecture: z.enum(LAMBDA_ARCHITECTURES).default('x86_64'),
  timeoutSeconds: intBetween(1, 900, 'seconds').default(30),
  ephemeralStorageMiB: intBetween(512, 10240, 'MiB').default(512),
  reservedConcurrency: intBetween(1, 10000).optional(),
  provisionedConcurrency: lambdaProvisionedConcurrencySchema.optional(),
  vpc: z.boolean().default(false),
};

export const lambdaServingSchema = z
  .strictObject({
    kind: z.literal('lambda'),
    ...lambdaFunctionSettingsShape,
    rollout: lambdaRolloutSchema.prefault({ strategy: 'canary' }),
    api: lambdaApiSchema.prefault({ kind: 'http-api' }),
    alarms: lambdaAlarmsSchema.prefault({}),
    gpu: z
      .never({
        error:
          "is not available for Lambda, which has no GPUs: serve a model that needs GPUs with kind 'kubernetes' (GPU node groups) or 'sagemaker' (a GPU instance type such as ml.g5.xlarge)",
      })
      .optional(),
  })
  .superRefine(
    (input, ctx) => {
      // rules across fields run beside the shape checks (every problem at once), reading only
      // the values those checks passed
      const spec = soundPart(input, ctx.issues);
      if (typeof spec !== 'object' || spec === null) return;
      reservedConcurrencyRule(spec, ctx);
      httpApiTimeoutRule(spec, ctx);
    },
    { when: () => true },
  );

/** A Lambda serving spec with every default applied. */
export type ResolvedLambdaServingSpec = z.output<typeof lambdaServingSchema>;

// the schema accepts exactly what the documented interface describes
const specAgrees: PropsAgree<z.input<typeof lambdaServingSchema>, LambdaServingSpec> = true;
void specAgrees;

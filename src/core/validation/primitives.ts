import { Token } from 'cdktf';
import { z } from 'zod';

/**
 * Shared validation rules: the building blocks every schema in the library uses, so one
 * kind of value is checked, and described, the same way everywhere.
 */

/** Length limits of the names that every derived AWS name is built from. */
export const NAME_LENGTHS = {
  project: { min: 2, max: 16 },
  environment: { min: 2, max: 12 },
  model: { min: 1, max: 20 },
} as const;

/** The retention values CloudWatch Logs accepts, in days. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const DNS_LABEL = /^[a-z](?:-?[a-z0-9])*$/;

/** Whether a value is an unresolved cdktf token (known only at apply time). */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/**
 * A string that satisfies `ok`, or an unresolved token (which is only known at apply time and
 * so is let through).
 */
export function stringWhere(ok: (value: string) => boolean, error: string): z.ZodString {
  return z.string().refine((v) => isToken(v) || ok(v), { error });
}

/** A number that satisfies `ok`, or an unresolved token. */
export function numberWhere(ok: (value: number) => boolean, error: string): z.ZodNumber {
  return z.number().refine((v) => isToken(v) || ok(v), { error });
}

/**
 * A lowercase DNS label of `min`-`max` characters that starts with a letter, ends with a letter
 * or digit and has no consecutive hyphens: valid in S3, IAM, Lambda, SageMaker, ECR and
 * Kubernetes names alike.
 */
export function dnsLabel(min: number, max: number): z.ZodString {
  return stringWhere(
    (v) => v.length >= min && v.length <= max && DNS_LABEL.test(v),
    `must be a lowercase DNS label of ${min}-${max} characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-')`,
  );
}

/** A model name: a DNS label short enough for every name derived from it. */
export const modelName = dnsLabel(NAME_LENGTHS.model.min, NAME_LENGTHS.model.max);

/** A string matching `pattern`. */
export function matching(pattern: RegExp, error: string): z.ZodString {
  return stringWhere((v) => pattern.test(v), error);
}

/** A whole number in `[min, max]`. */
export function intBetween(min: number, max: number, unit = ''): z.ZodNumber {
  const suffix = unit ? ` ${unit}` : '';
  return numberWhere(
    (v) => Number.isInteger(v) && v >= min && v <= max,
    `must be a whole number between ${min} and ${max}${suffix}`,
  );
}

/** A number in `[min, max]`, fractions allowed. */
export function numberBetween(min: number, max: number, unit = ''): z.ZodNumber {
  const suffix = unit ? ` ${unit}` : '';
  return numberWhere((v) => v >= min && v <= max, `must be a number between ${min} and ${max}${suffix}`);
}

/** An e-mail address. */
export const emailAddress = matching(
  /^[A-Za-z0-9._%+-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/,
  'must be an e-mail address such as ops@example.com',
);

/** The CloudWatch Logs retention, in days. */
export const logRetentionDays = numberWhere(
  (v) => (LOG_RETENTION_DAYS as readonly number[]).includes(v),
  `must be one of CloudWatch's retention values (${LOG_RETENTION_DAYS.join(', ')}) in days`,
);

/** A valid model version (image tag, S3 key segment and Kubernetes label value at once). */
export const modelVersion = matching(
  /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,61}[A-Za-z0-9])?$/,
  "must be 1-63 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit (e.g. 'v1.3.0')",
);

/**
 * A refinement for objects holding a lower and an upper bound: reports `low` when it exceeds
 * `high`, naming both values. Use with `.superRefine(ordered('min', 'max'))`.
 */
export function ordered<K extends string>(low: K, high: K) {
  return (value: Partial<Record<K, unknown>>, ctx: z.RefinementCtx): void => {
    const lo = value[low];
    const hi = value[high];
    if (typeof lo !== 'number' || typeof hi !== 'number' || isToken(lo) || isToken(hi)) return;
    if (lo > hi) {
      ctx.addIssue({ code: 'custom', path: [low], input: lo, message: `must not exceed ${high} (${hi})` });
    }
  };
}

/**
 * A refinement for objects holding a list: reports each item whose `field` repeats an earlier
 * item's, naming the first. Use with `.superRefine(uniqueBy('items', 'name'), { when: () => true })`.
 */
export function uniqueBy<L extends string, F extends string>(list: L, field: F) {
  return (value: Record<L, unknown>, ctx: z.RefinementCtx): void => {
    // with `when: () => true` the rule also sees a value that is not an object
    const items = Array.isArray(value?.[list]) ? (value[list] as unknown[]) : [];
    const seen = new Map<unknown, number>();
    items.forEach((item, index) => {
      const key = (item as Record<F, unknown> | null)?.[field];
      if (key === undefined || isToken(key)) return;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: [list, index, field],
        input: key,
        message: `must be unique (${list}[${first}] has the same ${field})`,
      });
    });
  };
}

/** A list of `item` in which no value repeats (each repeat is reported, naming the first). */
export function distinctList<T extends z.ZodType>(item: T) {
  return z.array(item).superRefine((items, ctx) => {
    items.forEach((value, index) => {
      const first = items.indexOf(value);
      if (first !== index) {
        ctx.addIssue({
          code: 'custom',
          path: [index],
          input: value,
          message: `must not repeat item ${first}`,
        });
      }
    });
  });
}

/** Addresses the alert topic mails (SNS refuses a second subscription of one address). */
export const alertEmails = distinctList(emailAddress).max(20);

/** Min and max of a scaled quantity (replicas, instances, concurrency). */
export interface ScalingRange {
  /** Lower bound. */
  readonly min: number;
  /** Upper bound, at least `min`. */
  readonly max: number;
}

/** A `{ min, max }` range of whole numbers within `[lowest, highest]`, with a default. */
export function scalingRange(lowest: number, highest: number, defaults: ScalingRange) {
  return z
    .strictObject({ min: intBetween(lowest, highest), max: intBetween(Math.max(lowest, 1), highest) })
    .superRefine(ordered('min', 'max'))
    .default({ ...defaults });
}

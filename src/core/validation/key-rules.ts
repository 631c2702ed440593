import { z } from 'zod';
import { stringWhere } from './primitives';

/** Rules for keys of maps (reserved object keys, tags) and S3 bucket names. */

/** Tag keys the library sets itself on every resource. */
export const RESERVED_TAG_KEYS = ['Project', 'Environment', 'ManagedBy'] as const;
/** Maximum number of user tags (AWS allows 50 per resource; the rest is kept for the library). */
export const MAX_USER_TAGS = 40;

const TAG_CHARS = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/**
 * Object keys JavaScript gives a meaning of its own: a record with one of them loses the entry
 * (`__proto__` sets the prototype) or misreads it, so a spec's records refuse them.
 */
export const RESERVED_OBJECT_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/** The message for a reserved object key, naming what is allowed. */
export function reservedKeyMessage(allowed: string): string {
  return (
    `keys must not be ${RESERVED_OBJECT_KEYS.join(', ')}: JavaScript reserves these names on objects, so the ` +
    `setting would be dropped or misread (${allowed})`
  );
}

/** Whether a key is one of `RESERVED_OBJECT_KEYS`. */
export function isReservedKey(key: unknown): boolean {
  return (RESERVED_OBJECT_KEYS as readonly unknown[]).includes(key);
}

/** A record key schema that also refuses `RESERVED_OBJECT_KEYS`. */
export function unreservedKey(key: z.ZodString, allowed: string): z.ZodString {
  return key.refine((k) => !isReservedKey(k), { error: reservedKeyMessage(allowed) });
}

/**
 * A record whose keys satisfy `key` and are not reserved object keys (`allowed` says which keys
 * are). A record parser skips an own `__proto__` key (from `JSON.parse` or `Object.defineProperty`)
 * without a word, so it is looked for first.
 */
export function recordOf<V extends z.ZodType>(key: z.ZodString, value: V, allowed: string) {
  const record = z.record(unreservedKey(key, allowed), value);
  return z.preprocess((input: z.input<typeof record>, ctx) => {
    if (
      typeof input === 'object' &&
      input !== null &&
      Object.prototype.propertyIsEnumerable.call(input, '__proto__')
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['__proto__'],
        input: '__proto__',
        message: reservedKeyMessage(allowed),
      });
    }
    return input;
  }, record);
}

/**
 * Reports every reserved object key inside a free-form value (Helm values), at any depth, with its
 * path. Cycles and depths beyond 32 are not followed.
 */
export function reservedKeysIn(value: unknown, ctx: z.RefinementCtx, allowed: string): void {
  const walk = (node: unknown, path: PropertyKey[], seen: Set<object>): void => {
    if (typeof node !== 'object' || node === null || seen.has(node) || path.length > 32) return;
    seen.add(node);
    for (const key of Object.keys(node)) {
      if (isReservedKey(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [...path, key],
          input: key,
          message: reservedKeyMessage(allowed),
        });
      } else {
        walk((node as Record<string, unknown>)[key], [...path, key], seen);
      }
    }
    seen.delete(node);
  };
  walk(value, [], new Set());
}

const TAG_KEY_RULE =
  "1-128 characters of letters, digits, spaces and _ . : / = + - @, not starting with 'aws:'";

const tagKey = stringWhere(
  (k) => k.length >= 1 && k.length <= 128 && TAG_CHARS.test(k),
  'tag keys must be 1-128 characters of letters, digits, spaces and _ . : / = + - @',
)
  .refine((k) => !k.toLowerCase().startsWith('aws:'), {
    error: "tag keys may not start with 'aws:' (reserved by AWS): choose another key",
  })
  .refine((k) => !(RESERVED_TAG_KEYS as readonly string[]).includes(k), {
    error: `tag keys ${RESERVED_TAG_KEYS.join(', ')} are set by the library: choose another key (${TAG_KEY_RULE})`,
  });

const tagValue = stringWhere(
  (v) => v.length <= 256 && TAG_CHARS.test(v),
  'tag values must be 0-256 characters of letters, digits, spaces and _ . : / = + - @',
);

/** User tags: valid keys and values, at most `MAX_USER_TAGS`. */
export const tagMap = recordOf(tagKey, tagValue, `tag keys are ${TAG_KEY_RULE}`).refine(
  (t) => Object.keys(t).length <= MAX_USER_TAGS,
  {
    error: `must have at most ${MAX_USER_TAGS} tags`,
  },
);

/** An S3 bucket name (general purpose bucket rules). */
export const s3BucketName = stringWhere(
  (v) =>
    /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v) &&
    !v.includes('..') &&
    !/^\d+\.\d+\.\d+\.\d+$/.test(v) &&
    !v.startsWith('xn--') &&
    !/(-s3alias|--ol-s3|--x-s3)$/.test(v),
  "must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, without '..', an IP address form, an 'xn--' prefix or a reserved suffix",
);

import { Token } from 'cdktf';
import { z } from 'zod';
import { AWS_REGIONS, AWS_REGIONS_BY_PARTITION, type AwsPartition } from '../aws-regions';
import { didYouMean } from './suggest';

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

/**
 * An AWS Region code from the table of `aws-regions.ts` (commercial Regions, opt-in ones
 * included, China and GovCloud); a near miss is named (`us-east-7` → `us-east-1`).
 */
export const awsRegion = z.string().superRefine((v, ctx) => {
  if (isToken(v) || AWS_REGIONS.includes(v)) return;
  ctx.addIssue({
    code: 'custom',
    input: v,
    message:
      `must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the ${AWS_REGIONS.length} Regions ` +
      `listed in the README, opt-in ones included)${didYouMean(v, AWS_REGIONS)}`,
  });
});

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its parts; `undefined` when it does not have six `:`-separated parts. */
export function parseArn(arn: string): ArnParts | undefined {
  const match = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/s.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** What an ARN of one kind of resource looks like. */
export interface ArnShape {
  /** What it names, e.g. 'an ACM certificate ARN'. */
  readonly what: string;
  /** Its service, e.g. 'acm'. */
  readonly service: string;
  /** Whether the ARN names a Region (IAM ARNs do not). */
  readonly regional: boolean;
  /** Whether `aws` may stand for the account (AWS-managed IAM policies). */
  readonly awsAccount?: boolean;
  /** The resource part. */
  readonly resource: RegExp;
  /** The resource part in words, e.g. 'certificate/<uuid>'. */
  readonly resourceForm: string;
}

/**
 * What is wrong with an ARN, naming the first part that is (partition, service, Region, account,
 * resource); `undefined` for a valid one. The Region must be one of the partition's.
 */
export function arnProblem(arn: string, shape: ArnShape): string | undefined {
  const form = `arn:<partition>:${shape.service}:${shape.regional ? '<region>' : ''}:<account>:${shape.resourceForm}`;
  const lead = `must be ${shape.what} '${form}'`;
  const parts = parseArn(arn);
  if (!parts) return `${lead}`;
  const partitions = Object.keys(AWS_REGIONS_BY_PARTITION);
  if (!partitions.includes(parts.partition))
    return `${lead}: the partition must be ${partitions.join(', ')} (not '${parts.partition}')`;
  if (parts.service !== shape.service)
    return `${lead}: the service must be '${shape.service}' (not '${parts.service}')`;
  if (shape.regional) {
    const regions = AWS_REGIONS_BY_PARTITION[parts.partition as AwsPartition] as readonly string[];
    if (!regions.includes(parts.region))
      return `${lead}: '${parts.region}' is not a Region of the ${parts.partition} partition${didYouMean(parts.region, regions)}`;
  } else if (parts.region !== '') {
    return `${lead}: ${shape.service} ARNs name no Region (not '${parts.region}')`;
  }
  if (!/^\d{12}$/.test(parts.account) && !(shape.awsAccount && parts.account === 'aws'))
    return `${lead}: the account must be a 12-digit account ID${shape.awsAccount ? " or 'aws'" : ''} (not '${parts.account}')`;
  if (!shape.resource.test(parts.resource))
    return `${lead}: the resource must be '${shape.resourceForm}' (not '${parts.resource}')`;
  return undefined;
}

/** An ARN of the shape given (tokens pass). */
export function arnOf(shape: ArnShape) {
  return z.string().superRefine((v, ctx) => {
    if (isToken(v)) return;
    const problem = arnProblem(v, shape);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', input: v, message: problem });
  });
}

/** A 12-digit AWS account ID. */
export const awsAccountId = matching(/^\d{12}$/, 'must be a 12-digit AWS account ID');

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

/** Private IPv4 ranges a VPC may use. */
const PRIVATE_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['10.0.0.0', 8],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['100.64.0.0', 10],
];

/** Parses `a.b.c.d/n` into its address as an unsigned 32-bit integer and its prefix length. */
export function parseCidr(cidr: string): { address: number; prefix: number } | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!match) return undefined;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return undefined;
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  return { address, prefix };
}

/**
 * Whether a block is too wide to name a network one trusts: `0.0.0.0/0`, or any prefix shorter than
 * /8 (a /1 is half of the internet).
 */
export function isInternetWide(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  return parsed !== undefined && parsed.prefix < 8;
}

function maskOf(prefix: number): number {
  return prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
}

/** Whether the CIDR's host bits are all zero (`10.0.0.0/16`, not `10.0.1.0/16`). */
export function isNetworkAddress(cidr: string): boolean {
  const parsed = parseCidr(cidr);
  if (!parsed) return false;
  return (parsed.address & maskOf(parsed.prefix)) >>> 0 === parsed.address;
}

/** Whether `inner` lies entirely inside `outer`. */
export function cidrContains(outer: string, inner: string): boolean {
  const o = parseCidr(outer);
  const i = parseCidr(inner);
  if (!o || !i || i.prefix < o.prefix) return false;
  const mask = maskOf(o.prefix);
  return (i.address & mask) >>> 0 === (o.address & mask) >>> 0;
}

/** Any IPv4 CIDR block given as its network address, e.g. `203.0.113.0/24`. */
export const ipv4Cidr = stringWhere(
  isNetworkAddress,
  "must be an IPv4 CIDR block given as its network address (host bits zero), such as '203.0.113.0/24'",
);

/**
 * IPv4 special-purpose ranges that never appear as the source of a connection to a public AWS
 * endpoint from the internet: the registry of RFC 6890 (section 2.2.2), which collects RFC 1122
 * ("this network", loopback), RFC 1918 (private), RFC 6598 (shared address space), RFC 3927
 * (link-local), RFC 5737 (documentation), RFC 2544 (benchmarking), RFC 5771 (multicast) and
 * RFC 1112 (reserved, limited broadcast).
 */
export const SPECIAL_PURPOSE_RANGES: ReadonlyArray<{ readonly cidr: string; readonly name: string }> = [
  { cidr: '0.0.0.0/8', name: '"this network", RFC 1122' },
  { cidr: '10.0.0.0/8', name: 'private, RFC 1918' },
  { cidr: '100.64.0.0/10', name: 'shared address space, RFC 6598' },
  { cidr: '127.0.0.0/8', name: 'loopback, RFC 1122' },
  { cidr: '169.254.0.0/16', name: 'link-local, RFC 3927' },
  { cidr: '172.16.0.0/12', name: 'private, RFC 1918' },
  { cidr: '192.0.0.0/24', name: 'IETF protocol assignments, RFC 6890' },
  { cidr: '192.0.2.0/24', name: 'documentation TEST-NET-1, RFC 5737' },
  { cidr: '192.168.0.0/16', name: 'private, RFC 1918' },
  { cidr: '198.18.0.0/15', name: 'benchmarking, RFC 2544' },
  { cidr: '198.51.100.0/24', name: 'documentation TEST-NET-2, RFC 5737' },
  { cidr: '203.0.113.0/24', name: 'documentation TEST-NET-3, RFC 5737' },
  { cidr: '224.0.0.0/4', name: 'multicast, RFC 5771' },
  { cidr: '240.0.0.0/4', name: 'reserved, RFC 1112' },
];

/** The special-purpose range (RFC 6890) a block lies in, if any. */
export function specialPurposeRangeOf(cidr: string): { cidr: string; name: string } | undefined {
  return SPECIAL_PURPOSE_RANGES.find((range) => cidrContains(range.cidr, cidr));
}

/**
 * A block allowed to reach a public endpoint: a network address outside every special-purpose
 * range of RFC 6890 (`0.0.0.0/0` and other blocks wider than /8 pass: they are judged by the
 * rules on open endpoints).
 */
export const publicAccessCidr = z.string().superRefine((v, ctx) => {
  if (isToken(v)) return;
  if (!isNetworkAddress(v)) {
    ctx.addIssue({
      code: 'custom',
      input: v,
      message:
        "must be an IPv4 CIDR block given as its network address (host bits zero), such as '52.94.76.0/24'",
    });
    return;
  }
  const range = specialPurposeRangeOf(v);
  if (range === undefined) return;
  const privateHint = PRIVATE_RANGES.some(([base, bits]) => `${base}/${bits}` === range.cidr)
    ? '; admit private networks through privateAccessCidrs'
    : '';
  ctx.addIssue({
    code: 'custom',
    input: v,
    message:
      `must be a public block the deploy runners' traffic comes from: it lies in ${range.cidr} ` +
      `(${range.name}), a special-purpose range (RFC 6890) from which no connection reaches a public endpoint${privateHint}`,
  });
});

/** A private IPv4 block (inside 10/8, 172.16/12, 192.168/16 or 100.64/10), given as its network address. */
export const privateIpv4Cidr = stringWhere(
  (v) => isNetworkAddress(v) && PRIVATE_RANGES.some(([base, bits]) => cidrContains(`${base}/${bits}`, v)),
  'must be a private IPv4 CIDR block (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) given as its network address',
);

function isVpcCidr(v: string): boolean {
  const parsed = parseCidr(v);
  return (
    parsed !== undefined &&
    isNetworkAddress(v) &&
    parsed.prefix >= 16 &&
    parsed.prefix <= 24 &&
    PRIVATE_RANGES.some(([base, bits]) => cidrContains(`${base}/${bits}`, v))
  );
}

/** A VPC CIDR block: private range, prefix /16 to /24, network address. */
export const vpcCidr = stringWhere(
  isVpcCidr,
  'must be a private IPv4 CIDR block (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) with a prefix between /16 and /24, given as its network address',
);

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

/** An IAM role ARN. */
export const iamRoleArn = arnOf({
  what: 'an IAM role ARN',
  service: 'iam',
  regional: false,
  resource: /^role\/[\w+=,.@/-]{1,512}$/,
  resourceForm: 'role/<name>',
});

/** A KMS key ARN or alias ARN. */
export const kmsKeyArn = arnOf({
  what: 'a KMS key or alias ARN',
  service: 'kms',
  regional: true,
  resource: /^(?:key\/[0-9a-f-]{36}|alias\/[\w/-]+)$/,
  resourceForm: 'key/<id>|alias/<name>',
});

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

/** An IAM managed policy ARN (AWS-managed or customer-managed). */
export const iamPolicyArn = arnOf({
  what: 'an IAM policy ARN',
  service: 'iam',
  regional: false,
  awsAccount: true,
  resource: /^policy\/[\w+=,.@/-]{1,128}$/,
  resourceForm: 'policy/<name>',
});

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

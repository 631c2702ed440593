import { z } from 'zod';
import { stringWhere, isToken } from './primitives';

/** Rules for IPv4 CIDR blocks: VPC ranges, public endpoint access, RFC 6890 special-purpose ranges. */

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

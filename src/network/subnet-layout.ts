import { parseCidr } from '../core/validation/rules';

/** The subnets of one availability zone. */
export interface ZoneSubnets {
  /** Private subnet CIDR (nodes, pods, endpoints, serving targets). */
  readonly private: string;
  /** Public subnet CIDR (internet-facing load balancers, NAT gateways). */
  readonly public: string;
}

function format(address: number, prefix: number): string {
  const octets = [24, 16, 8, 0].map((shift) => (address >>> shift) & 255);
  return `${octets.join('.')}/${prefix}`;
}

/**
 * Splits a VPC block into per-zone subnets: the block is cut in eighths; each zone's private
 * subnet is one eighth (a /19 of a /16: 8,192 addresses for nodes and pods), and the fourth
 * eighth is cut again in eighths for the public subnets (a /22 of a /16). The other eighths
 * stay free for later use (e.g. a secondary pod range).
 *
 * @param cidr the VPC block, prefix /16 to /22
 * @param zones 2 or 3
 */
export function subnetLayout(cidr: string, zones: number): ZoneSubnets[] {
  const parsed = parseCidr(cidr);
  if (!parsed || parsed.prefix < 16 || parsed.prefix > 22) {
    throw new Error(`subnetLayout needs a /16 to /22 block, got ${JSON.stringify(cidr)}`);
  }
  if (zones < 1 || zones > 3) throw new Error(`subnetLayout supports 1-3 zones, got ${zones}`);
  const privatePrefix = parsed.prefix + 3;
  const publicPrefix = parsed.prefix + 6;
  const eighth = 2 ** (32 - privatePrefix);
  const publicSize = 2 ** (32 - publicPrefix);
  return Array.from({ length: zones }, (_, zone) => ({
    private: format(parsed.address + zone * eighth, privatePrefix),
    public: format(parsed.address + 3 * eighth + zone * publicSize, publicPrefix),
  }));
}

import type { PropShape } from '../core/prop-rules';
import { z } from 'zod';
/**
 * The network a serving target runs in: a VPC with private subnets in at least two availability
 * zones. Provided by `ServingVpc` (a new VPC) or by `ServingVpc.fromExisting` (bring your own).
 */
export interface IServingNetwork {
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The VPC's IPv4 CIDR block. */
  readonly vpcCidr: string;
  /** Private subnets (no route from the internet), one per availability zone. */
  readonly privateSubnetIds: readonly string[];
  /** Public subnets, one per availability zone (internet-facing load balancers, NAT). */
  readonly publicSubnetIds: readonly string[];
}

/** The prop rule for this shape: checked by shape, so imported and owned objects pass alike. */
export const servingNetworkProp = z.custom<IServingNetwork>(
  (n) =>
    typeof (n as PropShape)?.vpcId === 'string' &&
    Array.isArray((n as PropShape)?.privateSubnetIds) &&
    ((n as PropShape)?.privateSubnetIds as unknown[]).length > 0,
  { error: 'must be a serving network (IServingNetwork) with private subnets' },
);

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

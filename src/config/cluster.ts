import { z } from 'zod';
import { dnsLabel, intBetween, ipv4Cidr, matching, ordered, vpcCidr } from './rules';

/** The environment's VPC. */
export interface NetworkSpec {
  /**
   * IPv4 CIDR block of the VPC: a private range (10/8, 172.16/12, 192.168/16 or 100.64/10)
   * with a prefix length between /16 and /24, given as its network address.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
}

/** A group of GPU worker nodes in the environment's EKS cluster. */
export interface GpuNodeGroupSpec {
  /** Name of the group: a lowercase DNS label of 1-20 characters, unique in the cluster. */
  readonly name: string;
  /** EC2 instance types of one GPU family and size class, e.g. `['g5.2xlarge']`. */
  readonly instanceTypes: readonly string[];
  /** Minimum number of nodes, 0 allows scale to zero. */
  readonly minSize: number;
  /** Maximum number of nodes (1-1000, at least `minSize`). */
  readonly maxSize: number;
}

/** The environment's EKS cluster. */
export interface ClusterSpec {
  /**
   * CIDR blocks allowed to reach the public Kubernetes API endpoint.
   * @default - none: the API endpoint is private to the VPC
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * GPU node groups for models that request GPUs.
   * @default - none
   */
  readonly gpuNodeGroups?: readonly GpuNodeGroupSpec[];
}

export const gpuNodeGroupSchema = z
  .strictObject({
    name: dnsLabel(1, 20),
    instanceTypes: z
      .array(matching(/^[a-z][a-z0-9-]*\.[a-z0-9]+$/, "must be an EC2 instance type such as 'g5.2xlarge'"))
      .min(1),
    minSize: intBetween(0, 1000),
    maxSize: intBetween(1, 1000),
  })
  .superRefine(ordered('minSize', 'maxSize'));

export const clusterSchema = z.strictObject({
  publicAccessCidrs: z.array(ipv4Cidr).default([]),
  gpuNodeGroups: z.array(gpuNodeGroupSchema).default([]),
});

export const networkSchema = z.strictObject({
  cidr: vpcCidr.default('10.0.0.0/16'),
});

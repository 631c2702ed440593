import { z } from 'zod';
import {
  ARM_SYSTEM_FAMILIES,
  SYSTEM_FAMILIES,
  describeFamilies,
  describeShape,
  ec2InstanceType,
  sameShape,
  sameShapeAlternatives,
} from './ec2-instances';
import { gpuInstance } from './gpu-instances';
import { isToken } from '../core/validation/rules';
import { type CapacityType, REQUIRED_CONTROL_PLANE_LOG_TYPES } from './cluster-types';

/**
 * Reports a `deployerRoleArn` that is not one of `adminRoleArns` (it would have no access entry)
 * and `controlPlaneLogTypes` without api, audit and authenticator. Shared by the spec's cluster
 * and `ServingCluster`'s props; unresolved tokens are let through.
 */
export function clusterAccessRules(
  cluster: { adminRoleArns?: unknown; deployerRoleArn?: unknown; controlPlaneLogTypes?: unknown },
  ctx: z.RefinementCtx,
): void {
  const { deployerRoleArn } = cluster;
  const admins: unknown[] = Array.isArray(cluster.adminRoleArns) ? cluster.adminRoleArns : [];
  if (
    typeof deployerRoleArn === 'string' &&
    !isToken(deployerRoleArn) &&
    !admins.some(isToken) &&
    !admins.includes(deployerRoleArn)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['deployerRoleArn'],
      input: deployerRoleArn,
      message:
        'must be one of adminRoleArns: the deployer needs an access entry to create in-cluster resources',
    });
  }
  // left out of a spec's cluster: the environment's controlPlaneLogTypes apply (checked there)
  if (cluster.controlPlaneLogTypes === undefined) return;
  const logTypes: unknown[] = Array.isArray(cluster.controlPlaneLogTypes) ? cluster.controlPlaneLogTypes : [];
  const missing = REQUIRED_CONTROL_PLANE_LOG_TYPES.filter((t) => !logTypes.includes(t));
  if (missing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['controlPlaneLogTypes'],
      input: cluster.controlPlaneLogTypes,
      message: `must include api, audit and authenticator (missing ${missing.join(', ')})`,
    });
  }
}

/** Reports a node group's `desiredSize` outside `[minSize, maxSize]`. */
export function desiredWithinSizes(
  group: { desiredSize?: number; minSize: number; maxSize: number },
  ctx: z.RefinementCtx,
): void {
  const { desiredSize, minSize, maxSize } = group;
  if (desiredSize !== undefined && (desiredSize < minSize || desiredSize > maxSize)) {
    ctx.addIssue({
      code: 'custom',
      path: ['desiredSize'],
      input: desiredSize,
      message: `must be between minSize (${minSize}) and maxSize (${maxSize})`,
    });
  }
}

/**
 * Reports instance types of more than one shape (vCPUs, memory, GPUs) in one node group: the
 * cluster autoscaler simulates a scale-up from zero with one of them, and a pod sized for that
 * one may not fit another. Types not in the table are reported by their own rule.
 */
export function oneShape(group: { instanceTypes: readonly string[] }, ctx: z.RefinementCtx): void {
  const types = group.instanceTypes.map(ec2InstanceType);
  if (types.length < 2 || types.some((t) => t === undefined)) return;
  if (types.every((t) => sameShape(t!, types[0]!))) return;
  ctx.addIssue({
    code: 'custom',
    path: ['instanceTypes'],
    input: group.instanceTypes,
    message:
      'must all have one shape, the same vCPUs, memory and GPUs (the cluster autoscaler sizes a ' +
      `scale-up from zero from one of them): ${types.map((t) => `${t!.instanceType} has ${describeShape(t!)}`).join('; ')}`,
  });
}

/**
 * Reports a SPOT node group with a single instance type: while its one Spot pool is dry, every
 * scale-up fails. Suggests the table's types of the same shape.
 */
export function spotNeedsTwoTypes(
  group: { instanceTypes: readonly string[] },
  capacityType: CapacityType | undefined,
  ctx: z.RefinementCtx,
  path: PropertyKey[] = ['instanceTypes'],
): void {
  const types = group.instanceTypes;
  if (capacityType !== 'SPOT' || new Set(types).size !== 1 || isToken(types[0])) return;
  const type = ec2InstanceType(types[0]);
  if (!type) return;
  const alternatives = sameShapeAlternatives(types[0]);
  ctx.addIssue({
    code: 'custom',
    path,
    input: types,
    message:
      'must list at least two instance types of one shape for SPOT capacity (one Spot pool fails ' +
      'every scale-up while it is dry): ' +
      (alternatives.length > 0
        ? `add ${alternatives.join(' or ')} (${describeShape(type)}, like ${types[0]})`
        : `no other type in the table has the shape of ${types[0]} (${describeShape(type)}): pick a shape with alternatives, or use ON_DEMAND`),
  });
}

/** A type for nodes without GPUs from the table: x86_64 only, or Arm (Graviton) too. */
export function nonGpuInstanceType(arm: boolean) {
  const families = arm ? { ...SYSTEM_FAMILIES, ...ARM_SYSTEM_FAMILIES } : SYSTEM_FAMILIES;
  return z
    .string()
    .refine((t) => isToken(t) || gpuInstance(t) === undefined, {
      error: 'must not be a GPU instance type: system nodes run controllers only',
    })
    .refine(
      (t) =>
        isToken(t) ||
        gpuInstance(t) !== undefined ||
        (ec2InstanceType(t) !== undefined && (arm || !ec2InstanceType(t)!.arm64)),
      {
        error: `must be ${arm ? 'an' : 'an x86_64'} instance type the library knows: ${describeFamilies(families)}`,
      },
    );
}

import { gpuInstance } from './gpu-instances';

/**
 * What the library knows about the EC2 instance types its node groups accept: vCPUs, memory,
 * GPUs and the most pods the VPC CNI lets one node run. One table for every type a node group
 * may use (the GPU types of `GPU_FAMILIES` and the x86_64 general-purpose, compute- and
 * memory-optimized types a system group may use); a type that is not listed is refused with the
 * list.
 *
 * Sources:
 * - vCPUs and memory: the EC2 instance type specifications,
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/gp.html (general purpose, burstable),
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/co.html (compute optimized),
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/mo.html (memory optimized),
 *   https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html (accelerated computing).
 * - max pods: awslabs/amazon-eks-ami `templates/shared/runtime/eni-max-pods.txt` (commit
 *   0254c5b490f819627461d1b24f87e440cbdb251f): `ENIs × (IPv4 addresses per ENI − 1) + 2`, the
 *   figure the EKS AMIs (AL2023 and Bottlerocket) give the kubelet's `maxPods` without prefix
 *   delegation (which the library does not turn on).
 * - GPUs: `GPU_FAMILIES` (`gpu-instances.ts`), the one table of GPU counts.
 */

/** The size of one EC2 instance type. */
export interface Ec2InstanceType {
  /** The type, e.g. `g5.2xlarge`. */
  readonly instanceType: string;
  /** Virtual CPUs. */
  readonly vcpus: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** NVIDIA GPUs (0 for a type without). */
  readonly gpus: number;
  /** Pods the kubelet admits (`maxPods` of the EKS AMIs, from `eni-max-pods.txt`). */
  readonly maxPods: number;
  /** Whether the type has Arm (Graviton) processors: it needs an `ARM_64` AMI type. */
  readonly arm64: boolean;
}

/** `[vCPUs, memory GiB, max pods]` per size. */
type Sizes = Readonly<Record<string, readonly [number, number, number]>>;

// x86_64 families a system group may use (its AMI type is AL2023_x86_64_STANDARD).
const GENERAL: Sizes = {
  large: [2, 8, 29],
  xlarge: [4, 16, 58],
  '2xlarge': [8, 32, 58],
  '4xlarge': [16, 64, 234],
  '8xlarge': [32, 128, 234],
};
const COMPUTE: Sizes = {
  large: [2, 4, 29],
  xlarge: [4, 8, 58],
  '2xlarge': [8, 16, 58],
  '4xlarge': [16, 32, 234],
  '8xlarge': [32, 64, 234],
};
const MEMORY: Sizes = {
  large: [2, 16, 29],
  xlarge: [4, 32, 58],
  '2xlarge': [8, 64, 58],
  '4xlarge': [16, 128, 234],
  '8xlarge': [32, 256, 234],
};
const BURSTABLE: Sizes = {
  medium: [2, 4, 17],
  large: [2, 8, 35],
  xlarge: [4, 16, 58],
  '2xlarge': [8, 32, 58],
};
// c5 has a 9xlarge instead of an 8xlarge
const C5: Sizes = {
  large: [2, 4, 29],
  xlarge: [4, 8, 58],
  '2xlarge': [8, 16, 58],
  '4xlarge': [16, 32, 234],
  '9xlarge': [36, 72, 234],
};

/** Instance families a system node group may use, with their sizes. */
export const SYSTEM_FAMILIES: Readonly<Record<string, Sizes>> = {
  t3: BURSTABLE,
  t3a: BURSTABLE,
  m5: GENERAL,
  m5a: GENERAL,
  m6i: GENERAL,
  m6a: GENERAL,
  m7i: GENERAL,
  m7a: GENERAL,
  c5: C5,
  c6i: COMPUTE,
  c6a: COMPUTE,
  c7i: COMPUTE,
  c7a: COMPUTE,
  r5: MEMORY,
  r6i: MEMORY,
  r6a: MEMORY,
  r7i: MEMORY,
  r7a: MEMORY,
};

/**
 * Graviton (arm64) families: a standalone `ServingNodeGroup` of role `system` on an `ARM_64` AMI
 * type may use them; the environment's system group runs `AL2023_x86_64_STANDARD` and may not.
 */
export const ARM_SYSTEM_FAMILIES: Readonly<Record<string, Sizes>> = {
  t4g: BURSTABLE,
  m6g: GENERAL,
  m7g: GENERAL,
  c6g: COMPUTE,
  c7g: COMPUTE,
  r6g: MEMORY,
  r7g: MEMORY,
};

/** The GPU types (every type of `GPU_FAMILIES`): `[vCPUs, memory GiB, max pods]`. */
const GPU_TYPES: Sizes = {
  'g4dn.xlarge': [4, 16, 29],
  'g4dn.2xlarge': [8, 32, 29],
  'g4dn.4xlarge': [16, 64, 29],
  'g4dn.8xlarge': [32, 128, 58],
  'g4dn.12xlarge': [48, 192, 234],
  'g4dn.16xlarge': [64, 256, 58],
  'g4dn.metal': [96, 384, 737],
  'g5.xlarge': [4, 16, 58],
  'g5.2xlarge': [8, 32, 58],
  'g5.4xlarge': [16, 64, 234],
  'g5.8xlarge': [32, 128, 234],
  'g5.12xlarge': [48, 192, 737],
  'g5.16xlarge': [64, 256, 234],
  'g5.24xlarge': [96, 384, 737],
  'g5.48xlarge': [192, 768, 345],
  'g6.xlarge': [4, 16, 58],
  'g6.2xlarge': [8, 32, 58],
  'g6.4xlarge': [16, 64, 234],
  'g6.8xlarge': [32, 128, 234],
  'g6.12xlarge': [48, 192, 234],
  'g6.16xlarge': [64, 256, 737],
  'g6.24xlarge': [96, 384, 737],
  'g6.48xlarge': [192, 768, 737],
  'gr6.4xlarge': [16, 128, 234],
  'gr6.8xlarge': [32, 256, 234],
  'g6e.xlarge': [4, 32, 58],
  'g6e.2xlarge': [8, 64, 58],
  'g6e.4xlarge': [16, 128, 234],
  'g6e.8xlarge': [32, 256, 234],
  'g6e.12xlarge': [48, 384, 292],
  'g6e.16xlarge': [64, 512, 737],
  'g6e.24xlarge': [96, 768, 492],
  'g6e.48xlarge': [192, 1536, 492],
  'p4d.24xlarge': [96, 1152, 737],
  'p4de.24xlarge': [96, 1152, 737],
  'p5.4xlarge': [16, 256, 118],
  'p5.48xlarge': [192, 2048, 100],
  'p5e.48xlarge': [192, 2048, 100],
  'p5en.48xlarge': [192, 2048, 198],
  'p6-b200.48xlarge': [192, 2048, 198],
};

function entry(
  instanceType: string,
  [vcpus, gib, maxPods]: readonly [number, number, number],
  arm64 = false,
): Ec2InstanceType {
  return Object.freeze({
    instanceType,
    vcpus,
    memoryMiB: gib * 1024,
    gpus: gpuInstance(instanceType)?.gpus ?? 0,
    maxPods,
    arm64,
  });
}

function familyEntries(families: Readonly<Record<string, Sizes>>, arm64: boolean) {
  return Object.entries(families).flatMap(([family, sizes]) =>
    Object.entries(sizes).map(([size, figures]) => {
      const type = `${family}.${size}`;
      return [type, entry(type, figures, arm64)] as const;
    }),
  );
}

/** Every instance type a node group accepts, by name. */
export const EC2_INSTANCE_TYPES: Readonly<Record<string, Ec2InstanceType>> = Object.freeze(
  Object.fromEntries([
    ...familyEntries(SYSTEM_FAMILIES, false),
    ...familyEntries(ARM_SYSTEM_FAMILIES, true),
    ...Object.entries(GPU_TYPES).map(([type, figures]) => [type, entry(type, figures)]),
  ]),
);

/** The figures of an instance type, or `undefined` when the table does not list it. */
export function ec2InstanceType(instanceType: string): Ec2InstanceType | undefined {
  return Object.prototype.hasOwnProperty.call(EC2_INSTANCE_TYPES, instanceType)
    ? EC2_INSTANCE_TYPES[instanceType]
    : undefined;
}

/** The instance types an environment's system node group accepts (x86_64, no GPU types). */
export function knownSystemInstanceTypes(): string[] {
  return Object.values(EC2_INSTANCE_TYPES)
    .filter((t) => t.gpus === 0 && !t.arm64)
    .map((t) => t.instanceType);
}

/** `t3, t3a (medium, large, xlarge, 2xlarge); ...`: families and their sizes, for messages. */
export function describeFamilies(families: Readonly<Record<string, Sizes>>): string {
  const bySizes = new Map<string, string[]>();
  for (const [family, sizes] of Object.entries(families)) {
    const key = Object.keys(sizes).join(', ');
    bySizes.set(key, [...(bySizes.get(key) ?? []), family]);
  }
  return [...bySizes.entries()].map(([sizes, names]) => `${names.join(', ')} (${sizes})`).join('; ');
}

/** `8 vCPU, 32 GiB, 1 GPU`: the shape of a type, for messages. */
export function describeShape(t: Pick<Ec2InstanceType, 'vcpus' | 'memoryMiB' | 'gpus'>): string {
  const gpus = t.gpus > 0 ? `, ${t.gpus} GPU${t.gpus === 1 ? '' : 's'}` : '';
  return `${t.vcpus} vCPU, ${t.memoryMiB / 1024} GiB${gpus}`;
}

/** Whether two types have the same vCPUs, memory and GPUs. */
export function sameShape(a: Ec2InstanceType, b: Ec2InstanceType): boolean {
  return a.vcpus === b.vcpus && a.memoryMiB === b.memoryMiB && a.gpus === b.gpus && a.arm64 === b.arm64;
}

/**
 * The other types of the table with the shape of `instanceType`, of the same kind (GPU or not),
 * e.g. `g6.2xlarge` and `g4dn.2xlarge` for `g5.2xlarge`.
 */
export function sameShapeAlternatives(instanceType: string): string[] {
  const type = ec2InstanceType(instanceType);
  if (!type) return [];
  return Object.values(EC2_INSTANCE_TYPES)
    .filter((t) => t.instanceType !== instanceType && sameShape(t, type))
    .map((t) => t.instanceType);
}

/**
 * What the library knows about NVIDIA GPU instances: one table, used to validate node groups,
 * to count GPUs for the cluster autoscaler's scale-from-zero hints, and to label nodes with their
 * accelerator. Sizes not listed are refused with the list of known ones.
 */

/** A GPU instance family. */
export interface GpuFamily {
  /** The GPU model, e.g. `A10G`. */
  readonly gpu: string;
  /** The accelerator label value (`k8s.amazonaws.com/accelerator`), e.g. `nvidia-a10g`. */
  readonly accelerator: string;
  /** GPUs per instance size. */
  readonly gpusPerSize: Readonly<Record<string, number>>;
  /** Whether the instances have local NVMe instance storage. */
  readonly localNvme: boolean;
}

const single = (sizes: string[]) => Object.fromEntries(sizes.map((s) => [s, 1]));

/** x86_64 NVIDIA GPU families EKS node groups may use (Arm `g5g` is not supported here). */
export const GPU_FAMILIES: Readonly<Record<string, GpuFamily>> = {
  g4dn: {
    gpu: 'T4',
    accelerator: 'nvidia-t4',
    gpusPerSize: {
      ...single(['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge']),
      '12xlarge': 4,
      metal: 8,
    },
    localNvme: true,
  },
  g5: {
    gpu: 'A10G',
    accelerator: 'nvidia-a10g',
    gpusPerSize: {
      ...single(['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge']),
      '12xlarge': 4,
      '24xlarge': 4,
      '48xlarge': 8,
    },
    localNvme: true,
  },
  g6: {
    gpu: 'L4',
    accelerator: 'nvidia-l4',
    gpusPerSize: {
      ...single(['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge']),
      '12xlarge': 4,
      '24xlarge': 4,
      '48xlarge': 8,
    },
    localNvme: true,
  },
  gr6: { gpu: 'L4', accelerator: 'nvidia-l4', gpusPerSize: single(['4xlarge', '8xlarge']), localNvme: true },
  g6e: {
    gpu: 'L40S',
    accelerator: 'nvidia-l40s',
    gpusPerSize: {
      ...single(['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge']),
      '12xlarge': 4,
      '24xlarge': 4,
      '48xlarge': 8,
    },
    localNvme: true,
  },
  p4d: { gpu: 'A100', accelerator: 'nvidia-a100', gpusPerSize: { '24xlarge': 8 }, localNvme: true },
  p4de: { gpu: 'A100 80GB', accelerator: 'nvidia-a100', gpusPerSize: { '24xlarge': 8 }, localNvme: true },
  p5: {
    gpu: 'H100',
    accelerator: 'nvidia-h100',
    gpusPerSize: { '4xlarge': 1, '48xlarge': 8 },
    localNvme: true,
  },
  p5e: { gpu: 'H200', accelerator: 'nvidia-h200', gpusPerSize: { '48xlarge': 8 }, localNvme: true },
  p5en: { gpu: 'H200', accelerator: 'nvidia-h200', gpusPerSize: { '48xlarge': 8 }, localNvme: true },
  'p6-b200': { gpu: 'B200', accelerator: 'nvidia-b200', gpusPerSize: { '48xlarge': 8 }, localNvme: true },
};

/** A GPU instance type, looked up in the table. */
export interface GpuInstance {
  /** The family, e.g. `g5`. */
  readonly family: string;
  /** The size, e.g. `2xlarge`. */
  readonly size: string;
  /** GPUs on one instance. */
  readonly gpus: number;
  /** The family's data. */
  readonly info: GpuFamily;
}

/** Looks an EC2 instance type (`g5.2xlarge`) up; `undefined` when it is not a known GPU type. */
export function gpuInstance(instanceType: string): GpuInstance | undefined {
  const dot = instanceType.lastIndexOf('.');
  if (dot < 0) return undefined;
  const family = instanceType.slice(0, dot);
  const size = instanceType.slice(dot + 1);
  const info = Object.prototype.hasOwnProperty.call(GPU_FAMILIES, family) ? GPU_FAMILIES[family] : undefined;
  const gpus = info?.gpusPerSize[size];
  return info && gpus !== undefined ? { family, size, gpus, info } : undefined;
}

/** Every known GPU instance type, e.g. for error messages. */
export function knownGpuInstanceTypes(): string[] {
  return Object.entries(GPU_FAMILIES).flatMap(([family, info]) =>
    Object.keys(info.gpusPerSize).map((size) => `${family}.${size}`),
  );
}

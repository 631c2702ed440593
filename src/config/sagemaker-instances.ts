import { gpuInstance } from './gpu-instances';

/**
 * What the library knows about SageMaker hosting instance families: one table, used by the spec
 * rules and by `SageMakerModelEndpoint`.
 *
 * - `gpus`: NVIDIA GPUs per instance size. SageMaker reports `GPUMemoryUtilization` as the sum over
 *   the instance's GPUs (0-100 % each), so the GPU memory alarm multiplies its threshold by this count.
 * - `localNvme`: the family has local NVMe instance storage, which the hardware encrypts. SageMaker
 *   refuses a KMS key for the storage volume of such instances (`CreateEndpointConfig` fails with a
 *   `KmsKeyId`), so the endpoint configuration leaves the key out when a variant uses one.
 * - `burstable`: T families; Application Auto Scaling does not scale them.
 * - `neuron`: AWS Inferentia or Trainium accelerators (no NVIDIA GPU metrics).
 *
 * A family missing from the table is treated as CPU-only, without local storage and not burstable:
 * the KMS key is kept (SageMaker refuses it at apply time if that is wrong, it is never silently
 * dropped). Add new families here.
 */
export interface SageMakerInstanceFamily {
  /** NVIDIA GPUs per size, e.g. `{ xlarge: 1, '12xlarge': 4 }`; absent for families without GPUs. */
  readonly gpus?: Readonly<Record<string, number>>;
  /** Local NVMe instance storage (hardware-encrypted; no KMS key for the volume). */
  readonly localNvme: boolean;
  /** A burstable (T) family. */
  readonly burstable?: boolean;
  /** Inferentia or Trainium accelerators. */
  readonly neuron?: boolean;
}

const CPU: SageMakerInstanceFamily = { localNvme: false };
const CPU_NVME: SageMakerInstanceFamily = { localNvme: true };
const BURSTABLE: SageMakerInstanceFamily = { localNvme: false, burstable: true };

/**
 * GPUs per size of an NVIDIA family, for the sizes SageMaker hosts (`ml.<family>.<size>`), from the
 * one GPU table (`gpu-instances.ts`): EC2 and SageMaker run the same hardware, so the counts must
 * agree. A size the GPU table does not know fails here, when the module loads.
 */
function gpusOf(family: string, sizes: readonly string[]): Readonly<Record<string, number>> {
  return Object.fromEntries(
    sizes.map((size) => {
      const found = gpuInstance(`${family}.${size}`);
      if (!found) throw new Error(`the GPU table has no ${family}.${size}`);
      return [size, found.gpus];
    }),
  );
}

/** The g5, g6 and g6e sizes SageMaker hosts. */
const G_SERIES_SIZES = [
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '16xlarge',
  '12xlarge',
  '24xlarge',
  '48xlarge',
];

/** SageMaker hosting instance families (`ml.<family>.<size>`). */
export const SAGEMAKER_INSTANCE_FAMILIES: Readonly<Record<string, SageMakerInstanceFamily>> = {
  // burstable CPU
  t2: BURSTABLE,
  t3: BURSTABLE,
  // CPU, EBS storage only
  m4: CPU,
  m5: CPU,
  m6i: CPU,
  m7i: CPU,
  m6g: CPU,
  m7g: CPU,
  c4: CPU,
  c5: CPU,
  c5n: CPU,
  c6i: CPU,
  c7i: CPU,
  c6g: CPU,
  c6gn: CPU,
  c7g: CPU,
  r5: CPU,
  r6i: CPU,
  r7i: CPU,
  r6g: CPU,
  r7g: CPU,
  // CPU with local NVMe storage
  m5d: CPU_NVME,
  c5d: CPU_NVME,
  r5d: CPU_NVME,
  m6gd: CPU_NVME,
  c6gd: CPU_NVME,
  r6gd: CPU_NVME,
  // NVIDIA GPUs (p2 and p3 are SageMaker-only here: EKS GPU node groups do not take them)
  p2: { localNvme: false, gpus: { xlarge: 1, '8xlarge': 8, '16xlarge': 16 } },
  p3: { localNvme: false, gpus: { '2xlarge': 1, '8xlarge': 4, '16xlarge': 8 } },
  p3dn: { localNvme: true, gpus: { '24xlarge': 8 } },
  p4d: { localNvme: true, gpus: gpusOf('p4d', ['24xlarge']) },
  p4de: { localNvme: true, gpus: gpusOf('p4de', ['24xlarge']) },
  p5: { localNvme: true, gpus: gpusOf('p5', ['4xlarge', '48xlarge']) },
  p5e: { localNvme: true, gpus: gpusOf('p5e', ['48xlarge']) },
  p5en: { localNvme: true, gpus: gpusOf('p5en', ['48xlarge']) },
  g4dn: {
    localNvme: true,
    gpus: gpusOf('g4dn', ['xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge']),
  },
  g5: { localNvme: true, gpus: gpusOf('g5', G_SERIES_SIZES) },
  g6: { localNvme: true, gpus: gpusOf('g6', G_SERIES_SIZES) },
  g6e: { localNvme: true, gpus: gpusOf('g6e', G_SERIES_SIZES) },
  gr6: { localNvme: true, gpus: gpusOf('gr6', ['4xlarge', '8xlarge']) },
  // AWS Inferentia and Trainium
  inf1: { localNvme: false, neuron: true },
  inf2: { localNvme: false, neuron: true },
  trn1: { localNvme: true, neuron: true },
  trn1n: { localNvme: true, neuron: true },
  trn2: { localNvme: true, neuron: true },
};

/** What one instance type is, from the table. */
export interface SageMakerInstanceTypeInfo {
  /** The family, e.g. `g5`. */
  readonly family: string;
  /** The size, e.g. `xlarge`. */
  readonly size: string;
  /** Whether the family is in `SAGEMAKER_INSTANCE_FAMILIES`. */
  readonly knownFamily: boolean;
  /** NVIDIA GPUs on one instance (0 without GPUs); `undefined` for a GPU family's unknown size. */
  readonly gpus: number | undefined;
  /** Local NVMe instance storage: SageMaker refuses a KMS key for the volume. */
  readonly localNvme: boolean;
  /** A burstable (T) type: Application Auto Scaling does not scale it. */
  readonly burstable: boolean;
}

/**
 * Looks up `ml.<family>.<size>` in `SAGEMAKER_INSTANCE_FAMILIES`; `undefined` when the string is
 * not of that form.
 */
export function describeInstanceType(instanceType: string): SageMakerInstanceTypeInfo | undefined {
  const match = /^ml\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceType);
  if (!match) return undefined;
  const [, family, size] = match;
  const known = hasOwn(SAGEMAKER_INSTANCE_FAMILIES, family);
  const entry = known ? SAGEMAKER_INSTANCE_FAMILIES[family] : CPU;
  return {
    family,
    size,
    knownFamily: known,
    gpus: entry.gpus ? (hasOwn(entry.gpus, size) ? entry.gpus[size] : undefined) : 0,
    localNvme: entry.localNvme,
    burstable: entry.burstable === true,
  };
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

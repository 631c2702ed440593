import { gpuInstance } from '../../../config/gpu-instances';
import { didYouMean } from '../../../core/validation/suggest';

/**
 * What the library knows about SageMaker hosting instance families: one table, used by the spec
 * rules and by `SageMakerModelServing`.
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
  /**
   * The sizes SageMaker hosts, for a family without NVIDIA GPUs (a GPU family's sizes are the keys
   * of `gpus`).
   */
  readonly sizes?: readonly string[];
  /** Neuron devices (Inferentia or Trainium chips) per size, for a `neuron` family. */
  readonly neuronDevices?: Readonly<Record<string, number>>;
}

const CPU = (sizes: readonly string[]): SageMakerInstanceFamily => ({ localNvme: false, sizes });
const CPU_NVME = (sizes: readonly string[]): SageMakerInstanceFamily => ({ localNvme: true, sizes });
const BURSTABLE = (sizes: readonly string[]): SageMakerInstanceFamily => ({
  localNvme: false,
  burstable: true,
  sizes,
});

// Size lists shared by several families
const T_SIZES = ['medium', 'large', 'xlarge', '2xlarge'];
const M4_SIZES = ['xlarge', '2xlarge', '4xlarge', '10xlarge', '16xlarge'];
const GEN5_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '12xlarge', '24xlarge'];
const C4_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge'];
const C5_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '18xlarge'];
const GEN6I_SIZES = [
  'large',
  'xlarge',
  '2xlarge',
  '4xlarge',
  '8xlarge',
  '12xlarge',
  '16xlarge',
  '24xlarge',
  '32xlarge',
];
/** The 7th-generation families end at 48xlarge where the 6th end at 32xlarge. */
const GEN7I_SIZES = [...GEN6I_SIZES.slice(0, -1), '48xlarge'];
const GRAVITON_SIZES = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];

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

/**
 * SageMaker hosting instance families (`ml.<family>.<size>`) and the sizes of each: the instance
 * types of real-time and asynchronous endpoints (serverless endpoints take none). Source: the
 * `InstanceType` values of `ProductionVariant` in the SageMaker API reference,
 * https://docs.aws.amazon.com/sagemaker/latest/APIReference/API_ProductionVariant.html (the
 * `ProductionVariantInstanceType` enum of the SageMaker API model 2017-07-24), and the accelerator
 * counts of https://aws.amazon.com/sagemaker/pricing/ (instance details). A size missing here is
 * refused by the spec's rules; add it with its source when AWS adds one.
 */
export const SAGEMAKER_INSTANCE_FAMILIES: Readonly<Record<string, SageMakerInstanceFamily>> = {
  // burstable CPU
  t2: BURSTABLE(T_SIZES),
  t3: BURSTABLE(T_SIZES),
  // CPU, EBS storage only
  m4: CPU(M4_SIZES),
  m5: CPU(GEN5_SIZES),
  m6i: CPU(GEN6I_SIZES),
  m7i: CPU(GEN7I_SIZES),
  m6g: CPU(GRAVITON_SIZES),
  m7g: CPU(GRAVITON_SIZES),
  c4: CPU(C4_SIZES),
  c5: CPU(C5_SIZES),
  c5n: CPU(C5_SIZES),
  c6i: CPU(GEN6I_SIZES),
  c7i: CPU(GEN7I_SIZES),
  c6g: CPU(GRAVITON_SIZES),
  c6gn: CPU(GRAVITON_SIZES),
  c7g: CPU(GRAVITON_SIZES),
  r5: CPU(GEN5_SIZES),
  r6i: CPU(GEN6I_SIZES),
  r7i: CPU(GEN7I_SIZES),
  r6g: CPU(GRAVITON_SIZES),
  r7g: CPU(GRAVITON_SIZES),
  // CPU with local NVMe storage
  m5d: CPU_NVME(GEN5_SIZES),
  c5d: CPU_NVME(C5_SIZES),
  r5d: CPU_NVME(GEN5_SIZES),
  m6gd: CPU_NVME(GRAVITON_SIZES),
  c6gd: CPU_NVME(GRAVITON_SIZES),
  r6gd: CPU_NVME(GRAVITON_SIZES),
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
  // AWS Inferentia and Trainium: Neuron devices (chips) per size
  inf1: {
    localNvme: false,
    neuron: true,
    neuronDevices: { xlarge: 1, '2xlarge': 1, '6xlarge': 4, '24xlarge': 16 },
  },
  inf2: {
    localNvme: false,
    neuron: true,
    neuronDevices: { xlarge: 1, '8xlarge': 1, '24xlarge': 6, '48xlarge': 12 },
  },
  trn1: { localNvme: true, neuron: true, neuronDevices: { '2xlarge': 1, '32xlarge': 16 } },
  trn1n: { localNvme: true, neuron: true, neuronDevices: { '32xlarge': 16 } },
  trn2: { localNvme: true, neuron: true, neuronDevices: { '48xlarge': 16 } },
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
  const entry = known ? SAGEMAKER_INSTANCE_FAMILIES[family] : UNKNOWN;
  return {
    family,
    size,
    knownFamily: known,
    gpus: entry.gpus ? (hasOwn(entry.gpus, size) ? entry.gpus[size] : undefined) : 0,
    localNvme: entry.localNvme,
    burstable: entry.burstable === true,
  };
}

const UNKNOWN: SageMakerInstanceFamily = { localNvme: false };

/** The sizes the table lists for a family (empty for an unknown family). */
export function sageMakerSizes(family: string): readonly string[] {
  if (!hasOwn(SAGEMAKER_INSTANCE_FAMILIES, family)) return [];
  const entry = SAGEMAKER_INSTANCE_FAMILIES[family];
  return entry.sizes ?? Object.keys(entry.gpus ?? entry.neuronDevices ?? {});
}

/** Every instance type of the table, e.g. `ml.g5.xlarge`. */
export const SAGEMAKER_INSTANCE_TYPES: readonly string[] = Object.keys(SAGEMAKER_INSTANCE_FAMILIES).flatMap(
  (family) => sageMakerSizes(family).map((size) => `ml.${family}.${size}`),
);

/**
 * What is wrong with a SageMaker hosting instance type (an unknown family or size, naming the
 * allowed ones and the closest type); `undefined` for a type of the table.
 */
export function sageMakerInstanceTypeProblem(instanceType: string): string | undefined {
  const match = /^ml\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(instanceType);
  const family = match?.[1];
  if (family !== undefined && hasOwn(SAGEMAKER_INSTANCE_FAMILIES, family)) {
    const sizes = sageMakerSizes(family);
    if (sizes.includes(match![2])) return undefined;
    return (
      `must be a size of the ml.${family} family SageMaker hosts (${sizes.join(', ')})` +
      didYouMean(instanceType, SAGEMAKER_INSTANCE_TYPES)
    );
  }
  return (
    "must be a SageMaker hosting instance type 'ml.<family>.<size>' such as 'ml.g5.xlarge' " +
    `(families: ${Object.keys(SAGEMAKER_INSTANCE_FAMILIES).join(', ')})` +
    didYouMean(instanceType, SAGEMAKER_INSTANCE_TYPES)
  );
}

function hasOwn(record: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

/** CPU and memory quantities of a Kubernetes model's pods, and whether a pod fits its node. */
import { matching } from '../../../core/validation/rules';
import { type Allocatable, describeAllocatable } from '../../../config/node-allocatable';

const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** A CPU quantity such as `500m` or `2`. */
export const cpuQuantity = matching(CPU, "must be a CPU quantity such as '500m', '1' or '2.5'");
/** A memory quantity such as `512Mi` or `4Gi`. */
export const memoryQuantity = matching(MEMORY, "must be a memory quantity such as '512Mi' or '4Gi'");

/** Cores of a CPU quantity (`500m` is 0.5), or undefined for a token. */
export function cpuCores(quantity: string): number | undefined {
  if (!CPU.test(quantity)) return undefined;
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bytes of a memory quantity (`1Gi` is 2^30), or undefined for a token. */
export function memoryBytes(quantity: string): number | undefined {
  const match = MEMORY.exec(quantity);
  return match ? Number(match[1]) * MEMORY_UNITS[match[3] ?? ''] : undefined;
}

/** Requests and limits of the init container that downloads a model's artifact. */
export const ARTIFACT_DOWNLOAD_RESOURCES = Object.freeze({
  requests: Object.freeze({ cpu: '500m', memory: '512Mi' }),
  limits: Object.freeze({ cpu: '1', memory: '1Gi' }),
});

/** What a model's pod requests from its node. */
export interface PodRequests {
  /** CPU, in millicores. */
  readonly cpuMilli: number;
  /** Memory, in MiB. */
  readonly memoryMiB: number;
  /** NVIDIA GPUs. */
  readonly gpus: number;
}

/**
 * What a model's pod requests by Kubernetes rules: for each resource, the larger of its init
 * container's request (the artifact download) and the sum of its containers' (the model server
 * alone). `undefined` while a quantity is an unresolved token.
 */
export function podRequests(serving: { cpu: string; memory: string; gpu: number }): PodRequests | undefined {
  const cores = cpuCores(serving.cpu);
  const bytes = memoryBytes(serving.memory);
  const init = ARTIFACT_DOWNLOAD_RESOURCES.requests;
  if (cores === undefined || bytes === undefined) return undefined;
  return {
    cpuMilli: Math.max(Math.ceil(cores * 1000), cpuCores(init.cpu)! * 1000),
    memoryMiB: Math.max(Math.ceil(bytes / 2 ** 20), memoryBytes(init.memory)! / 2 ** 20),
    gpus: serving.gpu,
  };
}

/** A resource of a model's pod that does not fit its node: the field, its value and why. */
export interface FitProblem {
  readonly field: 'cpu' | 'memory';
  readonly value: string;
  readonly message: string;
}

/**
 * The model's CPU and memory requests that exceed what the smallest node of its group leaves to
 * pods (`allocatable`); `group` names the group in messages, e.g. `the a10g GPU node group`.
 */
export function fitProblems(
  serving: { cpu: string; memory: string; gpu: number },
  allocatable: Allocatable,
  group: string,
): FitProblem[] {
  const pod = podRequests(serving);
  if (pod === undefined) return [];
  const node =
    `must fit one node of ${group} (its smallest instance type ${allocatable.instanceType} leaves ` +
    `${describeAllocatable(allocatable)} to pods after the kubelet's reservations and the DaemonSets' requests)`;
  const init = ARTIFACT_DOWNLOAD_RESOURCES.requests;
  const problems: FitProblem[] = [];
  if (pod.cpuMilli > allocatable.cpuMilli) {
    problems.push({
      field: 'cpu',
      value: serving.cpu,
      message: `${node}: the pod requests ${pod.cpuMilli}m CPU (the larger of cpu and the artifact download's ${init.cpu})`,
    });
  }
  if (pod.memoryMiB > allocatable.memoryMiB) {
    problems.push({
      field: 'memory',
      value: serving.memory,
      message: `${node}: the pod requests ${pod.memoryMiB}Mi memory (the larger of memory and the artifact download's ${init.memory})`,
    });
  }
  return problems;
}

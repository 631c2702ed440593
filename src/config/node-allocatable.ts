import { type Ec2InstanceType, ec2InstanceType } from './ec2-instances';

/**
 * What a node of a node group leaves to pods: the instance's capacity less the kubelet's
 * reservations of the EKS AMIs and the requests of the DaemonSets that run on every node of the
 * group. One documented table, used to refuse a model whose pod could never be scheduled.
 *
 * Kubelet reservations (the same on AL2023 and Bottlerocket EKS AMIs):
 * - kube-reserved CPU: 6% of the first core, 1% of the second, 0.5% of the third and fourth,
 *   0.25% of every core above four (awslabs/amazon-eks-ami, nodeadm
 *   `internal/kubelet/config.go`, `getCPUMillicoresToReserve`; bottlerocket-os/bottlerocket
 *   `sources/api/schnauzer` `kube_reserve_cpu`).
 * - kube-reserved memory: 11 MiB × maxPods + 255 MiB (same sources, `getMemoryMebibytesToReserve`
 *   and `kube_reserve_memory`).
 * - hard eviction threshold: `memory.available < 100Mi`.
 *
 * Known limit: the kernel keeps a few percent of an instance's nominal memory for itself, so a
 * node's real allocatable memory is somewhat lower than computed here; size memory with headroom.
 */

/** Memory the kubelet's hard eviction threshold keeps free, in MiB. */
export const EVICTION_HARD_MEMORY_MIB = 100;

/** CPU the EKS AMIs reserve for the kubelet and the container runtime, in millicores. */
export function kubeReservedCpuMilli(vcpus: number): number {
  const milli = vcpus * 1000;
  // [from, to, reserved per 10000] millicore ranges, each rounded down as nodeadm does
  const ranges: ReadonlyArray<readonly [number, number, number]> = [
    [0, 1000, 600],
    [1000, 2000, 100],
    [2000, 4000, 50],
    [4000, Infinity, 25],
  ];
  return ranges.reduce(
    (sum, [from, to, rate]) =>
      sum + Math.floor(((Math.min(milli, to) - Math.min(milli, from)) * rate) / 10000),
    0,
  );
}

/** Memory the EKS AMIs reserve for the kubelet and the container runtime, in MiB. */
export function kubeReservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

/** Which nodes a DaemonSet runs on. */
export type DaemonPlacement = 'every node' | 'GPU nodes' | 'AL2023 GPU nodes';

/** A DaemonSet the library installs, with what one of its pods requests. */
export interface NodeDaemon {
  /** The DaemonSet's name. */
  readonly name: string;
  /** The pod's CPU request in millicores (Kubernetes rules: the larger of its init containers' and the sum of its containers'). */
  readonly cpuMilli: number;
  /** The pod's memory request in MiB (same rule). */
  readonly memoryMiB: number;
  /** Where it runs. */
  readonly placement: DaemonPlacement;
  /** Where the figures come from. */
  readonly source: string;
}

/**
 * The DaemonSets of the EKS managed add-ons the cluster always installs (at the versions pinned
 * in `versions.ts`). Each tolerates every taint, so each runs on GPU nodes too.
 */
export const MANAGED_ADDON_DAEMONS: readonly NodeDaemon[] = Object.freeze([
  {
    name: 'aws-node',
    // aws-node 25m + aws-eks-nodeagent (network policy agent, enabled) 25m; init container 25m
    cpuMilli: 50,
    memoryMiB: 0,
    placement: 'every node',
    source: 'aws/amazon-vpc-cni-k8s v1.22.4 config/master/aws-k8s-cni.yaml',
  },
  {
    name: 'kube-proxy',
    cpuMilli: 100,
    memoryMiB: 0,
    placement: 'every node',
    source: 'the EKS kube-proxy add-on DaemonSet (requests cpu 100m, no memory request)',
  },
  {
    name: 'eks-pod-identity-agent',
    cpuMilli: 0,
    memoryMiB: 0,
    placement: 'every node',
    source: 'aws/eks-pod-identity-agent charts/eks-pod-identity-agent/values.yaml (resources: {})',
  },
  {
    name: 'ebs-csi-node',
    // ebs-plugin 10m/40Mi, node-driver-registrar 10m/32Mi, liveness-probe 10m/32Mi
    cpuMilli: 30,
    memoryMiB: 104,
    placement: 'every node',
    source:
      'kubernetes-sigs/aws-ebs-csi-driver v1.63.1 charts/aws-ebs-csi-driver (values.yaml node.resources, templates/node.yaml sidecar defaults; node.tolerateAllTaints: true)',
  },
]);

/** The NVIDIA device plugin (AL2023 NVIDIA nodes only; the library sets no requests). */
export const NVIDIA_DEVICE_PLUGIN_DAEMON: NodeDaemon = Object.freeze({
  name: 'nvidia-device-plugin',
  cpuMilli: 0,
  memoryMiB: 0,
  placement: 'AL2023 GPU nodes',
  source:
    'NVIDIA/k8s-device-plugin deployments/helm/nvidia-device-plugin/values.yaml at 00f2a02c (resources: {}; the library sets none)',
});

/**
 * The DCGM exporter of the CloudWatch Observability add-on (every NVIDIA node, with
 * `containerInsights`): one of `CLOUDWATCH_OBSERVABILITY_DAEMONS`. The `addons.dcgmExporter` chart
 * is no longer installed, so nothing counts that chart's exporter.
 */
export const DCGM_EXPORTER_DAEMON: NodeDaemon = Object.freeze({
  name: 'dcgm-exporter',
  // the chart's node affinity selects its `dcgmExporter.affinity` list of NVIDIA instance
  // types; of the library's GPU types that list lacks p5.4xlarge and p6-b200.48xlarge, where
  // counting it keeps 250m and 128Mi more than needed
  cpuMilli: 250,
  memoryMiB: 128,
  placement: 'GPU nodes',
  source:
    'aws-observability/helm-charts amazon-cloudwatch-observability 6.2.0 values.yaml dcgmExporter.resources.requests (DcgmExporter custom resource)',
});

/**
 * The DaemonSets of the Amazon CloudWatch Observability add-on (`cluster.containerInsights`, on by
 * default) on Linux nodes, at its default configuration (the library passes none). Source:
 * aws-observability/helm-charts `charts/amazon-cloudwatch-observability/values.yaml` and
 * `templates/linux/`, chart 6.2.0 (commit ffea3d4), the release nearest the pinned add-on
 * `v6.0.1-eksbuild.1` (the repository has no 6.0.x chart; chart 5.4.0, commit d511df7, requests
 * the same). Every one inherits the chart's default `tolerations: [{ operator: Exists }]`, so it
 * tolerates the GPU nodes' `nvidia.com/gpu=true:NoSchedule` taint. Not counted: the Neuron monitor
 * (256m, 128Mi; Trainium/Inferentia instance types only, which no node group of the library uses),
 * the node exporter (50m, 30Mi; rendered only with `otelContainerInsights.enabled`, off by
 * default), the cluster scraper agent and kube-state-metrics (Deployments, and only with
 * `otelContainerInsights`), and the Windows DaemonSets.
 */
export const CLOUDWATCH_OBSERVABILITY_DAEMONS: readonly NodeDaemon[] = Object.freeze([
  {
    name: 'cloudwatch-agent',
    cpuMilli: 250,
    memoryMiB: 128,
    placement: 'every node',
    source:
      'aws-observability/helm-charts amazon-cloudwatch-observability 6.2.0 values.yaml agent.resources.requests (AmazonCloudWatchAgent mode daemonset, affinity: not Fargate)',
  },
  {
    name: 'fluent-bit',
    cpuMilli: 50,
    memoryMiB: 25,
    placement: 'every node',
    source:
      'aws-observability/helm-charts amazon-cloudwatch-observability 6.2.0 values.yaml containerLogs.fluentBit.resources.requests',
  },
  DCGM_EXPORTER_DAEMON,
]);

/** What a group's nodes are, as far as the DaemonSets' placement goes. */
export interface NodeKind {
  /** Whether the nodes have GPUs. */
  readonly gpu: boolean;
  /** Whether they run Amazon Linux 2023 (rather than Bottlerocket). */
  readonly al2023: boolean;
}

/** Whether a DaemonSet runs on nodes of that kind. */
export function runsOn(daemon: NodeDaemon, kind: NodeKind): boolean {
  switch (daemon.placement) {
    case 'every node':
      return true;
    case 'GPU nodes':
      return kind.gpu;
    case 'AL2023 GPU nodes':
      return kind.gpu && kind.al2023;
  }
}

/** What one node leaves to a pod. */
export interface Allocatable {
  /** The instance type. */
  readonly instanceType: string;
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Memory in MiB. */
  readonly memoryMiB: number;
  /** GPUs. */
  readonly gpus: number;
}

/**
 * What a node of `type` leaves to pods: capacity less the kubelet's reservations, the eviction
 * threshold and the requests of `daemons` (those that run on it).
 */
export function allocatableOf(type: Ec2InstanceType, daemons: readonly NodeDaemon[]): Allocatable {
  const cpu = daemons.reduce((sum, d) => sum + d.cpuMilli, 0);
  const memory = daemons.reduce((sum, d) => sum + d.memoryMiB, 0);
  return {
    instanceType: type.instanceType,
    cpuMilli: type.vcpus * 1000 - kubeReservedCpuMilli(type.vcpus) - cpu,
    memoryMiB: type.memoryMiB - kubeReservedMemoryMiB(type.maxPods) - EVICTION_HARD_MEMORY_MIB - memory,
    gpus: type.gpus,
  };
}

/**
 * The smallest node of a group (least memory, then least CPU, left to pods) among its instance
 * types; `undefined` when a type is not in the table.
 */
export function smallestAllocatable(
  instanceTypes: readonly string[],
  daemons: readonly NodeDaemon[],
): Allocatable | undefined {
  const types = instanceTypes.map(ec2InstanceType);
  if (types.length === 0 || types.some((t) => t === undefined)) return undefined;
  return types
    .map((t) => allocatableOf(t!, daemons))
    .reduce((small, a) =>
      a.memoryMiB < small.memoryMiB || (a.memoryMiB === small.memoryMiB && a.cpuMilli < small.cpuMilli)
        ? a
        : small,
    );
}

/** `7730m CPU, 30543Mi memory and 1 GPU`: what a node leaves to pods, for messages. */
export function describeAllocatable(a: Allocatable): string {
  const gpus = a.gpus > 0 ? ` and ${a.gpus} GPU${a.gpus === 1 ? '' : 's'}` : '';
  return `${a.cpuMilli}m CPU, ${a.memoryMiB}Mi memory${gpus}`;
}

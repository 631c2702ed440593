/**
 * Rules between the environment's Kubernetes models and its cluster: a model's pods fit the nodes
 * of its group; the groups and the namespace quota hold every GPU model at its peak.
 */
import type { z } from 'zod';
import { DEFAULT_SYSTEM_NODES } from './cluster';
import { gpuInstance } from './gpu-instances';
import { fitProblems } from '../serving/kubernetes/spec/resources';
import { colourVersionProblem, fixedReplicasOf } from '../serving/kubernetes/spec/rules';
import { kubernetesServingSchema } from '../serving/kubernetes/spec/schema';
import {
  CLOUDWATCH_OBSERVABILITY_DAEMONS,
  MANAGED_ADDON_DAEMONS,
  NVIDIA_DEVICE_PLUGIN_DAEMON,
  type NodeDaemon,
  type NodeKind,
  runsOn,
  smallestAllocatable,
} from './node-allocatable';
import type { SpecLike } from './spec-sections';

/** A Kubernetes model as the rules read it. */
export type KubernetesModel = {
  version?: unknown;
  serving: Partial<z.output<typeof kubernetesServingSchema>>;
};

type GpuGroup = NonNullable<SpecLike['cluster']>['gpuNodeGroups'][number];

/** The GPU node group a GPU model runs on: the one it names, or the cluster's only one. */
function targetGroup(groups: readonly GpuGroup[], named: string | undefined): GpuGroup | undefined {
  return named !== undefined
    ? groups.find((g) => g.name === named)
    : groups.length === 1
      ? groups[0]
      : undefined;
}

/** GPUs on one node of a group (its instance types all have the same count). */
function gpusPerNode(group: GpuGroup): number | undefined {
  return gpuInstance(group.instanceTypes?.[0] ?? '')?.gpus;
}

/** Rules of a Kubernetes model that depend on the rest of the environment (cluster, policy). */
export function checkKubernetesModel(
  spec: SpecLike,
  model: KubernetesModel,
  index: number,
  ctx: z.RefinementCtx,
): void {
  const serving = model.serving;
  const at = (...path: PropertyKey[]) => ['models', index, 'serving', ...path];
  const groups = Array.isArray(spec.cluster?.gpuNodeGroups) ? spec.cluster.gpuNodeGroups : [];
  const gpu = typeof serving.gpu === 'number' ? serving.gpu : 0;
  if (gpu > 0) {
    const named = serving.gpuNodeGroup;
    const group = targetGroup(groups, named);
    if (groups.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpu'),
        input: gpu,
        message: 'needs a GPU node group: add one to cluster.gpuNodeGroups',
      });
    } else if (named === undefined && groups.length > 1) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpuNodeGroup'),
        input: undefined,
        message: `is required when the cluster has several GPU node groups (${groups.map((g) => g.name).join(', ')})`,
      });
    } else if (group === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: at('gpuNodeGroup'),
        input: named,
        message: `must name a GPU node group of the cluster (${groups.map((g) => g.name).join(', ')})`,
      });
    } else {
      const perNode = gpusPerNode(group);
      if (perNode !== undefined && gpu > perNode) {
        ctx.addIssue({
          code: 'custom',
          path: at('gpu'),
          input: gpu,
          message: `must fit on one node of the ${group.name} group (${perNode} GPU${perNode === 1 ? '' : 's'} per node)`,
        });
      }
      const al2023 = (group.amiType ?? 'AL2023_x86_64_NVIDIA') === 'AL2023_x86_64_NVIDIA';
      checkFit(
        spec,
        serving,
        group.instanceTypes,
        { gpu: true, al2023 },
        `the ${group.name} GPU node group`,
        at,
        ctx,
      );
    }
  } else {
    // CPU models carry no node selector or toleration: only the untainted system nodes take them
    const system = Array.isArray(spec.systemNodes?.instanceTypes)
      ? spec.systemNodes.instanceTypes
      : DEFAULT_SYSTEM_NODES.instanceTypes;
    checkFit(spec, serving, system, { gpu: false, al2023: true }, 'the system node group', at, ctx);
  }
  const floor = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  if (typeof serving.replicas?.min === 'number' && serving.replicas.min < floor) {
    ctx.addIssue({
      code: 'custom',
      path: at('replicas', 'min'),
      input: serving.replicas.min,
      message: `must be at least ${floor} in this environment (minReplicas): GPU models take minutes to start cold`,
    });
  }
  if (serving.ingress !== undefined && spec.cluster?.addons?.loadBalancerController?.enabled === false) {
    ctx.addIssue({
      code: 'custom',
      path: at('ingress'),
      input: serving.ingress,
      message:
        'needs the AWS Load Balancer Controller (it binds the pods to the target groups): it is disabled in cluster.addons.loadBalancerController',
    });
  }
  const existing = spec.network?.existing;
  if (
    serving.ingress?.internetFacing === true &&
    existing !== undefined &&
    (existing.publicSubnetIds ?? []).length === 0
  ) {
    ctx.addIssue({
      code: 'custom',
      path: at('ingress', 'internetFacing'),
      input: true,
      message: 'needs public subnets: network.existing.publicSubnetIds is empty',
    });
  }
  const colourProblem = colourVersionProblem(model.version, serving.rollout);
  if (colourProblem !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['models', index, 'version'],
      input: model.version,
      message: colourProblem,
    });
  }
}

/** The DaemonSets the spec installs that run on nodes of `kind`. */
function daemonsOn(spec: SpecLike, kind: NodeKind): NodeDaemon[] {
  const addons = spec.cluster?.addons;
  const al2023Groups = (spec.cluster?.gpuNodeGroups ?? []).some(
    (g) => (g.amiType ?? 'AL2023_x86_64_NVIDIA') === 'AL2023_x86_64_NVIDIA',
  );
  return [
    ...MANAGED_ADDON_DAEMONS,
    ...((addons?.nvidiaDevicePlugin?.enabled ?? al2023Groups) ? [NVIDIA_DEVICE_PLUGIN_DAEMON] : []),
    // the CloudWatch Observability add-on's agent, Fluent Bit and DCGM exporter (the deprecated
    // addons.dcgmExporter chart installs nothing)
    ...((spec.cluster?.containerInsights ?? true) ? CLOUDWATCH_OBSERVABILITY_DAEMONS : []),
  ].filter((d) => runsOn(d, kind));
}

/**
 * Reports a model whose pod requests more CPU or memory than the smallest node of its group
 * leaves to pods: it would never be scheduled.
 */
function checkFit(
  spec: SpecLike,
  serving: KubernetesModel['serving'],
  instanceTypes: unknown,
  kind: NodeKind,
  group: string,
  at: (...path: PropertyKey[]) => PropertyKey[],
  ctx: z.RefinementCtx,
): void {
  if (!Array.isArray(instanceTypes) || typeof serving.cpu !== 'string' || typeof serving.memory !== 'string')
    return;
  const allocatable = smallestAllocatable(instanceTypes as string[], daemonsOn(spec, kind));
  if (allocatable === undefined) return;
  const gpu = typeof serving.gpu === 'number' ? serving.gpu : 0;
  for (const problem of fitProblems({ cpu: serving.cpu, memory: serving.memory, gpu }, allocatable, group)) {
    ctx.addIssue({ code: 'custom', path: at(problem.field), input: problem.value, message: problem.message });
  }
}

/** A GPU model at its peak: `replicas.max` on the autoscaled track plus the idle colour or canary. */
interface GpuDemand {
  readonly name: string;
  readonly gpu: number;
  readonly pods: number;
  readonly group?: string;
}

const PEAK = 'replicas.max plus the idle colour or canary';

/**
 * The GPU quota and the GPU node groups must hold every GPU model at its peak; otherwise the
 * autoscaler stops short of `replicas.max` or a release's extra pods never schedule, and nothing
 * says why until a traffic peak.
 */
export function checkGpuCapacity(spec: SpecLike, models: unknown[], ctx: z.RefinementCtx): void {
  const cluster = spec.cluster;
  if (cluster === undefined) return;
  const groups = Array.isArray(cluster.gpuNodeGroups) ? cluster.gpuNodeGroups : [];
  const demands: GpuDemand[] = [];
  for (const model of models) {
    const { name, version, serving } = (model ?? {}) as {
      name?: unknown;
      version?: unknown;
      serving?: unknown;
    };
    if (typeof name !== 'string' || typeof version !== 'string') continue;
    // a model with errors of its own is reported by them
    const parsed = kubernetesServingSchema.safeParse(serving);
    if (!parsed.success || parsed.data.gpu === 0) continue;
    const s = parsed.data;
    const group = targetGroup(groups, s.gpuNodeGroup)?.name;
    demands.push({ name, gpu: s.gpu, pods: s.replicas.max + fixedReplicasOf(version, s), group });
  }
  const list = (ds: GpuDemand[]) => ds.map((d) => `${d.name} ${d.pods} × ${d.gpu}`).join(', ');
  const total = (ds: GpuDemand[]) => ds.reduce((sum, d) => sum + d.pods * d.gpu, 0);

  groups.forEach((group, index) => {
    const perNode = gpusPerNode(group);
    const placed = demands.filter((d) => d.group === group.name && d.gpu <= (perNode ?? 0));
    if (perNode === undefined || placed.length === 0 || typeof group.maxSize !== 'number') return;
    // a lower bound on the nodes: never more than perNode GPUs on one, and a pod never spans two
    const nodes = Math.max(
      Math.ceil(total(placed) / perNode),
      ...placed.map((d) => Math.ceil(d.pods / Math.floor(perNode / d.gpu))),
    );
    if (group.maxSize < nodes) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'gpuNodeGroups', index, 'maxSize'],
        input: group.maxSize,
        message:
          `must hold the GPU models at their peak (${PEAK}): at least ${nodes} nodes of ` +
          `${perNode} GPU${perNode === 1 ? '' : 's'} for ${list(placed)} (pods × GPUs)`,
      });
    }
  });

  const quota = cluster.serving?.gpuQuota;
  if (typeof quota !== 'number' || demands.length === 0) return;
  const namespace = cluster.serving?.namespace ?? 'models';
  const namespaces = cluster.serving?.namespacePerModel
    ? demands.map((d) => ({ name: `${namespace}-${d.name}`, demands: [d] }))
    : [{ name: namespace, demands }];
  for (const ns of namespaces) {
    const needed = total(ns.demands);
    if (quota < needed) {
      ctx.addIssue({
        code: 'custom',
        path: ['cluster', 'serving', 'gpuQuota'],
        input: quota,
        message:
          `must cover the GPU models of namespace ${ns.name} at their peak (${PEAK}): ` +
          `${needed} GPUs for ${list(ns.demands)} (pods × GPUs)`,
      });
    }
  }
}

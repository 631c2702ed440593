import type { IConstruct } from 'constructs';
import type { IServingCluster } from '../../../cluster/cluster-contract';
import { invalidProps } from '../../../core/validation/issues';
import { fitProblems } from '../spec/resources';
import type { ResolvedKubernetesServing } from './tracks';

/** The GPU node group a model runs on. */
export type GpuGroup = NonNullable<ReturnType<IServingCluster['gpuNodeGroup']>>;

/**
 * The GPU node group of a GPU model (`serving.gpuNodeGroup`, or the cluster's only one), or
 * undefined for a CPU model; refuses a missing group and a GPU count one node cannot hold.
 */
export function gpuGroupOf(
  scope: IConstruct,
  cluster: IServingCluster,
  s: ResolvedKubernetesServing,
): GpuGroup | undefined {
  if (s.gpu === 0) return undefined;
  const groups = cluster.gpuNodeGroups;
  const group =
    s.gpuNodeGroup !== undefined
      ? cluster.gpuNodeGroup(s.gpuNodeGroup)
      : groups.length === 1
        ? groups[0]
        : undefined;
  const names = groups.map((g) => g.name).join(', ') || 'none';
  if (!group) {
    throw invalidProps(scope, [
      {
        path: s.gpuNodeGroup !== undefined ? 'serving.gpuNodeGroup' : 'serving.gpu',
        message:
          s.gpuNodeGroup !== undefined
            ? `must name a GPU node group of the cluster (${names})`
            : `needs exactly one GPU node group in the cluster or serving.gpuNodeGroup (groups: ${names})`,
        value: s.gpuNodeGroup ?? s.gpu,
      },
    ]);
  }
  if (s.gpu > group.gpusPerNode) {
    throw invalidProps(scope, [
      {
        path: 'serving.gpu',
        message: `must fit on one node of the ${group.name} group (${group.gpusPerNode} per node)`,
        value: s.gpu,
      },
    ]);
  }
  return group;
}

/**
 * Refuses a pod that requests more CPU or memory than the smallest node of its group leaves to
 * pods (GPU models: their GPU group; CPU models: the system nodes, the only untainted ones).
 * DaemonSets count once recorded on the cluster (`ClusterAddons` records its own: create it
 * before the models).
 */
export function checkFit(
  scope: IConstruct,
  cluster: IServingCluster,
  s: ResolvedKubernetesServing,
  gpuGroup: GpuGroup | undefined,
): void {
  const group = gpuGroup ?? cluster.systemNodes;
  // an imported cluster's node groups are not the library's: nothing to check them against
  if (!group) return;
  const allocatable = cluster.allocatableOf(group);
  if (allocatable === undefined) return;
  const label = gpuGroup ? `the ${gpuGroup.name} GPU node group` : 'the system node group';
  const problems = fitProblems(s, allocatable, label);
  if (problems.length > 0) {
    throw invalidProps(
      scope,
      problems.map((f) => ({ path: `serving.${f.field}`, message: f.message, value: f.value })),
    );
  }
}

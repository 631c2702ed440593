import {
  type Allocatable,
  MANAGED_ADDON_DAEMONS,
  type NodeDaemon,
  runsOn,
  smallestAllocatable,
} from '../../config/node-allocatable';
import type { ServingNodeGroup } from '../serving-node-group';

/** The DaemonSets recorded on a cluster (the managed add-ons' first) and what they leave to pods. */
export class NodeDaemons {
  private readonly daemons: NodeDaemon[] = [...MANAGED_ADDON_DAEMONS];

  /** Records a DaemonSet, once by name. */
  public add(daemon: NodeDaemon): void {
    if (!this.daemons.some((d) => d.name === daemon.name)) this.daemons.push(daemon);
  }

  /** The recorded DaemonSets. */
  public get list(): readonly NodeDaemon[] {
    return [...this.daemons];
  }

  /**
   * What the smallest node of a group leaves to pods: its capacity less the kubelet's reservations
   * and the requests of the recorded DaemonSets that run on it.
   */
  public allocatableOf(group: ServingNodeGroup): Allocatable | undefined {
    const kind = { gpu: group.gpusPerNode > 0, al2023: !group.bottlerocket };
    return smallestAllocatable(
      group.instanceTypes,
      this.daemons.filter((d) => runsOn(d, kind)),
    );
  }
}

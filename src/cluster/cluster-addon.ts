import { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { z } from 'zod';
import type { PinnedChart } from '../config/versions';
import type { PropShape } from '../core/prop-rules';
import { deepMerge } from '../core/deep-merge';
import type { IServingCluster } from './cluster-contract';

/** What `ClusterAddons` gives each add-on it installs. */
export interface ClusterAddOnContext {
  /** Where the add-on's constructs go (its release, its roles): the `ClusterAddons` construct. */
  readonly scope: Construct;
  /** The VPC's ID. */
  readonly vpcId: string;
  /** The region. */
  readonly region: string;
  /**
   * What a release must wait for besides its own resources: the cluster's in-cluster
   * dependencies and, once installed, the AWS Load Balancer Controller's release (its webhooks).
   */
  readonly dependsOn: readonly ITerraformDependable[];
  /** A Helm release with the library's settings (see `AddOnReleaseOptions`). */
  helmRelease(options: AddOnReleaseOptions): Release;
}

/** A Helm release of an add-on. */
export interface AddOnReleaseOptions {
  /** Construct id of the release in the context's scope (also its key in `ClusterAddons.releases`). */
  readonly id: string;
  /** The chart, pinned. */
  readonly chart: PinnedChart;
  /** The release's name. */
  readonly name: string;
  /** The release's namespace (created unless it is `kube-system`). */
  readonly namespace: string;
  /** The chart values. */
  readonly values: Readonly<Record<string, unknown>>;
  /** Values merged over `values` (objects merge, other values replace). @default - none */
  readonly extraValues?: Readonly<Record<string, unknown>>;
  /** What the release waits for besides the context's `dependsOn` (e.g. its role). @default - nothing more */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/**
 * Something installed in the cluster by `ClusterAddons`, in list order: the library's Helm add-ons
 * (`LoadBalancerControllerAddOn`, `NvidiaDevicePluginAddOn`, `MetricsServerAddOn`,
 * `ClusterAutoscalerAddOn`) or your own.
 */
export interface ClusterAddOn {
  /** Installs the add-on; returns its Helm release, if it made one. */
  install(cluster: IServingCluster, context: ClusterAddOnContext): Release | undefined;
}

/** The prop rule for an add-on: anything with an `install` method. */
export const clusterAddOnProp = z.custom<ClusterAddOn>(
  (a) => typeof (a as PropShape)?.install === 'function',
  {
    error: 'must be a cluster add-on (ClusterAddOn)',
  },
);

/**
 * The release of `helmRelease`: atomic, waited for, 10 minutes, 5 revisions kept; it waits for
 * `first` (the cluster's in-cluster dependencies), its own `dependsOn`, then `last` (the load
 * balancer controller's release, once installed).
 */
export function addOnRelease(
  scope: Construct,
  first: readonly ITerraformDependable[],
  last: readonly ITerraformDependable[],
  o: AddOnReleaseOptions,
): Release {
  return new Release(scope, o.id, {
    name: o.name,
    namespace: o.namespace,
    createNamespace: o.namespace !== 'kube-system',
    repository: o.chart.repository,
    chart: o.chart.chart,
    version: o.chart.version,
    values: [JSON.stringify(deepMerge({ ...o.values }, { ...(o.extraValues ?? {}) }))],
    atomic: true,
    cleanupOnFail: true,
    wait: true,
    timeout: 600,
    maxHistory: 5,
    dependsOn: [...first, ...(o.dependsOn ?? []), ...last],
  });
}

import type { Release } from '@cdktf/provider-helm/lib/release';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { helmAddonSchema, vpcId } from '../config/cluster';
import type { ClusterAddonsSpec, HelmAddonSpec } from '../config/cluster-types';
import { awsRegion } from '../core/validation/rules';
import { type PropsAgree, invalidProps, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import { type ClusterAddOn, type ClusterAddOnContext, addOnRelease, clusterAddOnProp } from './cluster-addon';
import { type IServingCluster, servingClusterProp } from './cluster-contract';
import {
  ClusterAutoscalerAddOn,
  DcgmExporterAddOn,
  LoadBalancerControllerAddOn,
  MetricsServerAddOn,
  NvidiaDevicePluginAddOn,
} from './helm-addons';

/** @deprecated Use `HelmAddonSpec` (the same shape). */
export type HelmAddonSettings = HelmAddonSpec;

/**
 * Props of `ClusterAddons`: the cluster, and either the add-ons (`addOns`) or the settings of the
 * library's (`ClusterAddonsSpec`, as in an environment spec).
 */
export interface ClusterAddonsProps extends ClusterAddonsSpec {
  /** The cluster. */
  readonly cluster: IServingCluster;
  /** The VPC's ID (the load balancer controller cannot read it from instance metadata with a hop limit of 1). */
  readonly vpcId: string;
  /** The region. @default - the provider's region */
  readonly region?: string;
  /**
   * What to install, in this order. Append your own `ClusterAddOn`s to the library's list, e.g.
   * `[...ClusterAddons.defaultAddOns(), new MyAddOn()]`; refused together with the per-add-on
   * settings below (give those to `defaultAddOns` instead).
   * @default - `ClusterAddons.defaultAddOns(...)` of the per-add-on settings below
   */
  readonly addOns?: readonly ClusterAddOn[];
}

const LEGACY_SETTINGS = [
  'nvidiaDevicePlugin',
  'metricsServer',
  'clusterAutoscaler',
  'loadBalancerController',
  'dcgmExporter',
] as const;

const propsSchema = z.strictObject({
  cluster: servingClusterProp,
  vpcId: vpcId,
  region: awsRegion.optional(),
  addOns: z.array(clusterAddOnProp).optional(),
  nvidiaDevicePlugin: helmAddonSchema.optional(),
  metricsServer: helmAddonSchema.optional(),
  clusterAutoscaler: helmAddonSchema.optional(),
  loadBalancerController: helmAddonSchema.optional(),
  dcgmExporter: helmAddonSchema.optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ClusterAddonsProps> = true;
void propsAgree;

/**
 * Installs add-ons in the cluster, in list order (`addOns`). By default the library's Helm
 * add-ons, each at a pinned chart version (`config/versions.ts`), each possible to turn off or to
 * give extra values: the AWS Load Balancer Controller, the NVIDIA device plugin (AL2023 NVIDIA
 * nodes only; Bottlerocket ships its own), metrics-server and the Cluster Autoscaler (the two
 * controllers each with its own least-privilege role). Controllers run on the system nodes; GPU
 * daemons tolerate the GPU taint. The load balancer controller is installed first and every
 * other release waits for it (its webhooks; see `webhookDependencies`).
 */
export class ClusterAddons extends Construct {
  /**
   * The library's add-ons as the per-add-on settings select them, in the order they are
   * installed: the load balancer controller, the NVIDIA device plugin, metrics-server, the
   * Cluster Autoscaler (each unless `enabled: false`), and the deprecated DCGM exporter (which
   * only warns) when `enabled: true`.
   */
  public static defaultAddOns(settings: ClusterAddonsSpec = {}): ClusterAddOn[] {
    const on = (s: HelmAddonSpec | undefined, byDefault: boolean) => s?.enabled ?? byDefault;
    const options = (s: HelmAddonSpec | undefined) => ({ values: s?.values });
    return [
      ...(on(settings.loadBalancerController, true)
        ? [new LoadBalancerControllerAddOn(options(settings.loadBalancerController))]
        : []),
      ...(on(settings.nvidiaDevicePlugin, true)
        ? [new NvidiaDevicePluginAddOn(options(settings.nvidiaDevicePlugin))]
        : []),
      ...(on(settings.metricsServer, true) ? [new MetricsServerAddOn(options(settings.metricsServer))] : []),
      ...(on(settings.clusterAutoscaler, true)
        ? [new ClusterAutoscalerAddOn(options(settings.clusterAutoscaler))]
        : []),
      ...(settings.dcgmExporter?.enabled === true ? [new DcgmExporterAddOn()] : []),
    ];
  }

  /** The Helm releases installed, by construct id (`loadBalancerController`, `nvidiaDevicePlugin`...). */
  public readonly releases: Readonly<Record<string, Release>>;
  /**
   * What a Kubernetes Service, or a pod in a namespace with readiness-gate injection, must wait
   * for: the load balancer controller's release (its webhooks), or nothing when it is not installed.
   */
  public readonly webhookDependencies: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    if (props.addOns !== undefined) {
      const both = LEGACY_SETTINGS.filter((key) => props[key] !== undefined);
      if (both.length > 0) {
        throw invalidProps(
          this,
          both.map((key) => ({
            path: key,
            message: 'must not be given with addOns: pass it to ClusterAddons.defaultAddOns() instead',
            value: props[key],
          })),
        );
      }
    }
    const { cluster } = p;
    const region = p.region ?? AwsContext.of(this).region;
    const addOns = p.addOns ?? ClusterAddons.defaultAddOns(p);
    const releases: Record<string, Release> = {};
    // Set once the load balancer controller's release exists: every later release, and what
    // creates a Service (or a pod in a namespace with readiness-gate injection), waits for it.
    let controller: Release | undefined;
    for (const addOn of addOns) {
      const after = controller ? [controller] : [];
      const context: ClusterAddOnContext = {
        scope: this,
        vpcId: p.vpcId,
        region,
        dependsOn: [...cluster.inClusterDependencies, ...after],
        helmRelease: (options) => addOnRelease(this, cluster.inClusterDependencies, after, options),
      };
      const release = addOn.install(cluster, context);
      if (!release) continue;
      releases[release.node.id] = release;
      if (addOn instanceof LoadBalancerControllerAddOn) controller ??= release;
    }
    this.releases = releases;
    this.webhookDependencies = controller ? [controller] : [];
  }
}

import { Release } from '@cdktf/provider-helm/lib/release';
import { Annotations, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { helmAddonSchema, vpcId } from '../config/cluster';
import { NVIDIA_DEVICE_PLUGIN_DAEMON } from '../config/node-allocatable';
import { awsRegion } from '../core/validation/rules';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, HELM_CHARTS, type PinnedChart } from '../config/versions';
import { AwsContext } from '../core/aws-context';
import { deepMerge } from '../core/deep-merge';
import { type IServingCluster, servingClusterProp } from './cluster-contract';
import { clusterAutoscalerStatements, loadBalancerControllerStatements } from './private/controller-policies';
import { AMI_FAMILY_LABEL, GPU_TAINT, NODE_POOL_LABEL } from './serving-node-group';

/** Whether to install a Helm add-on, and extra chart values. */
export interface HelmAddonSettings {
  /** Install it. @default - see each add-on in `ClusterAddonsProps` */
  readonly enabled?: boolean;
  /** Chart values merged over the library's (objects merge, other values replace). @default - none */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** Props of `ClusterAddons`. */
export interface ClusterAddonsProps {
  /** The cluster. */
  readonly cluster: IServingCluster;
  /** The VPC's ID (the load balancer controller cannot read it from instance metadata with a hop limit of 1). */
  readonly vpcId: string;
  /** The region. @default - the provider's region */
  readonly region?: string;
  /** NVIDIA device plugin on AL2023 NVIDIA nodes. @default - enabled */
  readonly nvidiaDevicePlugin?: HelmAddonSettings;
  /** metrics-server. @default - enabled */
  readonly metricsServer?: HelmAddonSettings;
  /** Cluster Autoscaler. @default - enabled */
  readonly clusterAutoscaler?: HelmAddonSettings;
  /** AWS Load Balancer Controller. @default - enabled */
  readonly loadBalancerController?: HelmAddonSettings;
  /**
   * NVIDIA DCGM exporter chart: no longer installed (the Amazon CloudWatch Observability add-on of
   * `ServingCluster` runs DCGM and sends GPU metrics to CloudWatch). Enabling it only warns.
   * @deprecated - see `ServingClusterProps.containerInsights`
   */
  readonly dcgmExporter?: HelmAddonSettings;
}

const propsSchema = z.strictObject({
  cluster: servingClusterProp,
  vpcId: vpcId,
  region: awsRegion.optional(),
  nvidiaDevicePlugin: helmAddonSchema.optional(),
  metricsServer: helmAddonSchema.optional(),
  clusterAutoscaler: helmAddonSchema.optional(),
  loadBalancerController: helmAddonSchema.optional(),
  dcgmExporter: helmAddonSchema.optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ClusterAddonsProps> = true;
void propsAgree;

const SYSTEM_NODES = { [NODE_POOL_LABEL]: 'system' };
const GPU_TOLERATION = { key: GPU_TAINT.key, operator: 'Exists', effect: GPU_TAINT.effect };

/**
 * The cluster's Helm add-ons, each at a pinned chart version (`config/versions.ts`), each
 * possible to turn off or to give extra values: the NVIDIA device plugin (AL2023 NVIDIA nodes
 * only; Bottlerocket ships its own), metrics-server, the Cluster Autoscaler and the AWS Load
 * Balancer Controller (each with its own least-privilege role).
 * Controllers run on the system nodes; GPU daemons tolerate the GPU taint. The load balancer
 * controller is installed first and every other release waits for it (its webhooks; see
 * `webhookDependencies`).
 */
export class ClusterAddons extends Construct {
  /** The releases installed, by add-on. */
  public readonly releases: Readonly<Record<string, Release>>;
  /**
   * What a Kubernetes Service, or a pod in a namespace with readiness-gate injection, must wait
   * for: the load balancer controller's release (its webhooks), or nothing when it is not installed.
   */
  public readonly webhookDependencies: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ClusterAddonsProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const { cluster } = p;
    const region = p.region ?? AwsContext.of(this).region;
    const releases: Record<string, Release> = {};
    // Set once the load balancer controller's release exists: what creates a Service (or a pod in a
    // namespace with readiness-gate injection) waits for it (see `webhookDependencies`).
    const order: { controller?: Release } = {};
    // `build` runs only for an add-on that is installed: what it creates (a role) exists only then
    const install = (
      key: keyof typeof HELM_CHARTS,
      settings: HelmAddonSettings | undefined,
      enabledByDefault: boolean,
      build: () => {
        name: string;
        namespace: string;
        values: Record<string, unknown>;
        dependsOn?: readonly ITerraformDependable[];
      },
    ) => {
      if (!(settings?.enabled ?? enabledByDefault)) return;
      const release = build();
      releases[key] = this.release(key, HELM_CHARTS[key], release.name, release.namespace, {
        values: deepMerge(release.values, { ...(settings?.values ?? {}) }),
        dependsOn: [
          ...cluster.inClusterDependencies,
          ...(release.dependsOn ?? []),
          ...(order.controller ? [order.controller] : []),
        ],
      });
    };

    // The load balancer controller goes first. Its chart (1.14.0) registers mutating webhooks:
    // `mservice` for every Service with failurePolicy Fail (turned off below, see its values) and
    // `mpod` for pods in namespaces labelled for readiness-gate injection (failurePolicy Ignore:
    // a pod created before the controller is ready silently misses its readiness gate). Every
    // other release, and every model Service and Deployment (`webhookDependencies`), waits for
    // this release, so a Service is never created while a webhook has no endpoint, whatever
    // values a user merges in. `wait: true` holds the release until the controller's Deployment
    // has its replicas ready, and the chart's readiness probe (/readyz) includes the webhook
    // server's started check (controller v2.14 main.go: AddReadyzCheck("ready-webhook", ...)).
    // (kubernetes-sigs/aws-load-balancer-controller#4140; chart source
    // helm/aws-load-balancer-controller/{values.yaml,templates/webhook.yaml} at v2.14.0)
    install('loadBalancerController', p.loadBalancerController, true, () => {
      const identity = cluster.createWorkloadRole(this, 'load-balancer-controller-role', {
        namespace: 'kube-system',
        serviceAccount: 'aws-load-balancer-controller',
        component: 'load-balancer-controller',
        description: `AWS Load Balancer Controller of ${cluster.clusterName}`,
      });
      identity.role.addToPrincipalPolicy(...loadBalancerControllerStatements(AwsContext.of(this).partition));
      return {
        name: 'aws-load-balancer-controller',
        namespace: 'kube-system',
        dependsOn: identity.dependables,
        values: {
          // set explicitly: with a metadata hop limit of 1 the controller cannot discover them
          clusterName: cluster.clusterName,
          region,
          vpcId: p.vpcId,
          replicaCount: 2,
          serviceAccount: {
            create: true,
            name: 'aws-load-balancer-controller',
            annotations: identity.serviceAccountAnnotations,
          },
          nodeSelector: SYSTEM_NODES,
          // The Service mutator only makes this controller the default for new Services of type
          // LoadBalancer (it sets spec.loadBalancerClass). Models are exposed through Ingress (an
          // ALB), and with failurePolicy Fail the webhook would refuse every Service of the
          // cluster whenever the controller is down. Users who want NLBs for LoadBalancer
          // Services can turn it back on through `values`.
          enableServiceMutatorWebhook: false,
        },
      };
    });
    order.controller = releases.loadBalancerController;

    install('nvidiaDevicePlugin', p.nvidiaDevicePlugin, true, () => ({
      name: 'nvidia-device-plugin',
      namespace: 'nvidia-device-plugin',
      values: {
        // AL2023 NVIDIA nodes only: Bottlerocket NVIDIA nodes run their own device plugin
        nodeSelector: { [AMI_FAMILY_LABEL]: 'al2023', 'nvidia.com/gpu.present': 'true' },
        tolerations: [GPU_TOLERATION, { key: 'CriticalAddonsOnly', operator: 'Exists' }],
        priorityClassName: 'system-node-critical',
      },
    }));

    install('metricsServer', p.metricsServer, true, () => ({
      name: 'metrics-server',
      namespace: 'kube-system',
      values: {
        replicas: 2,
        nodeSelector: SYSTEM_NODES,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
      },
    }));

    install('clusterAutoscaler', p.clusterAutoscaler, true, () => {
      const identity = cluster.createWorkloadRole(this, 'cluster-autoscaler-role', {
        namespace: 'kube-system',
        serviceAccount: 'cluster-autoscaler',
        component: 'cluster-autoscaler',
        description: `Cluster Autoscaler of ${cluster.clusterName}`,
      });
      identity.role.addToPrincipalPolicy(...clusterAutoscalerStatements(cluster.clusterName));
      return {
        name: 'cluster-autoscaler',
        namespace: 'kube-system',
        dependsOn: identity.dependables,
        values: {
          cloudProvider: 'aws',
          awsRegion: region,
          autoDiscovery: { clusterName: cluster.clusterName },
          image: { tag: CLUSTER_AUTOSCALER_IMAGE_TAGS[cluster.kubernetesVersion] },
          rbac: {
            serviceAccount: {
              create: true,
              name: 'cluster-autoscaler',
              annotations: identity.serviceAccountAnnotations,
            },
          },
          extraArgs: {
            'balance-similar-node-groups': true,
            'skip-nodes-with-system-pods': false,
            'skip-nodes-with-local-storage': false,
            expander: 'least-waste',
          },
          nodeSelector: SYSTEM_NODES,
          priorityClassName: 'system-cluster-critical',
        },
      };
    });

    // The DCGM exporter chart had no reader (no Prometheus scraped it); the CloudWatch
    // Observability add-on runs its own exporter and its agent sends the metrics to CloudWatch.
    if (p.dcgmExporter?.enabled === true) {
      Annotations.of(this).addWarning(
        'cluster.addons.dcgmExporter is deprecated and no longer installed: the Amazon CloudWatch ' +
          'Observability add-on (cluster.containerInsights, on by default) collects GPU metrics. ' +
          'Remove the setting; an installed dcgm-exporter release is uninstalled on the next deploy.',
      );
    }

    // the device plugin's requests count against what GPU nodes leave to models
    if (releases.nvidiaDevicePlugin) cluster.addNodeDaemon(NVIDIA_DEVICE_PLUGIN_DAEMON);
    this.releases = releases;
    this.webhookDependencies = order.controller ? [order.controller] : [];
  }

  private release(
    id: string,
    chart: PinnedChart,
    name: string,
    namespace: string,
    options: { values: Record<string, unknown>; dependsOn: ITerraformDependable[] },
  ): Release {
    return new Release(this, id, {
      name,
      namespace,
      createNamespace: namespace !== 'kube-system',
      repository: chart.repository,
      chart: chart.chart,
      version: chart.version,
      values: [JSON.stringify(options.values)],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 600,
      maxHistory: 5,
      dependsOn: options.dependsOn,
    });
  }
}

import type { Release } from '@cdktf/provider-helm/lib/release';
import { Annotations } from 'cdktf';
import { type z } from 'zod';
import { helmAddonSchema } from '../config/cluster';
import { NVIDIA_DEVICE_PLUGIN_DAEMON } from '../config/node-allocatable';
import { type PropsAgree, SpecValidationError, collectIssues } from '../core/validation/issues';
import { CLUSTER_AUTOSCALER_IMAGE_TAGS, HELM_CHARTS } from '../config/versions';
import { AwsContext } from '../core/aws-context';
import type { ClusterAddOn, ClusterAddOnContext } from './cluster-addon';
import type { IServingCluster } from './cluster-contract';
import { clusterAutoscalerStatements, loadBalancerControllerStatements } from './private/controller-policies';
import { AMI_FAMILY_LABEL, GPU_TAINT, NODE_POOL_LABEL } from './serving-node-group';

/** Options of the library's Helm add-ons. */
export interface HelmAddOnOptions {
  /** Chart values merged over the library's (objects merge, other values replace). @default - none */
  readonly values?: Readonly<Record<string, unknown>>;
}

const optionsSchema = helmAddonSchema.pick({ values: true });
const optionsAgree: PropsAgree<z.input<typeof optionsSchema>, HelmAddOnOptions> = true;
void optionsAgree;

/** The options checked (chart values are an object without reserved keys such as `__proto__`). */
function checked(addOn: string, options: HelmAddOnOptions): HelmAddOnOptions {
  const { data, issues } = collectIssues(optionsSchema, options);
  if (issues.length > 0) throw new SpecValidationError(`${addOn}: invalid options`, issues);
  return data!;
}

/**
 * A library Helm add-on: its options (chart values merged over the library's) are checked once,
 * here, naming the add-on's class in the error.
 */
abstract class HelmAddOn implements ClusterAddOn {
  /** The add-on's options, checked. */
  protected readonly options: HelmAddOnOptions;

  constructor(options: HelmAddOnOptions = {}) {
    this.options = checked(new.target.name, options);
  }

  /** Installs the add-on's Helm release on the cluster and returns it. */
  public abstract install(cluster: IServingCluster, context: ClusterAddOnContext): Release;
}

const SYSTEM_NODES = { [NODE_POOL_LABEL]: 'system' };
const GPU_TOLERATION = { key: GPU_TAINT.key, operator: 'Exists', effect: GPU_TAINT.effect };

/**
 * The AWS Load Balancer Controller (release `loadBalancerController`), with its own
 * least-privilege role. `ClusterAddons` makes every add-on after it, and every model Service and
 * Deployment (`webhookDependencies`), wait for its release.
 *
 * Its chart (1.14.0) registers mutating webhooks: `mservice` for every Service with failurePolicy
 * Fail (turned off below, see its values) and `mpod` for pods in namespaces labelled for
 * readiness-gate injection (failurePolicy Ignore: a pod created before the controller is ready
 * silently misses its readiness gate). Waiting for this release means a Service is never created
 * while a webhook has no endpoint, whatever values a user merges in. `wait: true` holds the
 * release until the controller's Deployment has its replicas ready, and the chart's readiness
 * probe (/readyz) includes the webhook server's started check (controller v2.14 main.go:
 * AddReadyzCheck("ready-webhook", ...)). (kubernetes-sigs/aws-load-balancer-controller#4140; chart
 * source helm/aws-load-balancer-controller/{values.yaml,templates/webhook.yaml} at v2.14.0)
 */
export class LoadBalancerControllerAddOn extends HelmAddOn {
  public install(cluster: IServingCluster, context: ClusterAddOnContext): Release {
    const identity = cluster.createWorkloadRole(context.scope, 'load-balancer-controller-role', {
      namespace: 'kube-system',
      serviceAccount: 'aws-load-balancer-controller',
      component: 'load-balancer-controller',
      description: `AWS Load Balancer Controller of ${cluster.clusterName}`,
    });
    identity.role.addToPrincipalPolicy(
      ...loadBalancerControllerStatements(AwsContext.of(context.scope).partition),
    );
    return context.helmRelease({
      id: 'loadBalancerController',
      chart: HELM_CHARTS.loadBalancerController,
      name: 'aws-load-balancer-controller',
      namespace: 'kube-system',
      dependsOn: identity.dependables,
      values: {
        // set explicitly: with a metadata hop limit of 1 the controller cannot discover them
        clusterName: cluster.clusterName,
        region: context.region,
        vpcId: context.vpcId,
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
      extraValues: this.options.values,
    });
  }
}

/**
 * The NVIDIA device plugin (release `nvidiaDevicePlugin`) on AL2023 NVIDIA nodes (Bottlerocket
 * NVIDIA nodes run their own); its requests are recorded on the cluster (`addNodeDaemon`).
 */
export class NvidiaDevicePluginAddOn extends HelmAddOn {
  public install(cluster: IServingCluster, context: ClusterAddOnContext): Release {
    const release = context.helmRelease({
      id: 'nvidiaDevicePlugin',
      chart: HELM_CHARTS.nvidiaDevicePlugin,
      name: 'nvidia-device-plugin',
      namespace: 'nvidia-device-plugin',
      values: {
        // AL2023 NVIDIA nodes only: Bottlerocket NVIDIA nodes run their own device plugin
        nodeSelector: { [AMI_FAMILY_LABEL]: 'al2023', 'nvidia.com/gpu.present': 'true' },
        tolerations: [GPU_TOLERATION, { key: 'CriticalAddonsOnly', operator: 'Exists' }],
        priorityClassName: 'system-node-critical',
      },
      extraValues: this.options.values,
    });
    // the device plugin's requests count against what GPU nodes leave to models
    cluster.addNodeDaemon(NVIDIA_DEVICE_PLUGIN_DAEMON);
    return release;
  }
}

/** metrics-server (release `metricsServer`), which every HorizontalPodAutoscaler needs. */
export class MetricsServerAddOn extends HelmAddOn {
  public install(_cluster: IServingCluster, context: ClusterAddOnContext): Release {
    return context.helmRelease({
      id: 'metricsServer',
      chart: HELM_CHARTS.metricsServer,
      name: 'metrics-server',
      namespace: 'kube-system',
      values: {
        replicas: 2,
        nodeSelector: SYSTEM_NODES,
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
      },
      extraValues: this.options.values,
    });
  }
}

/** The Cluster Autoscaler (release `clusterAutoscaler`), with its own least-privilege role. */
export class ClusterAutoscalerAddOn extends HelmAddOn {
  public install(cluster: IServingCluster, context: ClusterAddOnContext): Release {
    const identity = cluster.createWorkloadRole(context.scope, 'cluster-autoscaler-role', {
      namespace: 'kube-system',
      serviceAccount: 'cluster-autoscaler',
      component: 'cluster-autoscaler',
      description: `Cluster Autoscaler of ${cluster.clusterName}`,
    });
    identity.role.addToPrincipalPolicy(...clusterAutoscalerStatements(cluster.clusterName));
    return context.helmRelease({
      id: 'clusterAutoscaler',
      chart: HELM_CHARTS.clusterAutoscaler,
      name: 'cluster-autoscaler',
      namespace: 'kube-system',
      dependsOn: identity.dependables,
      values: {
        cloudProvider: 'aws',
        awsRegion: context.region,
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
      extraValues: this.options.values,
    });
  }
}

/**
 * The NVIDIA DCGM exporter chart: no longer installed (it had no reader; the Amazon CloudWatch
 * Observability add-on of `ServingCluster` runs its own exporter and sends GPU metrics to
 * CloudWatch). Installing it only warns.
 * @deprecated - see `ServingClusterProps.containerInsights`
 */
export class DcgmExporterAddOn implements ClusterAddOn {
  public install(_cluster: IServingCluster, context: ClusterAddOnContext): undefined {
    Annotations.of(context.scope).addWarning(
      'cluster.addons.dcgmExporter is deprecated and no longer installed: the Amazon CloudWatch ' +
        'Observability add-on (cluster.containerInsights, on by default) collects GPU metrics. ' +
        'Remove the setting; an installed dcgm-exporter release is uninstalled on the next deploy.',
    );
    return undefined;
  }
}

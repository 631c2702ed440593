import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { LoadBalancerLogBucket } from '../../storage/load-balancer-log-bucket';
import type { ResolvedModelOf, ServingEnvironment, ServingTarget } from '../serving-target';
import { KubernetesModelServing } from './kubernetes-model-serving';
import { ModelNamespace } from './model-namespace';
import { versionsOf } from './private/tracks';

/** What the Kubernetes models of one environment share. */
interface EnvironmentState {
  /** The namespaces created so far, by name. */
  readonly namespaces: Map<string, ModelNamespace>;
  /** The add-on releases every model waits for. */
  readonly addons: readonly ITerraformDependable[];
  /** The bucket every model's load balancer logs to, in a protected environment with an ingress. */
  readonly accessLogs?: LoadBalancerLogBucket;
}

/**
 * The Kubernetes entry of the environment's table of serving targets: a model whose
 * `serving.kind` is `kubernetes` is served by a `KubernetesModelServing` with id `kubernetes` under
 * the model's scope, on the environment's cluster and network, in its namespace (one per
 * environment, or one per model with `cluster.serving.namespacePerModel`), with the environment's
 * key, alert topic, artifact bucket, dashboard, log retention, protection and web ACL defaults,
 * the model's repository and image gate.
 *
 * The target keeps what the environment's Kubernetes models share, created at the environment's
 * scope on the first model it serves there: the `ModelNamespace`s (`namespace-<name>`), and in a
 * protected environment where any Kubernetes model has an ingress, the `LoadBalancerLogBucket`
 * (`load-balancer-logs`) every load balancer writes its access logs to. The models wait for the
 * load balancer controller (its webhook injects readiness gates), the NVIDIA device plugin and
 * the cluster autoscaler releases.
 */
export function kubernetesServingTarget(): ServingTarget<'kubernetes', KubernetesModelServing> {
  const states = new WeakMap<ServingEnvironment, EnvironmentState>();
  const stateOf = (environment: ServingEnvironment): EnvironmentState => {
    let state = states.get(environment);
    if (!state) {
      state = environmentState(environment);
      states.set(environment, state);
    }
    return state;
  };
  return {
    kind: 'kubernetes',
    // every track of the rollout: canary, stable and canary; blue/green, both colours
    deployedVersions: (model) => versionsOf(model.version, model.serving),
    serve: (scope: Construct, model: ResolvedModelOf<'kubernetes'>, environment: ServingEnvironment) => {
      const { spec, cluster, network } = environment;
      if (!cluster || !network || !spec.cluster) {
        throw new Error(
          `[${scope.node.path}] the ${model.name} model is served on Kubernetes, but the environment has no cluster`,
        );
      }
      const state = stateOf(environment);
      const settings = spec.cluster.serving;
      return new KubernetesModelServing(scope, 'kubernetes', {
        cluster,
        modelName: model.name,
        modelVersion: model.version,
        namespace: namespaceFor(environment, state, model.name),
        artifacts: environment.artifacts,
        repository: environment.repositoryOf(model.name),
        serving: model.serving,
        vpcCidr: network.vpcCidr,
        region: spec.region,
        metricsNamespace: settings.metricsNamespace,
        artifactDownloaderImage: settings.artifactDownloaderImage,
        internetEgress: settings.internetEgress,
        network,
        encryptionKey: environment.encryptionKey,
        logRetentionDays: spec.logRetentionDays,
        protectFromDestroy: spec.protectFromDestroy,
        accessLogBucket: state.accessLogs?.bucketName,
        webAclDefaults: spec.loadBalancerWaf,
        alertTopic: environment.alerts,
        dashboard: environment.dashboard,
        dependsOn: state.addons,
        imageGate: environment.imageGateOf(model.name),
      });
    },
  };
}

/** The add-on releases the models wait for, and the access log bucket when the environment needs one. */
function environmentState(environment: ServingEnvironment): EnvironmentState {
  const { spec } = environment;
  // the load balancer controller's webhook injects readiness gates into model pods; GPU pods need
  // the device plugin to be schedulable and the autoscaler to get nodes
  const releases = environment.clusterAddons?.releases ?? {};
  const addons = [
    releases.loadBalancerController,
    releases.nvidiaDevicePlugin,
    releases.clusterAutoscaler,
  ].filter((r) => r !== undefined);
  // access logs in protected environments: one bucket for every model's load balancer
  const exposed = spec.models.some((m) => m.serving.kind === 'kubernetes' && m.serving.ingress);
  const accessLogs =
    exposed && spec.protectFromDestroy
      ? new LoadBalancerLogBucket(environment, 'load-balancer-logs', {
          expirationDays: spec.logRetentionDays,
          protectFromDestroy: spec.protectFromDestroy,
          forceDestroy: spec.forceDestroy,
        })
      : undefined;
  return { namespaces: new Map(), addons, accessLogs };
}

/**
 * The namespace a model runs in (`cluster.serving.namespace`, or `<namespace>-<model>` with
 * `namespacePerModel`), created at the environment's scope on first use.
 */
function namespaceFor(environment: ServingEnvironment, state: EnvironmentState, model: string): string {
  const settings = environment.spec.cluster!.serving;
  const name = settings.namespacePerModel ? `${settings.namespace}-${model}` : settings.namespace;
  let namespace = state.namespaces.get(name);
  if (!namespace) {
    namespace = new ModelNamespace(environment, `namespace-${name}`, {
      name,
      gpuQuota: settings.gpuQuota,
      dependsOn: environment.cluster!.inClusterDependencies,
    });
    state.namespaces.set(name, namespace);
  }
  return namespace.namespaceName;
}

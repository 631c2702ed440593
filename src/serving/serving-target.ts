import type { IConstruct, Construct } from 'constructs';
import type { ClusterAddons } from '../cluster/cluster-addons';
import type { IServingCluster } from '../cluster/cluster-contract';
import type { ResolvedEnvironmentSpec, ResolvedModelSpec } from '../config/schema';
import type { IAlertTopic } from '../core/alert-topic';
import type { IEncryptionKey } from '../core/grants';
import type { ServingDashboard } from '../monitoring/serving-dashboard';
import type { IServingNetwork } from '../network/serving-network';
import type { ModelImageGate } from '../registry/model-image-gate';
import type { IModelImageRepository } from '../registry/model-image-repository';
import type { IModelArtifactBucket } from '../storage/model-artifact-bucket';
import type { IModelServing } from './model-serving';

/** The serving targets a model spec can name (`serving.kind`). */
export type ServingKind = ResolvedModelSpec['serving']['kind'];

/** A resolved model spec served on the target `K`. */
export type ResolvedModelOf<K extends ServingKind> = Omit<ResolvedModelSpec, 'serving'> & ServedAs<K>;

/** The `serving` section of a resolved model spec served on the target `K`. */
export interface ServedAs<K extends ServingKind> {
  /** The serving settings, with every default applied. */
  readonly serving: ServingOf<K>;
}

/** The resolved serving settings of the target `K` (its `kind` is `K`). */
export type ServingOf<K extends ServingKind> = Extract<ResolvedModelSpec['serving'], { kind: K }>;

/**
 * What an environment gives the serving targets: its resolved spec and the shared collaborators
 * (`ModelServingEnvironment` is one).
 */
export interface ServingEnvironment extends IConstruct {
  /** The spec with every default applied. */
  readonly spec: ResolvedEnvironmentSpec;
  /** The environment's key. */
  readonly encryptionKey: IEncryptionKey;
  /** The topic every alarm notifies. */
  readonly alerts: IAlertTopic;
  /** The bucket of model artifacts. */
  readonly artifacts: IModelArtifactBucket;
  /** The dashboard every model adds its graphs to. */
  readonly dashboard: ServingDashboard;
  /** The network, when the environment has one. */
  readonly network?: IServingNetwork;
  /** The cluster, when the environment has one. */
  readonly cluster?: IServingCluster;
  /** The cluster's add-ons, when the environment has a cluster. */
  readonly clusterAddons?: ClusterAddons;
  /** The image repository of a model. */
  repositoryOf(model: string): IModelImageRepository;
  /** The image gate of a model. */
  imageGateOf(model: string): ModelImageGate;
}

/**
 * One serving target as the environment composes it: the table in `environment.ts`, keyed by
 * `serving.kind`, holds one per kind. A target is created per environment, so it may keep state
 * the environment's models share (the Kubernetes namespaces). `C` is the construct it creates.
 */
export interface ServingTarget<K extends ServingKind, C extends IModelServing = IModelServing> {
  /** The kind it serves. */
  readonly kind: K;
  /**
   * The versions of the model that are deployed now: their images must be in the repository
   * before anything runs them, and must never expire.
   */
  deployedVersions(model: ResolvedModelOf<K>): string[];
  /** Creates the model's serving construct under `scope` (the construct id is the target's kind). */
  serve(scope: Construct, model: ResolvedModelOf<K>, environment: ServingEnvironment): C;
}

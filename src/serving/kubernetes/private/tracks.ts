import { fixedReplicasOf } from '../spec/rules';
import type { ResolvedKubernetesServing } from '../spec/schema';

export type { ResolvedKubernetesServing };

/** One Deployment of a model. */
export interface Track {
  /**
   * What ends the Deployment's name, and its track label: `stable`, `canary`, `blue` or `green`.
   * The live Deployment keeps its name across strategies (`liveTrack`, `stableColour`): its
   * `metadata.name` and `spec.selector` (which holds the track label) are ForceNew
   * (terraform-provider-kubernetes v2.38.0, kubernetes/schema_metadata.go and
   * kubernetes/resource_kubernetes_deployment_v1.go), so a new name deletes the Deployment that
   * serves traffic and creates another.
   */
  readonly name: string;
  /** The version it runs. */
  readonly version: string;
  /** Autoscaled between the model's replica range, or held at a fixed count. */
  readonly replicas:
    | {
        /** The HorizontalPodAutoscaler sets the replicas. */
        readonly autoscaled: true;
      }
    | {
        /** No autoscaler: `count` replicas. */
        readonly autoscaled: false;
        /** The fixed number of replicas. */
        readonly count: number;
      };
}

/** How traffic reaches the tracks. */
export interface TrafficPlan {
  /** The Deployments, live first. */
  readonly tracks: readonly Track[];
  /** The track behind the model's main Service. */
  readonly live: string;
  /** The idle colour behind the preview Service (blue/green). */
  readonly preview?: string;
  /** The canary track and its share of ingress traffic. */
  readonly canary?: {
    /** The canary's track name. */
    readonly track: string;
    /** Its percentage of ingress traffic. */
    readonly weight: number;
  };
  /**
   * The load balancer's forward weight of each track (0-100, summing to 100): rolling 100 on the
   * live track; canary `canaryWeight` on the canary (0 while it has no replicas) and the rest on
   * the stable track; blue/green 100 on the active colour and 0 on the idle one.
   */
  readonly weights: Readonly<Record<string, number>>;
}

/** Works out the Deployments and Services of a model from its rollout. */
export function trafficPlan(version: string, serving: ResolvedKubernetesServing): TrafficPlan {
  const rollout = serving.rollout;
  const autoscaled = { autoscaled: true } as const;
  if (rollout.strategy === 'blueGreen') {
    const idle = rollout.active === 'blue' ? 'green' : 'blue';
    const versionOf = (colour: string) => (colour === 'blue' ? rollout.blueVersion : rollout.greenVersion);
    // the colour adopted from a rolling or canary rollout keeps its Deployment's name
    const trackOf = (colour: 'blue' | 'green') => (colour === rollout.stableColour ? 'stable' : colour);
    return {
      tracks: [
        { name: trackOf(rollout.active), version: versionOf(rollout.active), replicas: autoscaled },
        {
          name: trackOf(idle),
          version: versionOf(idle),
          replicas: { autoscaled: false, count: fixedReplicasOf(version, serving) },
        },
      ],
      live: trackOf(rollout.active),
      preview: trackOf(idle),
      weights: { [trackOf(rollout.active)]: 100, [trackOf(idle)]: 0 },
    };
  }
  const live = rollout.liveTrack ?? 'stable';
  if (
    rollout.strategy === 'canary' &&
    rollout.stableVersion !== undefined &&
    rollout.stableVersion !== version
  ) {
    // a canary without replicas takes no requests: its target group would have no target
    const weight = rollout.canaryReplicas === 0 ? 0 : rollout.canaryWeight;
    return {
      tracks: [
        { name: live, version: rollout.stableVersion, replicas: autoscaled },
        {
          name: 'canary',
          version,
          // canaryReplicas: 0 parks the canary (its weight is then 0)
          replicas: { autoscaled: false, count: fixedReplicasOf(version, serving) },
        },
      ],
      live,
      canary: { track: 'canary', weight },
      weights: { [live]: 100 - weight, canary: weight },
    };
  }
  return { tracks: [{ name: live, version, replicas: autoscaled }], live, weights: { [live]: 100 } };
}

/** Every version the rollout deploys (their images must never expire). */
export function versionsOf(version: string, serving: ResolvedKubernetesServing): string[] {
  return [...new Set(trafficPlan(version, serving).tracks.map((t) => t.version))];
}

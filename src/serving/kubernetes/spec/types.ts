/** The `kubernetes` serving spec: what a model spec's `serving` says to run a model on the cluster. */
import type { ScalingRange } from '../../../core/validation/rules';

/**
 * The Deployments a model can run, by the name they end in (`<model>-<track>`). A Deployment's
 * name and selector cannot change in place: the live one keeps its track name whatever the
 * strategy, so switching strategies never deletes the Deployment that serves traffic.
 */
export const KUBERNETES_TRACKS = ['stable', 'blue', 'green'] as const;

/** A Deployment that can serve live traffic: `stable`, `blue` or `green`. */
export type LiveTrack = (typeof KUBERNETES_TRACKS)[number];

/** Serve one version of the model on a rolling update (the default). */
export interface RollingRolloutSpec {
  /** Selects this strategy. */
  readonly strategy: 'rolling';
  /**
   * The Deployment that serves the model. Leaving a blue/green rollout, set it to the colour
   * that was active, so that Deployment (with its Service and autoscaler) stays; otherwise it is
   * deleted and `<model>-stable` created: the model is down until the new pods are ready.
   * @default 'stable'
   */
  readonly liveTrack?: LiveTrack;
}

/**
 * Two Deployments, blue and green, each with its own version; the live Service sends traffic to
 * the `active` colour, a preview Service to the idle one. Switching is one field: `active`.
 */
export interface BlueGreenRolloutSpec {
  /** Selects this strategy. */
  readonly strategy: 'blueGreen';
  /** The colour that receives live traffic. */
  readonly active: 'blue' | 'green';
  /** Version the blue Deployment runs. */
  readonly blueVersion: string;
  /** Version the green Deployment runs. */
  readonly greenVersion: string;
  /**
   * Replicas of the idle colour (0-100). Switching `active` to a colour with fewer than
   * `replicas.min` replicas is refused at plan time: raise this first, deploy, then switch.
   * @default - `replicas.min` (a warm standby: switching and switching back are instant), or 0
   * while both colours run the same version
   */
  readonly idleReplicas?: number;
  /**
   * The colour that keeps the `<model>-stable` Deployment. Coming from a rolling or canary rollout,
   * set it to the colour that runs the live version (and make that colour `active`): the live
   * Deployment stays and only the other colour is created. Otherwise `<model>-stable` is deleted
   * and both colours created: the model is down until the new pods are ready.
   * @default - none: the Deployments are `<model>-blue` and `<model>-green`
   */
  readonly stableColour?: 'blue' | 'green';
}

/**
 * A stable and a canary Deployment, each with its own Service; the ALB splits traffic between
 * them by weight. The canary runs the model's `version`, the stable track `stableVersion`.
 * Promotion is one field: set `stableVersion` to `version` (the canary track then goes away).
 */
export interface CanaryRolloutSpec {
  /** Selects this strategy. */
  readonly strategy: 'canary';
  /** Percent of requests sent to the canary (0-100); 0 sends none (a rollback). */
  readonly canaryWeight: number;
  /**
   * Version of the stable track.
   * @default - the model's version (nothing to compare: a single track)
   */
  readonly stableVersion?: string;
  /**
   * Replicas of the canary track (0-10; it is not autoscaled). 0 parks the canary: no pod, and its
   * weight is forced to 0 whatever `canaryWeight` says, so its target group never takes requests
   * without a ready target. A weight of 0 with replicas keeps the canary warm but out of traffic
   * (abort in two steps: weight 0, then replicas 0 or back to one version).
   * @default 1
   */
  readonly canaryReplicas?: number;
  /**
   * The Deployment of the stable track. Leaving a blue/green rollout, set it to the colour that
   * was active, so that Deployment stays (see `RollingRolloutSpec.liveTrack`).
   * @default 'stable'
   */
  readonly liveTrack?: LiveTrack;
}

/** How a Kubernetes model's new versions reach traffic. */
export type KubernetesRolloutSpec = RollingRolloutSpec | BlueGreenRolloutSpec | CanaryRolloutSpec;

/** Horizontal pod autoscaling of a Kubernetes model. */
export interface KubernetesAutoscalingSpec {
  /** Average CPU utilization (percent of requests) to hold (1-100). @default 70 */
  readonly cpuUtilization?: number;
  /**
   * Average memory utilization (percent of requests) to hold (1-100), or `false` for no memory
   * target. A model server's memory is mostly its loaded weights, which do not grow with load: if
   * its resident memory sits above this share of `memory`, the autoscaler holds it at
   * `replicas.max`. Size `memory` with headroom, or turn the target off.
   * @default 80
   */
  readonly memoryUtilization?: number | false;
  /**
   * Per-pod custom metrics (served by a custom metrics adapter), e.g.
   * `[{ name: 'inflight_requests', averageValue: '4' }]`.
   * @default - none
   */
  readonly podMetrics?: ReadonlyArray<{
    /** The metric's name, as the metrics adapter serves it. */
    readonly name: string;
    /** The target average per pod, a Kubernetes quantity such as `'4'` or `'500m'`. */
    readonly averageValue: string;
  }>;
  /** Seconds the autoscaler waits before scaling up again (0-3600). @default 0 */
  readonly scaleUpStabilizationSeconds?: number;
  /** Seconds the autoscaler waits before scaling down (0-3600). @default 600 (GPU cold starts are slow) */
  readonly scaleDownStabilizationSeconds?: number;
}

/** The web ACL (AWS WAF) in front of a Kubernetes model's load balancer. */
export interface KubernetesWafSpec {
  /** Attach a web ACL. @default - the environment's `loadBalancerWaf.enabled` */
  readonly enabled?: boolean;
  /**
   * Requests one client IP may send in 5 minutes before WAF blocks it (10-2000000000, AWS WAF's
   * rate-based rule limits).
   * @default - the environment's `loadBalancerWaf.rateLimitPer5Minutes`
   */
  readonly rateLimitPer5Minutes?: number;
}

/** Exposing a Kubernetes model through an ALB. */
export interface KubernetesIngressSpec {
  /** ACM certificate for HTTPS, e.g. `arn:aws:acm:us-east-1:123456789012:certificate/<id>`. */
  readonly certificateArn: string;
  /** Host name routed to the model. @default - any host */
  readonly host?: string;
  /** Path prefix routed to the model. @default '/' */
  readonly path?: string;
  /** Reachable from the internet rather than from the VPC only. @default false */
  readonly internetFacing?: boolean;
  /** Idle timeout of the load balancer, sized for long inferences (1-4000 s). @default 300 */
  readonly idleTimeoutSeconds?: number;
  /**
   * Address blocks that may reach the load balancer on 80 and 443 (IPv4 CIDRs, 1-50).
   * @default - the VPC's block for an internal load balancer, anywhere (`0.0.0.0/0`) for an
   * internet-facing one
   */
  readonly allowedCidrs?: readonly string[];
  /** AWS WAF in front of the load balancer. @default - the environment's `loadBalancerWaf` */
  readonly waf?: KubernetesWafSpec;
}

/** Thresholds of a Kubernetes model's alarms. */
export interface KubernetesAlarmsSpec {
  /** Target 5XX responses, in percent of requests, above which the model alarms (> 0, at most 100). @default 1 */
  readonly errorRatePercent?: number;
  /** p99 target response time, in seconds, above which the model alarms (0.001-4000). @default 1 */
  readonly p99LatencySeconds?: number;
  /** Average GPU utilization of the model's pods, in percent, above which it alarms (1-100). @default 90 */
  readonly gpuUtilizationPercent?: number;
  /** GPU memory used by the model's pods, in percent, above which it alarms (1-100). @default 90 */
  readonly gpuMemoryPercent?: number;
  /** Requests WAF blocks in 5 minutes above which the model alarms (1-2000000000). @default 1000 */
  readonly blockedRequestsPer5Minutes?: number;
  /** Periods (1 minute each) evaluated (1-30). @default 3 */
  readonly evaluationPeriods?: number;
}

/** Serve the model as a Deployment on the environment's EKS cluster. */
export interface KubernetesServingSpec {
  /** Serving target. */
  readonly kind: 'kubernetes';
  /**
   * GPUs per replica, a whole number (0-8, and at most the GPUs of one node of the target group).
   * @default 0
   */
  readonly gpu?: number;
  /**
   * The GPU node group the model runs on.
   * @default - the cluster's only GPU group (required when it has several)
   */
  readonly gpuNodeGroup?: string;
  /**
   * Replica range for the autoscaler; `min` at least the environment's `minReplicas`. A `min` of 0
   * (only where the environment allows it) parks the model: no replica, no autoscaler.
   * @default { min: 2, max: 4 }
   */
  readonly replicas?: ScalingRange;
  /** CPU request per replica, a Kubernetes quantity (`500m`, `4`). @default '1' */
  readonly cpu?: string;
  /** CPU limit per replica. @default - the request */
  readonly cpuLimit?: string;
  /** Memory request and limit per replica (`4Gi`, `512Mi`). @default '4Gi' */
  readonly memory?: string;
  /** Size of the memory-backed `/dev/shm` (PyTorch data loaders, NCCL). @default '1Gi' */
  readonly sharedMemory?: string;
  /** Port the server listens on (1024-65535: containers run without NET_BIND_SERVICE). @default 8080 */
  readonly port?: number;
  /** Liveness and startup probe path. @default '/health' */
  readonly healthPath?: string;
  /** Readiness probe path. @default - `healthPath` */
  readonly readinessPath?: string;
  /** Path Prometheus scrapes. @default '/metrics' */
  readonly metricsPath?: string;
  /**
   * Seconds the model may take to load before the startup probe gives up (10-3600); rollouts wait
   * longer than this.
   * @default 300
   */
  readonly modelLoadSeconds?: number;
  /** User the containers run as (a non-root UID). @default 1000 */
  readonly runAsUser?: number;
  /** Extra environment variables. @default - none */
  readonly env?: Readonly<Record<string, string>>;
  /** Arguments of the model server. @default - the image's */
  readonly args?: readonly string[];
  /** Autoscaling targets and behavior. @default - see `KubernetesAutoscalingSpec` */
  readonly autoscaling?: KubernetesAutoscalingSpec;
  /** An ALB in front of the model. @default - none: a ClusterIP Service only */
  readonly ingress?: KubernetesIngressSpec;
  /**
   * Alarm thresholds (load balancer alarms need `ingress`; GPU alarms need `gpu` >= 1).
   * @default { errorRatePercent: 1, p99LatencySeconds: 1, gpuUtilizationPercent: 90, gpuMemoryPercent: 90, blockedRequestsPer5Minutes: 1000, evaluationPeriods: 3 }
   */
  readonly alarms?: KubernetesAlarmsSpec;
  /** Rollout strategy. @default { strategy: 'rolling' } */
  readonly rollout?: KubernetesRolloutSpec;
}

import { z } from 'zod';
import {
  type ScalingRange,
  arnOf,
  dnsLabel,
  intBetween,
  isToken,
  matching,
  modelVersion,
  numberWhere,
  scalingRange,
  stringWhere,
  recordOf,
} from '../core/validation/rules';
import { type Allocatable, describeAllocatable } from './node-allocatable';

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

const CPU = /^(\d+(\.\d+)?|\d+m)$/;
const MEMORY = /^(\d+(\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;

/** A CPU quantity such as `500m` or `2`. */
export const cpuQuantity = matching(CPU, "must be a CPU quantity such as '500m', '1' or '2.5'");
/** A memory quantity such as `512Mi` or `4Gi`. */
export const memoryQuantity = matching(MEMORY, "must be a memory quantity such as '512Mi' or '4Gi'");

const httpPath = stringWhere(
  (v) => /^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(v) && v.length <= 256,
  "must be an HTTP path starting with '/'",
);

/** An ACM certificate ARN. */
export const certificateArn = arnOf({
  what: 'an ACM certificate ARN',
  service: 'acm',
  regional: true,
  resource: /^certificate\/[0-9a-f-]{36}$/,
  resourceForm: 'certificate/<uuid>',
});

/** AWS WAF's bounds of a rate-based rule's limit (https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based-high-level-settings.html; RateBasedStatement.Limit in the WAFV2 API reference). */
export const WAF_RATE_LIMIT = { min: 10, max: 2_000_000_000 } as const;

/** The rate limit of a web ACL: requests per client IP in 5 minutes. */
export const wafRateLimit = intBetween(WAF_RATE_LIMIT.min, WAF_RATE_LIMIT.max, 'requests');

const wafSchema = z.strictObject({
  enabled: z.boolean().optional(),
  rateLimitPer5Minutes: wafRateLimit.optional(),
});

const ipv4Cidr = matching(
  /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)\/(3[0-2]|[12]?\d)$/,
  "must be an IPv4 CIDR block such as '10.0.0.0/16'",
);

const alarmsSchema = z.strictObject({
  errorRatePercent: numberWhere(
    (v) => v > 0 && v <= 100,
    'must be a number above 0 and at most 100 %',
  ).default(1),
  p99LatencySeconds: numberWhere(
    (v) => v >= 0.001 && v <= 4000,
    'must be between 0.001 and 4000 seconds (the load balancer reports seconds)',
  ).default(1),
  gpuUtilizationPercent: intBetween(1, 100, '%').default(90),
  gpuMemoryPercent: intBetween(1, 100, '%').default(90),
  blockedRequestsPer5Minutes: intBetween(1, 2_000_000_000, 'requests').default(1000),
  evaluationPeriods: intBetween(1, 30, 'periods').default(3),
});

const rolloutSchema = z.discriminatedUnion('strategy', [
  z.strictObject({ strategy: z.literal('rolling'), liveTrack: z.enum(KUBERNETES_TRACKS).optional() }),
  z
    .strictObject({
      strategy: z.literal('blueGreen'),
      active: z.enum(['blue', 'green']),
      blueVersion: modelVersion,
      greenVersion: modelVersion,
      idleReplicas: intBetween(0, 100).optional(),
      stableColour: z.enum(['blue', 'green']).optional(),
    })
    .superRefine((r, ctx) => {
      if (r.blueVersion === r.greenVersion && r.idleReplicas !== undefined && r.idleReplicas > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['idleReplicas'],
          input: r.idleReplicas,
          message: 'must be 0 while both colours run the same version (nothing to preview)',
        });
      }
    }),
  z.strictObject({
    strategy: z.literal('canary'),
    canaryWeight: intBetween(0, 100, 'percent'),
    stableVersion: modelVersion.optional(),
    canaryReplicas: intBetween(0, 10).default(1),
    liveTrack: z.enum(KUBERNETES_TRACKS).optional(),
  }),
]);

export const kubernetesServingSchema = z
  .strictObject({
    kind: z.literal('kubernetes'),
    gpu: intBetween(0, 8, 'GPUs').default(0),
    gpuNodeGroup: dnsLabel(1, 20).optional(),
    replicas: scalingRange(0, 100, { min: 2, max: 4 }),
    cpu: cpuQuantity.default('1'),
    cpuLimit: cpuQuantity.optional(),
    memory: memoryQuantity.default('4Gi'),
    sharedMemory: memoryQuantity.default('1Gi'),
    port: intBetween(1024, 65535).default(8080),
    healthPath: httpPath.default('/health'),
    readinessPath: httpPath.optional(),
    metricsPath: httpPath.default('/metrics'),
    modelLoadSeconds: intBetween(10, 3600, 'seconds').default(300),
    runAsUser: intBetween(1, 2147483647).default(1000),
    env: recordOf(
      matching(
        /^[A-Za-z_][A-Za-z0-9_]*$/,
        'must be an environment variable name (A-Z, a-z, 0-9 and _, not starting with a digit)',
      ).refine((k) => isToken(k) || !['MODEL_NAME', 'MODEL_VERSION', 'MODEL_PATH'].includes(k), {
        error:
          'MODEL_NAME, MODEL_VERSION and MODEL_PATH are set by the library: choose another name (A-Z, a-z, 0-9 and _, not starting with a digit)',
      }),
      z.string(),
      'environment variable names are A-Z, a-z, 0-9 and _, not starting with a digit',
    ).default({}),
    args: z.array(z.string()).optional(),
    autoscaling: z
      .strictObject({
        cpuUtilization: intBetween(1, 100, 'percent').default(70),
        memoryUtilization: z
          .union([intBetween(1, 100, 'percent'), z.literal(false)], {
            error: 'must be a whole number between 1 and 100 percent, or false for no memory target',
          })
          .default(80),
        podMetrics: z
          .array(
            z.strictObject({
              name: matching(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a metric name'),
              averageValue: matching(
                /^\d+(\.\d+)?[a-zA-Z]*$/,
                "must be a Kubernetes quantity such as '4' or '500m'",
              ),
            }),
          )
          .max(5)
          .default([]),
        scaleUpStabilizationSeconds: intBetween(0, 3600, 'seconds').default(0),
        scaleDownStabilizationSeconds: intBetween(0, 3600, 'seconds').default(600),
      })
      .default({
        cpuUtilization: 70,
        memoryUtilization: 80,
        podMetrics: [],
        scaleUpStabilizationSeconds: 0,
        scaleDownStabilizationSeconds: 600,
      }),
    ingress: z
      .strictObject({
        certificateArn,
        host: matching(
          /^(\*\.)?([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
          "must be a lowercase DNS name such as 'fraud.ml.example.com'",
        ).optional(),
        path: httpPath.default('/'),
        internetFacing: z.boolean().default(false),
        idleTimeoutSeconds: intBetween(1, 4000, 'seconds').default(300),
        allowedCidrs: z.array(ipv4Cidr).min(1).max(50).optional(),
        waf: wafSchema.optional(),
      })
      .optional(),
    alarms: alarmsSchema.prefault({}),
    rollout: rolloutSchema.default({ strategy: 'rolling' }),
  })
  .superRefine((s, ctx) => {
    if (s.gpu === 0 && s.gpuNodeGroup !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['gpuNodeGroup'],
        input: s.gpuNodeGroup,
        message: 'is only for models that request GPUs (gpu >= 1)',
      });
    }
    const cpu = cpuCores(s.cpu);
    const cpuLimit = s.cpuLimit === undefined ? undefined : cpuCores(s.cpuLimit);
    if (cpu !== undefined && cpuLimit !== undefined && cpuLimit < cpu) {
      ctx.addIssue({
        code: 'custom',
        path: ['cpuLimit'],
        input: s.cpuLimit,
        message: `must be at least cpu (${s.cpu}): Kubernetes rejects a limit below the request`,
      });
    }
    const memory = memoryBytes(s.memory);
    const shared = memoryBytes(s.sharedMemory);
    if (memory !== undefined && shared !== undefined && shared >= memory) {
      ctx.addIssue({
        code: 'custom',
        path: ['sharedMemory'],
        input: s.sharedMemory,
        message: `must be less than memory (${s.memory}): the memory-backed /dev/shm counts against the container's memory limit`,
      });
    }
    if (s.rollout?.strategy === 'canary' && s.ingress === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['rollout', 'strategy'],
        input: 'canary',
        message:
          "needs serving.ingress: the load balancer splits requests between stable and canary (without one, use 'blueGreen')",
      });
    }
  });

/** Kubernetes serving settings with every default applied. */
export type ResolvedKubernetesServing = z.output<typeof kubernetesServingSchema>;

/** Cores of a CPU quantity (`500m` is 0.5), or undefined for a token. */
export function cpuCores(quantity: string): number | undefined {
  if (!CPU.test(quantity)) return undefined;
  return quantity.endsWith('m') ? Number(quantity.slice(0, -1)) / 1000 : Number(quantity);
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/** Bytes of a memory quantity (`1Gi` is 2^30), or undefined for a token. */
export function memoryBytes(quantity: string): number | undefined {
  const match = MEMORY.exec(quantity);
  return match ? Number(match[1]) * MEMORY_UNITS[match[3] ?? ''] : undefined;
}

/**
 * Replicas of the idle colour of a blue/green rollout: `idleReplicas`, or by default
 * `replicas.min` (warm enough to take the live traffic at once), or 0 while both colours run the
 * same version.
 */
export function idleReplicasOf(
  serving: Pick<ResolvedKubernetesServing, 'replicas'>,
  rollout: Extract<ResolvedKubernetesServing['rollout'], { strategy: 'blueGreen' }>,
): number {
  return rollout.idleReplicas ?? (rollout.blueVersion === rollout.greenVersion ? 0 : serving.replicas.min);
}

/**
 * Why `version` cannot be rolled out by a blue/green rollout (it must be one of the colours'
 * versions), or undefined when it can or the rollout is another strategy.
 */
export function colourVersionProblem(
  version: unknown,
  rollout: { strategy?: unknown; blueVersion?: unknown; greenVersion?: unknown } | undefined,
): string | undefined {
  if (
    rollout?.strategy !== 'blueGreen' ||
    version === rollout.blueVersion ||
    version === rollout.greenVersion
  ) {
    return undefined;
  }
  return `must be one of the colours' versions (blue ${rollout.blueVersion}, green ${rollout.greenVersion})`;
}

/**
 * Replicas a model runs beside its autoscaled track: the idle colour of a blue/green rollout, or
 * the canary while it takes traffic. Its peak is `replicas.max` plus these.
 */
export function fixedReplicasOf(version: string, serving: ResolvedKubernetesServing): number {
  const rollout = serving.rollout;
  if (rollout.strategy === 'blueGreen') return idleReplicasOf(serving, rollout);
  if (
    rollout.strategy === 'canary' &&
    rollout.stableVersion !== undefined &&
    rollout.stableVersion !== version
  ) {
    return rollout.canaryReplicas;
  }
  return 0;
}

/** Requests and limits of the init container that downloads a model's artifact. */
export const ARTIFACT_DOWNLOAD_RESOURCES = Object.freeze({
  requests: Object.freeze({ cpu: '500m', memory: '512Mi' }),
  limits: Object.freeze({ cpu: '1', memory: '1Gi' }),
});

/** What a model's pod requests from its node. */
export interface PodRequests {
  /** CPU, in millicores. */
  readonly cpuMilli: number;
  /** Memory, in MiB. */
  readonly memoryMiB: number;
  /** NVIDIA GPUs. */
  readonly gpus: number;
}

/**
 * What a model's pod requests by Kubernetes rules: for each resource, the larger of its init
 * container's request (the artifact download) and the sum of its containers' (the model server
 * alone). `undefined` while a quantity is an unresolved token.
 */
export function podRequests(serving: { cpu: string; memory: string; gpu: number }): PodRequests | undefined {
  const cores = cpuCores(serving.cpu);
  const bytes = memoryBytes(serving.memory);
  const init = ARTIFACT_DOWNLOAD_RESOURCES.requests;
  if (cores === undefined || bytes === undefined) return undefined;
  return {
    cpuMilli: Math.max(Math.ceil(cores * 1000), cpuCores(init.cpu)! * 1000),
    memoryMiB: Math.max(Math.ceil(bytes / 2 ** 20), memoryBytes(init.memory)! / 2 ** 20),
    gpus: serving.gpu,
  };
}

/** A resource of a model's pod that does not fit its node: the field, its value and why. */
export interface FitProblem {
  readonly field: 'cpu' | 'memory';
  readonly value: string;
  readonly message: string;
}

/**
 * The model's CPU and memory requests that exceed what the smallest node of its group leaves to
 * pods (`allocatable`); `group` names the group in messages, e.g. `the a10g GPU node group`.
 */
export function fitProblems(
  serving: { cpu: string; memory: string; gpu: number },
  allocatable: Allocatable,
  group: string,
): FitProblem[] {
  const pod = podRequests(serving);
  if (pod === undefined) return [];
  const node =
    `must fit one node of ${group} (its smallest instance type ${allocatable.instanceType} leaves ` +
    `${describeAllocatable(allocatable)} to pods after the kubelet's reservations and the DaemonSets' requests)`;
  const init = ARTIFACT_DOWNLOAD_RESOURCES.requests;
  const problems: FitProblem[] = [];
  if (pod.cpuMilli > allocatable.cpuMilli) {
    problems.push({
      field: 'cpu',
      value: serving.cpu,
      message: `${node}: the pod requests ${pod.cpuMilli}m CPU (the larger of cpu and the artifact download's ${init.cpu})`,
    });
  }
  if (pod.memoryMiB > allocatable.memoryMiB) {
    problems.push({
      field: 'memory',
      value: serving.memory,
      message: `${node}: the pod requests ${pod.memoryMiB}Mi memory (the larger of memory and the artifact download's ${init.memory})`,
    });
  }
  return problems;
}

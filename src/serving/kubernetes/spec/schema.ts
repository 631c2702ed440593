/** The schema of the `kubernetes` serving spec: its checks and every default. */
import { z } from 'zod';
import {
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
} from '../../../core/validation/rules';
import type { PropsAgree } from '../../../core/validation/issues';
import { cpuCores, cpuQuantity, memoryBytes, memoryQuantity } from './resources';
import { KUBERNETES_TRACKS, type KubernetesServingSpec } from './types';

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

/** The `kubernetes` serving spec (`KubernetesServingSpec`), with its defaults. */
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

const specAgrees: PropsAgree<z.input<typeof kubernetesServingSchema>, KubernetesServingSpec> = true;
void specAgrees;

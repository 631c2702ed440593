import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { MODEL_LABEL, type MetadataFor, TRACK_LABEL } from './labels';
import type { ResolvedKubernetesServing, Track } from './tracks';

/** What scaling one track of a model needs. */
export interface TrackScalingOptions {
  readonly modelName: string;
  readonly serving: ResolvedKubernetesServing;
  readonly metadata: MetadataFor;
  readonly after: ITerraformDependable[];
}

/**
 * A HorizontalPodAutoscaler for an autoscaled track (id `autoscaler-<track>` under `scope`), and
 * with a second replica possible its disruption budget.
 */
export function autoscale(scope: Construct, track: Track, o: TrackScalingOptions): void {
  const s = o.serving;
  const name = `${o.modelName}-${track.name}`;
  const labels = { [TRACK_LABEL]: track.name };
  const utilization = (resource: string, averageUtilization: number) => ({
    type: 'Resource',
    resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
  });
  new HorizontalPodAutoscalerV2(scope, `autoscaler-${track.name}`, {
    metadata: o.metadata(name, labels),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      minReplicas: s.replicas.min,
      maxReplicas: s.replicas.max,
      metric: [
        utilization('cpu', s.autoscaling.cpuUtilization),
        ...(s.autoscaling.memoryUtilization === false
          ? []
          : [utilization('memory', s.autoscaling.memoryUtilization)]),
        ...s.autoscaling.podMetrics.map((m) => ({
          type: 'Pods',
          pods: {
            metric: { name: m.name },
            target: { type: 'AverageValue', averageValue: m.averageValue },
          },
        })),
      ],
      behavior: {
        scaleUp: [
          {
            stabilizationWindowSeconds: s.autoscaling.scaleUpStabilizationSeconds,
            selectPolicy: 'Max',
            policy: [
              { type: 'Pods', value: 2, periodSeconds: 60 },
              { type: 'Percent', value: 100, periodSeconds: 60 },
            ],
          },
        ],
        scaleDown: [
          {
            stabilizationWindowSeconds: s.autoscaling.scaleDownStabilizationSeconds,
            selectPolicy: 'Min',
            policy: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
          },
        ],
      },
    },
    dependsOn: o.after,
  });
  // A disruption budget only where a second replica can carry the load: with one replica it
  // would block every node drain.
  if (s.replicas.max >= 2) disruptionBudget(scope, track, o);
}

/**
 * At most one of the track's pods disrupted at a time (node drains, upgrades): a
 * PodDisruptionBudget with id `disruption-budget-<track>` under `scope`.
 */
export function disruptionBudget(scope: Construct, track: Track, o: TrackScalingOptions): void {
  const labels = { [TRACK_LABEL]: track.name };
  new PodDisruptionBudgetV1(scope, `disruption-budget-${track.name}`, {
    metadata: o.metadata(`${o.modelName}-${track.name}`, labels),
    spec: {
      maxUnavailable: '1',
      selector: { matchLabels: { [MODEL_LABEL]: o.modelName, ...labels } },
    },
    dependsOn: o.after,
  });
}

/**
 * How a track's Deployment replaces pods. The canary never goes below its replica count while it
 * may take traffic (surge one, none unavailable): its target group has a ready target throughout
 * a rollout. Other GPU tracks replace in place (GPUs are scarce; the autoscaled track has several
 * replicas and a disruption budget); CPU tracks surge.
 */
export function rollingUpdateOf(
  track: Track,
  s: ResolvedKubernetesServing,
): { maxSurge: string; maxUnavailable: string } {
  if (track.name === 'canary') return { maxSurge: '1', maxUnavailable: '0' };
  return s.gpu > 0 ? { maxSurge: '0', maxUnavailable: '1' } : { maxSurge: '25%', maxUnavailable: '0' };
}

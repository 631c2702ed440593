/** Rules of a Kubernetes model's rollout: the idle colour's and the canary's replicas, the colours' versions. */
import type { ResolvedKubernetesServing } from './schema';

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

import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { IModelImageRepository } from '../../../registry/model-image-repository';
import type { IModelArtifactBucket } from '../../../storage/model-artifact-bucket';
import { MODEL_LABEL, type MetadataFor, TRACK_LABEL } from './labels';
import type { GpuGroup } from './placement';
import { podTemplate } from './pod-template';
import { rollingUpdateOf } from './scaling';
import type { ResolvedKubernetesServing, Track } from './tracks';

/** What the Deployment of one track needs. */
export interface TrackDeploymentOptions {
  readonly modelName: string;
  readonly serving: ResolvedKubernetesServing;
  readonly metadata: MetadataFor;
  readonly artifacts: IModelArtifactBucket;
  readonly repository: IModelImageRepository;
  readonly downloaderImage: string;
  readonly region: string;
  readonly gpuGroup?: GpuGroup;
  /** What the Deployment waits for. */
  readonly dependsOn: readonly ITerraformDependable[];
}

/**
 * The Deployment of one track (id `deployment-<track>` under `scope`): `<model>-<track>`, the
 * track's version, rolled out within the model load time plus ten minutes; an autoscaled track
 * leaves its replica count to the autoscaler after creation.
 */
export function trackDeployment(scope: Construct, track: Track, o: TrackDeploymentOptions): DeploymentV1 {
  const s = o.serving;
  const model = o.modelName;
  const labels = { [MODEL_LABEL]: model, [TRACK_LABEL]: track.name };
  const rolloutSeconds = s.modelLoadSeconds + 600;
  return new DeploymentV1(scope, `deployment-${track.name}`, {
    metadata: o.metadata(`${model}-${track.name}`, {
      [TRACK_LABEL]: track.name,
      'app.kubernetes.io/version': track.version,
    }),
    spec: {
      // autoscaled tracks: the autoscaler owns the count after creation
      replicas: String(track.replicas.autoscaled ? s.replicas.min : track.replicas.count),
      revisionHistoryLimit: 5,
      progressDeadlineSeconds: rolloutSeconds,
      selector: { matchLabels: labels },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: rollingUpdateOf(track, s),
      },
      template: podTemplate({
        model,
        version: track.version,
        labels: { ...labels, 'app.kubernetes.io/version': track.version },
        selectorLabels: labels,
        serving: s,
        image: o.repository.imageUri(track.version),
        artifactUri: o.artifacts.artifactUri(model, track.version),
        downloaderImage: o.downloaderImage,
        serviceAccount: model,
        region: o.region,
        gpuNodePool: o.gpuGroup?.name,
        accelerator: o.gpuGroup?.accelerator,
      }),
    },
    waitForRollout: true,
    timeouts: {
      create: `${Math.ceil(rolloutSeconds / 60)}m`,
      update: `${Math.ceil(rolloutSeconds / 60)}m`,
    },
    lifecycle: track.replicas.autoscaled ? { ignoreChanges: ['spec[0].replicas'] } : undefined,
    dependsOn: [...o.dependsOn],
  });
}

/**
 * Refuses, at plan time, to point live traffic at a colour that runs fewer than `replicas.min`
 * replicas: the autoscaler owns the live colour's count, so a switch to a cold colour would
 * leave clients with too few (or no) ready pods for the whole model load. The precondition goes
 * on each of `switches` (the live Service, and the weighted listener rule).
 */
export function guardSwitch(
  switches: ReadonlyArray<{ addOverride(path: string, value: unknown): void }>,
  live: DeploymentV1,
  o: { readonly modelName: string; readonly liveTrack: string; readonly minReplicas: number },
): void {
  const min = o.minReplicas;
  for (const resource of switches)
    resource.addOverride('lifecycle.precondition', [
      {
        condition: `\${tonumber(${live.fqn}.spec[0].replicas) >= ${min}}`,
        error_message:
          `The ${o.liveTrack} colour of ${o.modelName} runs fewer than ${min} replicas (replicas.min). ` +
          `Set rollout.idleReplicas to at least ${min} and deploy, then switch active to ${o.liveTrack}.`,
      },
    ]);
}

import type { Construct } from 'constructs';
import type { ResolvedModelOf, ServingEnvironment, ServingTarget } from '../serving-target';
import { SageMakerModelServing } from './sagemaker-model-serving';
import { sageMakerSettings, sageMakerVersions } from './spec';

/**
 * The SageMaker entry of the environment's serving table: a model with `serving.kind:
 * 'sagemaker'` becomes a `SageMakerModelServing` with id `sagemaker`, given the environment's
 * artifact bucket, key, alert topic, dashboard and network (none for a serverless endpoint:
 * SageMaker Serverless Inference runs outside any VPC).
 */
export function sageMakerServingTarget(): ServingTarget<'sagemaker', SageMakerModelServing> {
  return {
    kind: 'sagemaker',
    deployedVersions(model: ResolvedModelOf<'sagemaker'>): string[] {
      return sageMakerVersions(model.version, model.serving);
    },
    serve(scope: Construct, model: ResolvedModelOf<'sagemaker'>, environment: ServingEnvironment) {
      const spec = environment.spec;
      return new SageMakerModelServing(scope, 'sagemaker', {
        modelName: model.name,
        modelVersion: model.version,
        artifacts: environment.artifacts,
        repository: environment.repositoryOf(model.name),
        encryptionKey: environment.encryptionKey,
        alertTopic: environment.alerts,
        dashboard: environment.dashboard,
        serving: sageMakerSettings(model.serving),
        logRetentionDays: spec.logRetentionDays,
        // serverless endpoints run outside any VPC
        network: model.serving.serverless ? undefined : environment.network,
        protectFromDestroy: spec.protectFromDestroy,
        imageGate: environment.imageGateOf(model.name),
      });
    },
  };
}

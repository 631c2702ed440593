import type { Construct } from 'constructs';
import type { ResolvedModelOf, ServingEnvironment, ServingTarget } from '../serving-target';
import { LambdaModelServing } from './lambda-model-serving';

/**
 * The Lambda entry of the environment's table of serving targets: a model whose `serving.kind`
 * is `lambda` is served by a `LambdaModelServing` with id `lambda` under the model's scope, with
 * the environment's key, alert topic, artifact bucket, dashboard, log retention and protection,
 * the model's repository and image gate, and the network only with `serving.vpc: true`.
 */
export function lambdaServingTarget(): ServingTarget<'lambda', LambdaModelServing> {
  return {
    kind: 'lambda',
    // a Lambda model runs one version: the one its spec names
    deployedVersions: (model) => [model.version],
    serve: (scope: Construct, model: ResolvedModelOf<'lambda'>, environment: ServingEnvironment) =>
      new LambdaModelServing(scope, 'lambda', {
        modelName: model.name,
        modelVersion: model.version,
        artifacts: environment.artifacts,
        repository: environment.repositoryOf(model.name),
        encryptionKey: environment.encryptionKey,
        alertTopic: environment.alerts,
        logRetentionDays: environment.spec.logRetentionDays,
        network: model.serving.vpc ? environment.network : undefined,
        dashboard: environment.dashboard,
        serving: model.serving,
        protectFromDestroy: environment.spec.protectFromDestroy,
        imageGate: environment.imageGateOf(model.name),
      }),
  };
}

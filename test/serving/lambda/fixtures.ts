import type { Construct } from 'constructs';
import type { Synthesized } from '../../helpers';
import {
  AlertTopic,
  EnvironmentKey,
  LambdaInferenceFunction,
  ModelArtifactBucket,
  ModelImageRepository,
  type LambdaInferenceFunctionProps,
} from '../../../src';

/** The alert topic every Lambda test alarms to. */
export const TOPIC_ARN = 'arn:aws:sns:us-east-1:123456789012:alerts';

/** That topic, as the alarms take it. */
export const ALERT_TOPIC = AlertTopic.fromTopicArn(TOPIC_ARN);

/** The key, the bucket and the repository a Lambda model needs, in a plain stack. */
export function modelStore(scope: Construct) {
  const encryptionKey = new EnvironmentKey(scope, 'key');
  const artifacts = new ModelArtifactBucket(scope, 'artifacts', { encryptionKey: encryptionKey });
  const repository = new ModelImageRepository(scope, 'sentiment', { encryptionKey: encryptionKey });
  return { encryptionKey, artifacts, repository };
}

/** The model store and a `LambdaInferenceFunction` for the `sentiment` model at `inference`. */
export function lambdaModel(scope: Construct, overrides: Partial<LambdaInferenceFunctionProps> = {}) {
  const store = modelStore(scope);
  const target = new LambdaInferenceFunction(scope, 'inference', {
    modelName: 'sentiment',
    modelVersion: 'v1.0.0',
    ...store,
    ...overrides,
  });
  return { ...store, target };
}

/** A `LambdaInferenceFunction` for the `sentiment` model at `inference`, with `overrides`. */
export function inferenceFunction(
  scope: Construct,
  overrides: Partial<LambdaInferenceFunctionProps> = {},
): LambdaInferenceFunction {
  return lambdaModel(scope, overrides).target;
}

/** A reference to the stack's one data source of `type`, e.g. the account ID. */
export function dataRef(out: Synthesized, type: string, attribute: string): string {
  return `\${data.${type}.${out.dataSources(type)[0].id}.${attribute}}`;
}

/** The address (`aws_x.name`) in a `${aws_x.name.attribute}` reference, as `depends_on` lists it. */
export function address(reference: string): string {
  return reference.replace(/^\$\{(.*)\.[a-z_]+\}$/, '$1');
}

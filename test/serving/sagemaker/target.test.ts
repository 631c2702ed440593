import { Construct } from 'constructs';
import {
  AlertTopic,
  EnvironmentKey,
  type ModelSpec,
  ModelArtifactBucket,
  ModelImageGate,
  ModelImageRepository,
  SageMakerModelServing,
  ServingDashboard,
  type IServingNetwork,
} from '../../../src';
import { validateEnvironmentSpec } from '../../../src/config/validate';
import type { ResolvedModelOf, ServingEnvironment } from '../../../src/serving/serving-target';
import { sageMakerServingTarget } from '../../../src/serving/sagemaker/target';
import { type Synthesized, stagingSpec, synthEnvironment, synthScope } from '../../helpers';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alerts';
const NETWORK: IServingNetwork = {
  vpcId: 'vpc-0123',
  vpcCidr: '10.0.0.0/16',
  privateSubnetIds: ['subnet-a', 'subnet-b'],
  publicSubnetIds: ['subnet-c', 'subnet-d'],
};

/** The resolved spec of `model` in the staging environment. */
function resolved(model: ModelSpec, overrides: object = {}) {
  const { spec } = validateEnvironmentSpec('staging', stagingSpec({ models: [model], ...overrides }));
  return { spec, model: spec.models[0] as ResolvedModelOf<'sagemaker'> };
}

/** Serves `model` through the table entry, in a stand-in environment of a plain stack. */
function serve(
  model: ModelSpec,
  overrides: object = {},
): { out: Synthesized; served: SageMakerModelServing } {
  let served!: SageMakerModelServing;
  const out = synthScope((scope) => {
    const { spec, model: m } = resolved(model, overrides);
    const key = new EnvironmentKey(scope, 'key');
    const repository = new ModelImageRepository(scope, 'image', { encryptionKey: key });
    const gate = new ModelImageGate(scope, 'gate', { repository, tags: [m.version] });
    const environment: ServingEnvironment = Object.assign(new Construct(scope, 'environment'), {
      spec,
      encryptionKey: key,
      alerts: AlertTopic.fromTopicArn(TOPIC),
      artifacts: new ModelArtifactBucket(scope, 'artifacts', { encryptionKey: key }),
      dashboard: new ServingDashboard(scope, 'dashboard'),
      network: NETWORK,
      repositoryOf: () => repository,
      imageGateOf: () => gate,
    });
    served = sageMakerServingTarget().serve(
      new Construct(scope, 'models'),
      m,
      environment,
    ) as SageMakerModelServing;
  });
  return { out, served };
}

const RECOMMENDER: ModelSpec = {
  name: 'recommender',
  version: 'v2',
  serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge' },
};

describe('sageMakerServingTarget', () => {
  it('serves the sagemaker kind', () => {
    expect(sageMakerServingTarget().kind).toBe('sagemaker');
  });

  describe('serve', () => {
    const { out, served } = serve(RECOMMENDER, { logRetentionDays: 90, protectFromDestroy: false });

    it("creates a SageMakerModelServing with id 'sagemaker' under the scope, for the spec's model", () => {
      expect(served).toBeInstanceOf(SageMakerModelServing);
      expect(served.node.path).toBe('test/models/sagemaker');
      expect(served.modelName).toBe('recommender');
      expect(served.modelVersion).toBe('v2');
      expect(served.endpointName).toBe('test-recommender');
    });

    it("passes the environment's log retention, protection, alert topic, network and image gate", () => {
      expect(out.resource('aws_cloudwatch_log_group', 'sagemaker/logs/log-group').retention_in_days).toBe(90);
      expect(out.resource('aws_sagemaker_endpoint').lifecycle).toBeUndefined();
      expect(out.resources('aws_cloudwatch_metric_alarm')).toHaveLength(3);
      for (const alarm of out.resources('aws_cloudwatch_metric_alarm')) {
        expect(alarm.props.alarm_actions).toEqual([TOPIC]);
      }
      expect(out.resource('aws_sagemaker_model', 'sagemaker/model-primary').vpc_config).toEqual({
        security_group_ids: [out.ref('aws_security_group', 'sagemaker/security-group', 'id')],
        subnets: ['subnet-a', 'subnet-b'],
      });
      expect(out.resource('aws_sagemaker_model', 'sagemaker/model-primary').depends_on).toContain(
        out.dataRef('aws_ecr_images', 'gate/images', 'id').replace(/\.id$/, ''),
      );
    });

    it('adds the graphs to the dashboard', () => {
      const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body as string);
      expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toContain(
        'recommender: invocations',
      );
    });
  });

  it('gives a serverless endpoint no network: Serverless Inference runs outside any VPC', () => {
    const { out } = serve({
      name: 'recommender',
      version: 'v2',
      serving: {
        kind: 'sagemaker',
        serverless: { memoryMiB: 2048, maxConcurrency: 5 },
        networkIsolation: false,
      },
    });
    expect(out.resource('aws_sagemaker_model', 'sagemaker/model-primary').vpc_config).toBeUndefined();
    expect(out.resources('aws_security_group')).toEqual([]);
  });

  describe('deployedVersions', () => {
    it.each<[string, ModelSpec['serving'], string[]]>([
      ['one variant', { kind: 'sagemaker', instanceType: 'ml.g5.xlarge' }, ['v2']],
      [
        'A/B variants, each version once',
        {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          variants: [
            { name: 'a', weight: 80 },
            { name: 'b', version: 'v3', weight: 10 },
            { name: 'c', version: 'v3', weight: 10 },
          ],
        },
        ['v2', 'v3'],
      ],
      [
        'a shadow',
        {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          shadow: { version: 'v4', instanceCount: 1, samplingPercent: 10 },
        },
        ['v2', 'v4'],
      ],
      [
        'a canary rollout: the versions the variants name (SageMaker shifts traffic between fleets of one version)',
        {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          rollout: { strategy: 'canary', canaryPercent: 10 },
        },
        ['v2'],
      ],
      [
        'a linear rollout',
        { kind: 'sagemaker', instanceType: 'ml.g5.xlarge', rollout: { strategy: 'linear', stepPercent: 25 } },
        ['v2'],
      ],
    ])('%s', (_title, serving, versions) => {
      const { model } = resolved({ name: 'recommender', version: 'v2', serving });
      expect(sageMakerServingTarget().deployedVersions(model)).toEqual(versions);
    });

    it('names the tags the environment gates', () => {
      const model: ModelSpec = {
        name: 'recommender',
        version: 'v2',
        serving: {
          kind: 'sagemaker',
          instanceType: 'ml.g5.xlarge',
          shadow: { version: 'v3', instanceCount: 1, samplingPercent: 10 },
        },
      };
      const { stack } = synthEnvironment('staging', stagingSpec({ models: [model] }));
      expect(stack.imageGates.recommender.tags).toEqual(
        sageMakerServingTarget().deployedVersions(resolved(model).model),
      );
    });
  });
});

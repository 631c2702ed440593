import { Construct } from 'constructs';
import {
  AlertTopic,
  EnvironmentKey,
  LambdaModelServing,
  ModelArtifactBucket,
  ModelImageGate,
  ModelImageRepository,
  ServingDashboard,
  validateEnvironmentSpec,
  type IServingNetwork,
  type LambdaServingSpec,
} from '../../../src';
import type { ResolvedEnvironmentSpec } from '../../../src/config/schema';
import { lambdaServingTarget } from '../../../src/serving/lambda/target';
import type { ResolvedModelOf, ServingEnvironment } from '../../../src/serving/serving-target';
import { Synthesized, plainStack, stagingSpec } from '../../helpers';

const network: IServingNetwork = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.0.0.0/16',
  privateSubnetIds: ['subnet-aaaa', 'subnet-bbbb'],
  publicSubnetIds: ['subnet-cccc', 'subnet-dddd'],
};

/** The staging spec with one Lambda model, resolved (every default applied). */
function resolved(serving: Omit<LambdaServingSpec, 'kind'> = {}): {
  spec: ResolvedEnvironmentSpec;
  model: ResolvedModelOf<'lambda'>;
} {
  const { spec } = validateEnvironmentSpec(
    'staging',
    stagingSpec({
      network: { cidr: '10.0.0.0/16' },
      models: [{ name: 'sentiment', version: 'v2.0.0', serving: { kind: 'lambda', ...serving } }],
    }),
  );
  return { spec, model: spec.models[0] as ResolvedModelOf<'lambda'> };
}

/** What an environment gives the targets, built from its parts in a plain stack. */
class TestEnvironment extends Construct implements ServingEnvironment {
  public readonly encryptionKey: EnvironmentKey;
  public readonly alerts: AlertTopic;
  public readonly artifacts: ModelArtifactBucket;
  public readonly dashboard: ServingDashboard;
  public readonly network = network;
  public readonly repository: ModelImageRepository;
  public readonly gate: ModelImageGate;

  constructor(
    scope: Construct,
    public readonly spec: ResolvedEnvironmentSpec,
  ) {
    super(scope, 'environment');
    this.encryptionKey = new EnvironmentKey(this, 'key');
    this.alerts = new AlertTopic(this, 'alerts', { encryptionKey: this.encryptionKey });
    this.artifacts = new ModelArtifactBucket(this, 'artifacts', { encryptionKey: this.encryptionKey });
    this.dashboard = new ServingDashboard(this, 'dashboard');
    this.repository = new ModelImageRepository(this, 'image', { encryptionKey: this.encryptionKey });
    this.gate = new ModelImageGate(this, 'image-gate', { repository: this.repository, tags: ['v2.0.0'] });
  }

  public repositoryOf(model: string): ModelImageRepository {
    if (model !== 'sentiment') throw new Error(`no model ${model}`);
    return this.repository;
  }

  public imageGateOf(model: string): ModelImageGate {
    if (model !== 'sentiment') throw new Error(`no model ${model}`);
    return this.gate;
  }
}

function serve(serving: Omit<LambdaServingSpec, 'kind'> = {}) {
  const { stack } = plainStack();
  const { spec, model } = resolved(serving);
  const environment = new TestEnvironment(stack, spec);
  const scope = new Construct(stack, 'models');
  const served = lambdaServingTarget().serve(scope, model, environment);
  return { served, environment, out: Synthesized.of(stack) };
}

describe('lambdaServingTarget', () => {
  it('serves the lambda kind', () => {
    expect(lambdaServingTarget().kind).toBe('lambda');
  });

  describe('serve', () => {
    const { served, environment, out } = serve({ memoryMiB: 3008 });

    it("creates a LambdaModelServing with id 'lambda' under the model's scope", () => {
      expect(served).toBeInstanceOf(LambdaModelServing);
      expect(served.node.path).toBe('test/models/lambda');
      expect([served.modelName, served.modelVersion]).toEqual(['sentiment', 'v2.0.0']);
    });

    it("runs the spec's settings with the environment's artifacts, repository and key", () => {
      expect(out.resource('aws_lambda_function')).toMatchObject({
        function_name: 'test-sentiment',
        memory_size: 3008,
        kms_key_arn: out.ref('aws_kms_key', 'environment/key', 'arn'),
        environment: { variables: { MODEL_VERSION: 'v2.0.0', MODEL_KEY: 'models/sentiment/v2.0.0/' } },
      });
      expect(out.resource('aws_lambda_function').image_uri).toContain(':v2.0.0');
    });

    it("keeps logs for the environment's retention and follows its protection (staging: none)", () => {
      expect(out.resources('aws_cloudwatch_log_group').map((g) => g.props.retention_in_days)).toEqual([
        30, 30,
      ]);
      expect(out.resource('aws_lambda_function').lifecycle).toBeUndefined();
    });

    it("notifies the environment's alert topic and adds graphs to its dashboard", () => {
      const topic = out.ref('aws_sns_topic', 'environment/alerts/topic', 'arn');
      for (const { props } of out.resources('aws_cloudwatch_metric_alarm')) {
        expect(props.alarm_actions).toEqual([topic]);
      }
      expect(served.alarms).toHaveLength(4);
      const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
      expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
        'sentiment: invocations and errors',
        'sentiment: duration',
      ]);
    });

    it("creates the function only after the model's image gate passed", () => {
      expect(out.resource('aws_lambda_function').depends_on).toContain(
        out.dataRef('aws_ecr_images', 'environment/image-gate/images', 'id').replace(/\.id$/, ''),
      );
      expect(environment.gate).toBe(environment.imageGateOf('sentiment'));
    });

    it('runs outside the network unless the spec asks for vpc', () => {
      expect(out.resource('aws_lambda_function').vpc_config).toBeUndefined();
      const inVpc = serve({ vpc: true }).out;
      expect(inVpc.resource('aws_lambda_function').vpc_config).toMatchObject({
        subnet_ids: ['subnet-aaaa', 'subnet-bbbb'],
      });
    });
  });

  describe('deployedVersions', () => {
    it.each<[string, LambdaServingSpec['rollout']]>([
      ['the default canary', undefined],
      ['a canary', { strategy: 'canary', percent: 20, intervalMinutes: 10 }],
      ['a linear rollout', { strategy: 'linear' }],
      ['a predefined configuration', { strategy: 'predefined', config: 'CodeDeployDefault.LambdaAllAtOnce' }],
    ])(
      'is the version the spec names, with %s (CodeDeploy shifts between published versions)',
      (_name, rollout) => {
        const { model } = resolved({ rollout });
        expect(lambdaServingTarget().deployedVersions(model)).toEqual(['v2.0.0']);
      },
    );
  });
});

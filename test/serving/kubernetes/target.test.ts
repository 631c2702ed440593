import { Construct } from 'constructs';
import {
  AlertTopic,
  ClusterAddons,
  EnvironmentKey,
  KubernetesModelServing,
  ModelArtifactBucket,
  ModelImageGate,
  ModelImageRepository,
  ServingCluster,
  ServingDashboard,
  ServingVpc,
  kubernetesServingTarget,
  validateEnvironmentSpec,
  type KubernetesServingSpec,
  type ModelServingEnvironmentProps,
} from '../../../src';
import type { ResolvedEnvironmentSpec } from '../../../src/config/schema';
import type { ResolvedModelOf, ServingEnvironment } from '../../../src/serving/serving-target';
import { Synthesized, plainStack, productionSpec, stagingSpec } from '../../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const ingress = { certificateArn: CERT, host: 'fraud.ml.example.com' };

type Serving = Omit<KubernetesServingSpec, 'kind'>;

/** A spec with a cluster and Kubernetes models, resolved (every default applied). */
function resolved(
  models: Record<string, Serving>,
  o: { production?: boolean; cluster?: Partial<NonNullable<ModelServingEnvironmentProps['cluster']>> } = {},
): ResolvedEnvironmentSpec {
  const spec = (o.production ? productionSpec : stagingSpec)({
    cluster: { adminRoleArns: [ADMIN], publicAccessCidrs: ['52.94.76.10/32'], ...o.cluster },
    models: Object.entries(models).map(([name, serving]) => ({
      name,
      version: 'v2',
      serving: { kind: 'kubernetes', ...serving },
    })),
  });
  return validateEnvironmentSpec(o.production ? 'production' : 'staging', spec).spec;
}

const modelOf = (spec: ResolvedEnvironmentSpec, name: string) =>
  spec.models.find((m) => m.name === name) as ResolvedModelOf<'kubernetes'>;

/** What an environment gives the targets, built from its parts in a plain stack. */
class TestEnvironment extends Construct implements ServingEnvironment {
  public readonly encryptionKey: EnvironmentKey;
  public readonly alerts: AlertTopic;
  public readonly artifacts: ModelArtifactBucket;
  public readonly dashboard: ServingDashboard;
  public readonly network: ServingVpc;
  public readonly cluster?: ServingCluster;
  public readonly clusterAddons?: ClusterAddons;
  private readonly repositories: Record<string, ModelImageRepository> = {};
  private readonly gates: Record<string, ModelImageGate> = {};

  constructor(
    scope: Construct,
    public readonly spec: ResolvedEnvironmentSpec,
    withCluster = true,
  ) {
    super(scope, 'environment');
    this.encryptionKey = new EnvironmentKey(this, 'key');
    this.alerts = new AlertTopic(this, 'alerts', { encryptionKey: this.encryptionKey });
    this.artifacts = new ModelArtifactBucket(this, 'artifacts', { encryptionKey: this.encryptionKey });
    this.dashboard = new ServingDashboard(this, 'dashboard');
    this.network = new ServingVpc(this, 'network', {
      encryptionKey: this.encryptionKey,
      clusterName: 'test',
    });
    if (withCluster) {
      this.cluster = new ServingCluster(this, 'cluster', {
        network: this.network,
        encryptionKey: this.encryptionKey,
        adminRoleArns: [ADMIN],
        region: 'us-east-1',
      });
      this.clusterAddons = new ClusterAddons(this, 'cluster-addons', {
        cluster: this.cluster,
        vpcId: this.network.vpcId,
        region: 'us-east-1',
      });
    }
    for (const model of spec.models) {
      const repository = new ModelImageRepository(this, `image-${model.name}`, {
        encryptionKey: this.encryptionKey,
      });
      this.repositories[model.name] = repository;
      this.gates[model.name] = new ModelImageGate(this, `image-gate-${model.name}`, {
        repository,
        tags: [model.version],
      });
    }
  }

  public repositoryOf(model: string): ModelImageRepository {
    return this.repositories[model];
  }

  public imageGateOf(model: string): ModelImageGate {
    return this.gates[model];
  }
}

/** Serves every model of the spec with one target, each under `models/<name>`. */
function serveAll(spec: ResolvedEnvironmentSpec) {
  const { stack } = plainStack();
  const environment = new TestEnvironment(stack, spec);
  const models = new Construct(stack, 'models');
  const target = kubernetesServingTarget();
  const served = spec.models.map((m) =>
    target.serve(new Construct(models, m.name), m as ResolvedModelOf<'kubernetes'>, environment),
  );
  return { served, environment, out: Synthesized.of(stack) };
}

describe('kubernetesServingTarget', () => {
  it('serves the kubernetes kind', () => {
    expect(kubernetesServingTarget().kind).toBe('kubernetes');
  });

  describe('serve', () => {
    const spec = resolved({ fraud: { ingress }, churn: {} }, { production: true });
    const { served, environment, out } = serveAll(spec);

    it("creates a KubernetesModelServing with id 'kubernetes' under the model's scope", () => {
      expect(served[0]).toBeInstanceOf(KubernetesModelServing);
      expect(served.map((s) => s.node.path)).toEqual([
        'test/models/fraud/kubernetes',
        'test/models/churn/kubernetes',
      ]);
      expect([served[0].modelName, served[0].modelVersion]).toEqual(['fraud', 'v2']);
    });

    it("creates the environment's namespace once, at the environment's scope", () => {
      const namespaces = out.resources('kubernetes_namespace_v1');
      expect(namespaces.map((n) => n.path)).toEqual(['/environment/namespace-models/namespace']);
      expect(namespaces[0].props.metadata.name).toBe('models');
      const ns = out.ref(
        'kubernetes_namespace_v1',
        'environment/namespace-models/namespace',
        'metadata[0].name',
      );
      for (const { props } of out.resources('kubernetes_deployment_v1')) {
        expect(props.metadata.namespace).toBe(ns);
      }
    });

    it('logs every load balancer to one bucket at the environment scope in a protected environment', () => {
      expect(environment.node.tryFindChild('load-balancer-logs')).toBeDefined();
      expect(out.resource('aws_lb')).toMatchObject({
        enable_deletion_protection: true,
        access_logs: { prefix: 'fraud', enabled: true },
      });
    });

    it("encrypts the web ACL's logs with the environment's key and keeps them for its retention", () => {
      const group = out
        .resources('aws_cloudwatch_log_group')
        .find((g) => String(g.props.name).startsWith('aws-waf-logs-'))!.props;
      expect(group).toMatchObject({
        kms_key_id: out.ref('aws_kms_key', 'environment/key', 'arn'),
        retention_in_days: spec.logRetentionDays,
      });
    });

    it("notifies the environment's alert topic and adds graphs to its dashboard", () => {
      const topic = out.ref('aws_sns_topic', 'environment/alerts/topic', 'arn');
      expect(served[0].alarms.length).toBeGreaterThan(0);
      for (const { props } of out.resources('aws_cloudwatch_metric_alarm')) {
        expect(props.alarm_actions).toEqual([topic]);
      }
      expect(served[1].alarms).toEqual([]);
      expect(
        JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body).widgets.length,
      ).toBeGreaterThan(0);
    });

    it("waits for the add-on releases and the model's image gate", () => {
      const dependsOn: string[] = out.resource(
        'kubernetes_deployment_v1',
        'fraud/kubernetes/deployment-stable',
      ).depends_on;
      expect(dependsOn.some((d) => d.startsWith('helm_release.'))).toBe(true);
      expect(dependsOn.some((d) => d.includes('image-gate-fraud'))).toBe(true);
    });

    it('publishes outputs only for the model with a load balancer', () => {
      expect(served[0].outputs.map((o) => o.name)).toEqual([
        'kubernetes-endpoint-fraud',
        'kubernetes-load-balancer-fraud',
      ]);
      expect(served[1].outputs).toEqual([]);
    });
  });

  it('creates a namespace per model with namespacePerModel', () => {
    const spec = resolved({ fraud: {}, churn: {} }, { cluster: { serving: { namespacePerModel: true } } });
    const { out } = serveAll(spec);
    const names = out.resources('kubernetes_namespace_v1').map((n) => [n.path, n.props.metadata.name]);
    expect(names.sort()).toEqual([
      ['/environment/namespace-models-churn/namespace', 'models-churn'],
      ['/environment/namespace-models-fraud/namespace', 'models-fraud'],
    ]);
  });

  it('creates no log bucket in an unprotected environment', () => {
    const { environment, out } = serveAll(resolved({ fraud: { ingress } }));
    expect(environment.node.tryFindChild('load-balancer-logs')).toBeUndefined();
    expect(out.resource('aws_lb')).toMatchObject({ enable_deletion_protection: false });
    expect(out.resource('aws_lb').access_logs).toBeUndefined();
  });

  it('refuses an environment without a cluster', () => {
    const spec = resolved({ fraud: {} });
    const { stack } = plainStack();
    const environment = new TestEnvironment(stack, spec, false);
    expect(() =>
      kubernetesServingTarget().serve(new Construct(stack, 'fraud'), modelOf(spec, 'fraud'), environment),
    ).toThrow('[test/fraud] the fraud model is served on Kubernetes, but the environment has no cluster');
  });

  describe('deployedVersions', () => {
    const versions = (serving: Serving) =>
      kubernetesServingTarget().deployedVersions(
        modelOf(resolved({ fraud: { ingress, ...serving } }), 'fraud'),
      );

    it("is the model's version on a rolling update", () => {
      expect(versions({})).toEqual(['v2']);
    });

    it('is the stable and the canary version during a canary', () => {
      expect(versions({ rollout: { strategy: 'canary', canaryWeight: 10, stableVersion: 'v1' } })).toEqual([
        'v1',
        'v2',
      ]);
      expect(versions({ rollout: { strategy: 'canary', canaryWeight: 10 } })).toEqual(['v2']);
    });

    it("is both colours' versions on a blue/green rollout", () => {
      expect(
        versions({
          rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1', greenVersion: 'v2' },
        }),
      ).toEqual(['v2', 'v1']);
    });
  });
});

import { Testing } from 'cdktf';
import { ModelServingEnvironment, type ModelServingEnvironmentProps } from '../../src';
import {
  formatPlan,
  liveReplacementProblems,
  planChanges,
  type PlanChanges,
  type ResourceChange,
} from '../../src/testing';
import { production } from '../../stacks/production';
import { staging } from '../../stacks/staging';

// The catalogue of day-2 changes (issue 11): realistic edits of this repository's two environments,
// each analysed with the change-safety helper in its conservative reading (any change inside a
// ForceNew block counts as a replacement). For every change:
// - no live resource is replaced or deleted, unless the change removes that model;
// - every replacement can coexist with its predecessor (no create_before_destroy under a fixed name)
//   and none is refused by prevent_destroy;
// - the edit reaches Terraform: the resources it is about change.

/** Resource types whose replacement or deletion takes a live service down or loses data. */
const LIVE_TYPES = [
  'aws_sagemaker_endpoint',
  'aws_eks_cluster',
  'aws_eks_node_group',
  'aws_s3_bucket',
  'aws_kms_key',
  'aws_ecr_repository',
  'aws_vpc',
  'aws_subnet',
  'aws_nat_gateway',
  'aws_lambda_function',
  'aws_lambda_alias',
  'aws_apigatewayv2_api',
  'aws_apigatewayv2_stage',
  'aws_sns_topic',
  'aws_lb',
  'aws_lb_listener',
  'aws_lb_target_group',
  'kubernetes_namespace_v1',
  'kubernetes_service_v1',
  'kubernetes_deployment_v1',
];

type Spec = ModelServingEnvironmentProps;
// specs are plain data: edits reach into them freely

type Edit = (spec: any) => void;

interface Expectation {
  /** A resource type the edit must change. */
  readonly type: string;
  /** A fragment of the address or construct path that picks the resource. */
  readonly where?: string;
  /** The actions allowed for it (any change when absent). */
  readonly actions?: readonly ResourceChange['action'][];
}

interface Day2Change {
  readonly title: string;
  readonly environment: 'staging' | 'production';
  readonly edit: Edit;
  /** Live resources this change may replace or delete (matched against the Terraform address). */
  readonly mayRemove?: readonly RegExp[];
  /** What the edit must change, so it is known to reach Terraform. */
  readonly reaches: readonly Expectation[];
  /** What the edit must change outside resources (the provider block), on the synthesized JSON. */

  readonly reachesConfig?: (after: any) => void;
}

const model = (spec: any, name: string) => spec.models.find((m: any) => m.name === name);
const underModel = (name: string) => new RegExp(`\\.models_${name}_`);

const CATALOGUE: readonly Day2Change[] = [
  {
    title: 'a new canary version of the production Kubernetes model',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').version = 'v1.4.1'),
    reaches: [{ type: 'kubernetes_deployment_v1', where: 'canary', actions: ['update'] }],
  },
  {
    title: 'a larger canary weight',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').serving.rollout.canaryWeight = 25),
    reaches: [{ type: 'aws_lb_listener_rule', actions: ['update'] }],
  },
  {
    title: 'promoting the canary',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').serving.rollout.stableVersion = 'v1.4.0'),
    mayRemove: [/_deployment-canary_/, /_service-canary_/, /_target-group-canary_/],
    reaches: [
      { type: 'kubernetes_deployment_v1', where: 'stable', actions: ['update'] },
      { type: 'aws_lb_listener_rule', actions: ['update'] },
    ],
  },
  {
    title: 'aborting the canary (weight 0)',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').serving.rollout.canaryWeight = 0),
    // the canary's pods stay warm until its replicas or version change
    reaches: [{ type: 'aws_lb_listener_rule', actions: ['update'] }],
  },
  {
    title: 'a new version on the idle blue/green colour',
    environment: 'staging',
    edit: (s) => (model(s, 'fraud').serving.rollout.blueVersion = 'v1.5.0'),
    reaches: [{ type: 'kubernetes_deployment_v1', where: 'blue', actions: ['update'] }],
  },
  {
    title: 'a blue/green switch',
    environment: 'staging',
    edit: (s) => (model(s, 'fraud').serving.rollout.active = 'blue'),
    reaches: [{ type: 'kubernetes_service_v1', actions: ['update'] }],
  },
  {
    title: 'switching blue/green to canary, keeping the live colour',
    environment: 'staging',
    edit: (s) => {
      model(s, 'fraud').version = 'v1.5.0';
      model(s, 'fraud').serving.rollout = {
        strategy: 'canary',
        liveTrack: 'green',
        stableVersion: 'v1.4.0',
        canaryWeight: 10,
      };
    },
    mayRemove: [/_deployment-blue_/, /_service-blue_/, /_service-preview_/, /_target-group-blue_/],
    reaches: [{ type: 'kubernetes_deployment_v1', where: 'canary', actions: ['create'] }],
  },
  {
    title: 'a new version of the production SageMaker model',
    environment: 'production',
    edit: (s) => (model(s, 'recommender').version = 'v2.1.1'),
    reaches: [{ type: 'aws_sagemaker_endpoint', actions: ['update'] }],
  },
  {
    title: 'ending the A/B test',
    environment: 'production',
    edit: (s) => (model(s, 'recommender').serving.variants = [{ name: 'current', weight: 100 }]),
    reaches: [{ type: 'aws_sagemaker_endpoint', actions: ['update'] }],
  },
  {
    title: 'starting an A/B test in staging',
    environment: 'staging',
    edit: (s) =>
      (model(s, 'recommender').serving.variants = [
        { name: 'primary', weight: 80 },
        { name: 'challenger', version: 'v2.2.0-rc2', weight: 20 },
      ]),
    reaches: [{ type: 'aws_sagemaker_endpoint', actions: ['update'] }],
  },
  {
    title: 'new A/B weights',
    environment: 'production',
    edit: (s) =>
      (model(s, 'recommender').serving.variants = [
        { name: 'current', weight: 50 },
        { name: 'challenger', version: 'v2.2.0', weight: 50 },
      ]),
    reaches: [{ type: 'aws_sagemaker_endpoint', actions: ['update'] }],
  },
  {
    title: 'a larger SageMaker instance type',
    environment: 'staging',
    edit: (s) => (model(s, 'recommender').serving.instanceType = 'ml.g5.2xlarge'),
    reaches: [{ type: 'aws_sagemaker_endpoint', actions: ['update'] }],
  },
  {
    title: 'more SageMaker instances',
    environment: 'production',
    edit: (s) => (model(s, 'recommender').serving.instances = { min: 3, max: 12 }),
    reaches: [{ type: 'aws_appautoscaling_target', where: 'recommender', actions: ['update'] }],
  },
  {
    title: 'a SageMaker schedule at another hour',
    environment: 'staging',
    edit: (s) => (model(s, 'recommender').serving.scheduledActions[0].schedule = 'cron(0 21 ? * MON-FRI *)'),
    reaches: [{ type: 'aws_appautoscaling_scheduled_action', where: 'night', actions: ['update'] }],
  },
  {
    title: 'a tighter latency alarm',
    environment: 'production',
    edit: (s) => (model(s, 'recommender').serving.alarms = { p99LatencyMs: 250 }),
    reaches: [{ type: 'aws_cloudwatch_metric_alarm', where: 'latency', actions: ['update'] }],
  },
  {
    title: 'a new version of the Lambda model',
    environment: 'production',
    edit: (s) => (model(s, 'sentiment').version = 'v1.0.1'),
    reaches: [{ type: 'aws_lambda_function', actions: ['update'] }],
  },
  {
    title: 'more Lambda memory',
    environment: 'production',
    edit: (s) => (model(s, 'sentiment').serving.memoryMiB = 4096),
    reaches: [{ type: 'aws_lambda_function', actions: ['update'] }],
  },
  {
    title: 'more provisioned concurrency (no schedules)',
    environment: 'staging',
    edit: (s) => (model(s, 'sentiment').serving.provisionedConcurrency = { min: 2, max: 8 }),
    reaches: [{ type: 'aws_appautoscaling_target', where: 'sentiment', actions: ['update'] }],
  },
  {
    title: 'a new production Lambda schedule bound',
    environment: 'production',
    edit: (s) => (model(s, 'sentiment').serving.provisionedConcurrency.scheduledActions[0].max = 60),
    reaches: [{ type: 'aws_appautoscaling_scheduled_action', where: 'business-hours', actions: ['update'] }],
  },
  {
    title: 'a new Kubernetes model',
    environment: 'production',
    edit: (s) =>
      s.models.push({
        name: 'ranker',
        version: 'v0.1.0',
        serving: { kind: 'kubernetes', replicas: { min: 2, max: 4 }, cpu: '1', memory: '2Gi' },
      }),
    reaches: [{ type: 'kubernetes_deployment_v1', where: 'ranker', actions: ['create'] }],
  },
  {
    title: 'a new SageMaker model',
    environment: 'production',
    edit: (s) =>
      s.models.push({
        name: 'embedder',
        version: 'v0.1.0',
        serving: { kind: 'sagemaker', instanceType: 'ml.m5.xlarge', instances: { min: 2, max: 4 } },
      }),
    reaches: [{ type: 'aws_sagemaker_endpoint', where: 'embedder', actions: ['create'] }],
  },
  {
    title: 'a new Lambda model',
    environment: 'production',
    edit: (s) =>
      s.models.push({
        name: 'tagger',
        version: 'v0.1.0',
        serving: { kind: 'lambda', memoryMiB: 2048 },
      }),
    reaches: [{ type: 'aws_lambda_function', where: 'tagger', actions: ['create'] }],
  },
  {
    title: 'removing the Kubernetes model',
    environment: 'staging',
    edit: (s) => (s.models = s.models.filter((m: { name: string }) => m.name !== 'fraud')),
    // the last Kubernetes model of the environment takes the shared namespace with it
    mayRemove: [underModel('fraud'), /^kubernetes_namespace_v1\.namespace-models_/],
    reaches: [{ type: 'kubernetes_deployment_v1', where: 'fraud', actions: ['delete'] }],
  },
  {
    title: 'removing the SageMaker model',
    environment: 'staging',
    edit: (s) => (s.models = s.models.filter((m: { name: string }) => m.name !== 'recommender')),
    mayRemove: [underModel('recommender')],
    reaches: [{ type: 'aws_sagemaker_endpoint', where: 'recommender', actions: ['delete'] }],
  },
  {
    title: 'removing the Lambda model',
    environment: 'staging',
    edit: (s) => (s.models = s.models.filter((m: { name: string }) => m.name !== 'sentiment')),
    mayRemove: [underModel('sentiment')],
    reaches: [{ type: 'aws_lambda_function', where: 'sentiment', actions: ['delete'] }],
  },
  {
    title: 'a new GPU node group',
    environment: 'production',
    edit: (s) =>
      s.cluster.gpuNodeGroups.push({ name: 't4', instanceTypes: ['g4dn.2xlarge'], minSize: 0, maxSize: 2 }),
    reaches: [{ type: 'aws_eks_node_group', where: 't4', actions: ['create'] }],
  },
  {
    title: 'a larger GPU node group maximum',
    environment: 'production',
    edit: (s) => (s.cluster.gpuNodeGroups[0].maxSize = 12),
    reaches: [{ type: 'aws_eks_node_group', where: 'a10g', actions: ['update'] }],
  },
  {
    title: 'another alert e-mail',
    environment: 'production',
    edit: (s) => (s.alerting = { emails: [...s.alerting.emails, 'ml-platform-lead@example.com'] }),
    reaches: [{ type: 'aws_sns_topic_subscription', actions: ['create'] }],
  },
  {
    title: 'another tag',
    environment: 'production',
    edit: (s) => (s.tags = { ...s.tags, DataClass: 'internal' }),
    // tags reach every resource through the provider's default_tags (tags_all updates in place)
    reaches: [],
    reachesConfig: (after) =>
      expect(after.provider.aws[0].default_tags[0].tags).toMatchObject({ DataClass: 'internal' }),
  },
  {
    title: 'a new serving port of the Kubernetes model',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').serving.port = 8081),
    // port is ForceNew on a target group: the new groups (new names) come before the old ones go
    mayRemove: [/_target-group-(stable|canary)_/],
    reaches: [
      { type: 'aws_lb_target_group', where: 'stable', actions: ['replace'] },
      { type: 'aws_lb_listener_rule', actions: ['update'] },
    ],
  },
  {
    title: 'another ingress host',
    environment: 'production',
    edit: (s) => (model(s, 'fraud').serving.ingress.host = 'fraud-api.ml.acme.example'),
    reaches: [{ type: 'aws_lb_listener_rule', actions: ['update'] }],
  },
  {
    title: 'a rotated certificate',
    environment: 'production',
    edit: (s) =>
      (model(s, 'fraud').serving.ingress.certificateArn =
        'arn:aws:acm:us-east-1:222222222222:certificate/7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'),
    reaches: [{ type: 'aws_lb_listener', where: 'https', actions: ['update'] }],
  },
];

const SPECS: Record<Day2Change['environment'], Spec> = { staging, production };
const synth = (environment: Day2Change['environment'], spec: Spec): string =>
  Testing.synth(new ModelServingEnvironment(Testing.app(), environment, spec), true);

/** Problems of one day-2 change: unsafe replacements and deletions, and an edit that reaches nothing. */
export function day2Problems(plan: PlanChanges, change: Day2Change): string[] {
  const unsafe = liveReplacementProblems(plan, {
    forceNewBlocks: 'anyChange',
    liveTypes: LIVE_TYPES,
    allow: change.mayRemove ?? [],
  });
  const problems = unsafe.map((r) => `${r.action} ${r.address} [${r.path ?? ''}] ${r.forcedBy.join(', ')}`);
  for (const expected of change.reaches) {
    const matching = plan.resources.filter(
      (r) =>
        r.type === expected.type &&
        (expected.where === undefined ||
          r.address.includes(expected.where) ||
          (r.path ?? '').includes(expected.where)),
    );
    const changed = matching.filter((r) =>
      expected.actions ? expected.actions.includes(r.action) : r.action !== 'no-op',
    );
    if (changed.length === 0) {
      problems.push(
        `the edit does not reach ${expected.type}${expected.where ? ` *${expected.where}*` : ''}: ${
          matching.map((r) => `${r.address} ${r.action}`).join(', ') || 'no such resource'
        }`,
      );
    }
  }
  return problems;
}

describe('day-2 changes of the repository environments', () => {
  const before: Record<string, string> = {};
  beforeAll(() => {
    before.staging = synth('staging', staging);
    before.production = synth('production', production);
  });

  it('are at least 30, on both environments and every serving target', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(32);
    expect(new Set(CATALOGUE.map((c) => c.environment))).toEqual(new Set(['staging', 'production']));
  });

  it.each(CATALOGUE.map((c) => [c.title, c] as const))(
    '%s: replaces no live resource and reaches Terraform',
    (_, change) => {
      const spec = structuredClone(SPECS[change.environment]);
      change.edit(spec);
      const after = synth(change.environment, spec);
      const plan = planChanges(before[change.environment], after, { forceNewBlocks: 'anyChange' });
      const problems = day2Problems(plan, change);
      change.reachesConfig?.(JSON.parse(after));
      if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${formatPlan(plan)}`);
      // every replacement coexists with its predecessor or is not live
      for (const replaced of plan.resources.filter((r) => r.action === 'replace')) {
        if (LIVE_TYPES.includes(replaced.type)) expect(replaced.createBeforeDestroy).toBe(true);
        expect(replaced.nameCollision).toBeUndefined();
        expect(replaced.preventDestroyFailure).toBe(false);
      }
    },
  );

  it('fails on the old design, whose rollback alarms followed the variants', () => {
    // The former endpoint listed one alarm per variant in deployment_config's ForceNew rollback
    // block: ending the A/B test dropped the challenger's alarms from it. Reproduce that edit on the
    // synthesized JSON and show the catalogue's check refuses it.
    const after = JSON.parse(before.production);
    const endpoints = after.resource.aws_sagemaker_endpoint;
    const endpoint = endpoints[Object.keys(endpoints)[0]];
    const rollback = endpoint.deployment_config.auto_rollback_configuration;
    rollback.alarms = rollback.alarms.slice(0, 1);
    const change = CATALOGUE.find((c) => c.title === 'ending the A/B test')!;
    const plan = planChanges(before.production, after, { forceNewBlocks: 'anyChange' });
    expect(day2Problems(plan, { ...change, reaches: [] })).toEqual([
      expect.stringMatching(
        /^replace aws_sagemaker_endpoint\.models_recommender_sagemaker_endpoint_\w+ .* deployment_config\.auto_rollback_configuration$/,
      ),
    ]);
  });
});

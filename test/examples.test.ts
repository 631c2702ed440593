import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Runs an example app (it imports the package by its name, which resolves to the sources here)
 * and returns the Terraform JSON of each stack it synthesized.
 */
function synthExample(name: string): Record<string, any> {
  const outdir = mkdtempSync(path.join(tmpdir(), `example-${name}-`));
  const previous = process.env.CDKTF_OUTDIR;
  process.env.CDKTF_OUTDIR = outdir;
  try {
    jest.isolateModules(() => {
      require(path.join(__dirname, '..', 'examples', name, 'main.ts'));
    });
    const manifest = JSON.parse(readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    return Object.fromEntries(
      Object.entries(manifest.stacks as Record<string, { synthesizedStackPath: string }>).map(
        ([stack, m]) => [stack, JSON.parse(readFileSync(path.join(outdir, m.synthesizedStackPath), 'utf8'))],
      ),
    );
  } finally {
    process.env.CDKTF_OUTDIR = previous;
    rmSync(outdir, { recursive: true, force: true });
  }
}

describe('examples', () => {
  it('has a test for every example', () => {
    const examples = readdirSync(path.join(__dirname, '..', 'examples'));
    expect(examples.sort()).toEqual([
      'artifacts-and-images',
      'basic-environment',
      'consumer-testing', // its own tests run in a fresh project: scripts/consumer-smoke.mjs
      'github-actions', // a workflow, checked by test/examples/github-actions-workflow.test.ts
      'kubernetes-canary',
      'lambda-inference',
      'sagemaker-endpoint',
    ]);
  });

  it('basic-environment synthesizes a staging environment from the preset', () => {
    const stacks = synthExample('basic-environment');
    expect(Object.keys(stacks)).toEqual(['staging']);
    const staging = stacks.staging;
    expect(staging.provider.aws[0].region).toBe('eu-west-1');
    expect(staging.provider.aws[0].default_tags[0].tags).toEqual({
      Team: 'recommendations',
      Project: 'shop-ml',
      Environment: 'staging',
      ManagedBy: 'cdktf-model-serving',
    });
    const [key] = Object.values(staging.resource.aws_kms_key) as Array<Record<string, unknown>>;
    expect(key.deletion_window_in_days).toBe(7);
    expect(key.lifecycle).toBeUndefined();
    // no remote backend in the spec: cdktf's default local state file
    expect(Object.keys(staging.terraform.backend)).toEqual(['local']);
  });

  it('consumer-testing synthesizes the staging environment its tests check', () => {
    const { staging } = synthExample('consumer-testing');
    expect(staging.provider.aws[0].allowed_account_ids).toEqual(['111122223333']);
    expect(Object.values(staging.resource.aws_sagemaker_endpoint).map((e: any) => e.name)).toEqual([
      'shop-ml-staging-churn',
    ]);
  });

  it('artifacts-and-images uses the bucket and the repository on their own, with grants', () => {
    const { 'model-store': stack } = synthExample('artifacts-and-images');
    const resources = stack.resource;
    const [bucket] = Object.values(resources.aws_s3_bucket).filter(
      (b: any) => b.bucket === 'acme-model-store-artifacts',
    ) as any[];
    expect(bucket.lifecycle).toEqual({ prevent_destroy: true });
    const [repository] = Object.values(resources.aws_ecr_repository) as any[];
    expect(repository).toMatchObject({ name: 'model-store/churn', image_tag_mutability: 'IMMUTABLE' });
    const roles = Object.values(resources.aws_iam_role).map((r: any) => r.name);
    expect(roles.sort()).toEqual(['model-store-publisher', 'model-store-runtime']);
    expect(Object.keys(resources.aws_iam_role_policy)).toHaveLength(2);
    expect(stack.output['artifact-uri'].value).toMatch(
      /^s3:\/\/\$\{aws_s3_bucket\..+\.bucket\}\/models\/churn\/v3\.2\.0\/$/,
    );
  });

  it('kubernetes-canary serves a GPU model with 20% of traffic on the canary', () => {
    const { production } = synthExample('kubernetes-canary');
    const deployments = Object.values(production.resource.kubernetes_deployment_v1) as any[];
    expect(
      deployments.map((d) => [d.metadata.name, d.spec.template.spec.container[0].env[1].value]).sort(),
    ).toEqual([
      ['detector-canary', '2.0.0'],
      ['detector-stable', '1.9.0'],
    ]);
    const [rule] = Object.values(production.resource.aws_lb_listener_rule) as any[];
    const groups = Object.entries(production.resource.aws_lb_target_group) as Array<[string, any]>;
    const idOf = (arn: string) => groups.find(([id]) => arn.includes(`.${id}.`))?.[0];
    expect(rule.action[0].forward.target_group.map((g: any) => [idOf(g.arn), g.weight])).toEqual([
      [expect.stringContaining('target-group-stable'), 80],
      [expect.stringContaining('target-group-canary'), 20],
    ]);
    const [quota] = Object.values(production.resource.kubernetes_resource_quota_v1) as any[];
    expect(quota.spec.hard).toEqual({ 'requests.nvidia.com/gpu': '7' });
  });

  it('lambda-inference serves a model on Lambda on its own: provisioned concurrency, shifting, a JWT API', () => {
    const { 'churn-inference': stack } = synthExample('lambda-inference');
    const resources = stack.resource;
    const one = (type: string) => {
      const all = Object.values(resources[type] ?? {}) as any[];
      expect(all).toHaveLength(1);
      return all[0];
    };
    expect(one('aws_lambda_function')).toMatchObject({
      function_name: 'churn-inference-churn',
      package_type: 'Image',
      architectures: ['arm64'],
      memory_size: 4096,
      timeout: 15,
      tracing_config: { mode: 'Active' },
      publish: true,
    });
    expect(one('aws_lambda_function').image_uri).toMatch(/\.repository_url\}:v3\.2\.0$/);
    expect(one('aws_lambda_alias').lifecycle).toEqual({
      ignore_changes: ['function_version', 'routing_config'],
    });
    expect(one('aws_lambda_provisioned_concurrency_config').provisioned_concurrent_executions).toBe(1);
    expect(one('aws_appautoscaling_target')).toMatchObject({ min_capacity: 1, max_capacity: 10 });
    expect(one('aws_codedeploy_deployment_config')).toMatchObject({
      deployment_config_name: 'churn-inference-churn-linear-20pct-2min',
      traffic_routing_config: { type: 'TimeBasedLinear', time_based_linear: { percentage: 20, interval: 2 } },
    });
    expect(one('aws_codedeploy_deployment_group').alarm_configuration.alarms).toHaveLength(4);
    expect(one('aws_apigatewayv2_route')).toMatchObject({
      route_key: 'POST /predict',
      authorization_type: 'JWT',
    });
    expect(one('aws_apigatewayv2_authorizer').jwt_configuration).toEqual({
      issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_EXAMPLE',
      audience: ['churn-web'],
    });
    expect(Object.values(resources.aws_cloudwatch_metric_alarm).map((a: any) => a.threshold)).toContain(0.5);
    expect(Object.keys(stack.output).sort()).toEqual([
      'alias-arn',
      'api-url',
      'function-arn',
      'release-command',
    ]);
    expect(stack.output['release-command'].value).toBe(
      'npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function churn-inference-churn --alias live --application churn-inference-churn --deployment-group churn-inference-churn --region eu-central-1',
    );
  });

  it('sagemaker-endpoint serves an A/B pair on its own, rolled out linearly and guarded by its alarms', () => {
    const { 'fraud-scoring': stack } = synthExample('sagemaker-endpoint');
    const resources = stack.resource;
    const [endpoint] = Object.values(resources.aws_sagemaker_endpoint) as any[];
    expect(endpoint.name).toBe('fraud-scoring-fraud');
    expect(endpoint.deployment_config.blue_green_update_policy.traffic_routing_configuration).toEqual({
      type: 'LINEAR',
      wait_interval_in_seconds: 300,
      linear_step_size: { type: 'CAPACITY_PERCENT', value: 25 },
    });
    expect(endpoint.deployment_config.auto_rollback_configuration.alarms).toEqual(
      ['5xx-rate', 'p99-latency', 'gpu-memory'].map((alarm) => ({
        alarm_name: `fraud-scoring-fraud-${alarm}`,
      })),
    );
    const [config] = Object.values(resources.aws_sagemaker_endpoint_configuration) as any[];
    expect(config.production_variants.map((v: any) => [v.variant_name, v.initial_variant_weight])).toEqual([
      ['a', 80],
      ['b', 20],
    ]);
    // ml.c5 has no local storage: the volumes are encrypted with the stack's key
    expect(config.kms_key_arn).toMatch(/^\$\{aws_kms_key\..+\.arn\}$/);
    expect(config.data_capture_config.initial_sampling_percentage).toBe(10);
    const images = (Object.values(resources.aws_sagemaker_model) as any[]).map(
      (m) => m.primary_container.image,
    );
    expect(images.map((i) => i.split(':').pop()).sort()).toEqual(['v4.0.0', 'v4.1.0']);
    const alarms = Object.values(resources.aws_cloudwatch_metric_alarm) as any[];
    expect(alarms.map((a) => a.alarm_actions[0])).toEqual(
      alarms.map(() => expect.stringMatching(/^\$\{aws_sns_topic\..+\.arn\}$/)),
    );
    // the library's AlertTopic: encrypted with the stack's key, with its policy and the on-call address
    const [topic] = Object.values(resources.aws_sns_topic) as any[];
    expect(topic).toMatchObject({
      name: 'fraud-scoring-alerts',
      kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\..+\.arn\}$/),
    });
    expect(Object.keys(resources.aws_sns_topic_policy)).toHaveLength(1);
    expect(
      (Object.values(resources.aws_sns_topic_subscription) as any[]).map((s) => [s.protocol, s.endpoint]),
    ).toEqual([['email', 'fraud-oncall@example.com']]);
    expect(Object.values(resources.aws_iam_role).map((r: any) => r.name)).toEqual([
      'fraud-scoring-fraud-sagemaker',
    ]);
    expect(resources.aws_iam_role_policy_attachment).toBeUndefined();
    expect(stack.output['invoke-url'].value).toMatch(/\/endpoints\/fraud-scoring-fraud\/invocations$/);
  });
});

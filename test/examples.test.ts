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
    expect(examples.sort()).toEqual(['artifacts-and-images', 'basic-environment', 'sagemaker-endpoint']);
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
    expect(endpoint.deployment_config.auto_rollback_configuration.alarms).toHaveLength(4);
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
    expect(Object.values(resources.aws_iam_role).map((r: any) => r.name)).toEqual([
      'fraud-scoring-fraud-sagemaker',
    ]);
    expect(resources.aws_iam_role_policy_attachment).toBeUndefined();
    expect(stack.output['invoke-url'].value).toMatch(/\/endpoints\/fraud-scoring-fraud\/invocations$/);
  });
});

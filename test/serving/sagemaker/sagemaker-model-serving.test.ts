import { TerraformOutput, Testing } from 'cdktf';
import type { Construct } from 'constructs';
import {
  AlertTopic,
  EnvironmentKey,
  type IServingNetwork,
  ModelArtifactBucket,
  ModelImageGate,
  ModelImageRepository,
  SageMakerModelServing,
  type SageMakerModelServingProps,
  type SageMakerServingSettings,
  ServingDashboard,
  SpecValidationError,
} from '../../../src';
import { referencesIn } from '../../../src/serving/sagemaker/private/content-hashed-name';
import { type Synthesized, errorOf, plainStack, synthScope, focused } from '../../helpers';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alerts';
const ALERTS = AlertTopic.fromTopicArn(TOPIC);
const NETWORK: IServingNetwork = {
  vpcId: 'vpc-0123',
  vpcCidr: '10.0.0.0/16',
  privateSubnetIds: ['subnet-a', 'subnet-b'],
  publicSubnetIds: ['subnet-c', 'subnet-d'],
};
const GPU: SageMakerServingSettings = { instanceType: 'ml.g5.xlarge', instances: { min: 2, max: 10 } };
const AB: SageMakerServingSettings = {
  ...GPU,
  variants: [
    { name: 'a', weight: 90 },
    { name: 'b', version: 'v2.2.0', weight: 10 },
  ],
};

/** The endpoint with a key, a bucket and a repository of its own, in `scope`. */
function endpointIn(
  scope: Construct,
  serving: SageMakerServingSettings,
  props: Partial<SageMakerModelServingProps> = {},
): SageMakerModelServing {
  const key = new EnvironmentKey(scope, 'key');
  return new SageMakerModelServing(scope, 'sagemaker', {
    modelName: 'recommender',
    modelVersion: 'v2.1.0',
    artifacts: new ModelArtifactBucket(scope, 'artifacts', { encryptionKey: key }),
    repository: new ModelImageRepository(scope, 'image', { encryptionKey: key }),
    encryptionKey: key,
    alertTopic: ALERTS,
    serving,
    ...props,
  });
}

function synthEndpoint(
  serving: SageMakerServingSettings,
  props: Partial<SageMakerModelServingProps> = {},
): Synthesized {
  return synthScope((scope) => endpointIn(scope, serving, props));
}

/** The endpoint's own rollback alarms, the same whatever its variants and instance types. */
const OWN_ROLLBACK_ALARMS = ['5xx-rate', 'p99-latency', 'gpu-memory'].map((alarm) => ({
  alarm_name: `test-recommender-${alarm}`,
}));

/** How `depends_on` names the resource of `type` at `path`. */
function dependency(out: Synthesized, type: string, path: string): string {
  return out.ref(type, path, 'id').replace(/^\$\{(.*)\.id\}$/, '$1');
}

function statementsOf(out: Synthesized): Array<Record<string, any>> {
  return out.policyStatements(out.resource('aws_iam_role_policy', 'sagemaker/role/inline-policy').policy);
}

const ARN = (service: string, resource: string) =>
  `arn:\${data.aws_partition.aws-context_partition_9ECE3875.partition}:${service}:\${data.aws_region.aws-context_region_DEC3537F.region}:\${data.aws_caller_identity.aws-context_caller_91636884.account_id}:${resource}`;
const VIA = (service: string) => [
  {
    test: 'StringEquals',
    variable: 'kms:ViaService',
    values: [
      `${service}.\${data.aws_region.aws-context_region_DEC3537F.region}.\${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}`,
    ],
  },
];

describe('SageMakerModelServing', () => {
  describe('with an A/B pair on GPU instances', () => {
    const out = synthEndpoint(AB);
    const KEY_ARN = out.ref('aws_kms_key', 'key', 'arn');
    const BUCKET_ARN = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
    const BUCKET = out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket');
    const REPOSITORY_URL = out.ref('aws_ecr_repository', 'image/repository', 'repository_url');
    const ENDPOINT = out.ref('aws_sagemaker_endpoint', 'sagemaker/endpoint', 'name');
    const config = out.resource('aws_sagemaker_endpoint_configuration', 'sagemaker/config');

    it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
      expect(focused(out, 'sagemaker')).toMatchSnapshot();
    });

    it('has an execution role SageMaker assumes, with no managed policy', () => {
      const role = out.resource('aws_iam_role', 'sagemaker/role');
      expect(role.name).toBe('test-recommender-sagemaker');
      expect(out.policyStatements(role.assume_role_policy)).toEqual([
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['sagemaker.amazonaws.com'] }],
        },
      ]);
      expect(out.resources('aws_iam_role_policy_attachment')).toHaveLength(0);
    });

    it("lets the role read only the model's artifacts, pull only its repository, write only its logs and SageMaker metrics", () => {
      const LOG_GROUP = 'log-group:/aws/sagemaker/Endpoints/test-recommender';
      expect(statementsOf(out)).toEqual([
        {
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${BUCKET_ARN}/models/recommender/*`],
        },
        {
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [BUCKET_ARN],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['models/recommender/*'] }],
        },
        { effect: 'Allow', actions: ['kms:Decrypt'], resources: [KEY_ARN], condition: VIA('s3') },
        {
          effect: 'Allow',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [out.ref('aws_ecr_repository', 'image/repository', 'arn')],
        },
        { effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        {
          effect: 'Allow',
          actions: [
            'logs:CreateLogGroup',
            'logs:CreateLogStream',
            'logs:PutLogEvents',
            'logs:DescribeLogStreams',
          ],
          resources: [ARN('logs', LOG_GROUP), ARN('logs', `${LOG_GROUP}:*`)],
        },
        {
          effect: 'Allow',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          condition: [{ test: 'StringLike', variable: 'cloudwatch:namespace', values: ['/aws/sagemaker/*'] }],
        },
        {
          // SageMaker reads the rollback alarms' states during a deployment
          effect: 'Allow',
          actions: ['cloudwatch:DescribeAlarms'],
          resources: OWN_ROLLBACK_ALARMS.map(({ alarm_name }) => ARN('cloudwatch', `alarm:${alarm_name}`)),
        },
      ]);
    });

    it('creates the log group itself, encrypted with the key and expiring', () => {
      expect(out.resource('aws_cloudwatch_log_group', 'sagemaker/logs/log-group')).toEqual({
        name: '/aws/sagemaker/Endpoints/test-recommender',
        kms_key_id: KEY_ARN,
        retention_in_days: 365,
      });
    });

    it("gives each variant a model from its version's image and artifact, isolated from the network", () => {
      for (const [variant, version] of [
        ['a', 'v2.1.0'],
        ['b', 'v2.2.0'],
      ]) {
        const model = out.resource('aws_sagemaker_model', `sagemaker/model-${variant}`);
        expect(model).toMatchObject({
          execution_role_arn: out.ref('aws_iam_role', 'sagemaker/role', 'arn'),
          enable_network_isolation: true,
          primary_container: {
            image: `${REPOSITORY_URL}:${version}`,
            model_data_source: {
              s3_data_source: [
                {
                  s3_uri: `s3://${BUCKET}/models/recommender/${version}/`,
                  s3_data_type: 'S3Prefix',
                  compression_type: 'None',
                },
              ],
            },
          },
          tags: { Model: 'recommender', ModelVersion: version, Variant: variant },
          lifecycle: { create_before_destroy: true },
        });
        expect(model.vpc_config).toBeUndefined();
        expect(model.primary_container.environment).toBeUndefined();
        // SageMaker checks the role's permissions when it creates the model
        expect(model.depends_on).toEqual([
          dependency(out, 'aws_iam_role_policy', 'sagemaker/role/inline-policy'),
        ]);
      }
    });

    it('serves both variants with their weights, instance type and initial count', () => {
      expect(config.production_variants).toEqual([
        {
          variant_name: 'a',
          model_name: out.ref('aws_sagemaker_model', 'sagemaker/model-a', 'name'),
          initial_variant_weight: 90,
          instance_type: 'ml.g5.xlarge',
          initial_instance_count: 2,
        },
        {
          variant_name: 'b',
          model_name: out.ref('aws_sagemaker_model', 'sagemaker/model-b', 'name'),
          initial_variant_weight: 10,
          instance_type: 'ml.g5.xlarge',
          initial_instance_count: 2,
        },
      ]);
      expect(config.shadow_production_variants).toBeUndefined();
      expect(config.data_capture_config).toBeUndefined();
      expect(config.async_inference_config).toBeUndefined();
    });

    it('leaves the key out for ml.g5 (local NVMe storage, encrypted in hardware: SageMaker refuses a key)', () => {
      expect(config.kms_key_arn).toBeUndefined();
    });

    it('names models and configuration from their content, with create-before-destroy, and keeps the endpoint name', () => {
      expect(out.resource('aws_sagemaker_model', 'sagemaker/model-a').name).toMatch(
        /^test-recommender-a-\$\{substr\(sha256\(jsonencode\(.*\)\), 0, 8\)\}$/,
      );
      expect(config.name).toMatch(/^test-recommender-\$\{substr\(sha256\(jsonencode\(.*\)\), 0, 8\)\}$/);
      expect(config.lifecycle).toEqual({ create_before_destroy: true });
      const endpoint = out.resource('aws_sagemaker_endpoint', 'sagemaker/endpoint');
      expect(endpoint.name).toBe('test-recommender');
      expect(endpoint.endpoint_config_name).toBe(
        out.ref('aws_sagemaker_endpoint_configuration', 'sagemaker/config', 'name'),
      );
    });

    it('alarms on the highest 5XX rate, p99 latency and GPU memory per GPU of any variant, by metric math', () => {
      const metric = (variant: string, metric_name: string, stat: string, namespace = 'AWS/SageMaker') => ({
        namespace,
        metric_name,
        dimensions: { EndpointName: 'test-recommender', VariantName: variant },
        period: 60,
        stat,
      });
      const alarm = (name: string) =>
        out.resource('aws_cloudwatch_metric_alarm', `sagemaker/alarms/${name}/alarm`);
      expect(alarm('error-rate')).toMatchObject({
        alarm_name: 'test-recommender-5xx-rate',
        threshold: 1,
        comparison_operator: 'GreaterThanThreshold',
        evaluation_periods: 3,
        treat_missing_data: 'notBreaching',
        alarm_actions: [TOPIC],
        ok_actions: [TOPIC],
      });
      expect(alarm('error-rate').metric_query).toEqual([
        { id: 'errors0', metric: metric('a', 'Invocation5XXErrors', 'Sum') },
        { id: 'invocations0', metric: metric('a', 'Invocations', 'Sum') },
        { id: 'rate0', expression: 'IF(invocations0 > 0, 100 * errors0 / invocations0, 0)' },
        { id: 'errors1', metric: metric('b', 'Invocation5XXErrors', 'Sum') },
        { id: 'invocations1', metric: metric('b', 'Invocations', 'Sum') },
        { id: 'rate1', expression: 'IF(invocations1 > 0, 100 * errors1 / invocations1, 0)' },
        {
          id: 'rate',
          expression: 'MAX([rate0, rate1])',
          label: 'highest 5XX rate of a variant (%)',
          return_data: true,
        },
      ]);
      // 1000 ms, as SageMaker reports it: microseconds
      expect(alarm('latency')).toMatchObject({
        alarm_name: 'test-recommender-p99-latency',
        threshold: 1_000_000,
      });
      expect(alarm('latency').metric_query).toEqual([
        { id: 'latency0', metric: metric('a', 'ModelLatency', 'p99') },
        { id: 'latency1', metric: metric('b', 'ModelLatency', 'p99') },
        {
          id: 'latency',
          expression: 'MAX([latency0, latency1])',
          label: 'highest p99 model latency of a variant (microseconds)',
          return_data: true,
        },
      ]);
      // SageMaker sums the GPUs' percentages: each variant's value is divided by its GPU count
      expect(alarm('gpu-memory')).toMatchObject({ alarm_name: 'test-recommender-gpu-memory', threshold: 90 });
      expect(alarm('gpu-memory').metric_query).toEqual([
        { id: 'gpu0', metric: metric('a', 'GPUMemoryUtilization', 'Average', '/aws/sagemaker/Endpoints') },
        { id: 'gpuShare0', expression: 'gpu0 / 1' },
        { id: 'gpu1', metric: metric('b', 'GPUMemoryUtilization', 'Average', '/aws/sagemaker/Endpoints') },
        { id: 'gpuShare1', expression: 'gpu1 / 1' },
        {
          id: 'gpu',
          expression: 'MAX([gpuShare0, gpuShare1])',
          label: 'highest GPU memory per GPU of a variant (%)',
          return_data: true,
        },
      ]);
      expect(out.resources('aws_cloudwatch_metric_alarm')).toHaveLength(3);
    });

    it("deploys all at once by default, rolling back on the endpoint's three alarms, created first", () => {
      const endpoint = out.resource('aws_sagemaker_endpoint', 'sagemaker/endpoint');
      expect(endpoint.deployment_config).toEqual({
        blue_green_update_policy: {
          traffic_routing_configuration: { type: 'ALL_AT_ONCE', wait_interval_in_seconds: 300 },
          termination_wait_in_seconds: 0,
        },
        auto_rollback_configuration: { alarms: OWN_ROLLBACK_ALARMS },
      });
      // the alarms exist before a deployment watches them
      expect(endpoint.depends_on).toEqual([
        dependency(out, 'aws_cloudwatch_log_group', 'sagemaker/logs/log-group'),
        ...['error-rate', 'latency', 'gpu-memory'].map((alarm) =>
          dependency(out, 'aws_cloudwatch_metric_alarm', `sagemaker/alarms/${alarm}/alarm`),
        ),
      ]);
    });

    it('auto scales each variant on invocations per instance, registered once the endpoint exists', () => {
      for (const variant of ['a', 'b']) {
        const target = out.resource(
          'aws_appautoscaling_target',
          `sagemaker/variant-${variant}/scaling-target`,
        );
        expect(target).toEqual({
          service_namespace: 'sagemaker',
          scalable_dimension: 'sagemaker:variant:DesiredInstanceCount',
          resource_id: `endpoint/${ENDPOINT}/variant/${variant}`,
          min_capacity: 2,
          max_capacity: 10,
          depends_on: [dependency(out, 'aws_sagemaker_endpoint', 'sagemaker/endpoint')],
        });
        const TARGET = (attribute: string) =>
          out.ref('aws_appautoscaling_target', `sagemaker/variant-${variant}/scaling-target`, attribute);
        expect(
          out.resource('aws_appautoscaling_policy', `sagemaker/variant-${variant}/scaling-policy`),
        ).toEqual({
          name: `test-recommender-${variant}-invocations-per-instance`,
          policy_type: 'TargetTrackingScaling',
          service_namespace: TARGET('service_namespace'),
          resource_id: TARGET('resource_id'),
          scalable_dimension: TARGET('scalable_dimension'),
          target_tracking_scaling_policy_configuration: {
            target_value: 70,
            scale_in_cooldown: 300,
            scale_out_cooldown: 60,
            predefined_metric_specification: {
              predefined_metric_type: 'SageMakerVariantInvocationsPerInstance',
            },
          },
        });
      }
      expect(out.resources('aws_appautoscaling_scheduled_action')).toHaveLength(0);
    });
  });

  describe('rollouts', () => {
    it.each<[string, SageMakerServingSettings['rollout'], Record<string, unknown>]>([
      [
        'canary',
        { strategy: 'canary', canaryPercent: 10, waitSeconds: 600, maxExecutionTimeoutSeconds: 3600 },
        {
          traffic_routing_configuration: {
            type: 'CANARY',
            wait_interval_in_seconds: 600,
            canary_size: { type: 'CAPACITY_PERCENT', value: 10 },
          },
          termination_wait_in_seconds: 0,
          maximum_execution_timeout_in_seconds: 3600,
        },
      ],
      [
        'linear',
        { strategy: 'linear', stepPercent: 25, waitSeconds: 120, terminationWaitSeconds: 600 },
        {
          traffic_routing_configuration: {
            type: 'LINEAR',
            wait_interval_in_seconds: 120,
            linear_step_size: { type: 'CAPACITY_PERCENT', value: 25 },
          },
          termination_wait_in_seconds: 600,
        },
      ],
      [
        'all at once',
        { strategy: 'allAtOnce', waitSeconds: 0 },
        {
          traffic_routing_configuration: { type: 'ALL_AT_ONCE', wait_interval_in_seconds: 0 },
          termination_wait_in_seconds: 0,
        },
      ],
    ])('%s: blue/green with its traffic routing, rolling back on the alarms', (_title, rollout, policy) => {
      const out = synthEndpoint({ instanceType: 'ml.c5.xlarge', rollout });
      expect(out.resource('aws_sagemaker_endpoint').deployment_config).toEqual({
        blue_green_update_policy: policy,
        auto_rollback_configuration: { alarms: OWN_ROLLBACK_ALARMS },
      });
    });

    it('also rolls back on the alarms named in the spec', () => {
      const out = synthEndpoint({
        instanceType: 'ml.c5.xlarge',
        rollout: { strategy: 'canary', alarmNames: ['orders-queue-depth', 'orders-age'] },
      });
      expect(
        out.resource('aws_sagemaker_endpoint').deployment_config.auto_rollback_configuration.alarms,
      ).toEqual([...OWN_ROLLBACK_ALARMS, { alarm_name: 'orders-age' }, { alarm_name: 'orders-queue-depth' }]);
    });
  });

  describe('the rollback block across ordinary changes', () => {
    // deployment_config.auto_rollback_configuration is ForceNew (terraform-provider-aws v6.25.0,
    // internal/service/sagemaker/endpoint.go): it must stay the same for the endpoint to stay
    const rollbackOf = (serving: SageMakerServingSettings) =>
      synthEndpoint(serving).resource('aws_sagemaker_endpoint').deployment_config.auto_rollback_configuration;

    it.each<[string, SageMakerServingSettings]>([
      ['ending the A/B test', GPU],
      ['adding a third variant', { ...AB, variants: [...AB.variants!, { name: 'c', weight: 5 }] }],
      [
        'moving a variant to a CPU type',
        { ...AB, variants: [AB.variants![0], { ...AB.variants![1], instanceType: 'ml.c5.xlarge' }] },
      ],
      ['moving every variant to a CPU type', { ...AB, instanceType: 'ml.c5.xlarge' }],
      [
        'changing the weights and thresholds',
        {
          ...AB,
          variants: [
            { name: 'a', weight: 50 },
            { name: 'b', weight: 50 },
          ],
          alarms: { p99LatencyMs: 200 },
        },
      ],
      ['switching to a canary rollout', { ...AB, rollout: { strategy: 'canary', canaryPercent: 20 } }],
      ['switching to a linear rollout', { ...AB, rollout: { strategy: 'linear', stepPercent: 25 } }],
      ['going serverless', { serverless: { memoryMiB: 2048, maxConcurrency: 5 }, networkIsolation: false }],
    ])('stays the same when %s', (_change, after) => {
      expect(rollbackOf(after)).toEqual(rollbackOf(AB));
      expect(rollbackOf(after)).toEqual({ alarms: OWN_ROLLBACK_ALARMS });
    });

    it('lists the alarm names of the spec in sorted order, whatever order they are given in', () => {
      const names = (alarmNames: string[]) =>
        rollbackOf({ ...GPU, rollout: { strategy: 'canary', alarmNames } }).alarms.slice(3);
      expect(names(['queue-depth', 'dlq-size'])).toEqual(names(['dlq-size', 'queue-depth']));
    });
  });

  describe('content-hashed names', () => {
    const names = (serving: SageMakerServingSettings, version = 'v2.1.0') => {
      const out = synthEndpoint(serving, { modelVersion: version });
      return {
        model: out.resource('aws_sagemaker_model', 'sagemaker/model-primary').name as string,
        config: out.resource('aws_sagemaker_endpoint_configuration').name as string,
        endpoint: out.resource('aws_sagemaker_endpoint').name as string,
      };
    };
    const base = names({ instanceType: 'ml.c5.xlarge' });

    it('are stable from one synth to the next', () => {
      expect(names({ instanceType: 'ml.c5.xlarge' })).toEqual(base);
    });

    it('change model and configuration with a new version; the endpoint keeps its name', () => {
      const next = names({ instanceType: 'ml.c5.xlarge' }, 'v2.2.0');
      expect(next.model).not.toBe(base.model);
      // Terraform hashes the model's new name into the configuration's
      expect(next.config).toMatch(/, aws_sagemaker_model\.[^,]+\.name/);
      expect(next.endpoint).toBe(base.endpoint);
    });

    it('change only the configuration with a new instance type', () => {
      const next = names({ instanceType: 'ml.c5.2xlarge' });
      expect(next.model).toBe(base.model);
      expect(next.config).not.toBe(base.config);
    });

    it('change the model with new environment variables', () => {
      expect(names({ instanceType: 'ml.c5.xlarge', environment: { LOG_LEVEL: 'debug' } }).model).not.toBe(
        base.model,
      );
    });

    it('are hashed by Terraform over the resolved values, so a replaced security group, subnet or role gives new names', () => {
      // with the hash of the `${...}` expressions, a security group replaced under the same
      // reference left the model's name as it was: create_before_destroy then failed on CreateModel
      const out = synthEndpoint({ instanceType: 'ml.c5.xlarge' }, { network: NETWORK });
      const model = out.resource('aws_sagemaker_model', 'sagemaker/model-primary');
      const hashed =
        /^test-recommender-primary-\$\{substr\(sha256\(jsonencode\(\["[0-9a-f]{64}", (.*)\]\)\), 0, 8\)\}$/.exec(
          model.name,
        );
      expect(hashed).not.toBeNull();
      const SG = out.ref('aws_security_group', 'sagemaker/security-group', 'id').slice(2, -1);
      const ROLE = out.ref('aws_iam_role', 'sagemaker/role', 'arn').slice(2, -1);
      expect(hashed![1].split(', ')).toEqual(expect.arrayContaining([SG, ROLE]));
      // fixed values are in the synthesized digest
      const other = synthEndpoint(
        { instanceType: 'ml.c5.xlarge' },
        { network: { ...NETWORK, privateSubnetIds: ['subnet-a', 'subnet-c'] } },
      );
      expect(other.resource('aws_sagemaker_model', 'sagemaker/model-primary').name).not.toBe(model.name);
      expect(model.lifecycle).toEqual({ create_before_destroy: true });
      // the configuration's hash covers its variants' model names
      const config = out.resource('aws_sagemaker_endpoint_configuration');
      expect(config.name).toContain(
        out.ref('aws_sagemaker_model', 'sagemaker/model-primary', 'name').slice(2, -1),
      );
      expect(config.lifecycle).toEqual({ create_before_destroy: true });
    });

    it('find every interpolated expression once, braces inside balanced', () => {
      expect(
        referencesIn('{"a":"${x.y.id}:v1","b":["${x.y.id}","${lookup({k = 1}, "k")}"],"c":"plain"}'),
      ).toEqual(['x.y.id', 'lookup({k = 1}, "k")']);
    });

    it('stay within 63 characters for the longest project, environment, model and variant names', () => {
      const out = synthScope(
        (scope) =>
          endpointIn(
            scope,
            { instanceType: 'ml.c5.xlarge', variants: [{ name: 'v'.repeat(63) }] },
            { modelName: 'm'.repeat(20) },
          ),
        'a'.repeat(29),
      );
      // 8 hex digits replace the hash expression Terraform computes
      const HASHED = /\$\{substr\(sha256\(jsonencode\(\[.*\]\)\), 0, 8\)\}$/;
      for (const name of [
        out.resource('aws_sagemaker_model').name.replace(HASHED, '0123abcd'),
        out.resource('aws_sagemaker_endpoint_configuration').name.replace(HASHED, '0123abcd'),
        out.resource('aws_sagemaker_endpoint').name,
      ]) {
        expect(name.length).toBeLessThanOrEqual(63);
        expect(name).toMatch(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/);
      }
    });
  });

  describe('on CPU instances', () => {
    const out = synthEndpoint({ instanceType: 'ml.c5.xlarge', instances: { min: 1, max: 3, initial: 2 } });

    it('encrypts the storage volumes with the key', () => {
      expect(out.resource('aws_sagemaker_endpoint_configuration').kms_key_arn).toBe(
        out.ref('aws_kms_key', 'key', 'arn'),
      );
    });

    it('starts with the initial count and keeps the GPU memory alarm (it never fires without GPUs)', () => {
      expect(out.resource('aws_sagemaker_endpoint_configuration').production_variants[0]).toMatchObject({
        variant_name: 'primary',
        initial_instance_count: 2,
        initial_variant_weight: 1,
      });
      // the GPU memory alarm stays (its variant reports no GPU metric, so it never fires): moving
      // between CPU and GPU types leaves the rollback block as it is
      expect(
        out
          .resources('aws_cloudwatch_metric_alarm')
          .map((a) => a.props.alarm_name)
          .sort(),
      ).toEqual(OWN_ROLLBACK_ALARMS.map((a) => a.alarm_name).sort());
    });
  });

  it('leaves the key out as soon as one variant uses local NVMe storage', () => {
    const out = synthEndpoint({
      instanceType: 'ml.c5.xlarge',
      variants: [{ name: 'a' }, { name: 'b', instanceType: 'ml.m5d.xlarge' }],
    });
    expect(out.resource('aws_sagemaker_endpoint_configuration').kms_key_arn).toBeUndefined();
  });

  it('sets the p99 latency, error rate and GPU memory thresholds from the spec (milliseconds to microseconds, percent per GPU)', () => {
    const out = synthEndpoint({
      instanceType: 'ml.g5.12xlarge',
      alarms: { p99LatencyMs: 250, errorRatePercent: 0.5, gpuMemoryPercent: 80, evaluationPeriods: 5 },
    });
    const alarm = (name: string) =>
      out.resource('aws_cloudwatch_metric_alarm', `sagemaker/alarms/${name}/alarm`);
    expect(alarm('latency')).toMatchObject({ threshold: 250_000, evaluation_periods: 5 });
    expect(alarm('error-rate')).toMatchObject({ threshold: 0.5, evaluation_periods: 5 });
    // ml.g5.12xlarge has 4 GPUs: SageMaker sums their percentages (0-400 %), the alarm divides by 4
    expect(alarm('gpu-memory')).toMatchObject({ threshold: 80, evaluation_periods: 5 });
    expect(alarm('gpu-memory').metric_query[1]).toEqual({ id: 'gpuShare0', expression: 'gpu0 / 4' });
  });

  it('passes environment variables and can load a model.tar.gz', () => {
    const out = synthEndpoint({
      instanceType: 'ml.c5.xlarge',
      environment: { SM_MODEL_SERVER_WORKERS: '2' },
      artifactFormat: 'tarball',
    });
    const container = out.resource('aws_sagemaker_model').primary_container;
    expect(container.environment).toEqual({ SM_MODEL_SERVER_WORKERS: '2' });
    expect(container.model_data_url).toBe(
      `s3://${out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket')}/models/recommender/v2.1.0/model.tar.gz`,
    );
    expect(container.model_data_source).toBeUndefined();
  });

  describe('with a shadow variant and data capture', () => {
    const out = synthEndpoint({
      instanceType: 'ml.m5.xlarge',
      variants: [{ name: 'live', weight: 2 }],
      shadow: { version: 'v3.0.0-rc1', samplingPercent: 50 },
      dataCapture: { samplingPercent: 20, capture: 'input' },
    });
    const config = out.resource('aws_sagemaker_endpoint_configuration');
    const BUCKET = out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket');
    const BUCKET_ARN = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
    const KEY_ARN = out.ref('aws_kms_key', 'key', 'arn');

    it("mirrors the sampled share of the production variant's traffic to the shadow's own model", () => {
      expect(config.shadow_production_variants).toEqual([
        {
          variant_name: 'shadow',
          model_name: out.ref('aws_sagemaker_model', 'sagemaker/model-shadow', 'name'),
          instance_type: 'ml.m5.xlarge',
          initial_instance_count: 1,
          initial_variant_weight: 1,
        },
      ]);
      expect(out.resource('aws_sagemaker_model', 'sagemaker/model-shadow').primary_container.image).toMatch(
        /:v3\.0\.0-rc1$/,
      );
    });

    it('captures the requests into the bucket, encrypted with the key', () => {
      expect(config.data_capture_config).toEqual({
        enable_capture: true,
        initial_sampling_percentage: 20,
        destination_s3_uri: `s3://${BUCKET}/data-capture/recommender/`,
        kms_key_id: KEY_ARN,
        capture_options: [{ capture_mode: 'Input' }],
      });
    });

    it('lets the role write only its data-capture prefix', () => {
      expect(statementsOf(out)).toEqual(
        expect.arrayContaining([
          {
            effect: 'Allow',
            actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
            resources: [`${BUCKET_ARN}/data-capture/recommender/*`],
          },
          {
            effect: 'Allow',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [KEY_ARN],
            condition: VIA('s3'),
          },
        ]),
      );
    });

    it('graphs the shadow next to the production variant on the dashboard', () => {
      const withDashboard = synthScope((scope) =>
        endpointIn(
          scope,
          { instanceType: 'ml.g5.xlarge', shadow: { version: 'v3' } },
          { dashboard: new ServingDashboard(scope, 'dashboard') },
        ),
      );
      const widgets = JSON.parse(withDashboard.resource('aws_cloudwatch_dashboard').dashboard_body).widgets;
      expect(widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
        'recommender: p99 model latency (microseconds)',
        'recommender: 5XX errors',
        'recommender: invocations',
        'recommender: GPU memory (% summed over the GPUs)',
      ]);
      expect(widgets[0].properties.metrics.map((m: unknown[]) => m[5])).toEqual(['primary', 'shadow']);
      expect(widgets[0].properties.annotations).toEqual({
        horizontal: [{ label: 'alarm', value: 1_000_000 }],
      });
    });
  });

  describe('serverless', () => {
    const out = synthEndpoint({
      serverless: { memoryMiB: 3072, maxConcurrency: 20, provisionedConcurrency: 2 },
      networkIsolation: false,
    });

    it('serves one variant from a serverless config, without instances or auto scaling', () => {
      expect(out.resource('aws_sagemaker_endpoint_configuration').production_variants).toEqual([
        {
          variant_name: 'primary',
          model_name: out.ref('aws_sagemaker_model', 'sagemaker/model-primary', 'name'),
          initial_variant_weight: 1,
          serverless_config: { memory_size_in_mb: 3072, max_concurrency: 20, provisioned_concurrency: 2 },
        },
      ]);
      expect(out.resources('aws_appautoscaling_target')).toHaveLength(0);
    });

    it('turns network isolation off only because the spec says so', () => {
      expect(out.resource('aws_sagemaker_model').enable_network_isolation).toBe(false);
    });
  });

  describe('async inference', () => {
    const out = synthEndpoint(
      {
        instanceType: 'ml.g5.xlarge',
        instances: { min: 0, max: 4 },
        async: { maxConcurrentInvocationsPerInstance: 4 },
      },
      {},
    );
    const BUCKET = out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket');
    const BUCKET_ARN = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
    const KEY_ARN = out.ref('aws_kms_key', 'key', 'arn');

    it('writes results and failures to the bucket, encrypted, and notifies the topic of errors', () => {
      expect(out.resource('aws_sagemaker_endpoint_configuration').async_inference_config).toEqual({
        client_config: { max_concurrent_invocations_per_instance: 4 },
        output_config: {
          s3_output_path: `s3://${BUCKET}/async-inference/recommender/output/`,
          s3_failure_path: `s3://${BUCKET}/async-inference/recommender/failures/`,
          kms_key_id: KEY_ARN,
          notification_config: { error_topic: TOPIC },
        },
      });
    });

    it('lets the role read the inputs, write the results and publish errors (the key only through SNS)', () => {
      expect(statementsOf(out)).toEqual(
        expect.arrayContaining([
          {
            effect: 'Allow',
            actions: ['s3:GetObject', 's3:GetObjectVersion'],
            resources: [`${BUCKET_ARN}/async-inference/recommender/input/*`],
          },
          {
            effect: 'Allow',
            actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
            resources: [`${BUCKET_ARN}/async-inference/recommender/*`],
          },
          { effect: 'Allow', actions: ['sns:Publish'], resources: [TOPIC] },
          {
            effect: 'Allow',
            actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
            resources: [KEY_ARN],
            condition: VIA('sns'),
          },
        ]),
      );
    });

    it('starts with one instance, scales to zero on the backlog per instance', () => {
      expect(
        out.resource('aws_sagemaker_endpoint_configuration').production_variants[0].initial_instance_count,
      ).toBe(1);
      expect(out.resource('aws_appautoscaling_target')).toMatchObject({ min_capacity: 0, max_capacity: 4 });
      expect(out.resource('aws_appautoscaling_policy').target_tracking_scaling_policy_configuration).toEqual({
        target_value: 5,
        scale_in_cooldown: 300,
        scale_out_cooldown: 60,
        customized_metric_specification: {
          metric_name: 'ApproximateBacklogSizePerInstance',
          namespace: 'AWS/SageMaker',
          statistic: 'Average',
          dimensions: [
            { name: 'EndpointName', value: out.ref('aws_sagemaker_endpoint', 'sagemaker/endpoint', 'name') },
          ],
        },
      });
    });

    it('has an async invoke URL', () => {
      const { stack } = plainStack();
      const endpoint = endpointIn(stack, { instanceType: 'ml.c5.xlarge', async: { notifyErrors: false } });
      expect(endpoint.invokeUrl).toMatch(/\/endpoints\/test-recommender\/invocations-async$/);
      const synced = synthScope((scope) =>
        endpointIn(scope, { instanceType: 'ml.c5.xlarge', async: { notifyErrors: false } }),
      );
      expect(
        synced.resource('aws_sagemaker_endpoint_configuration').async_inference_config.output_config
          .notification_config,
      ).toBeUndefined();
      expect(statementsOf(synced).some((s) => s.actions.includes('sns:Publish'))).toBe(false);
    });
  });

  it('scales on concurrent requests with its own target and cooldowns, and on schedules', () => {
    const out = synthEndpoint({
      instanceType: 'ml.g5.xlarge',
      instances: { min: 1, max: 4 },
      autoscaling: {
        metric: 'concurrentRequestsPerModel',
        targetValue: 8,
        scaleInCooldownSeconds: 600,
        scaleOutCooldownSeconds: 30,
      },
      scheduledActions: [
        { name: 'night', schedule: 'cron(0 20 * * ? *)', timezone: 'Europe/Paris', min: 1, max: 1 },
        { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'Europe/Paris', max: 4 },
      ],
    });
    expect(out.resource('aws_appautoscaling_policy')).toMatchObject({
      name: 'test-recommender-primary-concurrent-requests',
      target_tracking_scaling_policy_configuration: {
        target_value: 8,
        scale_in_cooldown: 600,
        scale_out_cooldown: 30,
        predefined_metric_specification: {
          predefined_metric_type: 'SageMakerVariantConcurrentRequestsPerModelHighResolution',
        },
      },
    });
    const TARGET = (attribute: string) =>
      out.ref('aws_appautoscaling_target', 'variant-primary/scaling-target', attribute);
    expect(out.resource('aws_appautoscaling_scheduled_action', 'variant-primary/schedule-night')).toEqual({
      name: 'test-recommender-primary-night',
      service_namespace: TARGET('service_namespace'),
      resource_id: TARGET('resource_id'),
      scalable_dimension: TARGET('scalable_dimension'),
      schedule: 'cron(0 20 * * ? *)',
      timezone: 'Europe/Paris',
      scalable_target_action: { min_capacity: '1', max_capacity: '1' },
    });
    expect(
      out.resource('aws_appautoscaling_scheduled_action', 'variant-primary/schedule-morning')
        .scalable_target_action,
    ).toEqual({ max_capacity: '4' });
  });

  describe('scaling targets and schedules', () => {
    const targetOf = (scheduledActions?: SageMakerServingSettings['scheduledActions']) =>
      synthEndpoint({
        instanceType: 'ml.c5.xlarge',
        instances: { min: 2, max: 6 },
        scheduledActions,
      }).resource('aws_appautoscaling_target');

    it('follow the spec without schedules: nothing ignored, so an edit of instances reaches AWS', () => {
      const target = targetOf(undefined);
      expect(target).toMatchObject({ min_capacity: 2, max_capacity: 6 });
      expect(target.lifecycle).toBeUndefined();
    });

    it.each<[string, SageMakerServingSettings['scheduledActions'], string[]]>([
      [
        'min and max',
        [{ name: 'night', schedule: 'cron(0 20 * * ? *)', min: 1, max: 1 }],
        ['min_capacity', 'max_capacity'],
      ],
      ['only min', [{ name: 'night', schedule: 'cron(0 20 * * ? *)', min: 1 }], ['min_capacity']],
      [
        'only max, over two actions',
        [
          { name: 'night', schedule: 'cron(0 20 * * ? *)', max: 2 },
          { name: 'morning', schedule: 'cron(0 7 * * ? *)', max: 6 },
        ],
        ['max_capacity'],
      ],
    ])('leave to schedules that set %s exactly the bounds they set', (_title, actions, ignored) => {
      // without it, a plan inside the scheduled window shows drift and an apply undoes the schedule
      expect(targetOf(actions).lifecycle).toEqual({ ignore_changes: ignored });
    });

    it('warn that the schedules own the bounds they set', () => {
      const { stack } = plainStack();
      endpointIn(stack, {
        instanceType: 'ml.c5.xlarge',
        instances: { min: 2, max: 6 },
        scheduledActions: [{ name: 'night', schedule: 'cron(0 20 * * ? *)', min: 1 }],
      });
      Testing.synth(stack, true);
      const warnings = stack.node
        .findAll()
        .flatMap((c) => c.node.metadata)
        .filter((m) => m.type === '@cdktf/warn')
        .map((m) => m.data);
      expect(warnings).toContain(
        "The scheduled actions of recommender set min of variant 'primary': Terraform ignores later changes of instances.min (the schedules own them once the variant is registered); change the schedules to change them.",
      );
    });
  });

  it('does not auto scale a fixed instance count (the only way to run a burstable type)', () => {
    const out = synthEndpoint({ instanceType: 'ml.t3.medium', instances: { min: 1, max: 1 } });
    expect(out.resources('aws_appautoscaling_target')).toHaveLength(0);
    expect(out.resources('aws_appautoscaling_policy')).toHaveLength(0);
  });

  describe('in a network', () => {
    const out = synthEndpoint({ instanceType: 'ml.c5.xlarge' }, { network: NETWORK });
    const SG = out.ref('aws_security_group', 'sagemaker/security-group', 'id');

    it('runs the model in the private subnets with a security group of its own', () => {
      expect(out.resource('aws_sagemaker_model').vpc_config).toEqual({
        subnets: ['subnet-a', 'subnet-b'],
        security_group_ids: [SG],
      });
      expect(out.resource('aws_sagemaker_model').enable_network_isolation).toBe(true);
    });

    it('lets the security group send HTTPS out and nothing in', () => {
      expect(out.resource('aws_security_group')).toEqual({
        name: 'test-recommender-sagemaker',
        description: 'Network interfaces of the recommender SageMaker model: no inbound rules, HTTPS out',
        vpc_id: 'vpc-0123',
      });
      expect(out.resources('aws_vpc_security_group_ingress_rule')).toHaveLength(0);
      expect(out.resource('aws_vpc_security_group_egress_rule')).toEqual({
        security_group_id: SG,
        description: 'HTTPS to S3, ECR and CloudWatch, through VPC endpoints or NAT',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
      });
    });

    it('lets the role manage network interfaces in this VPC only', () => {
      const ec2 = statementsOf(out).filter((s) => s.actions.some((a: string) => a.startsWith('ec2:')));
      expect(ec2).toEqual([
        {
          // describing has no resource-level permissions: read-only, on '*'
          effect: 'Allow',
          actions: [
            'ec2:DescribeVpcs',
            'ec2:DescribeDhcpOptions',
            'ec2:DescribeSubnets',
            'ec2:DescribeSecurityGroups',
            'ec2:DescribeNetworkInterfaces',
          ],
          resources: ['*'],
        },
        {
          effect: 'Allow',
          actions: [
            'ec2:CreateNetworkInterface',
            'ec2:CreateNetworkInterfacePermission',
            'ec2:DeleteNetworkInterface',
            'ec2:DeleteNetworkInterfacePermission',
          ],
          resources: ['*'],
          condition: [
            { test: 'ArnEqualsIfExists', variable: 'ec2:Vpc', values: [ARN('ec2', 'vpc/vpc-0123')] },
          ],
        },
      ]);
    });
  });

  it('protects the endpoint from destroy unless told otherwise', () => {
    expect(synthEndpoint(GPU).resource('aws_sagemaker_endpoint').lifecycle).toEqual({
      prevent_destroy: true,
    });
    expect(
      synthEndpoint(GPU, { protectFromDestroy: false }).resource('aws_sagemaker_endpoint').lifecycle,
    ).toBeUndefined();
  });

  it('names what it created and exposes the invoke URL', () => {
    let endpoint!: SageMakerModelServing;
    const out = synthScope((scope) => {
      endpoint = endpointIn(scope, AB);
      new TerraformOutput(scope, 'invoke-url', { value: endpoint.invokeUrl });
    });
    expect(endpoint.endpointName).toBe('test-recommender');
    expect(Object.keys(endpoint.models)).toEqual(['a', 'b']);
    expect(endpoint.variants.map((v) => [v.name, v.version, v.weight])).toEqual([
      ['a', 'v2.1.0', 90],
      ['b', 'v2.2.0', 10],
    ]);
    expect(endpoint.encryptsVolumesWithKey).toBe(false);
    expect(endpoint.rollbackAlarmNames).toEqual(OWN_ROLLBACK_ALARMS.map((a) => a.alarm_name));
    expect(out.json.output['invoke-url'].value).toBe(
      'https://runtime.sagemaker.${data.aws_region.aws-context_region_DEC3537F.region}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}/endpoints/test-recommender/invocations',
    );
  });

  describe('rejects', () => {
    it.each<[string, Partial<SageMakerModelServingProps>, string]>([
      [
        'a model name with capitals',
        { modelName: 'Recommender' },
        `modelName: must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "Recommender"`,
      ],
      [
        'a version with a space',
        { modelVersion: 'v2 beta' },
        `modelVersion: must be 1-63 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit (e.g. 'v1.3.0'), got "v2 beta"`,
      ],
      [
        'a topic given by ARN',
        { alertTopic: TOPIC as never },
        `alertTopic: must be an alert topic (IAlertTopic), got "${TOPIC}"`,
      ],
      [
        'a bucket given by name',
        { artifacts: 'my-bucket' as never },
        'artifacts: must be a model artifact bucket (IModelArtifactBucket), got "my-bucket"',
      ],
      [
        'a log retention CloudWatch does not offer',
        { logRetentionDays: 10 },
        "logRetentionDays: must be one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) in days, got 10",
      ],
      [
        'a network with a single private subnet',
        { network: { ...NETWORK, privateSubnetIds: ['subnet-a'] } },
        'network.privateSubnetIds: must list private subnets in at least 2 availability zones, got ["subnet-a"]',
      ],
      [
        'a network for a serverless endpoint',
        {
          network: NETWORK,
          serving: { serverless: { memoryMiB: 1024, maxConcurrency: 5 }, networkIsolation: false },
        },
        'network: must not be set with serverless: SageMaker Serverless Inference does not run in a VPC, got "vpc-0123"',
      ],
      [
        'a serving setting the spec rules refuse',
        { serving: { instanceType: 'ml.g5.xlarge', instances: { min: 0, max: 2 } } },
        'serving.instances.min: must be at least 1 for a real-time endpoint (only async endpoints scale to zero), got 0',
      ],
      [
        'the kind field, which only the environment spec has',
        { serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge' } as never },
        `serving.kind: is not a known field; allowed fields: instanceType, instances, variants, shadow, serverless, async, dataCapture, autoscaling, scheduledActions, rollout, alarms, environment, artifactFormat, networkIsolation, got "sagemaker"`,
      ],
    ])('%s', (_title, props, line) => {
      const { stack } = plainStack();
      const error = errorOf(() => endpointIn(stack, props.serving ?? GPU, props));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/sagemaker] invalid props (1 problem):\n  - ${line}`);
    });
  });
});

describe('SageMakerModelServing with an image gate', () => {
  const out = synthScope((scope) => {
    const key = new EnvironmentKey(scope, 'key');
    const repository = new ModelImageRepository(scope, 'image', { encryptionKey: key });
    const imageGate = new ModelImageGate(scope, 'gate', { repository, tags: ['v2.1.0', 'v2.2.0'] });
    new SageMakerModelServing(scope, 'sagemaker', {
      modelName: 'recommender',
      modelVersion: 'v2.1.0',
      artifacts: new ModelArtifactBucket(scope, 'artifacts', { encryptionKey: key }),
      repository,
      encryptionKey: key,
      alertTopic: ALERTS,
      serving: AB,
      imageGate,
    });
  });

  it('creates no SageMaker model (so no configuration or endpoint) before the gate passed', () => {
    const gate = out.dataRef('aws_ecr_images', 'gate/images', 'id').replace(/\.id$/, '');
    for (const variant of ['a', 'b']) {
      expect(out.resource('aws_sagemaker_model', `sagemaker/model-${variant}`).depends_on).toEqual([
        dependency(out, 'aws_iam_role_policy', 'sagemaker/role/inline-policy'),
        gate,
      ]);
    }
  });
});

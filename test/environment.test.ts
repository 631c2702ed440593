import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { production } from '../stacks/production';
import { staging } from '../stacks/staging';
import { type Synthesized, stagingSpec, synthEnvironment } from './helpers';

/** The two reviewed stacks, synthesized once for the whole file (nothing here changes them). */
const built = {
  staging: synthEnvironment('staging', staging),
  production: synthEnvironment('production', production),
};
const reviewed = { staging: built.staging.out, production: built.production.out };
const reviewedOut = (name: string): Synthesized => reviewed[name as keyof typeof reviewed];

describe.each([
  [
    'staging',
    staging,
    {
      deletionWindow: 7,
      protectedFromDestroy: false,
      account: '111111111111',
      versions: { recommender: ['v2.2.0-rc1'], sentiment: ['v1.1.0'] },
      noncurrentDays: 30,
      keepImages: 10,
      untaggedDays: 1,
      logDays: 30,
      lambda: { reserved: 10, pc: { min: 1, max: 5 }, rate: 20, burst: 40 },
      variants: ['primary'],
      weights: [1],
    },
  ],
  [
    'production',
    production,
    {
      deletionWindow: 30,
      protectedFromDestroy: true,
      account: '222222222222',
      versions: { recommender: ['v2.1.0', 'v2.2.0'], sentiment: ['v1.0.0'] },
      noncurrentDays: 180,
      keepImages: 30,
      untaggedDays: 7,
      logDays: 365,
      lambda: { reserved: 100, pc: { min: 2, max: 50 }, rate: 500, burst: 1000 },
      variants: ['current', 'challenger'],
      weights: [90, 10],
    },
  ],
])('the %s environment', (name, spec, expected) => {
  const out = reviewedOut(name);

  it('deploys to its region and account only, tagging every resource', () => {
    expect(out.raw).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      allowed_account_ids: [expected.account],
      default_tags: [
        {
          tags: {
            Project: 'acme-ml',
            Environment: name,
            ManagedBy: 'cdktf-model-serving',
            CostCenter: 'ml-platform',
            Owner: 'ml-platform-team',
          },
        },
      ],
    });
  });

  it('keeps its state in S3, encrypted and locked with a lock file, under a key of its own', () => {
    expect(out.json.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-ml-terraform-state',
        key: `acme-ml/${name}/terraform.tfstate`,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(out.json.terraform.required_version).toBe('>= 1.10.0');
  });

  it('has its KMS key (and any replica key) with rotation and its deletion window', () => {
    const key = out.resource('aws_kms_key', '/key');
    expect(key.description).toBe(`Encrypts the data of acme-ml-${name}`);
    for (const { props } of out.resources('aws_kms_key')) {
      expect(props.enable_key_rotation).toBe(true);
      expect(props.deletion_window_in_days).toBe(expected.deletionWindow);
      expect(props.lifecycle?.prevent_destroy ?? false).toBe(expected.protectedFromDestroy);
    }
    expect(out.resource('aws_kms_alias', '/key/alias').name).toBe(`alias/acme-ml-${name}`);
  });

  it('carries prevent_destroy, as protectFromDestroy says, on every resource that holds data or an address', () => {
    const protectedTypes = [
      'aws_sagemaker_endpoint',
      'aws_eks_cluster',
      'aws_s3_bucket',
      'aws_kms_key',
      'aws_ecr_repository',
      'aws_lambda_function',
      'aws_apigatewayv2_api',
      'aws_lambda_function_url',
    ];
    const found = protectedTypes.flatMap((type) =>
      out.resources(type).map((r) => [type, r.path, r.props.lifecycle?.prevent_destroy ?? false]),
    );
    // what each environment has: both buckets (and production's replica and its key, and its
    // load balancer access logs), the three repositories, the SageMaker endpoint, the cluster,
    // the function and its HTTP API
    expect(found.map(([type]) => type).sort()).toEqual(
      [
        'aws_apigatewayv2_api',
        'aws_ecr_repository',
        'aws_ecr_repository',
        'aws_ecr_repository',
        'aws_eks_cluster',
        'aws_kms_key',
        'aws_lambda_function',
        'aws_s3_bucket',
        'aws_s3_bucket',
        'aws_sagemaker_endpoint',
        ...(name === 'production' ? ['aws_kms_key', 'aws_s3_bucket', 'aws_s3_bucket'] : []),
      ].sort(),
    );
    for (const [type, path, preventDestroy] of found) {
      expect([type, path, preventDestroy]).toEqual([type, path, expected.protectedFromDestroy]);
    }
  });

  it('sends alerts to a topic encrypted with that key', () => {
    expect(out.resource('aws_sns_topic')).toMatchObject({
      name: `acme-ml-${name}-alerts`,
      kms_master_key_id: out.ref('aws_kms_key', 'key', 'arn'),
    });
    expect(out.resources('aws_sns_topic_subscription').map((s) => s.props)).toEqual([
      {
        topic_arn: out.ref('aws_sns_topic', 'alerts/topic', 'arn'),
        protocol: 'email',
        endpoint: spec.alerting!.emails![0],
      },
    ]);
  });

  it('keeps model artifacts in one hardened bucket (and its log bucket), protected as the preset says', () => {
    const artifacts = out.resource('aws_s3_bucket', '/artifacts/bucket');
    expect(artifacts.bucket).toBe(`acme-ml-${name}-models`);
    expect(out.resource('aws_s3_bucket', 'artifacts/access-logs/bucket').bucket).toBe(
      `acme-ml-${name}-models-logs`,
    );
    for (const bucket of out.resources('aws_s3_bucket')) {
      expect(bucket.props.force_destroy).toBe(!expected.protectedFromDestroy);
      expect(bucket.props.lifecycle?.prevent_destroy ?? false).toBe(expected.protectedFromDestroy);
    }
    expect(
      out.resource('aws_s3_bucket_server_side_encryption_configuration', '/artifacts/encryption').rule[0],
    ).toMatchObject({
      apply_server_side_encryption_by_default: {
        sse_algorithm: 'aws:kms',
        kms_master_key_id: out.ref('aws_kms_key', 'key', 'arn'),
      },
      bucket_key_enabled: true,
    });
    const lifecycle = out.resource('aws_s3_bucket_lifecycle_configuration', '/artifacts/lifecycle');
    expect(lifecycle.rule[1].noncurrent_version_expiration).toEqual([
      { noncurrent_days: expected.noncurrentDays },
    ]);
    const logLifecycle = out.resource('aws_s3_bucket_lifecycle_configuration', 'access-logs-lifecycle');
    expect(logLifecycle.rule[0].expiration).toEqual([{ days: expected.logDays }]);
    // the access logs are versioned (and stay SSE-S3: log delivery supports nothing else)
    expect(
      out.resource('aws_s3_bucket_versioning', 'artifacts/access-logs/versioning').versioning_configuration,
    ).toEqual({ status: 'Enabled' });
    expect(
      out.resource('aws_s3_bucket_server_side_encryption_configuration', 'access-logs/encryption').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
  });

  it('gives each model an image repository that keeps its deployed version', () => {
    const repositories = out.resources('aws_ecr_repository');
    expect(repositories.map((r) => r.props.name).sort()).toEqual([
      `acme-ml-${name}/fraud`,
      `acme-ml-${name}/recommender`,
      `acme-ml-${name}/sentiment`,
    ]);
    for (const repository of repositories) {
      expect(repository.props).toMatchObject({
        image_tag_mutability: 'IMMUTABLE',
        image_scanning_configuration: { scan_on_push: true },
        encryption_configuration: [{ encryption_type: 'KMS', kms_key: out.ref('aws_kms_key', 'key', 'arn') }],
        force_delete: !expected.protectedFromDestroy,
      });
      expect(repository.props.lifecycle?.prevent_destroy ?? false).toBe(expected.protectedFromDestroy);
    }
    for (const [model, versions] of Object.entries(expected.versions)) {
      const rules = JSON.parse(
        out.resource('aws_ecr_lifecycle_policy', `models/${model}/image/lifecycle`).policy,
      ).rules;
      // every deployed version (each SageMaker variant's) is kept by a rule of its own
      expect(rules.slice(0, versions.length).map((r: any) => r.selection.tagPatternList)).toEqual(
        versions.map((v) => [v]),
      );
      expect(rules[versions.length].selection.countNumber).toBe(expected.keepImages);
      expect(rules[versions.length + 1].selection.countNumber).toBe(expected.untaggedDays);
      expect(out.json.output[`image-repository-${model}`].value).toBe(
        out.ref('aws_ecr_repository', `models/${model}/image/repository`, 'repository_url'),
      );
    }
  });

  describe('the sentiment model on Lambda', () => {
    const at = (path: string) => `models/sentiment/lambda/${path}`;
    const fn = out.resource('aws_lambda_function', at('function'));

    it('runs the deployed version of its image with X-Ray, JSON logs and the environment key', () => {
      expect(fn).toMatchObject({
        function_name: 'acme-ml-' + name + '-sentiment',
        package_type: 'Image',
        image_uri: `${out.ref('aws_ecr_repository', 'models/sentiment/image/repository', 'repository_url')}:${expected.versions.sentiment[0]}`,
        architectures: ['arm64'],
        memory_size: 3008,
        timeout: 10,
        ephemeral_storage: { size: 2048 },
        reserved_concurrent_executions: expected.lambda.reserved,
        kms_key_arn: out.ref('aws_kms_key', 'key', 'arn'),
        tracing_config: { mode: 'Active' },
        publish: true,
      });
      expect(fn.logging_config.log_format).toBe('JSON');
      expect(out.resource('aws_cloudwatch_log_group', at('function/logs/log-group')).retention_in_days).toBe(
        expected.logDays,
      );
    });

    it('keeps provisioned concurrency on the live alias and scales it between the spec range', () => {
      expect(out.resource('aws_lambda_provisioned_concurrency_config').qualifier).toBe(
        out.ref('aws_lambda_alias', at('function/alias'), 'name'),
      );
      expect(out.resource('aws_appautoscaling_target', at('function/scaling-target'))).toMatchObject({
        min_capacity: expected.lambda.pc.min,
        max_capacity: expected.lambda.pc.max,
      });
      expect(
        out.resources('aws_appautoscaling_policy').find((p) => p.path.includes('/sentiment/'))?.props
          .target_tracking_scaling_policy_configuration.target_value,
      ).toBe(0.7);
    });

    it('lets CodeDeploy shift new versions and roll back on the alarms, which notify the alert topic', () => {
      const group = out.resource('aws_codedeploy_deployment_group');
      expect(group.alarm_configuration.alarms).toHaveLength(4);
      expect(group.auto_rollback_configuration.enabled).toBe(true);
      for (const alarm of out.resources('aws_cloudwatch_metric_alarm')) {
        expect(alarm.props.alarm_actions).toEqual([out.ref('aws_sns_topic', 'alerts/topic', 'arn')]);
      }
      expect(
        out.resources('aws_cloudwatch_metric_alarm').filter((a) => a.path.includes('/sentiment/')),
      ).toHaveLength(5);
    });

    it('is called through an IAM-authorized, throttled HTTP API', () => {
      expect(out.resource('aws_apigatewayv2_route').authorization_type).toBe('AWS_IAM');
      expect(out.resource('aws_apigatewayv2_stage').default_route_settings).toMatchObject({
        throttling_rate_limit: expected.lambda.rate,
        throttling_burst_limit: expected.lambda.burst,
      });
    });

    it('has its graphs on the dashboard', () => {
      const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
      expect(
        body.widgets.map((w: any) => w.properties.title).filter((t: string) => t.startsWith('sentiment')),
      ).toEqual([
        'sentiment: invocations and errors',
        'sentiment: duration',
        'sentiment: provisioned concurrency',
      ]);
    });

    it('outputs the API URL, the function and alias ARNs, and the release command', () => {
      expect(out.json.output['api-url-sentiment'].value).toBe(
        `${out.ref('aws_apigatewayv2_api', at('http-api'), 'api_endpoint')}/predict`,
      );
      expect(out.json.output['function-arn-sentiment'].value).toBe(
        out.ref('aws_lambda_function', at('function'), 'arn'),
      );
      expect(out.json.output['alias-arn-sentiment'].value).toBe(
        out.ref('aws_lambda_alias', at('function/alias'), 'arn'),
      );
      expect(out.json.output['release-command-sentiment'].value).toBe(
        `npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function acme-ml-${name}-sentiment --alias live --application acme-ml-${name}-sentiment --deployment-group acme-ml-${name}-sentiment --region us-east-1`,
      );
    });
  });

  it('serves the recommender on a SageMaker endpoint with its own role, log group and alarms to the topic', () => {
    const endpoint = out.resource('aws_sagemaker_endpoint', 'models/recommender/sagemaker/endpoint');
    expect(endpoint.name).toBe(`acme-ml-${name}-recommender`);
    expect(out.resource('aws_iam_role', 'models/recommender/sagemaker/role').name).toBe(
      `acme-ml-${name}-recommender-sagemaker`,
    );
    expect(out.resource('aws_cloudwatch_log_group', 'models/recommender/sagemaker/logs/log-group')).toEqual({
      name: `/aws/sagemaker/Endpoints/acme-ml-${name}-recommender`,
      kms_key_id: out.ref('aws_kms_key', 'key', 'arn'),
      retention_in_days: expected.logDays,
    });
    const TOPIC = out.ref('aws_sns_topic', 'alerts/topic', 'arn');
    const alarms = out
      .resources('aws_cloudwatch_metric_alarm')
      .filter((a) => a.path.includes('/recommender/'));
    // three alarms over every variant, whatever the variants
    const own = ['5xx-rate', 'p99-latency', 'gpu-memory'].map((a) => `acme-ml-${name}-recommender-${a}`);
    expect(alarms.map((a) => a.props.alarm_name).sort()).toEqual([...own].sort());
    for (const alarm of alarms) {
      expect(alarm.props.alarm_actions).toEqual([TOPIC]);
    }
    // 300 ms in both environments, in the microseconds SageMaker reports
    expect(
      out.resource('aws_cloudwatch_metric_alarm', 'models/recommender/sagemaker/alarms/latency/alarm')
        .threshold,
    ).toBe(300_000);
    expect(endpoint.deployment_config.auto_rollback_configuration.alarms).toEqual(
      own.map((alarm_name) => ({ alarm_name })),
    );
    const variants = out.resource('aws_sagemaker_endpoint_configuration').production_variants;
    expect(variants.map((v: any) => [v.variant_name, v.initial_variant_weight, v.instance_type])).toEqual(
      expected.variants.map((v, i) => [v, expected.weights[i], 'ml.g5.xlarge']),
    );
    // ml.g5 has local NVMe storage, encrypted in hardware: no volume key
    expect(out.resource('aws_sagemaker_endpoint_configuration').kms_key_arn).toBeUndefined();
    const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
    expect(body.widgets.map((w: any) => w.properties.title)).toContain(
      'recommender: p99 model latency (microseconds)',
    );
  });

  it('outputs the endpoint name, ARN and invoke URL', () => {
    expect(out.json.output['sagemaker-endpoint-recommender'].value).toBe(`acme-ml-${name}-recommender`);
    expect(out.json.output['sagemaker-endpoint-arn-recommender'].value).toBe(
      out.ref('aws_sagemaker_endpoint', 'recommender/sagemaker/endpoint', 'arn'),
    );
    expect(out.json.output['sagemaker-invoke-url-recommender'].value).toMatch(
      new RegExp(`^https://runtime\\.sagemaker\\..+/endpoints/acme-ml-${name}-recommender/invocations$`),
    );
  });

  it("serves every model through the serving target of its kind and publishes that target's outputs", () => {
    const { stack } = built[name as keyof typeof built];
    const kinds = Object.fromEntries(stack.spec.models.map((m) => [m.name, m.serving.kind]));
    expect(Object.keys(stack.servedModels).sort()).toEqual(Object.keys(kinds).sort());
    for (const [model, served] of Object.entries(stack.servedModels)) {
      // the construct sits under models/<name>/<kind>, created by the table's entry for that kind
      expect(served.node.path).toBe(`${name}/models/${model}/${kinds[model]}`);
      expect(served.modelName).toBe(model);
      for (const output of served.outputs) {
        // the values are references here (tokens); each target's tests compare them synthesized
        expect(out.json.output[output.name]?.description).toBe(output.description);
      }
    }
    expect(Object.keys(stack.sageMakerEndpoints)).toEqual(['recommender']);
    expect(Object.keys(stack.kubernetesModels)).toEqual(['fraud']);
  });

  it("lists the models' graphs on the dashboard in the spec's order, whatever their serving target", () => {
    const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
    const models: string[] = [];
    for (const w of body.widgets) {
      const model = String(w.properties.title).split(':')[0];
      if (models[models.length - 1] !== model) models.push(model);
    }
    expect(models).toEqual((spec.models ?? []).map((m) => m.name));
  });

  it('outputs the key and the alert topic', () => {
    expect(out.json.output['key-arn'].value).toBe(out.ref('aws_kms_key', 'key', 'arn'));
    expect(out.json.output['alert-topic-arn'].value).toBe(out.ref('aws_sns_topic', 'alerts/topic', 'arn'));
    expect(out.json.output['artifact-bucket'].value).toBe(
      out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket'),
    );
  });

  it('keeps the Terraform addresses it had: a rename or a removal is a reviewed change', () => {
    // The addresses are the stack's external contract (state binds to them); the attributes are
    // asserted above and in each construct's tests, beside focused snapshots.
    const addresses = (section: 'resource' | 'data') =>
      Object.entries<Record<string, unknown>>(out.json[section] ?? {}).flatMap(([type, byName]) =>
        Object.keys(byName).map((name) => `${section === 'data' ? 'data.' : ''}${type}.${name}`),
      );
    expect({
      resources: addresses('resource').sort(),
      dataSources: addresses('data').sort(),
      outputs: Object.keys(out.json.output).sort(),
    }).toMatchSnapshot();
  });
});

describe('production and staging differ only in data', () => {
  const prod = reviewed.production;
  const stage = reviewed.staging;

  it('production replicates artifacts to another region, staging does not', () => {
    expect(prod.resource('aws_s3_bucket', 'replica/bucket')).toMatchObject({
      bucket: 'acme-ml-production-models-us-west-2',
      region: 'us-west-2',
    });
    expect(prod.resources('aws_s3_bucket_replication_configuration')).toHaveLength(1);
    expect(stage.resources('aws_s3_bucket_replication_configuration')).toHaveLength(0);
  });

  it('production scans its repositories continuously, staging on push only', () => {
    expect(prod.resource('aws_ecr_registry_scanning_configuration').rule[0].repository_filter).toEqual([
      { filter: 'acme-ml-production/*', filter_type: 'WILDCARD' },
    ]);
    expect(stage.resources('aws_ecr_registry_scanning_configuration')).toHaveLength(0);
  });

  it('production shifts a Lambda release with a 10% canary for 5 minutes and scales on a schedule, staging linearly', () => {
    expect(prod.resource('aws_codedeploy_deployment_group').deployment_config_name).toBe(
      'CodeDeployDefault.LambdaCanary10Percent5Minutes',
    );
    expect(stage.resource('aws_codedeploy_deployment_group').deployment_config_name).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    );
    expect(
      prod
        .resources('aws_appautoscaling_scheduled_action')
        .filter((a) => a.path.includes('/sentiment/'))
        .map((a) => [a.props.schedule, a.props.timezone]),
    ).toEqual([
      ['cron(0 7 ? * MON-FRI *)', 'America/New_York'],
      ['cron(0 20 ? * MON-FRI *)', 'America/New_York'],
    ]);
    expect(
      stage.resources('aws_appautoscaling_scheduled_action').filter((a) => a.path.includes('/sentiment/')),
    ).toHaveLength(0);
  });

  it('production A/B tests the recommender and rolls a new configuration out as a canary; staging all at once', () => {
    expect(prod.resource('aws_sagemaker_endpoint').deployment_config.blue_green_update_policy).toEqual({
      traffic_routing_configuration: {
        type: 'CANARY',
        canary_size: { type: 'CAPACITY_PERCENT', value: 10 },
        wait_interval_in_seconds: 600,
      },
      termination_wait_in_seconds: 300,
      maximum_execution_timeout_in_seconds: 3600,
    });
    expect(
      prod.resource('aws_sagemaker_model', 'sagemaker/model-challenger').primary_container.image,
    ).toMatch(/:v2\.2\.0$/);
    expect(stage.resource('aws_sagemaker_endpoint').deployment_config.blue_green_update_policy).toEqual({
      traffic_routing_configuration: { type: 'ALL_AT_ONCE', wait_interval_in_seconds: 60 },
      termination_wait_in_seconds: 0,
    });
  });

  it('production captures 5 % of the requests into its artifact bucket; staging captures nothing', () => {
    expect(prod.resource('aws_sagemaker_endpoint_configuration').data_capture_config).toMatchObject({
      initial_sampling_percentage: 5,
      destination_s3_uri: `s3://${prod.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket')}/data-capture/recommender/`,
      kms_key_id: prod.ref('aws_kms_key', 'key', 'arn'),
    });
    expect(stage.resource('aws_sagemaker_endpoint_configuration').data_capture_config).toBeUndefined();
  });

  it('staging scales the recommender down at night and up in the morning; production keeps its range', () => {
    const schedule = (action: string) =>
      stage.resource('aws_appautoscaling_scheduled_action', `variant-primary/schedule-${action}`);
    expect(schedule('night')).toMatchObject({
      name: 'acme-ml-staging-recommender-primary-night',
      schedule: 'cron(0 20 ? * MON-FRI *)',
      timezone: 'America/New_York',
      scalable_target_action: { max_capacity: '1' },
    });
    expect(schedule('morning')).toMatchObject({
      name: 'acme-ml-staging-recommender-primary-morning',
      schedule: 'cron(0 7 ? * MON-FRI *)',
      timezone: 'America/New_York',
      scalable_target_action: { max_capacity: '2' },
    });
    expect(
      prod.resources('aws_appautoscaling_scheduled_action').filter((a) => a.path.includes('/recommender/')),
    ).toHaveLength(0);
    expect(
      prod
        .resources('aws_appautoscaling_target')
        .filter((t) => t.path.includes('/recommender/'))
        .map((t) => [t.props.min_capacity, t.props.max_capacity]),
    ).toEqual([
      [2, 10],
      [2, 10],
    ]);
  });

  it('production moves old models to Intelligent-Tiering after 90 days', () => {
    const rules = prod.resource('aws_s3_bucket_lifecycle_configuration', '/artifacts/lifecycle').rule;
    expect(rules[2].transition).toEqual([{ days: 90, storage_class: 'INTELLIGENT_TIERING' }]);
  });
});

describe('the network and cluster differ between staging and production only in data', () => {
  const prod = reviewed.production;
  const stage = reviewed.staging;

  it('production runs in the existing VPC the CI runners share, creating no network; staging creates two zones and one NAT', () => {
    for (const type of ['aws_vpc', 'aws_subnet', 'aws_nat_gateway', 'aws_vpc_endpoint']) {
      expect(prod.resources(type)).toEqual([]);
    }
    expect(prod.resource('aws_eks_cluster').vpc_config.subnet_ids).toEqual([
      'subnet-0123456789abcdef1',
      'subnet-0123456789abcdef2',
      'subnet-0123456789abcdef3',
    ]);
    // its private subnets are tagged for internal load balancers and the cluster
    expect(
      prod
        .resources('aws_ec2_tag')
        .filter((t) => t.props.key === 'kubernetes.io/role/internal-elb')
        .map((t) => t.props.resource_id),
    ).toEqual(['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2', 'subnet-0123456789abcdef3']);
    expect(stage.resources('aws_subnet')).toHaveLength(4);
    expect(stage.resources('aws_nat_gateway')).toHaveLength(1);
    expect(stage.resources('aws_vpc_endpoint')).toHaveLength(1);
    expect(stage.resource('aws_vpc').cidr_block).toBe('10.30.0.0/16');
    expect(stage.resource('aws_flow_log').traffic_type).toBe('ALL');
  });

  it('production keeps the API endpoint private, reached from the runners only; staging admits its deploy runner publicly', () => {
    expect(prod.resource('aws_eks_cluster').vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    expect(prod.resource('aws_eks_cluster').vpc_config.public_access_cidrs).toBeUndefined();
    const privateAccess = (out: typeof prod) =>
      out
        .resources('aws_vpc_security_group_ingress_rule')
        .filter((r) => r.path.includes('/cluster/private-access-'))
        .map((r) => [r.props.cidr_ipv4, r.props.from_port, r.props.to_port, r.props.security_group_id]);
    expect(privateAccess(prod)).toEqual([
      [
        '10.40.240.0/20',
        443,
        443,
        prod.ref('aws_eks_cluster', '', 'vpc_config[0].cluster_security_group_id'),
      ],
    ]);
    expect(stage.resource('aws_eks_cluster').vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ['34.192.0.10/32'],
    });
    expect(privateAccess(stage).map(([cidr]) => cidr)).toEqual(['10.20.0.0/16']);
  });

  it('production keeps at least two on-demand system nodes and on-demand GPUs; staging uses spot GPUs', () => {
    expect(prod.resource('aws_eks_node_group', 'system-nodes/node-group')).toMatchObject({
      instance_types: ['m6i.large'],
      scaling_config: { min_size: 2, max_size: 4 },
    });
    expect(stage.resource('aws_eks_node_group', 'system-nodes/node-group')).toMatchObject({
      instance_types: ['t3.large'],
      scaling_config: { min_size: 1, max_size: 3 },
    });
    expect(prod.resource('aws_eks_node_group', 'gpu-a10g/node-group').capacity_type).toBe('ON_DEMAND');
    expect(prod.resource('aws_eks_node_group', 'gpu-l40s/node-group').instance_types).toEqual([
      'g6e.2xlarge',
    ]);
    // Spot: two types of one shape (8 vCPU, 32 GiB, 1 GPU)
    expect(stage.resource('aws_eks_node_group', 'gpu-single-gpu/node-group')).toMatchObject({
      capacity_type: 'SPOT',
      instance_types: ['g5.2xlarge', 'g6.2xlarge'],
      labels: { 'k8s.amazonaws.com/accelerator': 'nvidia-a10g_nvidia-l4' },
    });
  });

  it('gives the fraud model the same requests in both, on nodes that leave room for them', () => {
    for (const out of [prod, stage]) {
      const model = out
        .resources('kubernetes_deployment_v1')
        .map((d) => d.props.spec.template.spec.container[0].resources.requests);
      expect(new Set(model.map((r) => JSON.stringify(r)))).toEqual(
        new Set([JSON.stringify({ cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' })]),
      );
    }
  });

  it('production sends all five control plane log types, staging the three required ones, as their presets say', () => {
    expect(prod.resource('aws_eks_cluster').enabled_cluster_log_types).toEqual([
      'api',
      'audit',
      'authenticator',
      'controllerManager',
      'scheduler',
    ]);
    expect(stage.resource('aws_eks_cluster').enabled_cluster_log_types).toEqual([
      'api',
      'audit',
      'authenticator',
    ]);
    // a cluster that lists its own wins over the environment's
    const own = synthEnvironment('production', {
      ...production,
      cluster: {
        ...production.cluster!,
        controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'scheduler'],
      },
    }).out;
    expect(own.resource('aws_eks_cluster').enabled_cluster_log_types).toEqual([
      'api',
      'audit',
      'authenticator',
      'scheduler',
    ]);
  });

  it("checks at plan time that an existing VPC's private subnets are in zones EKS supports", () => {
    const existing = synthEnvironment('production', {
      ...production,
      network: {
        existing: {
          vpcId: 'vpc-0123456789abcdef0',
          vpcCidr: '10.40.0.0/16',
          privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        },
      },
    }).out;
    const checks = existing.dataSources('aws_subnet');
    expect(checks.map((c) => c.props.id)).toEqual(['subnet-0000000000000000a', 'subnet-0000000000000000b']);
    for (const check of checks) {
      expect(check.props.lifecycle.postcondition[0].condition).toBe(
        '${!contains(["use1-az3", "usw1-az2", "cac1-az3"], self.availability_zone_id)}',
      );
      expect(check.props.lifecycle.postcondition[0].error_message).toContain(
        `Subnet ${check.props.id} is in availability zone`,
      );
    }
    expect(existing.dataSources('aws_availability_zones')).toEqual([]);
  });

  it('production has deletion protection on the cluster and keeps control plane logs a year', () => {
    expect(prod.resource('aws_eks_cluster').deletion_protection).toBe(true);
    expect(stage.resource('aws_eks_cluster').deletion_protection).toBe(false);
    expect(prod.resource('aws_cloudwatch_log_group', 'control-plane-logs/log-group').retention_in_days).toBe(
      365,
    );
    expect(stage.resource('aws_cloudwatch_log_group', 'control-plane-logs/log-group').retention_in_days).toBe(
      30,
    );
  });

  it('installs the device plugin for AL2023 GPU nodes, no DCGM exporter chart (Container Insights reads the GPUs), and the target group bindings', () => {
    const names = (out: typeof prod) =>
      out
        .resources('helm_release')
        .map((r) => r.props.name)
        .sort();
    const releases = [
      'aws-load-balancer-controller',
      'cluster-autoscaler',
      'fraud-target-groups',
      'metrics-server',
      'nvidia-device-plugin',
    ];
    expect(names(prod)).toEqual(releases);
    expect(names(stage)).toEqual(releases);
    for (const out of [prod, stage]) {
      expect(
        out.resources('aws_eks_addon').find((a) => a.props.addon_name === 'amazon-cloudwatch-observability'),
      ).toBeDefined();
    }
  });

  it("production's Bottlerocket GPU nodes let Container Insights' DCGM exporter see their GPUs", () => {
    const settings = (path: string) => {
      const userData = prod.resource('aws_launch_template', path).user_data;
      return userData === undefined ? undefined : Buffer.from(userData, 'base64').toString('utf8');
    };
    expect(prod.resource('aws_eks_node_group', 'gpu-l40s/node-group').ami_type).toBe(
      'BOTTLEROCKET_x86_64_NVIDIA',
    );
    expect(settings('gpu-l40s/launch-template')).toContain('[settings.nvidia-container-runtime]');
    expect(settings('gpu-l40s/launch-template')).toContain('visible-devices-envvar-when-unprivileged = true');
    expect(settings('gpu-a10g/launch-template')).toBeUndefined();
  });

  it('outputs the cluster name and how to reach it', () => {
    expect(prod.json.output['cluster-name'].value).toBe('acme-ml-production');
    expect(prod.json.output['kubeconfig-command'].value).toBe(
      'aws eks update-kubeconfig --name acme-ml-production --region us-east-1',
    );
    expect(stage.json.output['vpc-id'].value).toBe(stage.ref('aws_vpc', 'network/vpc', 'id'));
    // production's VPC is not the stack's: nothing to output
    expect(prod.json.output['vpc-id']).toBeUndefined();
  });
});

describe('models served on the cluster', () => {
  const prod = reviewed.production;
  const stage = reviewed.staging;

  it('production serves the fraud model on a GPU with a 10% canary behind an ALB', () => {
    const tracks = prod
      .resources('kubernetes_deployment_v1')
      .map((d) => [d.props.metadata.name, d.props.metadata.labels['app.kubernetes.io/version']]);
    expect(tracks.sort()).toEqual([
      ['fraud-canary', 'v1.4.0'],
      ['fraud-stable', 'v1.3.0'],
    ]);
    const pod = prod.resource('kubernetes_deployment_v1', 'deployment-stable').spec.template.spec;
    expect(pod.container[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(pod.node_selector['model-serving.io/node-pool']).toBe('a10g');
    const forward = prod.resource('aws_lb_listener_rule').action[0].forward;
    expect(forward.target_group).toEqual([
      { arn: prod.ref('aws_lb_target_group', 'target-group-stable', 'arn'), weight: 90 },
      { arn: prod.ref('aws_lb_target_group', 'target-group-canary', 'arn'), weight: 10 },
    ]);
    expect(prod.json.output['kubernetes-endpoint-fraud'].value).toBe('https://fraud.ml.acme.example');
    expect(prod.json.output['kubernetes-load-balancer-fraud'].value).toBe(
      prod.ref('aws_lb', 'load-balancer', 'dns_name'),
    );
  });

  it('production protects and logs the load balancer and puts a web ACL in front; staging does neither', () => {
    expect(prod.resource('aws_lb')).toMatchObject({
      enable_deletion_protection: true,
      access_logs: {
        bucket: prod.ref('aws_s3_bucket', 'load-balancer-logs/bucket', 'bucket'),
        enabled: true,
      },
    });
    expect(prod.resource('aws_wafv2_web_acl').rule[0].statement.rate_based_statement.limit).toBe(2000);
    expect(stage.resource('aws_lb').enable_deletion_protection).toBe(false);
    expect(stage.resource('aws_lb').access_logs).toBeUndefined();
    expect(stage.resources('aws_wafv2_web_acl')).toEqual([]);
    expect(stage.resources('aws_s3_bucket').filter((b) => b.path.includes('load-balancer-logs'))).toEqual([]);
  });

  it('lets ELB log delivery write access logs to an SSE-S3 bucket, as the regional account and the service principal', () => {
    const encryption = prod.resource(
      'aws_s3_bucket_server_side_encryption_configuration',
      'load-balancer-logs/bucket/encryption',
    );
    expect(encryption.rule[0].apply_server_side_encryption_by_default).toEqual({ sse_algorithm: 'AES256' });
    const policy = JSON.stringify(
      prod.dataSource('aws_iam_policy_document', 'load-balancer-logs/bucket/policy'),
    );
    expect(policy).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
    expect(policy).toContain(
      prod.dataRef('aws_elb_service_account', 'load-balancer-logs/elb-account', 'arn'),
    );
  });

  it('alarms on every Kubernetes model to the alert topic', () => {
    const names = prod
      .resources('aws_cloudwatch_metric_alarm')
      .map((a) => a.props.alarm_name)
      .filter((n: string) => n.includes('-fraud-'));
    expect(names.sort()).toEqual([
      'acme-ml-production-fraud-5xx-rate',
      'acme-ml-production-fraud-canary-healthy-targets',
      'acme-ml-production-fraud-gpu-memory',
      'acme-ml-production-fraud-gpu-utilization',
      'acme-ml-production-fraud-p99-latency',
      'acme-ml-production-fraud-stable-healthy-targets',
      'acme-ml-production-fraud-waf-blocked',
    ]);
  });

  it('staging serves it blue/green, green live', () => {
    const live = stage.resources('kubernetes_service_v1').find((s) => s.props.metadata.name === 'fraud');
    expect(live?.props.spec.selector['model-serving.io/track']).toBe('green');
  });

  it('runs models in a namespace with the restricted Pod Security Standard', () => {
    const namespace = prod.resource('kubernetes_namespace_v1').metadata;
    expect(namespace.name).toBe('models');
    expect(namespace.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it('starts model pods only once the load balancer controller, the device plugin and the autoscaler are there', () => {
    const dependsOn = prod.resource('kubernetes_deployment_v1', 'deployment-stable').depends_on;
    for (const name of ['aws-load-balancer-controller', 'nvidia-device-plugin', 'cluster-autoscaler']) {
      const release = prod.resources('helm_release').find((r) => r.props.name === name);
      expect(dependsOn).toContain(`helm_release.${release?.id}`);
    }
  });

  it("creates model Services, Deployments and target group bindings only after the load balancer controller's webhooks exist", () => {
    for (const out of [prod, stage]) {
      const controller = out
        .resources('helm_release')
        .find((r) => r.props.name === 'aws-load-balancer-controller');
      const workloads = [
        'kubernetes_service_v1',
        'kubernetes_deployment_v1',
        ...out.resources('helm_release').filter((r) => r.props.name === 'fraud-target-groups'),
      ].flatMap((type) => (typeof type === 'string' ? out.resources(type) : [type]));
      expect(out.resources('kubernetes_ingress_v1')).toEqual([]);
      expect(workloads.length).toBeGreaterThanOrEqual(4);
      for (const workload of workloads) {
        expect(workload.props.depends_on).toContain(`helm_release.${controller?.id}`);
      }
    }
  });

  it('gives each service account at most one Pod Identity association', () => {
    const accounts = prod
      .resources('aws_eks_pod_identity_association')
      .map((a) => `${a.props.namespace}/${a.props.service_account}`);
    expect(new Set(accounts).size).toBe(accounts.length);
    expect(prod.resource('aws_eks_addon', 'ebs-csi-driver').pod_identity_association).toHaveLength(1);
  });

  it('keeps model pods off the internet unless cluster.serving.internetEgress opens it', () => {
    const httpsPeers = (out: typeof prod) =>
      out
        .resource('kubernetes_network_policy_v1')
        .spec.egress[2].to.map((peer: { ip_block: { cidr: string } }) => peer.ip_block.cidr);
    expect(httpsPeers(prod)).toEqual(['10.40.0.0/16']);
    expect(prod.dataSource('aws_prefix_list').name).toBe('com.amazonaws.us-east-1.s3');
    const open = synthEnvironment('production', {
      ...production,
      cluster: { ...production.cluster!, serving: { internetEgress: true } },
    }).out;
    expect(httpsPeers(open)).toEqual(['0.0.0.0/0']);
    expect(open.dataSources('aws_prefix_list')).toHaveLength(0);
  });

  it('keeps both versions of the canary in the image repository', () => {
    const rules = JSON.parse(
      prod.resource('aws_ecr_lifecycle_policy', 'models/fraud/image/lifecycle').policy,
    ).rules;
    expect(
      rules
        .slice(0, 2)
        .map((r: { selection: { tagPatternList: string[] } }) => r.selection.tagPatternList[0])
        .sort(),
    ).toEqual(['v1.3.0', 'v1.4.0']);
  });
});

describe('an environment without a remote backend', () => {
  it('keeps local state (allowed for unprotected environments only)', () => {
    const { out } = synthEnvironment('dev', stagingSpec());
    expect(out.json.terraform.backend).toBeUndefined();
    expect(out.json.terraform.required_version).toBe('>= 1.10.0');
  });
});

describe('an environment with a custom state location', () => {
  it('uses the given key, region, KMS key and role', () => {
    const { out } = synthEnvironment(
      'staging',
      stagingSpec({
        backend: {
          s3: {
            bucket: 'state',
            key: 'ml/staging.tfstate',
            region: 'eu-west-1',
            kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/0f0f0f0f-1111-2222-3333-444455556666',
            roleArn: 'arn:aws:iam::123456789012:role/terraform-state',
          },
        },
      }),
    );
    expect(out.json.terraform.backend.s3).toEqual({
      bucket: 'state',
      key: 'ml/staging.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/0f0f0f0f-1111-2222-3333-444455556666',
      assume_role: { role_arn: 'arn:aws:iam::123456789012:role/terraform-state' },
      use_lockfile: true,
    });
  });
});

describe('a cluster whose API endpoint is private', () => {
  const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
  const warnings = (spec: Parameters<typeof stagingSpec>[0]) =>
    synthEnvironment('staging', stagingSpec(spec))
      .stack.node.metadata.filter((m) => m.type === '@cdktf/warn')
      .map((m) => m.data);

  it('warns when the stack creates the VPC: no runner can be inside it on the first apply', () => {
    expect(warnings({ cluster: { adminRoleArns: [ADMIN], privateAccessCidrs: ['10.20.0.0/16'] } })).toEqual([
      "cluster: the Kubernetes API endpoint is private and this stack creates the VPC, so the first apply reaches the API only from a network joined to a VPC that does not exist yet. For a first deploy, list the deploy runner's egress address in cluster.publicAccessCidrs (or use network.existing with a VPC the runners share); close the public endpoint once privateAccessCidrs reach the VPC.",
    ]);
  });

  it('does not warn in an existing VPC the runners share, nor with a public endpoint for the runner', () => {
    const existing = {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidr: '10.40.0.0/16',
      privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
    };
    expect(
      warnings({
        network: { existing },
        cluster: { adminRoleArns: [ADMIN], privateAccessCidrs: ['10.40.240.0/20'] },
      }),
    ).toEqual([]);
    expect(warnings({ cluster: { adminRoleArns: [ADMIN], publicAccessCidrs: ['52.94.76.10/32'] } })).toEqual(
      [],
    );
  });
});

describe("the reviewed stacks' GPU nodes", () => {
  it.each([
    ['staging', { 'single-gpu': ['g5.2xlarge', 7180, 31390] }],
    ['production', { a10g: ['g5.2xlarge', 7180, 31390], l40s: ['g6e.2xlarge', 7180, 64158] }],
  ] as const)(
    "%s: leave the fraud model's 4 CPU and 16Gi room with the CloudWatch Observability add-on's DaemonSets counted",
    (name, expected) => {
      // 8000m - 90m kube-reserved - 730m of DaemonSets (aws-node, kube-proxy, ebs-csi-node,
      // cloudwatch-agent, fluent-bit, dcgm-exporter); memory less 893Mi, 100Mi and 385Mi
      const cluster = built[name].stack.cluster!;
      expect(cluster.nodeDaemons.map((d) => d.name)).toEqual(
        expect.arrayContaining(['cloudwatch-agent', 'fluent-bit', 'dcgm-exporter']),
      );
      const left = Object.fromEntries(
        cluster.gpuNodeGroups.map((g) => {
          const a = cluster.allocatableOf(g)!;
          return [g.name, [a.instanceType, a.cpuMilli, a.memoryMiB]];
        }),
      );
      expect(left).toEqual(expected);
      for (const [, cpu, memory] of Object.values(expected)) {
        expect(cpu).toBeGreaterThanOrEqual(4000);
        expect(memory).toBeGreaterThanOrEqual(16384);
      }
    },
  );
});

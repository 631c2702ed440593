import {
  EnvironmentKey,
  LambdaInferenceFunction,
  ModelArtifactBucket,
  ModelImageRepository,
  SpecValidationError,
  type IServingNetwork,
  type LambdaInferenceFunctionProps,
} from '../../../src';
import { type Synthesized, errorOf, plainStack, synthScope } from '../../helpers';
import { formatValue } from '../../../src/core/validation/issues';
import { address, dataRef as data, inferenceFunction, modelStore } from './fixtures';

const network: IServingNetwork = {
  vpcId: 'vpc-0123456789abcdef0',
  vpcCidr: '10.0.0.0/16',
  privateSubnetIds: ['subnet-aaaa', 'subnet-bbbb'],
  publicSubnetIds: ['subnet-cccc', 'subnet-dddd'],
};

function synthFunction(overrides: Partial<LambdaInferenceFunctionProps> = {}): Synthesized {
  return synthScope((scope) => inferenceFunction(scope, overrides));
}

describe('LambdaInferenceFunction', () => {
  const out = synthFunction();
  const fn = out.resource('aws_lambda_function', '/inference/function');
  const KEY_ARN = out.ref('aws_kms_key', 'key', 'arn');
  const FUNCTION = (attribute: string) => out.ref('aws_lambda_function', '/inference/function', attribute);
  const PARTITION = data(out, 'aws_partition', 'partition');
  const REGION = data(out, 'aws_region', 'region');
  const ACCOUNT = data(out, 'aws_caller_identity', 'account_id');
  const LOG_GROUP_ARN = `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/test-sentiment`;

  it('runs the model image from its repository, pinned by the version tag, with the spec defaults', () => {
    expect(fn).toMatchObject({
      function_name: 'test-sentiment',
      package_type: 'Image',
      image_uri: `${out.ref('aws_ecr_repository', 'sentiment/repository', 'repository_url')}:v1.0.0`,
      architectures: ['x86_64'],
      memory_size: 2048,
      timeout: 30,
      ephemeral_storage: { size: 512 },
      publish: true,
      role: out.ref('aws_iam_role', 'inference/role', 'arn'),
    });
    expect(fn.reserved_concurrent_executions).toBeUndefined();
    expect(fn.vpc_config).toBeUndefined();
  });

  it('is protected from destroy unless told otherwise', () => {
    expect(fn.lifecycle).toEqual({ prevent_destroy: true });
    expect(
      synthFunction({ protectFromDestroy: false }).resource('aws_lambda_function', '/inference/function')
        .lifecycle,
    ).toBeUndefined();
  });

  it('pins the image by digest when given one', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const pinned = synthFunction({ image: digest }).resource('aws_lambda_function');
    expect(pinned.image_uri).toMatch(new RegExp(`\\.repository_url\\}@${digest}$`));
  });

  it('tells the model where its artifact is, in variables encrypted with the environment key', () => {
    expect(fn.environment).toEqual({
      variables: {
        MODEL_BUCKET: out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket'),
        MODEL_KEY: 'models/sentiment/v1.0.0/',
        MODEL_VERSION: 'v1.0.0',
      },
    });
    expect(fn.kms_key_arn).toBe(KEY_ARN);
  });

  it('traces with X-Ray and writes JSON logs into its own encrypted log group with retention', () => {
    expect(fn.tracing_config).toEqual({ mode: 'Active' });
    expect(fn.logging_config).toEqual({
      log_format: 'JSON',
      log_group: out.ref('aws_cloudwatch_log_group', 'inference/logs/log-group', 'name'),
      application_log_level: 'INFO',
      system_log_level: 'INFO',
    });
    expect(out.resource('aws_cloudwatch_log_group', 'inference/logs/log-group')).toEqual({
      name: '/aws/lambda/test-sentiment',
      retention_in_days: 365,
      kms_key_id: KEY_ARN,
    });
  });

  it('is created after its log group, its permissions and the repository policy that lets Lambda pull', () => {
    expect(fn.depends_on).toEqual([
      address(out.ref('aws_cloudwatch_log_group', 'inference/logs/log-group', 'id')),
      address(out.ref('aws_iam_role_policy', 'inference/role/inline-policy', 'id')),
      address(out.ref('aws_ecr_repository_policy', 'sentiment/repository-policy', 'id')),
    ]);
  });

  describe('execution role', () => {
    const role = out.resource('aws_iam_role', 'inference/role');
    const statements = out.policyStatements(
      out.resource('aws_iam_role_policy', 'inference/role/inline-policy').policy,
    );

    it('is assumed by Lambda and named after the model', () => {
      expect(role.name).toBe('test-sentiment-lambda');
      expect(out.policyStatements(role.assume_role_policy)).toEqual([
        {
          effect: 'Allow',
          actions: ['sts:AssumeRole'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        },
      ]);
    });

    it('may write to its own log group, read the model prefix, pull its image, decrypt, and trace', () => {
      const BUCKET_ARN = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
      expect(statements).toEqual([
        {
          effect: 'Allow',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [LOG_GROUP_ARN, `${LOG_GROUP_ARN}:*`],
        },
        {
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${BUCKET_ARN}/models/sentiment/*`],
        },
        {
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [BUCKET_ARN],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['models/sentiment/*'] }],
        },
        {
          effect: 'Allow',
          actions: ['kms:Decrypt'],
          resources: [KEY_ARN],
          condition: [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [`s3.${REGION}.${data(out, 'aws_partition', 'dns_suffix')}`],
            },
          ],
        },
        {
          effect: 'Allow',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [out.ref('aws_ecr_repository', 'sentiment/repository', 'arn')],
        },
        { effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
        { effect: 'Allow', actions: ['kms:Decrypt'], resources: [KEY_ARN] },
        { effect: 'Allow', actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] },
      ]);
    });

    it('has no network permissions outside a VPC and nothing on any log group but its own', () => {
      const actions = statements.flatMap((s) => s.actions as string[]);
      expect(actions.filter((a) => a.startsWith('ec2:'))).toEqual([]);
      expect(actions).not.toContain('logs:CreateLogGroup');
    });
  });

  it("adds the statement Lambda needs to pull to the model's repository policy, for this function only", () => {
    const policy = out.resource('aws_ecr_repository_policy', 'sentiment/repository-policy');
    expect(policy.repository).toBe(out.ref('aws_ecr_repository', 'sentiment/repository', 'name'));
    expect(out.policyStatements(policy.policy)).toEqual([
      {
        sid: 'LambdaECRImageRetrievalPolicy',
        effect: 'Allow',
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        condition: [
          {
            test: 'StringLike',
            variable: 'aws:sourceArn',
            values: [
              `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:test-sentiment`,
              `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:test-sentiment:*`,
            ],
          },
        ],
      },
    ]);
  });

  it('gives the pull statement to any repository that takes policy statements, by what it offers', () => {
    const { stack } = plainStack();
    const { encryptionKey, artifacts } = modelStore(stack);
    const added: Array<{ sid?: string }> = [];
    // an imported repository that also takes statements: no ModelImageRepository, same treatment
    const repository = Object.assign(
      Object.create(ModelImageRepository.fromRepositoryName(stack, 'images', 'shared/sentiment')),
      { addToResourcePolicy: (...statements: Array<{ sid?: string }>) => added.push(...statements) },
    );
    new LambdaInferenceFunction(stack, 'inference', {
      modelName: 'sentiment',
      modelVersion: 'v1.0.0',
      encryptionKey,
      artifacts,
      repository,
    });
    expect(added.map((statement) => statement.sid)).toEqual(['LambdaECRImageRetrievalPolicy']);
  });

  it('leaves the policy of an imported repository alone (its owner grants Lambda the pull)', () => {
    const imported = synthScope((scope) => {
      const key = new EnvironmentKey(scope, 'key');
      new LambdaInferenceFunction(scope, 'inference', {
        modelName: 'sentiment',
        modelVersion: 'v1.0.0',
        encryptionKey: key,
        artifacts: new ModelArtifactBucket(scope, 'artifacts', { encryptionKey: key }),
        repository: ModelImageRepository.fromRepositoryName(scope, 'images', 'shared/sentiment'),
      });
    });
    expect(imported.resources('aws_ecr_repository_policy')).toHaveLength(0);
    expect(imported.resource('aws_lambda_function').image_uri).toMatch(/\/shared\/sentiment:v1\.0\.0$/);
  });

  describe('the live alias', () => {
    const alias = out.resource('aws_lambda_alias');

    it('starts at the published version and is then left to CodeDeploy', () => {
      expect(alias).toEqual({
        name: 'live',
        description: 'What callers invoke; CodeDeploy shifts it to each new version',
        function_name: FUNCTION('function_name'),
        function_version: FUNCTION('version'),
        lifecycle: { ignore_changes: ['function_version', 'routing_config'] },
      });
    });

    it('has no provisioned concurrency unless asked', () => {
      expect(out.resources('aws_lambda_provisioned_concurrency_config')).toHaveLength(0);
      expect(out.resources('aws_appautoscaling_target')).toHaveLength(0);
    });
  });

  describe('provisioned concurrency', () => {
    const pc = synthFunction({
      reservedConcurrency: 60,
      provisionedConcurrency: {
        min: 2,
        max: 50,
        utilizationTarget: 0.6,
        scheduledActions: [
          {
            name: 'business-hours',
            schedule: 'cron(0 7 ? * MON-FRI *)',
            timezone: 'Europe/Berlin',
            min: 10,
            max: 50,
          },
          { name: 'night', schedule: 'cron(0 20 ? * * *)', min: 2, max: 20 },
        ],
      },
    });
    const ALIAS = (attribute: string) => pc.ref('aws_lambda_alias', 'inference/alias', attribute);
    const TARGET = (attribute: string) =>
      pc.ref('aws_appautoscaling_target', 'inference/scaling-target', attribute);
    const config = pc.resource('aws_lambda_provisioned_concurrency_config');
    const target = pc.resource('aws_appautoscaling_target');

    it('is on the alias (never $LATEST), starts at min and is then left to auto scaling', () => {
      expect(config).toEqual({
        function_name: ALIAS('function_name'),
        qualifier: ALIAS('name'),
        provisioned_concurrent_executions: 2,
        lifecycle: { ignore_changes: ['provisioned_concurrent_executions'] },
      });
      expect(pc.resource('aws_lambda_function').reserved_concurrent_executions).toBe(60);
    });

    it('scales the alias between min and max once its provisioned concurrency exists', () => {
      expect(target).toMatchObject({
        service_namespace: 'lambda',
        scalable_dimension: 'lambda:function:ProvisionedConcurrency',
        resource_id: `function:${ALIAS('function_name')}:${ALIAS('name')}`,
        min_capacity: 2,
        max_capacity: 50,
        depends_on: [
          address(
            pc.ref('aws_lambda_provisioned_concurrency_config', 'inference/provisioned-concurrency', 'id'),
          ),
        ],
      });
    });

    it('leaves the range to the schedules once they exist (every Lambda schedule sets min and max), with a warning', () => {
      expect(target.lifecycle).toEqual({ ignore_changes: ['min_capacity', 'max_capacity'] });
      const { stack } = plainStack();
      const fn = inferenceFunction(stack, {
        provisionedConcurrency: {
          min: 1,
          max: 5,
          scheduledActions: [{ name: 'night', schedule: 'cron(0 20 ? * * *)', min: 1, max: 2 }],
        },
      });
      expect(fn.node.metadata.map((m) => [m.type, m.data])).toContainEqual([
        '@cdktf/warn',
        'The scheduled actions of sentiment set its provisioned concurrency range: Terraform ignores later changes of provisionedConcurrency.min/max (the schedules own them once the target is registered); change the schedules to change them.',
      ]);
    });

    it('follows the spec without schedules: an edit of min or max reaches the target (only the count is left to auto scaling)', () => {
      const plain = synthFunction({ provisionedConcurrency: { min: 3, max: 7 } });
      expect(plain.resource('aws_appautoscaling_target')).toMatchObject({ min_capacity: 3, max_capacity: 7 });
      expect(plain.resource('aws_appautoscaling_target').lifecycle).toBeUndefined();
      // the count is target tracking's; the target's min_capacity keeps it at least min
      expect(plain.resource('aws_lambda_provisioned_concurrency_config').lifecycle).toEqual({
        ignore_changes: ['provisioned_concurrent_executions'],
      });
    });

    it('tracks the utilization target', () => {
      expect(pc.resource('aws_appautoscaling_policy')).toEqual({
        name: 'test-sentiment-provisioned-concurrency',
        policy_type: 'TargetTrackingScaling',
        service_namespace: TARGET('service_namespace'),
        scalable_dimension: TARGET('scalable_dimension'),
        resource_id: TARGET('resource_id'),
        target_tracking_scaling_policy_configuration: {
          target_value: 0.6,
          predefined_metric_specification: {
            predefined_metric_type: 'LambdaProvisionedConcurrencyUtilization',
          },
        },
      });
    });

    it('runs the scheduled actions on the target, in their time zone (UTC by default)', () => {
      expect(pc.resource('aws_appautoscaling_scheduled_action', 'schedule-business-hours')).toEqual({
        name: 'test-sentiment-business-hours',
        service_namespace: TARGET('service_namespace'),
        scalable_dimension: TARGET('scalable_dimension'),
        resource_id: TARGET('resource_id'),
        schedule: 'cron(0 7 ? * MON-FRI *)',
        timezone: 'Europe/Berlin',
        scalable_target_action: { min_capacity: '10', max_capacity: '50' },
      });
      expect(pc.resource('aws_appautoscaling_scheduled_action', 'schedule-night').timezone).toBe('UTC');
    });
  });

  describe('in a VPC', () => {
    const vpc = synthFunction({ vpc: true, network });
    const GROUP_ID = vpc.ref('aws_security_group', 'inference/security-group', 'id');

    it("runs in the network's private subnets with a security group that only allows HTTPS out", () => {
      expect(vpc.resource('aws_lambda_function').vpc_config).toEqual({
        subnet_ids: ['subnet-aaaa', 'subnet-bbbb'],
        security_group_ids: [GROUP_ID],
      });
      expect(vpc.resource('aws_security_group')).toEqual({
        name: 'test-sentiment-lambda',
        description: 'Lambda function of the sentiment model: HTTPS out only',
        vpc_id: 'vpc-0123456789abcdef0',
      });
      expect(vpc.resource('aws_vpc_security_group_egress_rule')).toEqual({
        security_group_id: GROUP_ID,
        description: 'HTTPS to AWS APIs (S3, KMS, X-Ray) and the model artifacts',
        ip_protocol: 'tcp',
        from_port: 443,
        to_port: 443,
        cidr_ipv4: '0.0.0.0/0',
      });
      expect(vpc.resources('aws_vpc_security_group_ingress_rule')).toHaveLength(0);
    });

    it('may manage its network interfaces (actions AWS only allows on *)', () => {
      const statements = vpc.policyStatements(
        vpc.resource('aws_iam_role_policy', 'inference/role/inline-policy').policy,
      );
      expect(statements).toContainEqual({
        effect: 'Allow',
        actions: [
          'ec2:CreateNetworkInterface',
          'ec2:DescribeNetworkInterfaces',
          'ec2:DescribeSubnets',
          'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses',
          'ec2:UnassignPrivateIpAddresses',
        ],
        resources: ['*'],
      });
    });
  });

  describe('metrics of the live alias', () => {
    const { stack } = plainStack();
    const made = inferenceFunction(stack);
    const ALIAS = { FunctionName: 'test-sentiment', Resource: 'test-sentiment:live' };

    it.each<[string, () => unknown, string, string]>([
      ['metricInvocations', () => made.metricInvocations(), 'Invocations', 'Sum'],
      ['metricErrors', () => made.metricErrors(), 'Errors', 'Sum'],
      ['metricThrottles', () => made.metricThrottles(), 'Throttles', 'Sum'],
      ['metricLatency', () => made.metricLatency(), 'Duration', 'p99'],
      [
        'metricProvisionedConcurrencyUtilization',
        () => made.metricProvisionedConcurrencyUtilization(),
        'ProvisionedConcurrencyUtilization',
        'Maximum',
      ],
      [
        'metricProvisionedConcurrencySpilloverInvocations',
        () => made.metricProvisionedConcurrencySpilloverInvocations(),
        'ProvisionedConcurrencySpilloverInvocations',
        'Sum',
      ],
    ])(
      '%s: AWS/Lambda %s of the alias, its statistic by default, one-minute periods',
      (_name, metric, metricName, statistic) => {
        expect(metric()).toEqual({
          namespace: 'AWS/Lambda',
          metricName: metricName,
          dimensions: ALIAS,
          statistic,
          periodSeconds: 60,
        });
      },
    );

    it('takes another statistic and period', () => {
      expect(made.metricLatency({ statistic: 'p50', periodSeconds: 300 })).toEqual({
        namespace: 'AWS/Lambda',
        metricName: 'Duration',
        dimensions: ALIAS,
        statistic: 'p50',
        periodSeconds: 300,
      });
    });

    it('narrows to one version behind the alias with executedVersion', () => {
      expect(made.metricErrors({ executedVersion: '7' }).dimensions).toEqual({
        ...ALIAS,
        ExecutedVersion: '7',
      });
      expect(made.metricInvocations({ executedVersion: made.latestVersion }).dimensions).toEqual({
        ...ALIAS,
        ExecutedVersion: made.latestVersion,
      });
    });
  });

  describe('rejects', () => {
    it.each<[string, Partial<LambdaInferenceFunctionProps>, string]>([
      [
        'a model name with capitals',
        { modelName: 'Sentiment' },
        `modelName: must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "Sentiment"`,
      ],
      [
        'a version that is no image tag',
        { modelVersion: 'v1 beta' },
        `modelVersion: must be 1-63 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit (e.g. 'v1.3.0'), got "v1 beta"`,
      ],
      [
        'an image that is neither tag nor digest',
        { image: 'sha256:abc' },
        `image: must be an image tag (1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-') or a digest 'sha256:<64 hex digits>', got "sha256:abc"`,
      ],
      [
        'memory below 128 MiB',
        { memoryMiB: 64 },
        'memoryMiB: must be a whole number between 128 and 10240 MiB, got 64',
      ],
      [
        'a timeout above 900 seconds',
        { timeoutSeconds: 901 },
        'timeoutSeconds: must be a whole number between 1 and 900 seconds, got 901',
      ],
      [
        'ephemeral storage below 512 MiB',
        { ephemeralStorageMiB: 256 },
        'ephemeralStorageMiB: must be a whole number between 512 and 10240 MiB, got 256',
      ],
      [
        'an unknown architecture',
        { architecture: 'arm' as never },
        'architecture: must be one of "x86_64", "arm64", got "arm"',
      ],
      [
        'a log retention CloudWatch does not offer',
        { logRetentionDays: 10 },
        "logRetentionDays: must be one of CloudWatch's retention values (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653) in days, got 10",
      ],
      [
        'provisioned concurrency above the reserved concurrency',
        { reservedConcurrency: 10, provisionedConcurrency: { min: 1, max: 20 } },
        'reservedConcurrency: must be at least provisionedConcurrency.max (20): provisioned concurrency comes out of the reserved concurrency, got 10',
      ],
      [
        'vpc without a network',
        { vpc: true },
        "network: is required with vpc: true: the function runs in the network's private subnets",
      ],
      [
        'a network without private subnets',
        { vpc: true, network: { ...network, privateSubnetIds: [] } },
        `network: must be a serving network (IServingNetwork) with private subnets, got ${formatValue({ ...network, privateSubnetIds: [] })}`,
      ],
    ])('%s', (_title, props, line) => {
      const { stack } = plainStack();
      const error = errorOf(() => inferenceFunction(stack, props));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/inference] invalid props (1 problem):\n  - ${line}`);
    });

    it('objects that are not what they claim', () => {
      const { stack } = plainStack();
      const store = modelStore(stack);
      const error = errorOf(
        () =>
          new LambdaInferenceFunction(stack, 'inference', {
            modelName: 'sentiment',
            modelVersion: 'v1',
            encryptionKey: { keyArn: 'arn' } as never,
            artifacts: 'my-bucket' as never,
            repository: store.repository,
          }),
      ) as SpecValidationError;
      expect(error.issues.map((i) => `${i.path}: ${i.message}`)).toEqual([
        'artifacts: must be a model artifact bucket (IModelArtifactBucket)',
        'encryptionKey: must be an encryption key (IEncryptionKey)',
      ]);
    });
  });
});

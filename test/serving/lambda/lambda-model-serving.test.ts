import {
  LambdaModelServing,
  ModelImageGate,
  ServingDashboard,
  SpecValidationError,
  type LambdaServingSpec,
} from '../../../src';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Synthesized, errorOf, plainStack, synthScope, focused } from '../../helpers';
import { ALERT_TOPIC, modelStore } from './fixtures';

function synthServing(serving: LambdaServingSpec, protectFromDestroy?: boolean): Synthesized {
  return synthScope((scope) => {
    new LambdaModelServing(scope, 'sentiment-serving', {
      modelName: 'sentiment',
      modelVersion: 'v2.0.0',
      ...modelStore(scope),
      alertTopic: ALERT_TOPIC,
      logRetentionDays: 30,
      dashboard: new ServingDashboard(scope, 'dashboard'),
      serving,
      protectFromDestroy,
    });
  });
}

describe('LambdaModelServing', () => {
  const out = synthServing({
    kind: 'lambda',
    memoryMiB: 3008,
    architecture: 'arm64',
    provisionedConcurrency: { min: 2, max: 50 },
    rollout: { strategy: 'canary', percent: 10 },
  });

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out, 'sentiment-serving')).toMatchSnapshot();
  });

  it('protects the function and the API, or the function URL, from destroy unless told otherwise', () => {
    const flags = (o: Synthesized) =>
      ['aws_lambda_function', 'aws_apigatewayv2_api', 'aws_lambda_function_url'].flatMap((type) =>
        o.resources(type).map((r) => [type, r.props.lifecycle?.prevent_destroy ?? false]),
      );
    expect(flags(out)).toEqual([
      ['aws_lambda_function', true],
      ['aws_apigatewayv2_api', true],
    ]);
    const url = { kind: 'lambda', api: { kind: 'function-url' } } as const;
    expect(flags(synthServing(url))).toEqual([
      ['aws_lambda_function', true],
      ['aws_lambda_function_url', true],
    ]);
    expect(flags(synthServing(url, false))).toEqual([
      ['aws_lambda_function', false],
      ['aws_lambda_function_url', false],
    ]);
  });

  it('composes the function, its alias and provisioned concurrency from the spec', () => {
    expect(out.resource('aws_lambda_function')).toMatchObject({
      function_name: 'test-sentiment',
      memory_size: 3008,
      architectures: ['arm64'],
      timeout: 30,
      environment: { variables: { MODEL_VERSION: 'v2.0.0', MODEL_KEY: 'models/sentiment/v2.0.0/' } },
    });
    expect(out.resource('aws_lambda_provisioned_concurrency_config').provisioned_concurrent_executions).toBe(
      2,
    );
    expect(out.resource('aws_appautoscaling_target')).toMatchObject({ min_capacity: 2, max_capacity: 50 });
  });

  it('keeps logs for the given retention', () => {
    expect(out.resources('aws_cloudwatch_log_group').map((g) => g.props.retention_in_days)).toEqual([30, 30]);
  });

  it('shifts with canary 10% for 5 minutes and rolls back on the four rollback alarms', () => {
    const group = out.resource('aws_codedeploy_deployment_group');
    expect(group.deployment_config_name).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    expect(group.alarm_configuration.alarms).toHaveLength(4);
    expect(out.resources('aws_cloudwatch_metric_alarm')).toHaveLength(5);
  });

  it('serves through an IAM-authorized, throttled HTTP API by default', () => {
    expect(out.resource('aws_apigatewayv2_route').authorization_type).toBe('AWS_IAM');
    expect(out.resource('aws_apigatewayv2_stage').default_route_settings).toMatchObject({
      throttling_rate_limit: 100,
      throttling_burst_limit: 200,
    });
    expect(out.resources('aws_lambda_function_url')).toHaveLength(0);
  });

  it('serves through a function URL when the spec asks, with a longer timeout', () => {
    const url = synthServing({ kind: 'lambda', timeoutSeconds: 300, api: { kind: 'function-url' } });
    expect(url.resource('aws_lambda_function_url').authorization_type).toBe('AWS_IAM');
    expect(url.resource('aws_lambda_function').timeout).toBe(300);
    expect(url.resources('aws_apigatewayv2_api')).toHaveLength(0);
  });

  const sentimentIn = (stack: TerraformStack) =>
    new LambdaModelServing(stack, 'serving', {
      modelName: 'sentiment',
      modelVersion: 'v2.0.0',
      ...modelStore(stack),
      alertTopic: ALERT_TOPIC,
      serving: { kind: 'lambda' },
    });

  it("names the release command for the model, through the package's bin and in the provider's region", () => {
    const { stack } = plainStack();
    const serving = sentimentIn(stack);
    expect(serving.releaseCommand).toBe(
      'npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function test-sentiment --alias live --application test-sentiment --deployment-group test-sentiment --region us-east-1',
    );
    expect(serving.releaseCommand).toBe(serving.trafficShifting.releaseCommand);
  });

  it('takes the region of the release command from Terraform when the provider region is not a literal', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const region = new TerraformVariable(stack, 'region', { type: 'string' });
    new AwsProvider(stack, 'aws', { region: region.stringValue });
    const serving = sentimentIn(stack);
    new TerraformOutput(stack, 'release-command', { value: serving.releaseCommand });
    const out = Synthesized.of(stack);
    expect(out.json.output['release-command'].value).toBe(
      `npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function test-sentiment --alias live --application test-sentiment --deployment-group test-sentiment --region \${${out.dataRef('aws_region', 'aws-context/region', 'region')}}`,
    );
  });

  it('names its model and version, and lists every alarm (the four rollback alarms first)', () => {
    const { stack } = plainStack();
    const serving = sentimentIn(stack);
    expect([serving.modelName, serving.modelVersion]).toEqual(['sentiment', 'v2.0.0']);
    expect(serving.alarms).toEqual(serving.servingAlarms.alarms);
    expect(serving.alarms.map((a) => a.node.id)).toEqual([
      'error-rate',
      'new-version-error-rate',
      'throttles',
      'p99-duration',
    ]);
    // without provisioned concurrency there is no spillover alarm: every alarm rolls a shift back
    expect(serving.servingAlarms.rollbackAlarms).toEqual(serving.alarms);
  });

  it('lists the outputs the environment publishes: API URL, function and alias ARNs, release command', () => {
    const { stack } = plainStack();
    const serving = sentimentIn(stack);
    expect(serving.outputs).toEqual([
      {
        name: 'api-url-sentiment',
        value: serving.url,
        description: 'Where callers send inference requests for the sentiment model',
      },
      {
        name: 'function-arn-sentiment',
        value: serving.function.functionArn,
        description: 'Lambda function serving the sentiment model',
      },
      {
        name: 'alias-arn-sentiment',
        value: serving.function.aliasArn,
        description: "The live alias of the sentiment model's function (what the API invokes)",
      },
      {
        name: 'release-command-sentiment',
        value: serving.releaseCommand,
        description: 'Shifts the sentiment model to the version the last deploy published',
      },
    ]);
    expect(serving.url).toBe(serving.httpApi?.url);
  });

  it("gives the function's metrics of the live alias", () => {
    const { stack } = plainStack();
    const serving = sentimentIn(stack);
    const fn = serving.function;
    expect(serving.metricInvocations()).toEqual(fn.metricInvocations());
    expect(serving.metricErrors({ executedVersion: '3' })).toEqual(fn.metricErrors({ executedVersion: '3' }));
    expect(serving.metricThrottles()).toEqual(fn.metricThrottles());
    expect(serving.metricLatency({ statistic: 'p90' })).toEqual({
      namespace: 'AWS/Lambda',
      metricName: 'Duration',
      dimensions: { FunctionName: 'test-sentiment', Resource: 'test-sentiment:live' },
      statistic: 'p90',
      periodSeconds: 60,
    });
    expect(serving.metricProvisionedConcurrencyUtilization()).toEqual(
      fn.metricProvisionedConcurrencyUtilization(),
    );
    expect(serving.metricProvisionedConcurrencySpilloverInvocations()).toEqual(
      fn.metricProvisionedConcurrencySpilloverInvocations(),
    );
  });

  it('validates the serving spec with the spec rules, naming the construct', () => {
    const { stack } = plainStack();
    const error = errorOf(
      () =>
        new LambdaModelServing(stack, 'serving', {
          modelName: 'sentiment',
          modelVersion: 'v2.0.0',
          ...modelStore(stack),
          alertTopic: ALERT_TOPIC,
          serving: { kind: 'lambda', timeoutSeconds: 60, gpu: 1 as never },
        }),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      [
        '[test/serving] invalid props (2 problems):',
        "  - serving.gpu: is not available for Lambda, which has no GPUs: serve a model that needs GPUs with kind 'kubernetes' (GPU node groups) or 'sagemaker' (a GPU instance type such as ml.g5.xlarge), got 1",
        "  - serving.timeoutSeconds: must be at most 30 seconds behind the HTTP API, whose integration timeout is 30 s (use api: { kind: 'function-url' } for longer requests), got 60",
      ].join('\n'),
    );
  });
});

describe('LambdaModelServing with an image gate', () => {
  it('creates the function (so no version, alias or provisioned concurrency) only after the gate passed', () => {
    const out = synthScope((scope) => {
      const store = modelStore(scope);
      new LambdaModelServing(scope, 'sentiment-serving', {
        modelName: 'sentiment',
        modelVersion: 'v2.0.0',
        ...store,
        alertTopic: ALERT_TOPIC,
        serving: { kind: 'lambda' },
        imageGate: new ModelImageGate(scope, 'gate', { repository: store.repository, tags: ['v2.0.0'] }),
      });
    });
    expect(out.resource('aws_lambda_function').depends_on).toContain(
      out.dataRef('aws_ecr_images', 'gate/images', 'id').replace(/\.id$/, ''),
    );
    expect(out.resource('aws_lambda_alias').function_version).toBe(
      out.ref('aws_lambda_function', 'sentiment-serving/function', 'version'),
    );
  });
});

import {
  LambdaServingAlarms,
  LambdaTrafficShifting,
  SpecValidationError,
  predefinedDeploymentConfig,
  type LambdaRolloutSpec,
} from '../../../src';
import { errorOf, plainStack, synthScope } from '../../helpers';
import { ALERT_TOPIC, address, inferenceFunction } from './fixtures';

function synthShifting(rollout?: LambdaRolloutSpec) {
  return synthScope((scope) => {
    const target = inferenceFunction(scope);
    const alarms = new LambdaServingAlarms(scope, 'alarms', { target, alertTopic: ALERT_TOPIC });
    new LambdaTrafficShifting(scope, 'shifting', { target, rollout, rollbackAlarms: alarms.rollbackAlarms });
  });
}

describe('LambdaTrafficShifting', () => {
  const out = synthShifting({ strategy: 'canary', percent: 10 });
  const group = out.resource('aws_codedeploy_deployment_group');
  const alarmName = (name: string) =>
    out.ref('aws_cloudwatch_metric_alarm', `alarms/${name}/alarm`, 'alarm_name');

  it('has a CodeDeploy application on the Lambda platform', () => {
    expect(out.resource('aws_codedeploy_app')).toEqual({
      name: 'test-sentiment',
      compute_platform: 'Lambda',
    });
  });

  it('shifts traffic blue/green with the predefined configuration the rollout matches', () => {
    expect(group).toMatchObject({
      app_name: out.ref('aws_codedeploy_app', 'shifting/application', 'name'),
      deployment_group_name: 'test-sentiment',
      deployment_config_name: 'CodeDeployDefault.LambdaCanary10Percent5Minutes',
      deployment_style: { deployment_option: 'WITH_TRAFFIC_CONTROL', deployment_type: 'BLUE_GREEN' },
      service_role_arn: out.ref('aws_iam_role', 'shifting/role', 'arn'),
      depends_on: [address(out.ref('aws_iam_role_policy', 'shifting/role/inline-policy', 'id'))],
    });
    expect(out.resources('aws_codedeploy_deployment_config')).toHaveLength(0);
  });

  it('rolls back automatically on failure, on a stop and on the alarms of errors, throttles and latency', () => {
    expect(group.auto_rollback_configuration).toEqual({
      enabled: true,
      events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
    });
    expect(group.alarm_configuration).toEqual({
      enabled: true,
      alarms: [
        alarmName('error-rate'),
        alarmName('new-version-error-rate'),
        alarmName('throttles'),
        alarmName('p99-duration'),
      ],
      ignore_poll_alarm_failure: false,
    });
  });

  it('gives CodeDeploy only what shifting this alias needs: the alias, provisioned concurrency, these alarms', () => {
    const role = out.resource('aws_iam_role', 'shifting/role');
    expect(role.name).toBe('test-sentiment-codedeploy');
    expect(out.policyStatements(role.assume_role_policy)[0].principals).toEqual([
      { type: 'Service', identifiers: ['codedeploy.amazonaws.com'] },
    ]);
    const FUNCTION_ARN = out.ref('aws_lambda_function', '/inference/function', 'arn');
    const statements = out.policyStatements(
      out.resource('aws_iam_role_policy', 'shifting/role/inline-policy').policy,
    );
    expect(statements).toEqual([
      {
        effect: 'Allow',
        actions: ['lambda:GetAlias', 'lambda:UpdateAlias'],
        resources: [FUNCTION_ARN, out.ref('aws_lambda_alias', 'inference/alias', 'arn')],
      },
      {
        effect: 'Allow',
        actions: ['lambda:GetProvisionedConcurrencyConfig'],
        resources: [FUNCTION_ARN, `${FUNCTION_ARN}:*`],
      },
      {
        effect: 'Allow',
        actions: ['cloudwatch:DescribeAlarms'],
        resources: ['error-rate', 'new-version-error-rate', 'throttles', 'p99-duration'].map((name) =>
          out.ref('aws_cloudwatch_metric_alarm', `alarms/${name}/alarm`, 'arn'),
        ),
      },
    ]);
  });

  it('uses a predefined configuration by name', () => {
    const linear = synthShifting({
      strategy: 'predefined',
      config: 'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
    });
    expect(linear.resource('aws_codedeploy_deployment_group').deployment_config_name).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
    );
  });

  it.each<[LambdaRolloutSpec, string, Record<string, unknown>]>([
    [
      { strategy: 'canary', percent: 20, intervalMinutes: 15 },
      'test-sentiment-canary-20pct-15min',
      { type: 'TimeBasedCanary', time_based_canary: { percentage: 20, interval: 15 } },
    ],
    [
      { strategy: 'linear', percent: 25, intervalMinutes: 4 },
      'test-sentiment-linear-25pct-4min',
      { type: 'TimeBasedLinear', time_based_linear: { percentage: 25, interval: 4 } },
    ],
  ])('creates a custom configuration for %j, replaced before it is destroyed', (rollout, name, routing) => {
    const custom = synthShifting(rollout);
    expect(custom.resource('aws_codedeploy_deployment_config')).toEqual({
      deployment_config_name: name,
      compute_platform: 'Lambda',
      traffic_routing_config: routing,
      lifecycle: { create_before_destroy: true },
    });
    expect(custom.resource('aws_codedeploy_deployment_group').deployment_config_name).toBe(
      custom.ref('aws_codedeploy_deployment_config', 'shifting/config', 'deployment_config_name'),
    );
  });

  it('maps rollouts to the predefined configurations CodeDeploy has', () => {
    expect(predefinedDeploymentConfig({ strategy: 'canary', percent: 10, intervalMinutes: 30 })).toBe(
      'CodeDeployDefault.LambdaCanary10Percent30Minutes',
    );
    expect(predefinedDeploymentConfig({ strategy: 'linear', percent: 10, intervalMinutes: 1 })).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
    );
    expect(predefinedDeploymentConfig({ strategy: 'linear', percent: 10, intervalMinutes: 10 })).toBe(
      'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
    );
    expect(
      predefinedDeploymentConfig({ strategy: 'canary', percent: 10, intervalMinutes: 20 }),
    ).toBeUndefined();
    expect(
      predefinedDeploymentConfig({ strategy: 'linear', percent: 5, intervalMinutes: 1 }),
    ).toBeUndefined();
  });

  it('without rollback alarms, rolls back on failures only and may read no alarm', () => {
    const bare = synthScope(
      (scope) => new LambdaTrafficShifting(scope, 'shifting', { target: inferenceFunction(scope) }),
    );
    const bareGroup = bare.resource('aws_codedeploy_deployment_group');
    expect(bareGroup.alarm_configuration).toBeUndefined();
    expect(bareGroup.deployment_config_name).toBe('CodeDeployDefault.LambdaCanary10Percent5Minutes');
    const actions = bare
      .policyStatements(bare.resource('aws_iam_role_policy', 'shifting/role/inline-policy').policy)
      .flatMap((s) => s.actions);
    expect(actions).not.toContain('cloudwatch:DescribeAlarms');
  });

  it("names the release command of its function, alias, application and group, in the provider's region", () => {
    const { stack } = plainStack('churn');
    const shifting = new LambdaTrafficShifting(stack, 'shifting', { target: inferenceFunction(stack) });
    expect(shifting.releaseCommand).toBe(
      'npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function churn-sentiment --alias live --application churn-sentiment --deployment-group churn-sentiment --region us-east-1',
    );
  });

  it('rejects a target that is not a LambdaInferenceFunction and a bad rollout', () => {
    const { stack } = plainStack();
    const error = errorOf(
      () =>
        new LambdaTrafficShifting(stack, 'shifting', {
          target: 'acme-ml-production-sentiment' as never,
          rollout: { strategy: 'canary', percent: 150 },
        }),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      [
        '[test/shifting] invalid props (2 problems):',
        '  - target: must be a LambdaInferenceFunction, got "acme-ml-production-sentiment"',
        '  - rollout.percent: must be a whole number between 1 and 99 percent, got 150',
      ].join('\n'),
    );
  });
});

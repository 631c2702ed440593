import {
  LambdaServingAlarms,
  ServingDashboard,
  SpecValidationError,
  type LambdaAlarmsSpec,
} from '../../../src';
import { errorOf, plainStack, synthScope } from '../../helpers';
import { ALERT_TOPIC, TOPIC_ARN, inferenceFunction } from './fixtures';

const ALIAS = { FunctionName: 'test-sentiment', Resource: 'test-sentiment:live' };

function synthAlarms(
  options: { provisioned?: boolean; thresholds?: LambdaAlarmsSpec; timeoutSeconds?: number } = {},
) {
  return synthScope((scope) => {
    const target = inferenceFunction(scope, {
      timeoutSeconds: options.timeoutSeconds,
      provisionedConcurrency: options.provisioned ? { min: 1, max: 4 } : undefined,
    });
    const dashboard = new ServingDashboard(scope, 'dashboard');
    new LambdaServingAlarms(scope, 'alarms', {
      target,
      alertTopic: ALERT_TOPIC,
      thresholds: options.thresholds,
      dashboard,
    });
  });
}

describe('LambdaServingAlarms', () => {
  const out = synthAlarms({ provisioned: true });
  const alarm = (name: string) => out.resource('aws_cloudwatch_metric_alarm', `alarms/${name}/alarm`);

  it('notifies the alert topic when each alarm fires and recovers, and treats no traffic as OK', () => {
    const alarms = out.resources('aws_cloudwatch_metric_alarm');
    expect(alarms.map((a) => a.props.alarm_name).sort()).toEqual([
      'test-sentiment-lambda-error-rate',
      'test-sentiment-lambda-new-version-error-rate',
      'test-sentiment-lambda-p99-duration',
      'test-sentiment-lambda-provisioned-concurrency-spillover',
      'test-sentiment-lambda-throttles',
    ]);
    for (const { props } of alarms) {
      expect(props).toMatchObject({
        alarm_actions: [TOPIC_ARN],
        ok_actions: [TOPIC_ARN],
        treat_missing_data: 'notBreaching',
        comparison_operator: 'GreaterThanThreshold',
      });
    }
  });

  it('alarms on the error rate of the alias, in percent of its invocations', () => {
    const errorRate = alarm('error-rate');
    expect(errorRate).toMatchObject({ threshold: 1, evaluation_periods: 5, datapoints_to_alarm: 3 });
    expect(errorRate.metric_query).toEqual([
      {
        id: 'errors',
        metric: {
          namespace: 'AWS/Lambda',
          metric_name: 'Errors',
          dimensions: ALIAS,
          period: 60,
          stat: 'Sum',
        },
      },
      {
        id: 'invocations',
        metric: {
          namespace: 'AWS/Lambda',
          metric_name: 'Invocations',
          dimensions: ALIAS,
          period: 60,
          stat: 'Sum',
        },
      },
      {
        id: 'rate',
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        label: 'error rate (%)',
        return_data: true,
      },
    ]);
  });

  it('alarms on the error rate of the newest published version behind the alias, the target of a shift', () => {
    const newVersion = alarm('new-version-error-rate');
    const version = out.ref('aws_lambda_function', '/inference/function', 'version');
    expect(newVersion).toMatchObject({ threshold: 1, evaluation_periods: 3, datapoints_to_alarm: 2 });
    expect(newVersion.metric_query.slice(0, 2).map((q: any) => q.metric.dimensions)).toEqual([
      { ...ALIAS, ExecutedVersion: version },
      { ...ALIAS, ExecutedVersion: version },
    ]);
  });

  it('alarms on throttles of the alias', () => {
    expect(alarm('throttles')).toMatchObject({
      namespace: 'AWS/Lambda',
      metric_name: 'Throttles',
      dimensions: ALIAS,
      statistic: 'Sum',
      period: 60,
      threshold: 0,
    });
  });

  it('alarms when the p99 duration nears the timeout (80% of 30 s by default)', () => {
    expect(alarm('p99-duration')).toMatchObject({
      metric_name: 'Duration',
      dimensions: ALIAS,
      extended_statistic: 'p99',
      threshold: 24000,
    });
    const short = synthAlarms({ timeoutSeconds: 10, thresholds: { p99DurationPercentOfTimeout: 50 } });
    expect(short.resource('aws_cloudwatch_metric_alarm', 'alarms/p99-duration/alarm').threshold).toBe(5000);
  });

  it('alarms on provisioned-concurrency spillover, only with provisioned concurrency', () => {
    expect(alarm('spillover')).toMatchObject({
      metric_name: 'ProvisionedConcurrencySpilloverInvocations',
      dimensions: ALIAS,
      statistic: 'Sum',
      threshold: 0,
    });
    expect(synthAlarms().resources('aws_cloudwatch_metric_alarm')).toHaveLength(4);
  });

  it('uses the given thresholds', () => {
    const custom = synthAlarms({
      provisioned: true,
      thresholds: { errorRatePercent: 2.5, throttledInvocations: 10, spilloverInvocations: 50 },
    });
    const threshold = (name: string) =>
      custom.resource('aws_cloudwatch_metric_alarm', `alarms/${name}/alarm`).threshold;
    expect([threshold('error-rate'), threshold('new-version-error-rate')]).toEqual([2.5, 2.5]);
    expect(threshold('throttles')).toBe(10);
    expect(threshold('spillover')).toBe(50);
  });

  it('rolls back on errors, throttles and latency, not on spillover (a capacity signal)', () => {
    const { stack } = plainStack();
    const alarms = new LambdaServingAlarms(stack, 'alarms', {
      target: inferenceFunction(stack, { provisionedConcurrency: { min: 1, max: 2 } }),
      alertTopic: ALERT_TOPIC,
    });
    expect(alarms.rollbackAlarms.map((a) => a.alarmName)).toEqual([
      'test-sentiment-lambda-error-rate',
      'test-sentiment-lambda-new-version-error-rate',
      'test-sentiment-lambda-throttles',
      'test-sentiment-lambda-p99-duration',
    ]);
    expect(alarms.alarms).toHaveLength(5);
  });

  it("adds the model's graphs to the dashboard", () => {
    const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
    expect(body.widgets.map((w: any) => w.properties.title)).toEqual([
      'sentiment: invocations and errors',
      'sentiment: duration',
      'sentiment: provisioned concurrency',
    ]);
    expect(body.widgets[1].properties.annotations).toEqual({
      horizontal: [{ label: 'p99 alarm', value: 24000 }],
    });
    expect(body.widgets[2].properties.metrics[0]).toEqual([
      'AWS/Lambda',
      'ProvisionedConcurrencyUtilization',
      'FunctionName',
      'test-sentiment',
      'Resource',
      'test-sentiment:live',
      { label: 'utilization', stat: 'Maximum', period: 60 },
    ]);
  });

  it('rejects an alert topic that is not one and thresholds out of range', () => {
    const { stack } = plainStack();
    const target = inferenceFunction(stack);
    const error = errorOf(
      () =>
        new LambdaServingAlarms(stack, 'alarms', {
          target,
          alertTopic: 'arn:aws:sns:us-east-1:123456789012:alerts' as never,
          thresholds: { throttledInvocations: -1 },
        }),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      [
        '[test/alarms] invalid props (2 problems):',
        `  - alertTopic: must be an alert topic (IAlertTopic), got "arn:aws:sns:us-east-1:123456789012:alerts"`,
        '  - thresholds.throttledInvocations: must be a whole number between 0 and 1000000 per minute, got -1',
      ].join('\n'),
    );
  });
});

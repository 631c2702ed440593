import { ModelAlarm, ServingDashboard } from '../../src';
import { plainStack, synthScope } from '../helpers';

const latency = {
  namespace: 'AWS/SageMaker',
  metricName: 'ModelLatency',
  dimensions: { EndpointName: 'ep', VariantName: 'primary' },
  statistic: 'p99',
  periodSeconds: 60,
};

describe('ModelAlarm', () => {
  it('alarms on a percentile with an extended statistic and notifies the topic both ways', () => {
    const out = synthScope(
      (scope) =>
        new ModelAlarm(scope, 'latency', {
          name: 'fraud-p99-latency',
          description: 'p99 latency above 500 ms',
          metric: latency,
          threshold: 500000,
          topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        }),
    );
    expect(out.resource('aws_cloudwatch_metric_alarm')).toEqual({
      alarm_name: 'test-fraud-p99-latency',
      alarm_description: 'p99 latency above 500 ms',
      comparison_operator: 'GreaterThanThreshold',
      threshold: 500000,
      evaluation_periods: 3,
      treat_missing_data: 'notBreaching',
      alarm_actions: ['arn:aws:sns:us-east-1:123456789012:alerts'],
      ok_actions: ['arn:aws:sns:us-east-1:123456789012:alerts'],
      namespace: 'AWS/SageMaker',
      metric_name: 'ModelLatency',
      dimensions: { EndpointName: 'ep', VariantName: 'primary' },
      period: 60,
      extended_statistic: 'p99',
    });
  });

  it('alarms on metric math', () => {
    const out = synthScope(
      (scope) =>
        new ModelAlarm(scope, 'errors', {
          name: 'fraud-error-rate',
          description: 'more than 1% errors',
          queries: [
            { id: 'errors', metric: { ...latency, metricName: 'Invocation5XXErrors', statistic: 'Sum' } },
            { id: 'calls', metric: { ...latency, metricName: 'Invocations', statistic: 'Sum' } },
            { id: 'rate', expression: '100 * errors / MAX([calls, 1])', returnData: true, label: 'error %' },
          ],
          threshold: 1,
          evaluationPeriods: 5,
          datapointsToAlarm: 3,
          topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        }),
    );
    const alarm = out.resource('aws_cloudwatch_metric_alarm');
    expect(alarm.metric_name).toBeUndefined();
    expect(alarm.datapoints_to_alarm).toBe(3);
    expect(alarm.metric_query).toHaveLength(3);
    expect(alarm.metric_query[2]).toEqual({
      id: 'rate',
      expression: '100 * errors / MAX([calls, 1])',
      label: 'error %',
      return_data: true,
    });
    expect(alarm.metric_query[0].metric).toMatchObject({
      metric_name: 'Invocation5XXErrors',
      stat: 'Sum',
      period: 60,
    });
  });

  it('needs exactly one of a metric and queries', () => {
    const { stack } = plainStack();
    expect(
      () => new ModelAlarm(stack, 'bad', { name: 'x', description: 'x', threshold: 1, topicArn: 'arn' }),
    ).toThrow('[test/bad] an alarm needs either a metric or metric queries');
  });
});

describe('ServingDashboard', () => {
  it('exists only once a graph is added, then lays graphs out two per row', () => {
    const empty = synthScope((scope) => new ServingDashboard(scope, 'dashboard'));
    expect(empty.resources('aws_cloudwatch_dashboard')).toHaveLength(0);

    const out = synthScope((scope) => {
      const dashboard = new ServingDashboard(scope, 'dashboard');
      dashboard.addGraphs(
        { title: 'a', metrics: [{ label: 'p99', metric: latency }], threshold: { label: 'alarm', value: 5 } },
        { title: 'b', metrics: [{ label: 'p99', metric: latency }] },
        { title: 'c', metrics: [{ label: 'p99', metric: latency }] },
      );
    });
    const dashboard = out.resource('aws_cloudwatch_dashboard');
    expect(dashboard.dashboard_name).toBe('test-serving');
    const body = JSON.parse(dashboard.dashboard_body);
    expect(body.widgets.map((w: { x: number; y: number }) => [w.x, w.y])).toEqual([
      [0, 0],
      [12, 0],
      [0, 6],
    ]);
    expect(body.widgets[0].properties.metrics).toEqual([
      [
        'AWS/SageMaker',
        'ModelLatency',
        'EndpointName',
        'ep',
        'VariantName',
        'primary',
        { label: 'p99', stat: 'p99', period: 60 },
      ],
    ]);
    expect(body.widgets[0].properties.annotations).toEqual({ horizontal: [{ label: 'alarm', value: 5 }] });
    expect(body.widgets[0].properties.region).toBe('${data.aws_region.aws-context_region_DEC3537F.region}');
  });
});

import {
  ModelAlarm,
  ServingDashboard,
  SpecValidationError,
  errorRateQueries,
  type ModelAlarmProps,
} from '../../src';
import { errorOf, plainStack, synthScope } from '../helpers';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alerts';
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

  it('computes an error rate in percent of the invocations, 0 without invocations (errorRateQueries)', () => {
    const errors = { ...latency, metricName: 'Invocation5XXErrors', statistic: 'Sum' };
    const invocations = { ...latency, metricName: 'Invocations', statistic: 'Sum' };
    const queries = errorRateQueries(errors, invocations, '5XX rate (%)');
    expect(queries).toEqual([
      { id: 'errors', metric: errors },
      { id: 'invocations', metric: invocations },
      {
        id: 'rate',
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        label: '5XX rate (%)',
        returnData: true,
      },
    ]);
    const out = synthScope(
      (scope) =>
        new ModelAlarm(scope, 'errors', {
          name: 'fraud-error-rate',
          description: 'more than 1% errors',
          queries,
          threshold: 1,
          topicArn: TOPIC,
        }),
    );
    expect(out.resource('aws_cloudwatch_metric_alarm').metric_query.map((q: any) => q.id)).toEqual([
      'errors',
      'invocations',
      'rate',
    ]);
  });

  it('needs exactly one of a metric and queries', () => {
    const line =
      '  - metric: must be given, or else queries, but not both: an alarm watches one metric or one metric-math result';
    const bare = { name: 'x', description: 'x', threshold: 1, topicArn: TOPIC };
    expect(() => new ModelAlarm(plainStack().stack, 'bad', bare)).toThrow(line);
    const both = { ...bare, metric: latency, queries: [{ id: 'm1', metric: latency, returnData: true }] };
    expect(() => new ModelAlarm(plainStack().stack, 'bad', both)).toThrow(`${line}, got`);
  });

  it('takes high-resolution periods, fractional percentiles and M-of-N evaluation', () => {
    const out = synthScope(
      (scope) =>
        new ModelAlarm(scope, 'fast', {
          name: 'fraud-fast-latency',
          description: 'p99.9 latency, 20-second periods',
          metric: { ...latency, statistic: 'p99.9', periodSeconds: 20 },
          threshold: 250,
          comparison: 'GreaterThanOrEqualToThreshold',
          evaluationPeriods: 4320,
          datapointsToAlarm: 4320,
          treatMissingData: 'breaching',
          topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
        }),
    );
    expect(out.resource('aws_cloudwatch_metric_alarm')).toMatchObject({
      comparison_operator: 'GreaterThanOrEqualToThreshold',
      evaluation_periods: 4320,
      datapoints_to_alarm: 4320,
      treat_missing_data: 'breaching',
      period: 20,
      extended_statistic: 'p99.9',
    });
  });

  describe('rejects', () => {
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:alerts';
    const errors = { id: 'errors', metric: { ...latency, metricName: 'Errors', statistic: 'Sum' } };
    const rate = { id: 'rate', expression: '100 * errors', returnData: true };
    const rejects = (props: Partial<ModelAlarmProps>, line: string) => {
      const { stack } = plainStack();
      const error = errorOf(
        () =>
          new ModelAlarm(stack, 'alarm', {
            name: 'fraud-latency',
            description: 'p99 latency too high',
            threshold: 1,
            topicArn,
            ...(props.queries ? {} : { metric: latency }),
            ...props,
          }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/alarm] invalid props (1 problem):\n  - ${line}`);
    };

    it.each<[string, Partial<ModelAlarmProps>, string]>([
      [
        'a name with a control character',
        { name: 'fraud\nlatency' },
        'name: must be 1-255 characters, not blank and without control characters, got "fraud\\nlatency"',
      ],
      [
        'an empty description',
        { description: '' },
        'description: must be 1-1024 characters, not blank, got ""',
      ],
      [
        'a namespace starting with a colon',
        { metric: { ...latency, namespace: ':AWS/SageMaker' } },
        `metric.namespace: must be 1-255 characters, not blank and not starting with ':', got ":AWS/SageMaker"`,
      ],
      [
        'a blank metric name',
        { metric: { ...latency, metricName: ' ' } },
        'metric.metricName: must be 1-255 characters, not blank, got " "',
      ],
      [
        'a dimension name starting with a colon',
        { metric: { ...latency, dimensions: { ':EndpointName': 'ep' } } },
        `metric.dimensions[":EndpointName"]: must be 1-255 printable ASCII characters, not blank and not starting with ':', got ":EndpointName"`,
      ],
      [
        'a dimension value that is not ASCII',
        { metric: { ...latency, dimensions: { EndpointName: 'modèle' } } },
        'metric.dimensions.EndpointName: must be 1-1024 printable ASCII characters, not blank, got "modèle"',
      ],
      [
        'more than 30 dimensions',
        {
          metric: {
            ...latency,
            dimensions: Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`d${i}`, 'v'])),
          },
        },
        'metric.dimensions: must have at most 30 dimensions, got {"d0":"v","d1":"v","d2":"v","d3":"v","d4":"v","d5":"v","d6":"v","d7":"v","d8"...',
      ],
      [
        'a percentile above p100',
        { metric: { ...latency, statistic: 'p101' } },
        `metric.statistic: must be one of SampleCount, Average, Sum, Minimum, Maximum or a percentile from p0 to p100 such as 'p99', got "p101"`,
      ],
      [
        'a period CloudWatch does not take',
        { metric: { ...latency, periodSeconds: 90 } },
        'metric.periodSeconds: must be 10, 20 or 30 seconds (high-resolution metrics) or a multiple of 60 seconds, got 90',
      ],
      [
        'an unknown metric field',
        { metric: { ...latency, unit: 'Milliseconds' } as never },
        'metric.unit: is not a known field; allowed fields: namespace, metricName, dimensions, statistic, periodSeconds, got "Milliseconds"',
      ],
      [
        'a threshold that is not a number',
        { threshold: '5' as never },
        'threshold: must be a number, got "5"',
      ],
      [
        'an unknown comparison',
        { comparison: 'GreaterThan' as never },
        'comparison: must be one of "GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold", got "GreaterThan"',
      ],
      [
        'zero evaluation periods',
        { evaluationPeriods: 0 },
        'evaluationPeriods: must be a whole number of at least 1, got 0',
      ],
      [
        'a fractional number of datapoints',
        { datapointsToAlarm: 1.5 },
        'datapointsToAlarm: must be a whole number of at least 1, got 1.5',
      ],
      [
        'more datapoints than evaluated periods',
        { evaluationPeriods: 3, datapointsToAlarm: 4 },
        'datapointsToAlarm: must not exceed evaluationPeriods (3), got 4',
      ],
      [
        'more than a day of minute periods',
        { evaluationPeriods: 1441 },
        'evaluationPeriods: must keep the evaluated span within a day (86400 s) for periods under an hour: 1441 × 60 s is 86460 s, got 1441',
      ],
      [
        'more than seven days of hourly periods',
        { metric: { ...latency, periodSeconds: 3600 }, evaluationPeriods: 169 },
        'evaluationPeriods: must keep the evaluated span within seven days (604800 s): 169 × 3600 s is 608400 s, got 169',
      ],
      [
        'an unknown treatment of missing data',
        { treatMissingData: 'zero' as never },
        'treatMissingData: must be one of "breaching", "notBreaching", "ignore", "missing", got "zero"',
      ],
      [
        'a topic that is not an SNS topic ARN',
        { topicArn: 'alerts' },
        `topicArn: must be an SNS topic ARN such as 'arn:aws:sns:us-east-1:123456789012:alerts', got "alerts"`,
      ],
      [
        'a query id starting with a capital',
        { queries: [{ ...errors, id: 'Errors' }, rate] },
        `queries[0].id: must start with a lowercase letter and hold only letters, digits and '_' (at most 255 characters), got "Errors"`,
      ],
      [
        'a query with both a metric and an expression',
        { queries: [{ ...errors, expression: 'errors * 2' }, rate] },
        'queries[0].expression: must not be given with metric: a query either retrieves a metric or computes an expression, got "errors * 2"',
      ],
      [
        'a query with neither a metric nor an expression',
        { queries: [{ id: 'errors' }, rate] },
        'queries[0]: needs a metric or an expression, got {"id":"errors"}',
      ],
      [
        'a blank expression',
        { queries: [errors, { ...rate, expression: ' ' }] },
        'queries[1].expression: must not be blank, got " "',
      ],
      [
        'an unknown query field',
        { queries: [{ ...errors, period: 60 } as never, rate] },
        'queries[0].period: is not a known field; allowed fields: id, metric, expression, label, returnData, got 60',
      ],
      ['no queries', { queries: [] }, 'queries: must have at least 1 item(s), got []'],
      [
        'no query returning the value',
        { queries: [errors, { ...rate, returnData: false }] },
        `queries: must have exactly one query with returnData: true, the alarm's value (0 have it), got ["errors","rate"]`,
      ],
      [
        'two queries returning the value',
        { queries: [{ ...errors, returnData: true }, rate] },
        `queries: must have exactly one query with returnData: true, the alarm's value (2 have it), got ["errors","rate"]`,
      ],
      [
        'more than 10 metric queries',
        { queries: [...Array.from({ length: 11 }, (_, i) => ({ ...errors, id: `m${i}` })), rate] },
        'queries: must have at most 10 metric queries and 10 expression queries (11 and 1 given), got ["m0","m1","m2","m3","m4","m5","m6","m7","m8","m9","m10","rate"]',
      ],
      [
        'a repeated query id',
        { queries: [errors, { ...rate, id: 'errors' }] },
        'queries[1].id: must be unique (queries[0] has the same id), got "errors"',
      ],
      [
        'an unknown field',
        { period: 60 } as never,
        'period: is not a known field; allowed fields: name, description, metric, queries, threshold, comparison, evaluationPeriods, datapointsToAlarm, treatMissingData, topicArn, got 60',
      ],
    ])('%s', (_title, props, line) => rejects(props, line));
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
    expect(body.widgets[0].properties.region).toBe(
      `\${${out.dataRef('aws_region', 'aws-context/region', 'region')}}`,
    );
  });
});

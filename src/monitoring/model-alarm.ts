import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { NAME_LIMITS, Naming } from '../core/naming';

/** A CloudWatch metric: namespace, name, dimensions and how it is aggregated. */
export interface MetricSpec {
  /** e.g. `AWS/SageMaker`. */
  readonly namespace: string;
  /** e.g. `ModelLatency`. */
  readonly metricName: string;
  /** Dimension name to value. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`, or a percentile such as `p99`. */
  readonly statistic: string;
  /** Aggregation period in seconds (10, 30 or a multiple of 60). */
  readonly periodSeconds: number;
}

/** One query of a metric-math alarm: a metric (`m1`) or an expression over others (`e1`). */
export interface MetricQuery {
  /** Query id, lowercase, e.g. `errors`. */
  readonly id: string;
  /** The metric, for a metric query. */
  readonly metric?: MetricSpec;
  /** The expression, for an expression query, e.g. `100 * errors / invocations`. */
  readonly expression?: string;
  /** A label for graphs. */
  readonly label?: string;
  /** Whether this query is the alarm's value (exactly one must be). */
  readonly returnData?: boolean;
}

/** Comparison of the alarm's value with its threshold. */
export type AlarmComparison =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** Props of `ModelAlarm`. */
export interface ModelAlarmProps {
  /** The alarm's name after `<project>-<environment>-`, e.g. `fraud-p99-latency`. */
  readonly name: string;
  /** What firing means and what to do. */
  readonly description: string;
  /** A single metric, or */
  readonly metric?: MetricSpec;
  /** metric-math queries (one with `returnData: true`). */
  readonly queries?: readonly MetricQuery[];
  /** The threshold. */
  readonly threshold: number;
  /** @default 'GreaterThanThreshold' */
  readonly comparison?: AlarmComparison;
  /** Periods evaluated. @default 3 */
  readonly evaluationPeriods?: number;
  /** Breaching periods among them that fire the alarm. @default - all evaluated periods */
  readonly datapointsToAlarm?: number;
  /** @default 'notBreaching' (no traffic is not an error) */
  readonly treatMissingData?: 'breaching' | 'notBreaching' | 'ignore' | 'missing';
  /** ARN of the topic notified when the alarm fires and when it recovers. */
  readonly topicArn: string;
}

function percentile(statistic: string): boolean {
  return /^p\d+(\.\d+)?$/.test(statistic);
}

/**
 * A CloudWatch alarm on a model's metric, notifying the environment's alert topic when it fires
 * and when it recovers. Percentile statistics (`p99`) become extended statistics.
 */
export class ModelAlarm extends Construct {
  /** The alarm resource. */
  public readonly alarm: CloudwatchMetricAlarm;
  /** The alarm's name (rollbacks reference it). */
  public readonly alarmName: string;
  /** The alarm's ARN. */
  public readonly alarmArn: string;

  constructor(scope: Construct, id: string, props: ModelAlarmProps) {
    super(scope, id);
    if ((props.metric === undefined) === (props.queries === undefined)) {
      throw new Error(`[${this.node.path}] an alarm needs either a metric or metric queries`);
    }
    this.alarmName = Naming.of(this).name(props.name, NAME_LIMITS.cloudWatchAlarm);
    const metric = props.metric;
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: this.alarmName,
      alarmDescription: props.description,
      comparisonOperator: props.comparison ?? 'GreaterThanThreshold',
      threshold: props.threshold,
      evaluationPeriods: props.evaluationPeriods ?? 3,
      datapointsToAlarm: props.datapointsToAlarm,
      treatMissingData: props.treatMissingData ?? 'notBreaching',
      alarmActions: [props.topicArn],
      okActions: [props.topicArn],
      ...(metric
        ? {
            namespace: metric.namespace,
            metricName: metric.metricName,
            dimensions: { ...metric.dimensions },
            period: metric.periodSeconds,
            statistic: percentile(metric.statistic) ? undefined : metric.statistic,
            extendedStatistic: percentile(metric.statistic) ? metric.statistic : undefined,
          }
        : {
            metricQuery: props.queries!.map((q) => ({
              id: q.id,
              label: q.label,
              expression: q.expression,
              returnData: q.returnData,
              metric: q.metric
                ? {
                    namespace: q.metric.namespace,
                    metricName: q.metric.metricName,
                    dimensions: { ...q.metric.dimensions },
                    period: q.metric.periodSeconds,
                    stat: q.metric.statistic,
                  }
                : undefined,
            })),
          }),
    });
    this.alarmArn = this.alarm.arn;
  }
}

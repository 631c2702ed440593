import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Construct } from 'constructs';
import { z } from 'zod';
import { isToken, numberWhere, ordered, stringWhere, uniqueBy } from '../core/validation/rules';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { NAME_LIMITS, Naming } from '../core/naming';
import { topicArnProp } from '../core/prop-rules';

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
  /** Aggregation period in seconds: 10, 20, 30 (high-resolution metrics) or a multiple of 60. */
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

/**
 * The metric-math queries of an error-rate alarm: `errors` and `invocations` (each summed per
 * period) and `rate`, the alarm's value, `100 * errors / invocations` in percent, 0 without
 * invocations (no traffic is not an error).
 */
export function errorRateQueries(errors: MetricSpec, invocations: MetricSpec, label: string): MetricQuery[] {
  return [
    { id: 'errors', metric: errors },
    { id: 'invocations', metric: invocations },
    {
      id: 'rate',
      expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
      label,
      returnData: true,
    },
  ];
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

/** The statistics CloudWatch names; percentiles (`p0`-`p100`) are the other kind an alarm takes. */
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
/** The longest span an alarm evaluates: a day for periods under an hour, else seven days. */
const MAX_SPAN_SECONDS = { underAnHour: 86_400, otherwise: 604_800 } as const;
/** Most queries of a metric-math alarm that retrieve a metric, and that compute an expression. */
const MAX_QUERIES_EACH = 10;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** `min`-`max` characters, not all blank, passing `ok`; `rule` completes the message. */
function text(min: number, max: number, ok: (v: string) => boolean = () => true, rule = '') {
  return stringWhere(
    (v) => v.length >= min && v.length <= max && /\S/.test(v) && ok(v),
    `must be ${min}-${max} ${rule || 'characters, not blank'}`,
  );
}

const metricSpecSchema = z.strictObject({
  namespace: text(1, 255, (v) => !v.startsWith(':'), "characters, not blank and not starting with ':'"),
  metricName: text(1, 255),
  dimensions: z
    .record(
      text(
        1,
        255,
        (k) => PRINTABLE_ASCII.test(k) && !k.startsWith(':'),
        "printable ASCII characters, not blank and not starting with ':'",
      ),
      text(1, 1024, (v) => PRINTABLE_ASCII.test(v), 'printable ASCII characters, not blank'),
    )
    .refine((d) => Object.keys(d).length <= 30, { error: 'must have at most 30 dimensions' }),
  statistic: stringWhere(
    (v) => STATISTICS.includes(v) || (percentile(v) && Number(v.slice(1)) <= 100),
    `must be one of ${STATISTICS.join(', ')} or a percentile from p0 to p100 such as 'p99'`,
  ),
  periodSeconds: numberWhere(
    (v) => v === 10 || v === 20 || v === 30 || (Number.isInteger(v) && v > 0 && v % 60 === 0),
    'must be 10, 20 or 30 seconds (high-resolution metrics) or a multiple of 60 seconds',
  ),
});

const metricQuerySchema = z
  .strictObject({
    id: stringWhere(
      (v) => v.length <= 255 && /^[a-z][A-Za-z0-9_]*$/.test(v),
      "must start with a lowercase letter and hold only letters, digits and '_' (at most 255 characters)",
    ),
    metric: metricSpecSchema.optional(),
    expression: stringWhere((v) => /\S/.test(v), 'must not be blank').optional(),
    label: z.string().optional(),
    returnData: z.boolean().optional(),
  })
  .superRefine((q, ctx) => {
    if (q.metric !== undefined && q.expression !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['expression'],
        input: q.expression,
        message: 'must not be given with metric: a query either retrieves a metric or computes an expression',
      });
    } else if (q.metric === undefined && q.expression === undefined) {
      ctx.addIssue({ code: 'custom', path: [], input: q, message: 'needs a metric or an expression' });
    }
  });

const queriesSchema = z
  .array(metricQuerySchema)
  .min(1)
  .superRefine((queries, ctx) => {
    if (queries.length === 0) return;
    const returned = queries.filter((q) => q.returnData === true).length;
    if (returned !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        input: queries.map((q) => q.id),
        message: `must have exactly one query with returnData: true, the alarm's value (${returned} have it)`,
      });
    }
    const metrics = queries.filter((q) => q.metric !== undefined).length;
    const expressions = queries.length - metrics;
    if (metrics > MAX_QUERIES_EACH || expressions > MAX_QUERIES_EACH) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        input: queries.map((q) => q.id),
        message: `must have at most ${MAX_QUERIES_EACH} metric queries and ${MAX_QUERIES_EACH} expression queries (${metrics} and ${expressions} given)`,
      });
    }
  });

const positiveInt = numberWhere((v) => Number.isInteger(v) && v >= 1, 'must be a whole number of at least 1');

const propsSchema = z
  .strictObject({
    name: text(
      1,
      NAME_LIMITS.cloudWatchAlarm,
      (v) => !CONTROL_CHARACTERS.test(v),
      'characters, not blank and without control characters',
    ),
    description: text(1, 1024),
    metric: metricSpecSchema.optional(),
    queries: queriesSchema.optional(),
    threshold: z.number(),
    comparison: z
      .enum([
        'GreaterThanThreshold',
        'GreaterThanOrEqualToThreshold',
        'LessThanThreshold',
        'LessThanOrEqualToThreshold',
      ])
      .default('GreaterThanThreshold'),
    evaluationPeriods: positiveInt.default(3),
    datapointsToAlarm: positiveInt.optional(),
    treatMissingData: z.enum(['breaching', 'notBreaching', 'ignore', 'missing']).default('notBreaching'),
    topicArn: topicArnProp,
  })
  .superRefine((p, ctx) => {
    if ((p.metric === undefined) === (p.queries === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['metric'],
        input: p.metric,
        message:
          'must be given, or else queries, but not both: an alarm watches one metric or one metric-math result',
      });
    }
  })
  .superRefine((p, ctx) => uniqueBy('queries', 'id')({ queries: p.queries }, ctx))
  .superRefine(ordered('datapointsToAlarm', 'evaluationPeriods'))
  .superRefine((p, ctx) => {
    const periods = p.metric
      ? [p.metric.periodSeconds]
      : (p.queries ?? []).flatMap((q) => (q.metric ? [q.metric.periodSeconds] : []));
    if (periods.length === 0 || periods.some(isToken) || isToken(p.evaluationPeriods)) return;
    const period = Math.max(...periods);
    const limit = period < 3600 ? MAX_SPAN_SECONDS.underAnHour : MAX_SPAN_SECONDS.otherwise;
    const span = period * p.evaluationPeriods;
    if (span > limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['evaluationPeriods'],
        input: p.evaluationPeriods,
        message:
          `must keep the evaluated span within ${limit === MAX_SPAN_SECONDS.underAnHour ? 'a day (86400 s) for periods under an hour' : 'seven days (604800 s)'}: ` +
          `${p.evaluationPeriods} × ${period} s is ${span} s`,
      });
    }
  });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ModelAlarmProps> = true;
void propsAgree;

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
    const p = validateProps(this, propsSchema, props);
    this.alarmName = Naming.of(this).name(p.name, NAME_LIMITS.cloudWatchAlarm);
    const metric = p.metric;
    this.alarm = new CloudwatchMetricAlarm(this, 'alarm', {
      alarmName: this.alarmName,
      alarmDescription: p.description,
      comparisonOperator: p.comparison,
      threshold: p.threshold,
      evaluationPeriods: p.evaluationPeriods,
      datapointsToAlarm: p.datapointsToAlarm,
      treatMissingData: p.treatMissingData,
      alarmActions: [p.topicArn],
      okActions: [p.topicArn],
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
            metricQuery: p.queries!.map((q) => ({
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

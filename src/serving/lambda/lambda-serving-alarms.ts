import { Construct } from 'constructs';
import { z } from 'zod';
import { lambdaAlarmsSchema } from './spec/schema';
import type { LambdaAlarmsSpec } from './spec/types';
import { type IAlertTopic, alertTopicProp } from '../../core/alert-topic';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { type MetricQuery, ModelAlarm, errorRateQueries } from '../../monitoring/model-alarm';
import type { ServingDashboard } from '../../monitoring/serving-dashboard';
import type { LambdaInferenceFunction } from './lambda-inference-function';
import { inferenceTargetProp } from './private/target-prop';
import { dashboardProp } from '../../monitoring/serving-dashboard';

/** Props of `LambdaServingAlarms`. */
export interface LambdaServingAlarmsProps {
  /** The function the alarms watch (its `live` alias and its newest version). */
  readonly target: LambdaInferenceFunction;
  /** The topic every alarm notifies. */
  readonly alertTopic: IAlertTopic;
  /**
   * Thresholds.
   * @default { errorRatePercent: 1, throttledInvocations: 0, p99DurationPercentOfTimeout: 80, spilloverInvocations: 0 }
   */
  readonly thresholds?: LambdaAlarmsSpec;
  /**
   * A dashboard that gets the model's graphs.
   * @default - no graphs
   */
  readonly dashboard?: ServingDashboard;
}

const propsSchema = z.strictObject({
  target: inferenceTargetProp,
  alertTopic: alertTopicProp,
  thresholds: lambdaAlarmsSchema.prefault({}),
  dashboard: dashboardProp.optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, LambdaServingAlarmsProps> = true;
void propsAgree;

/**
 * The alarms of a model served on Lambda, each notifying the alert topic:
 *
 * - error rate of the `live` alias;
 * - error rate of the newest published version, the target of the next shift. Terraform
 *   publishes a version on every change and updates this alarm's `ExecutedVersion` dimension with
 *   it (a version is only known after `cdktf deploy`), so while CodeDeploy shifts traffic the
 *   alarm watches exactly the canary's share; without traffic it stays OK;
 * - throttles of the alias;
 * - p99 duration of the alias near the timeout;
 * - provisioned-concurrency spillover (with provisioned concurrency).
 *
 * `rollbackAlarms` are those that mean users see failures: errors, throttles and latency.
 * Spillover means provisioned concurrency is short, not that a version is bad (during a shift it
 * follows the traffic split): it notifies, it does not roll back.
 */
export class LambdaServingAlarms extends Construct {
  /** Every alarm. */
  public readonly alarms: readonly ModelAlarm[];
  /** The alarms CodeDeploy rolls a shift back on. */
  public readonly rollbackAlarms: readonly ModelAlarm[];
  /** Error rate of the alias. */
  public readonly errorRate: ModelAlarm;
  /** Error rate of the newest version (the one being shifted to). */
  public readonly newVersionErrorRate: ModelAlarm;
  /** Throttles of the alias. */
  public readonly throttles: ModelAlarm;
  /** p99 duration of the alias. */
  public readonly duration: ModelAlarm;
  /** Provisioned-concurrency spillover, with provisioned concurrency. */
  public readonly spillover?: ModelAlarm;

  constructor(scope: Construct, id: string, props: LambdaServingAlarmsProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const fn = p.target;
    const model = fn.modelName;
    const t = p.thresholds;
    const topicArn = p.alertTopic.topicArn;

    this.errorRate = new ModelAlarm(this, 'error-rate', {
      name: `${model}-lambda-error-rate`,
      description: `More than ${t.errorRatePercent}% of the ${model} model's invocations failed (alias ${fn.aliasName}). Rolls back a release in progress.`,
      queries: aliasErrorRate(fn),
      threshold: t.errorRatePercent,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      topicArn,
    });
    this.newVersionErrorRate = new ModelAlarm(this, 'new-version-error-rate', {
      name: `${model}-lambda-new-version-error-rate`,
      description: `More than ${t.errorRatePercent}% of the invocations of the ${model} model's newest version failed: the version CodeDeploy shifts to is bad. Rolls back a release in progress.`,
      queries: aliasErrorRate(fn, fn.latestVersion),
      threshold: t.errorRatePercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      topicArn,
    });
    this.throttles = new ModelAlarm(this, 'throttles', {
      name: `${model}-lambda-throttles`,
      description: `The ${model} model throttled more than ${t.throttledInvocations} invocations a minute: callers get 429s (raise reservedConcurrency or the account's concurrency). Rolls back a release in progress.`,
      metric: fn.metricThrottles(),
      threshold: t.throttledInvocations,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      topicArn,
    });
    const durationThresholdMs = Math.round((fn.timeoutSeconds * 1000 * t.p99DurationPercentOfTimeout) / 100);
    this.duration = new ModelAlarm(this, 'p99-duration', {
      name: `${model}-lambda-p99-duration`,
      description: `The ${model} model's p99 duration is above ${durationThresholdMs} ms, ${t.p99DurationPercentOfTimeout}% of its ${fn.timeoutSeconds} s timeout. Rolls back a release in progress.`,
      metric: fn.metricLatency(),
      threshold: durationThresholdMs,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      topicArn,
    });
    const alarms = [this.errorRate, this.newVersionErrorRate, this.throttles, this.duration];
    this.rollbackAlarms = [...alarms];
    if (fn.provisionedConcurrency) {
      this.spillover = new ModelAlarm(this, 'spillover', {
        name: `${model}-lambda-provisioned-concurrency-spillover`,
        description: `More than ${t.spilloverInvocations} invocations a minute of the ${model} model found no provisioned environment free and started cold: raise provisionedConcurrency.max or lower its utilizationTarget.`,
        metric: fn.metricProvisionedConcurrencySpilloverInvocations(),
        threshold: t.spilloverInvocations,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        topicArn,
      });
      alarms.push(this.spillover);
    }
    this.alarms = alarms;

    p.dashboard?.addGraphs(
      {
        title: `${model}: invocations and errors`,
        metrics: [
          { label: 'invocations', metric: fn.metricInvocations() },
          { label: 'errors', metric: fn.metricErrors() },
          { label: 'throttles', metric: fn.metricThrottles() },
        ],
      },
      {
        title: `${model}: duration`,
        metrics: [
          { label: 'p50', metric: fn.metricLatency({ statistic: 'p50' }) },
          { label: 'p99', metric: fn.metricLatency() },
        ],
        threshold: { label: 'p99 alarm', value: durationThresholdMs },
      },
      ...(fn.provisionedConcurrency
        ? [
            {
              title: `${model}: provisioned concurrency`,
              metrics: [
                { label: 'utilization', metric: fn.metricProvisionedConcurrencyUtilization() },
                {
                  label: 'spillover invocations',
                  metric: fn.metricProvisionedConcurrencySpilloverInvocations(),
                },
              ],
            },
          ]
        : []),
    );
  }
}

/** Errors as a percentage of the invocations of the alias (or of one version behind it). */
function aliasErrorRate(fn: LambdaInferenceFunction, executedVersion?: string): MetricQuery[] {
  return errorRateQueries(
    fn.metricErrors({ executedVersion }),
    fn.metricInvocations({ executedVersion }),
    'error rate (%)',
  );
}

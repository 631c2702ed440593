import type { Construct } from 'constructs';
import { type ResolvedSageMakerServingSettings, type ResolvedSageMakerVariant, variantGpus } from '../spec';
import { type MetricSpec, ModelAlarm } from '../../../monitoring/model-alarm';
import type { EndpointMetrics } from './endpoint-metrics';
import type { DashboardGraph } from '../../../monitoring/serving-dashboard';

type AlarmSettings = ResolvedSageMakerServingSettings['alarms'];

/** SageMaker reports `ModelLatency` in microseconds. */
export const MICROSECONDS_PER_MS = 1000;

/**
 * The endpoint's three alarms, notifying `topicArn` and rolling deployments back: the highest 5XX
 * rate of any production variant (metric math over each variant's 5XX errors and invocations), the
 * highest p99 model latency of any variant (threshold converted from milliseconds to the
 * microseconds SageMaker reports), and the highest GPU memory utilization per GPU of any variant
 * (SageMaker sums the GPUs' percentages: each variant's value is divided by its GPU count; a
 * variant without GPUs reports no such metric and never breaches).
 *
 * Their names are fixed (`<model>-5xx-rate`, `<model>-p99-latency`, `<model>-gpu-memory`) and
 * always the same three, whatever the variants: the endpoint's `auto_rollback_configuration`
 * lists them, and that block is ForceNew in the AWS provider (v6.25.0,
 * internal/service/sagemaker/endpoint.go), while an alarm's metric queries change in place
 * (PutMetricAlarm). Ending an A/B test, adding a variant or moving one to a CPU type changes the
 * queries, never the list.
 */
export function rollbackAlarms(
  scope: Construct,
  props: {
    model: string;
    metrics: EndpointMetrics;
    variants: readonly ResolvedSageMakerVariant[];
    alarms: AlarmSettings;
    topicArn: string;
  },
): ModelAlarm[] {
  const { model, metrics, variants, alarms, topicArn } = props;
  const minutes = alarms.evaluationPeriods;
  const who = `any production variant of the ${model} model`;
  const highest = (ids: string[]) => `MAX([${ids.join(', ')}])`;
  const each = <T>(f: (variant: ResolvedSageMakerVariant, index: number) => T[]): T[] => variants.flatMap(f);
  return [
    new ModelAlarm(scope, 'error-rate', {
      name: `${model}-5xx-rate`,
      description: `More than ${alarms.errorRatePercent}% of the requests to ${who} failed with a 5XX for ${minutes} minute(s) (the dashboard shows which). Rolls a deployment back.`,
      queries: [
        ...each((v, i) => [
          { id: `errors${i}`, metric: metrics.errors({ variantName: v.name }) },
          { id: `invocations${i}`, metric: metrics.invocations({ variantName: v.name }) },
          // no traffic is not an error
          { id: `rate${i}`, expression: `IF(invocations${i} > 0, 100 * errors${i} / invocations${i}, 0)` },
        ]),
        {
          id: 'rate',
          expression: highest(variants.map((_, i) => `rate${i}`)),
          label: 'highest 5XX rate of a variant (%)',
          returnData: true,
        },
      ],
      threshold: alarms.errorRatePercent,
      evaluationPeriods: minutes,
      topicArn,
    }),
    new ModelAlarm(scope, 'latency', {
      name: `${model}-p99-latency`,
      description: `The p99 model latency of ${who} was above ${alarms.p99LatencyMs} ms for ${minutes} minute(s). Rolls a deployment back.`,
      queries: [
        ...each((v, i) => [{ id: `latency${i}`, metric: metrics.latency({ variantName: v.name }) }]),
        {
          id: 'latency',
          expression: highest(variants.map((_, i) => `latency${i}`)),
          label: 'highest p99 model latency of a variant (microseconds)',
          returnData: true,
        },
      ],
      threshold: alarms.p99LatencyMs * MICROSECONDS_PER_MS,
      evaluationPeriods: minutes,
      topicArn,
    }),
    new ModelAlarm(scope, 'gpu-memory', {
      name: `${model}-gpu-memory`,
      description: `The instances of ${who} used more than ${alarms.gpuMemoryPercent}% of their GPU memory (average per GPU) for ${minutes} minute(s). Rolls a deployment back.`,
      queries: [
        ...each((v, i) => [
          {
            id: `gpu${i}`,
            metric: metrics.gpuMemoryUtilization({ variantName: v.name }),
          },
          { id: `gpuShare${i}`, expression: `gpu${i} / ${Math.max(variantGpus(v), 1)}` },
        ]),
        {
          id: 'gpu',
          expression: highest(variants.map((_, i) => `gpuShare${i}`)),
          label: 'highest GPU memory per GPU of a variant (%)',
          returnData: true,
        },
      ],
      threshold: alarms.gpuMemoryPercent,
      evaluationPeriods: minutes,
      topicArn,
    }),
  ];
}

/** The endpoint's graphs: latency, 5XX errors and invocations per variant (and the shadow), GPU memory. */
export function variantGraphs(props: {
  model: string;
  metrics: EndpointMetrics;
  variants: readonly ResolvedSageMakerVariant[];
  shadowName?: string;
  alarms: AlarmSettings;
}): DashboardGraph[] {
  const { model, metrics, variants, shadowName, alarms } = props;
  const names = [...variants.map((v) => v.name), ...(shadowName ? [shadowName] : [])];
  const lines = (metric: (options: { variantName: string }) => MetricSpec, only = names) =>
    only.map((name) => ({ label: name, metric: metric({ variantName: name }) }));
  const graphs: DashboardGraph[] = [
    {
      title: `${model}: p99 model latency (microseconds)`,
      metrics: lines((o) => metrics.latency(o)),
      threshold: { label: 'alarm', value: alarms.p99LatencyMs * MICROSECONDS_PER_MS },
    },
    { title: `${model}: 5XX errors`, metrics: lines((o) => metrics.errors(o)) },
    { title: `${model}: invocations`, metrics: lines((o) => metrics.invocations(o)) },
  ];
  const gpuVariants = variants.filter((v) => variantGpus(v) > 0).map((v) => v.name);
  if (gpuVariants.length > 0) {
    graphs.push({
      title: `${model}: GPU memory (% summed over the GPUs)`,
      metrics: lines((o) => metrics.gpuMemoryUtilization(o), gpuVariants),
    });
  }
  return graphs;
}

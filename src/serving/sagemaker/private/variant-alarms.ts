import type { Construct } from 'constructs';
import {
  type ResolvedSageMakerServingSettings,
  type ResolvedSageMakerVariant,
  variantGpus,
} from '../../../config/sagemaker-serving';
import { ModelAlarm, type MetricSpec, errorRateQueries } from '../../../monitoring/model-alarm';
import type { DashboardGraph } from '../../../monitoring/serving-dashboard';

type AlarmSettings = ResolvedSageMakerServingSettings['alarms'];

/** SageMaker reports `ModelLatency` in microseconds. */
export const MICROSECONDS_PER_MS = 1000;

/** A SageMaker metric of one variant, aggregated over a minute. */
function variantMetric(
  endpointName: string,
  variantName: string,
  metricName: string,
  statistic: string,
  namespace = 'AWS/SageMaker',
): MetricSpec {
  return {
    namespace,
    metricName,
    dimensions: { EndpointName: endpointName, VariantName: variantName },
    statistic,
    periodSeconds: 60,
  };
}

/**
 * The alarms of one production variant, notifying `topicArn`: the 5XX rate (metric math over the
 * 5XX errors and the invocations), the p99 model latency (threshold converted from milliseconds to
 * the microseconds SageMaker reports) and, on GPU instances, the GPU memory utilization (threshold
 * multiplied by the GPU count: SageMaker sums the GPUs' percentages).
 */
export function variantAlarms(
  scope: Construct,
  props: {
    model: string;
    endpointName: string;
    variant: ResolvedSageMakerVariant;
    alarms: AlarmSettings;
    topicArn: string;
  },
): ModelAlarm[] {
  const { model, endpointName, variant, alarms, topicArn } = props;
  const metric = (name: string, statistic: string, namespace?: string) =>
    variantMetric(endpointName, variant.name, name, statistic, namespace);
  const minutes = alarms.evaluationPeriods;
  const who = `variant '${variant.name}' of the ${model} model`;
  const created = [
    new ModelAlarm(scope, 'error-rate', {
      name: `${model}-${variant.name}-5xx-rate`,
      description: `More than ${alarms.errorRatePercent}% of the requests to ${who} failed with a 5XX for ${minutes} minute(s). Rolls a deployment back.`,
      queries: errorRateQueries(
        metric('Invocation5XXErrors', 'Sum'),
        metric('Invocations', 'Sum'),
        '5XX rate (%)',
      ),
      threshold: alarms.errorRatePercent,
      evaluationPeriods: minutes,
      topicArn,
    }),
    new ModelAlarm(scope, 'latency', {
      name: `${model}-${variant.name}-p99-latency`,
      description: `The p99 model latency of ${who} was above ${alarms.p99LatencyMs} ms for ${minutes} minute(s). Rolls a deployment back.`,
      metric: metric('ModelLatency', 'p99'),
      threshold: alarms.p99LatencyMs * MICROSECONDS_PER_MS,
      evaluationPeriods: minutes,
      topicArn,
    }),
  ];
  const gpus = variantGpus(variant);
  if (gpus > 0) {
    created.push(
      new ModelAlarm(scope, 'gpu-memory', {
        name: `${model}-${variant.name}-gpu-memory`,
        description: `The instances of ${who} used more than ${alarms.gpuMemoryPercent}% of their GPU memory (${gpus} GPU(s) per instance) for ${minutes} minute(s). Rolls a deployment back.`,
        metric: metric('GPUMemoryUtilization', 'Average', '/aws/sagemaker/Endpoints'),
        threshold: alarms.gpuMemoryPercent * gpus,
        evaluationPeriods: minutes,
        topicArn,
      }),
    );
  }
  return created;
}

/** The endpoint's graphs: latency, 5XX errors and invocations per variant (and the shadow), GPU memory. */
export function variantGraphs(props: {
  model: string;
  endpointName: string;
  variants: readonly ResolvedSageMakerVariant[];
  shadowName?: string;
  alarms: AlarmSettings;
}): DashboardGraph[] {
  const { model, endpointName, variants, shadowName, alarms } = props;
  const names = [...variants.map((v) => v.name), ...(shadowName ? [shadowName] : [])];
  const lines = (metricName: string, statistic: string, namespace?: string, only = names) =>
    only.map((name) => ({
      label: name,
      metric: variantMetric(endpointName, name, metricName, statistic, namespace),
    }));
  const graphs: DashboardGraph[] = [
    {
      title: `${model}: p99 model latency (microseconds)`,
      metrics: lines('ModelLatency', 'p99'),
      threshold: { label: 'alarm', value: alarms.p99LatencyMs * MICROSECONDS_PER_MS },
    },
    { title: `${model}: 5XX errors`, metrics: lines('Invocation5XXErrors', 'Sum') },
    { title: `${model}: invocations`, metrics: lines('Invocations', 'Sum') },
  ];
  const gpuVariants = variants.filter((v) => variantGpus(v) > 0).map((v) => v.name);
  if (gpuVariants.length > 0) {
    graphs.push({
      title: `${model}: GPU memory (% summed over the GPUs)`,
      metrics: lines('GPUMemoryUtilization', 'Average', '/aws/sagemaker/Endpoints', gpuVariants),
    });
  }
  return graphs;
}

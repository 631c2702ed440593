import { Construct } from 'constructs';
import { type MetricSpec, ModelAlarm, errorRateQueries } from '../../../monitoring/model-alarm';
import type { ServingDashboard } from '../../../monitoring/serving-dashboard';
import type { IAlertTopic } from '../../../core/alert-topic';
import type { MetricOptions } from '../../model-serving';
import type { ResolvedKubernetesServing, TrafficPlan } from './tracks';
import type { TrafficPath } from './traffic-path';

/**
 * Container Insights (enhanced observability) metrics of a pod's GPUs, published by the Amazon
 * CloudWatch Observability add-on's agent from the node's DCGM, in percent, per workload
 * (`PodName` is the pod's owner name without the replica set hash).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-enhanced-EKS.html
 */
export const GPU_METRICS = {
  namespace: 'ContainerInsights',
  utilization: 'pod_gpu_utilization',
  memory: 'pod_gpu_memory_utilization',
} as const;

/** What the alarms of one Kubernetes model watch. */
export interface KubernetesModelAlarmsOptions {
  readonly model: string;
  readonly serving: ResolvedKubernetesServing;
  readonly plan: TrafficPlan;
  readonly traffic: TrafficPath;
  readonly clusterName: string;
  readonly namespace: string;
  readonly region: string;
  /** The topic every alarm notifies. */
  readonly alertTopic: IAlertTopic;
  readonly dashboard?: ServingDashboard;
}

/** The statistic, period and track of a GPU metric of a Kubernetes model. */
export interface KubernetesGpuMetricOptions extends MetricOptions {
  /**
   * The track whose pods are measured (`stable`, `canary`, `blue`, `green`).
   * @default - the live track
   */
  readonly track?: string;
}

/** Where a model's pods run, for the metrics of their GPUs. */
export interface GpuMetricScope {
  readonly clusterName: string;
  readonly namespace: string;
  readonly model: string;
}

/**
 * A Container Insights GPU metric (`GPU_METRICS`) of one track's pods (`PodName`
 * `<model>-<track>`). @default Average per minute
 */
export function gpuMetric(
  pods: GpuMetricScope,
  metricName: string,
  track: string,
  options: MetricOptions = {},
): MetricSpec {
  return {
    namespace: GPU_METRICS.namespace,
    metricName,
    dimensions: {
      ClusterName: pods.clusterName,
      Namespace: pods.namespace,
      PodName: `${pods.model}-${track}`,
    },
    statistic: options.statistic ?? 'Average',
    periodSeconds: options.periodSeconds ?? 60,
  };
}

/**
 * The alarms of a Kubernetes model, to the environment's topic: target 5XX rate and p99 target
 * response time on its load balancer, healthy targets of each track that takes traffic, requests
 * blocked by its web ACL, and GPU utilization and memory of its live pods; and its graphs on the
 * environment's dashboard.
 */
export class KubernetesModelAlarms extends Construct {
  /** The alarms, by what they watch. */
  public readonly alarms: Readonly<Record<string, ModelAlarm>>;

  constructor(scope: Construct, id: string, o: KubernetesModelAlarmsOptions) {
    super(scope, id);
    const { model, traffic } = o;
    const a = o.serving.alarms;
    const alarms: Record<string, ModelAlarm> = {};
    const requests = traffic.metricRequestCount();
    const errors = traffic.metricTarget5xxCount();
    const latency = traffic.metricTargetResponseTime();

    alarms.errorRate = new ModelAlarm(this, 'error-rate', {
      name: `${model}-5xx-rate`,
      description: `More than ${a.errorRatePercent}% of the ${model} model's requests got a 5XX from its pods.`,
      queries: errorRateQueries(errors, requests, '5XX rate (%)'),
      threshold: a.errorRatePercent,
      evaluationPeriods: a.evaluationPeriods,
      topicArn: o.alertTopic.topicArn,
    });
    alarms.latency = new ModelAlarm(this, 'p99-latency', {
      name: `${model}-p99-latency`,
      description: `The ${model} model's p99 response time is above ${a.p99LatencySeconds} s.`,
      metric: latency,
      threshold: a.p99LatencySeconds,
      evaluationPeriods: a.evaluationPeriods,
      topicArn: o.alertTopic.topicArn,
    });

    // each track that takes requests needs its ready replicas registered and healthy
    const healthy: Array<{ label: string; metric: MetricSpec }> = [];
    for (const track of o.plan.tracks) {
      const weight = o.plan.weights[track.name] ?? 0;
      const expected = track.replicas.autoscaled ? o.serving.replicas.min : track.replicas.count;
      const metric = traffic.metricHealthyHostCount(track.name);
      healthy.push({ label: track.name, metric });
      if (weight === 0 || expected === 0) continue;
      alarms[`healthy-${track.name}`] = new ModelAlarm(this, `healthy-hosts-${track.name}`, {
        name: `${model}-${track.name}-healthy-targets`,
        description: `The ${track.name} track of ${model} (weight ${weight}) has fewer than ${expected} healthy targets.`,
        metric,
        threshold: expected,
        comparison: 'LessThanThreshold',
        evaluationPeriods: a.evaluationPeriods,
        // no data: the target group reports nothing, which is no healthy target either
        treatMissingData: 'breaching',
        topicArn: o.alertTopic.topicArn,
      });
    }

    const blocked = traffic.metricBlockedRequests(o.region);
    if (blocked) {
      alarms.blocked = new ModelAlarm(this, 'waf-blocked', {
        name: `${model}-waf-blocked`,
        description: `The web ACL of ${model} blocked more than ${a.blockedRequestsPer5Minutes} requests in 5 minutes.`,
        metric: blocked,
        threshold: a.blockedRequestsPer5Minutes,
        evaluationPeriods: 1,
        topicArn: o.alertTopic.topicArn,
      });
    }

    const gpu = (metricName: string, track: string): MetricSpec => gpuMetric(o, metricName, track);
    if (o.serving.gpu > 0) {
      alarms.gpuUtilization = new ModelAlarm(this, 'gpu-utilization', {
        name: `${model}-gpu-utilization`,
        description: `The ${model} model's live pods use more than ${a.gpuUtilizationPercent}% of their GPUs.`,
        metric: gpu(GPU_METRICS.utilization, o.plan.live),
        threshold: a.gpuUtilizationPercent,
        evaluationPeriods: a.evaluationPeriods,
        topicArn: o.alertTopic.topicArn,
      });
      alarms.gpuMemory = new ModelAlarm(this, 'gpu-memory', {
        name: `${model}-gpu-memory`,
        description: `The ${model} model's live pods use more than ${a.gpuMemoryPercent}% of their GPU memory.`,
        metric: gpu(GPU_METRICS.memory, o.plan.live),
        threshold: a.gpuMemoryPercent,
        evaluationPeriods: a.evaluationPeriods,
        topicArn: o.alertTopic.topicArn,
      });
    }
    this.alarms = alarms;

    o.dashboard?.addGraphs(
      {
        title: `${model}: requests and target 5XX`,
        metrics: [
          { label: 'requests', metric: requests },
          { label: 'target 5XX', metric: errors },
          ...(blocked ? [{ label: 'blocked by WAF', metric: blocked }] : []),
        ],
      },
      {
        title: `${model}: p99 response time (s)`,
        metrics: [{ label: 'p99', metric: latency }],
        threshold: { label: 'alarm', value: a.p99LatencySeconds },
      },
      { title: `${model}: healthy targets by track`, metrics: healthy },
      ...(o.serving.gpu > 0
        ? [
            {
              title: `${model}: GPU utilization and memory (%)`,
              metrics: o.plan.tracks.flatMap((t) => [
                { label: `${t.name} GPU`, metric: gpu(GPU_METRICS.utilization, t.name) },
                { label: `${t.name} GPU memory`, metric: gpu(GPU_METRICS.memory, t.name) },
              ]),
            },
          ]
        : []),
    );
  }
}

import type { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { type ITerraformDependable, dependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { type IServingCluster, servingClusterProp } from '../../cluster/cluster-contract';
import { metricsNamespace, pinnedImageReference } from '../../config/cluster';
import { ARTIFACT_DOWNLOADER_IMAGE } from '../../config/versions';
import { AwsContext } from '../../core/aws-context';
import type { ServiceRole } from '../../core/service-role';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { awsRegion, vpcCidr } from '../../core/validation/rules';
import type { MetricSpec, ModelAlarm } from '../../monitoring/model-alarm';
import type { IServingNetwork } from '../../network/serving-network';
import {
  type IModelServing,
  type MetricOptions,
  type ModelServingProps,
  type ServingOutput,
  modelServingPropsShape,
} from '../model-serving';
import { guardSwitch, trackDeployment } from './private/deployment';
import { exposeThroughLoadBalancer } from './private/load-balancer';
import {
  GPU_METRICS,
  type GpuMetricScope,
  type KubernetesGpuMetricOptions,
  KubernetesModelAlarms,
  gpuMetric,
} from './private/kubernetes-alarms';
import { MANAGED_BY_LABELS, MODEL_LABEL, type MetadataFor, TRACK_LABEL } from './private/labels';
import { restrictTraffic } from './private/network-policy';
import { checkFit, gpuGroupOf } from './private/placement';
import { autoscale, disruptionBudget } from './private/scaling';
import { type ResolvedKubernetesServing, type TrafficPlan, trafficPlan } from './private/tracks';
import type { TrafficPath } from './private/traffic-path';
import { colourVersionProblem } from './spec/rules';
import { kubernetesServingSchema, wafRateLimit } from './spec/schema';
import type { KubernetesServingSpec } from './spec/types';

export { MODEL_LABEL, TRACK_LABEL } from './private/labels';
export type { KubernetesGpuMetricOptions } from './private/kubernetes-alarms';
export { INSTANCE_METADATA_CIDR, POD_IDENTITY_AGENT_CIDR } from './private/network-policy';

/**
 * Props of `KubernetesModelServing`: the collaborators every serving target takes
 * (`ModelServingProps`: the key encrypts the WAF log group, `logRetentionDays` is its retention,
 * `protectFromDestroy` turns on the load balancer's deletion protection, the alert topic receives
 * the load balancer and GPU alarms), the `kubernetes` serving spec and the cluster's settings.
 */
export interface KubernetesModelServingProps extends ModelServingProps {
  /** The cluster. */
  readonly cluster: IServingCluster;
  /** Namespace the model runs in (it must exist; see `ModelNamespace`). */
  readonly namespace: string;
  /** Serving settings (the model spec's `serving`; see `serving.rollout` for what each track runs). */
  readonly serving: KubernetesServingSpec;
  /** The VPC's block: the load balancer reaches the pods from inside it. */
  readonly vpcCidr: string;
  /**
   * The network the load balancer goes in (its public subnets for an internet-facing one, else
   * its private subnets). Required with `serving.ingress`.
   * @default - none
   */
  readonly network?: IServingNetwork;
  /** Region, for the artifact download. @default - the provider's region */
  readonly region?: string;
  /** Namespace of the Prometheus that scrapes the model. @default 'monitoring' */
  readonly metricsNamespace?: string;
  /** Image of the artifact download init container (AWS CLI v2). @default - `ARTIFACT_DOWNLOADER_IMAGE` */
  readonly artifactDownloaderImage?: string;
  /**
   * Bucket the load balancer writes access logs to (under `<model>/`); it must allow ELB log
   * delivery and use SSE-S3 (see `LoadBalancerLogBucket`).
   * @default - no access logs
   */
  readonly accessLogBucket?: string;
  /**
   * The web ACL of models whose `ingress.waf` does not say (fields it sets win).
   * @default { enabled: true, rateLimitPer5Minutes: 2000 }
   */
  readonly webAclDefaults?: {
    /** Whether the load balancer gets a web ACL. */
    readonly enabled: boolean;
    /** Requests one client IP may send in 5 minutes before the rate rule blocks it (10-2000000000). */
    readonly rateLimitPer5Minutes: number;
  };
  /** What must exist first (e.g. the load balancer controller, whose webhook injects readiness gates). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Let the pods open HTTPS connections to any address (the instance metadata service excepted)
   * instead of only S3 and the VPC.
   * @default false
   */
  readonly internetEgress?: boolean;
}

const propsSchema = z
  .strictObject({
    ...modelServingPropsShape,
    cluster: servingClusterProp,
    namespace: z.string().min(1),
    serving: kubernetesServingSchema,
    vpcCidr: vpcCidr,
    region: awsRegion.optional(),
    metricsNamespace: metricsNamespace,
    artifactDownloaderImage: pinnedImageReference.default(ARTIFACT_DOWNLOADER_IMAGE),
    accessLogBucket: z.string().min(1).optional(),
    webAclDefaults: z
      .strictObject({ enabled: z.boolean(), rateLimitPer5Minutes: wafRateLimit })
      .default({ enabled: true, rateLimitPer5Minutes: 2000 }),
    dependsOn: z.array(z.custom<ITerraformDependable>()).default([]),
    internetEgress: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    const problem = colourVersionProblem(p.modelVersion, p.serving.rollout);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['modelVersion'], input: p.modelVersion, message: problem });
    if (p.serving.ingress && p.network === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['network'],
        input: p.network,
        message: 'is required with serving.ingress: the load balancer goes in its subnets',
      });
    }
  });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, KubernetesModelServingProps> = true;
void propsAgree;

/**
 * One model served on the cluster: a service account whose AWS role reads only the model's
 * artifact prefix and pulls only its repository; hardened Deployments (one per track of the
 * rollout: rolling, blue/green or canary), their Services, a HorizontalPodAutoscaler and a
 * PodDisruptionBudget for the tracks that take live traffic, a NetworkPolicy that denies all but
 * the load balancer, the metrics scraper, DNS and AWS endpoints, and optionally a traffic path
 * owned by Terraform (`TrafficPath`: ALB, weighted listener rule, a target group and a
 * TargetGroupBinding per track, WAF) with alarms and dashboard graphs.
 */
export class KubernetesModelServing extends Construct implements IModelServing {
  /** The model's name (also the name of its Service and service account). */
  public readonly modelName: string;
  /** The version the spec rolls out (see `serving.rollout` for what each track runs). */
  public readonly modelVersion: string;
  /** The serving settings with defaults applied. */
  public readonly serving: ResolvedKubernetesServing;
  /** What runs where. */
  public readonly plan: TrafficPlan;
  /** The workload's AWS role. */
  public readonly role: ServiceRole;
  /** The Deployments, by track. */
  public readonly deployments: Readonly<Record<string, DeploymentV1>>;
  /** The Service clients and the ingress reach the live track through. */
  public readonly service: ServiceV1;
  /**
   * The model's traffic path, when the serving settings ask for a load balancer: the ALB, its
   * listeners, a target group per track, the weighted rule, the bindings and the web ACL.
   */
  public readonly traffic?: TrafficPath;
  /** The construct that holds the alarms and graphs, when the model has a load balancer. */
  public readonly servingAlarms?: KubernetesModelAlarms;
  /** Every alarm of the model, each notifying the alert topic (none without a load balancer). */
  public readonly alarms: readonly ModelAlarm[];
  /** Where the pods run, for the GPU metrics. */
  private readonly gpuPods: GpuMetricScope;
  private readonly region: string;

  constructor(scope: Construct, id: string, props: KubernetesModelServingProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const { cluster, namespace } = p;
    const model = p.modelName;
    const s = p.serving;
    this.modelName = model;
    this.modelVersion = p.modelVersion;
    this.serving = s;
    this.gpuPods = { clusterName: cluster.clusterName, namespace, model };
    this.plan = trafficPlan(p.modelVersion, s);

    const gpuGroup = gpuGroupOf(this, cluster, s);
    checkFit(this, cluster, s, gpuGroup);
    const after = [...cluster.inClusterDependencies, ...p.dependsOn];
    const metadata: MetadataFor = (name, labels = {}) => ({
      name,
      namespace,
      labels: { ...MANAGED_BY_LABELS, [MODEL_LABEL]: model, ...labels },
    });

    // Identity: this model's prefix and repository only.
    const identity = cluster.createWorkloadRole(this, 'role', {
      namespace,
      serviceAccount: model,
      component: `${model}-serving`,
      description: `Serving pods of the ${model} model`,
    });
    this.role = identity.role;
    p.artifacts.grantRead(this.role, p.artifacts.prefixFor(model));
    p.repository.grantPull(this.role);
    const serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { ...metadata(model), annotations: { ...identity.serviceAccountAnnotations } },
      automountServiceAccountToken: false,
      dependsOn: after,
    });

    const region = p.region ?? AwsContext.of(this).region;
    this.region = region;

    // Services: the model's name reaches the live track; blue/green adds a preview of the idle
    // colour. With a load balancer, each track also gets a Service of its own, which its
    // TargetGroupBinding refers to: the live Service's selector moves on a switch, a track's never.
    const service = (name: string, track: string) =>
      new ServiceV1(this, `service-${name === model ? 'live' : name.slice(model.length + 1)}`, {
        metadata: metadata(name, { [TRACK_LABEL]: track }),
        spec: {
          type: 'ClusterIP',
          selector: { [MODEL_LABEL]: model, [TRACK_LABEL]: track },
          port: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }],
        },
        dependsOn: after,
      });
    this.service = service(model, this.plan.live);
    if (this.plan.preview) service(`${model}-preview`, this.plan.preview);
    const trackServices: Record<string, ServiceV1> = {};
    if (s.ingress) {
      for (const track of this.plan.tracks)
        trackServices[track.name] = service(`${model}-${track.name}`, track.name);
      this.traffic = exposeThroughLoadBalancer(this, {
        ...p,
        serving: s,
        plan: this.plan,
        network: p.network!,
        podSecurityGroupId: cluster.clusterSecurityGroupId,
        services: trackServices,
        after,
      });
    }

    const deployments: Record<string, DeploymentV1> = {};
    const scaling = { modelName: model, serving: s, metadata, after };
    for (const track of this.plan.tracks) {
      deployments[track.name] = trackDeployment(this, track, {
        modelName: model,
        serving: s,
        metadata,
        artifacts: p.artifacts,
        repository: p.repository,
        downloaderImage: p.artifactDownloaderImage,
        region,
        gpuGroup,
        // GPU pods wait for their node group; on destroy, the nodes outlive the pods. Pods of a
        // missing image would sit in ImagePullBackOff until the rollout times out: the gate
        // stops the deploy first.
        dependsOn: [
          ...after,
          ...(p.imageGate ? [p.imageGate] : []),
          ...identity.dependables,
          serviceAccount,
          ...(gpuGroup ? [gpuGroup.nodeGroup] : []),
          // the track's binding first: its pods get the readiness gate from the first one on
          ...(this.traffic ? [this.traffic.bindings] : []),
        ],
      });
      if (track.replicas.autoscaled && s.replicas.min > 0) autoscale(this, track, scaling);
      if (!track.replicas.autoscaled && track.name === 'canary' && track.replicas.count >= 2)
        disruptionBudget(this, track, scaling);
    }
    this.deployments = deployments;
    if (s.rollout.strategy === 'blueGreen' && s.replicas.min > 0) {
      guardSwitch([this.service, ...(this.traffic ? [this.traffic.rule] : [])], deployments[this.plan.live], {
        modelName: model,
        liveTrack: this.plan.live,
        minReplicas: s.replicas.min,
      });
    }
    // weights move to a track only once its pods are ready (and registered: the readiness gate)
    if (this.traffic) this.traffic.rule.dependsOn = Object.values(deployments).map((d) => dependable(d));

    restrictTraffic(this, {
      modelName: model,
      vpcCidr: p.vpcCidr,
      metricsNamespace: p.metricsNamespace,
      internetEgress: p.internetEgress,
      region,
      metadata,
      after,
    });
    if (this.traffic) {
      this.servingAlarms = new KubernetesModelAlarms(this, 'alarms', {
        model,
        serving: s,
        plan: this.plan,
        traffic: this.traffic,
        clusterName: cluster.clusterName,
        namespace,
        region,
        alertTopic: p.alertTopic,
        dashboard: p.dashboard,
      });
    }
    this.alarms = this.servingAlarms ? Object.values(this.servingAlarms.alarms) : [];
  }

  /**
   * The outputs the environment publishes for a model with a load balancer (none without):
   * `kubernetes-endpoint-<model>` (`https://` and the ingress host, or the load balancer's DNS
   * name) and `kubernetes-load-balancer-<model>` (the load balancer's DNS name).
   */
  public get outputs(): readonly ServingOutput[] {
    if (!this.traffic) return [];
    const model = this.modelName;
    const host = this.serving.ingress?.host;
    const dnsName = this.traffic.loadBalancer.dnsName;
    return [
      {
        name: `kubernetes-endpoint-${model}`,
        value: `https://${host ?? dnsName}`,
        description: `Endpoint of the ${model} model on the cluster`,
      },
      {
        name: `kubernetes-load-balancer-${model}`,
        value: dnsName,
        description: `DNS name of the ${model} model's load balancer (point ${host ?? 'its host name'} at it)`,
      },
    ];
  }

  /** Requests the model's load balancer received (`AWS/ApplicationELB` `RequestCount`). @default Sum per minute */
  public metricInvocations(options?: MetricOptions): MetricSpec {
    return this.trafficPath().metricRequestCount(options);
  }

  /** 5XX responses of the model's pods (`AWS/ApplicationELB` `HTTPCode_Target_5XX_Count`). @default Sum per minute */
  public metricErrors(options?: MetricOptions): MetricSpec {
    return this.trafficPath().metricTarget5xxCount(options);
  }

  /** 5XX responses of the model's pods (`HTTPCode_Target_5XX_Count`, as `metricErrors`). @default Sum per minute */
  public metricTarget5xx(options?: MetricOptions): MetricSpec {
    return this.trafficPath().metricTarget5xxCount(options);
  }

  /** The pods' response time in seconds (`AWS/ApplicationELB` `TargetResponseTime`). @default p99 per minute */
  public metricLatency(options?: MetricOptions): MetricSpec {
    return this.trafficPath().metricTargetResponseTime(options);
  }

  /**
   * Healthy targets of a track's target group (`AWS/ApplicationELB` `HealthyHostCount`, dimension
   * `TargetGroup`). @default Minimum per minute
   */
  public metricHealthyHosts(track: string, options?: MetricOptions): MetricSpec {
    return this.trafficPath().metricHealthyHostCount(track, options);
  }

  /**
   * Requests the model's web ACL blocked (`AWS/WAFV2` `BlockedRequests`, rule `ALL`); throws
   * without a web ACL. @default Sum per 5 minutes
   */
  public metricBlockedRequests(options?: MetricOptions): MetricSpec {
    const metric = this.trafficPath().metricBlockedRequests(this.region, options);
    if (!metric)
      throw new Error(`[${this.node.path}] ${this.modelName} has no web ACL: its ingress.waf is off`);
    return metric;
  }

  /**
   * GPU utilization of a track's pods in percent (`ContainerInsights` `pod_gpu_utilization`,
   * dimensions `ClusterName`, `Namespace`, `PodName` `<model>-<track>`). @default Average per minute of the live track
   */
  public metricGpuUtilization(options: KubernetesGpuMetricOptions = {}): MetricSpec {
    return gpuMetric(this.gpuPods, GPU_METRICS.utilization, options.track ?? this.plan.live, options);
  }

  /**
   * GPU memory used by a track's pods in percent (`ContainerInsights` `pod_gpu_memory_utilization`).
   * @default Average per minute of the live track
   */
  public metricGpuMemoryUtilization(options: KubernetesGpuMetricOptions = {}): MetricSpec {
    return gpuMetric(this.gpuPods, GPU_METRICS.memory, options.track ?? this.plan.live, options);
  }

  /** @deprecated Use `metricInvocations`. */
  public metricRequests(): MetricSpec {
    return this.metricInvocations();
  }

  /** @deprecated Use `metricHealthyHosts`. */
  public metricHealthyTargets(track: string): MetricSpec {
    return this.metricHealthyHosts(track);
  }

  /** The model's traffic path, or an error naming the missing `serving.ingress`. */
  private trafficPath(): TrafficPath {
    if (!this.traffic)
      throw new Error(`[${this.node.path}] ${this.modelName} has no load balancer: set serving.ingress`);
    return this.traffic;
  }
}

import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { HorizontalPodAutoscalerV2 } from '@cdktf/provider-kubernetes/lib/horizontal-pod-autoscaler-v2';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { DataAwsPrefixList } from '@cdktf/provider-aws/lib/data-aws-prefix-list';
import { PodDisruptionBudgetV1 } from '@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { createHash } from 'node:crypto';
import { type ITerraformDependable, TerraformStack, dependable } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { z } from 'zod';
import type { ServingCluster } from '../../cluster/serving-cluster';
import { fitProblems } from './spec/resources';
import { colourVersionProblem } from './spec/rules';
import { kubernetesServingSchema, wafRateLimit } from './spec/schema';
import { metricsNamespace, pinnedImageReference } from '../../config/cluster';
import { awsRegion, isToken, logRetentionDays, modelVersion, vpcCidr } from '../../core/validation/rules';
import type { KubernetesServingSpec } from './spec/types';
import { invalidProps, validateProps } from '../../core/validation/issues';
import { ARTIFACT_DOWNLOADER_IMAGE } from '../../config/versions';
import { AwsContext } from '../../core/aws-context';
import { dependableProp, modelNameProp } from '../../core/prop-rules';
import { artifactBucketProp } from '../../storage/model-artifact-bucket';
import { imageRepositoryProp } from '../../registry/model-image-repository';
import { servingClusterProp } from '../../cluster/serving-cluster';
import type { ServiceRole } from '../../core/service-role';
import type { IModelImageRepository } from '../../registry/model-image-repository';
import type { IModelArtifactBucket } from '../../storage/model-artifact-bucket';
import { MANAGED_BY_LABELS } from './private/labels';
import type { IEncryptionKey } from '../../core/grants';
import type { IServingNetwork } from '../../network/serving-network';
import type { MetricSpec } from '../../monitoring/model-alarm';
import type { ServingDashboard } from '../../monitoring/serving-dashboard';
import { KubernetesModelAlarms } from './private/kubernetes-alarms';
import { podTemplate } from './private/pod-template';
import { type ResolvedKubernetesServing, type Track, type TrafficPlan, trafficPlan } from './private/tracks';
import { TrafficPath } from './private/traffic-path';

/** The Kubernetes label that names the model. */
export const MODEL_LABEL = 'app.kubernetes.io/name';
/** The Kubernetes label that names a model's track (stable, canary, blue, green). */
export const TRACK_LABEL = 'model-serving.io/track';
/** Link-local address of the EKS Pod Identity agent (pods fetch credentials there). */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';
/** The EC2 instance metadata service, which model pods must not reach. */
export const INSTANCE_METADATA_CIDR = '169.254.169.254/32';

/** Metadata of one of the model's objects. */
type MetadataFor = (
  name: string,
  labels?: Record<string, string>,
) => { name: string; namespace: string; labels: Record<string, string> };

/** Props of `KubernetesModelService`. */
export interface KubernetesModelServiceProps {
  /** The cluster. */
  readonly cluster: ServingCluster;
  /** The model's name (a DNS label of 1-20 characters). */
  readonly model: string;
  /** The version being rolled out (see `serving.rollout` for what each track runs). */
  readonly version: string;
  /** Namespace the model runs in (it must exist; see `ModelNamespace`). */
  readonly namespace: string;
  /** Where the artifacts are (`models/<model>/<version>/`). */
  readonly bucket: IModelArtifactBucket;
  /** The model's image repository. */
  readonly repository: IModelImageRepository;
  /** Serving settings (the model spec's `serving`). */
  readonly serving: KubernetesServingSpec;
  /** The VPC's block: the load balancer reaches the pods from inside it. */
  readonly vpcCidr: string;
  /** Region, for the artifact download. @default - the provider's region */
  readonly region?: string;
  /** Namespace of the Prometheus that scrapes the model. @default 'monitoring' */
  readonly metricsNamespace?: string;
  /** Image of the artifact download init container (AWS CLI v2). @default - `ARTIFACT_DOWNLOADER_IMAGE` */
  readonly artifactDownloaderImage?: string;
  /**
   * The network the load balancer goes in (its public subnets for an internet-facing one, else
   * its private subnets). Required with `serving.ingress`.
   * @default - none
   */
  readonly network?: IServingNetwork;
  /** The key that encrypts the WAF log group (required with a web ACL). @default - none */
  readonly key?: IEncryptionKey;
  /** Retention of the WAF log group, in days (one of CloudWatch's values). @default 365 */
  readonly logRetentionDays?: number;
  /** Deletion protection on the load balancer. @default false */
  readonly deletionProtection?: boolean;
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
  /** Topic the model's alarms notify. @default - no alarms */
  readonly alertTopicArn?: string;
  /** Dashboard the model's graphs join. @default - none */
  readonly dashboard?: ServingDashboard;
  /** What must exist first (e.g. the load balancer controller, whose webhook injects readiness gates). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
  /**
   * Let the pods open HTTPS connections to any address (the instance metadata service excepted)
   * instead of only S3 and the VPC.
   * @default false
   */
  readonly internetEgress?: boolean;
  /**
   * What must hold before anything runs the model's image, e.g. a `ModelImageGate` that stops the
   * deploy while a tag is missing from the repository.
   * @default - no gate: the Deployment waits only for its own dependencies
   */
  readonly imageGate?: ITerraformDependable;
}

const propsSchema = z
  .strictObject({
    cluster: servingClusterProp,
    model: modelNameProp,
    version: modelVersion,
    namespace: z.string().min(1),
    bucket: artifactBucketProp,
    repository: imageRepositoryProp,
    serving: kubernetesServingSchema,
    vpcCidr: vpcCidr,
    region: awsRegion.optional(),
    metricsNamespace: metricsNamespace,
    artifactDownloaderImage: pinnedImageReference.default(ARTIFACT_DOWNLOADER_IMAGE),
    network: z.custom<IServingNetwork>().optional(),
    key: z.custom<IEncryptionKey>().optional(),
    logRetentionDays: logRetentionDays.default(365),
    deletionProtection: z.boolean().default(false),
    accessLogBucket: z.string().min(1).optional(),
    webAclDefaults: z
      .strictObject({ enabled: z.boolean(), rateLimitPer5Minutes: wafRateLimit })
      .default({ enabled: true, rateLimitPer5Minutes: 2000 }),
    alertTopicArn: z.string().min(1).optional(),
    dashboard: z.custom<ServingDashboard>().optional(),
    dependsOn: z.array(z.custom<ITerraformDependable>()).default([]),
    internetEgress: z.boolean().default(false),
    imageGate: dependableProp.optional(),
  })
  .superRefine((p, ctx) => {
    const problem = colourVersionProblem(p.version, p.serving.rollout);
    if (problem !== undefined)
      ctx.addIssue({ code: 'custom', path: ['version'], input: p.version, message: problem });
    if (p.serving.ingress && p.network === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['network'],
        input: p.network,
        message: 'is required with serving.ingress: the load balancer goes in its subnets',
      });
    }
    const waf = p.serving.ingress?.waf?.enabled ?? p.webAclDefaults.enabled;
    if (p.serving.ingress && waf && p.key === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['key'],
        input: p.key,
        message: 'is required with a web ACL: it encrypts the WAF log group',
      });
    }
  });

/**
 * One model served on the cluster: a service account whose AWS role reads only the model's
 * artifact prefix and pulls only its repository; hardened Deployments (one per track of the
 * rollout: rolling, blue/green or canary), their Services, a HorizontalPodAutoscaler and a
 * PodDisruptionBudget for the tracks that take live traffic, a NetworkPolicy that denies all but
 * the load balancer, the metrics scraper, DNS and AWS endpoints, and optionally a traffic path
 * owned by Terraform (`TrafficPath`: ALB, weighted listener rule, a target group and a
 * TargetGroupBinding per track, WAF) with alarms and dashboard graphs.
 */
export class KubernetesModelService extends Construct {
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
  /** The model's alarms, when it has a load balancer and an alert topic. */
  public readonly alarms?: KubernetesModelAlarms;
  /** The model's name (also the name of its Service and service account). */
  public readonly modelName: string;

  constructor(scope: Construct, id: string, props: KubernetesModelServiceProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const { cluster, model, namespace } = p;
    const s = p.serving;
    this.modelName = model;
    this.serving = s;
    this.plan = trafficPlan(p.version, s);

    const gpuGroup = this.gpuGroup(cluster, s);
    this.checkFit(cluster, s, gpuGroup);
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
    p.bucket.grantRead(this.role, p.bucket.prefixFor(model));
    p.repository.grantPull(this.role);
    const serviceAccount = new ServiceAccountV1(this, 'service-account', {
      metadata: { ...metadata(model), annotations: { ...identity.serviceAccountAnnotations } },
      automountServiceAccountToken: false,
      dependsOn: after,
    });

    const region = p.region ?? AwsContext.of(this).region;

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
      this.traffic = this.exposeThroughLoadBalancer(p, s, trackServices, after);
    }

    const deployments: Record<string, DeploymentV1> = {};
    for (const track of this.plan.tracks) {
      const labels = { [MODEL_LABEL]: model, [TRACK_LABEL]: track.name };
      const rolloutSeconds = s.modelLoadSeconds + 600;
      deployments[track.name] = new DeploymentV1(this, `deployment-${track.name}`, {
        metadata: metadata(`${model}-${track.name}`, {
          [TRACK_LABEL]: track.name,
          'app.kubernetes.io/version': track.version,
        }),
        spec: {
          // autoscaled tracks: the autoscaler owns the count after creation
          replicas: String(track.replicas.autoscaled ? s.replicas.min : track.replicas.count),
          revisionHistoryLimit: 5,
          progressDeadlineSeconds: rolloutSeconds,
          selector: { matchLabels: labels },
          strategy: {
            type: 'RollingUpdate',
            rollingUpdate: rollingUpdateOf(track, s),
          },
          template: podTemplate({
            model,
            version: track.version,
            labels: { ...labels, 'app.kubernetes.io/version': track.version },
            selectorLabels: labels,
            serving: s,
            image: p.repository.imageUri(track.version),
            artifactUri: p.bucket.artifactUri(model, track.version),
            downloaderImage: p.artifactDownloaderImage,
            serviceAccount: model,
            region,
            gpuNodePool: gpuGroup?.name,
            accelerator: gpuGroup?.accelerator,
          }),
        },
        waitForRollout: true,
        timeouts: {
          create: `${Math.ceil(rolloutSeconds / 60)}m`,
          update: `${Math.ceil(rolloutSeconds / 60)}m`,
        },
        lifecycle: track.replicas.autoscaled ? { ignoreChanges: ['spec[0].replicas'] } : undefined,
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
      if (track.replicas.autoscaled && s.replicas.min > 0) this.autoscale(track, metadata, after);
      if (!track.replicas.autoscaled && track.name === 'canary' && track.replicas.count >= 2)
        this.disruptionBudget(track, metadata, after);
    }
    this.deployments = deployments;
    if (s.rollout.strategy === 'blueGreen' && s.replicas.min > 0)
      this.guardSwitch(deployments[this.plan.live]);
    // weights move to a track only once its pods are ready (and registered: the readiness gate)
    if (this.traffic) this.traffic.rule.dependsOn = Object.values(deployments).map((d) => dependable(d));

    this.restrictTraffic(p, region, metadata, after);
    if (this.traffic && p.alertTopicArn) {
      this.alarms = new KubernetesModelAlarms(this, 'alarms', {
        model,
        serving: s,
        plan: this.plan,
        traffic: this.traffic,
        clusterName: cluster.clusterName,
        namespace,
        region,
        topicArn: p.alertTopicArn,
        dashboard: p.dashboard,
      });
    }
  }

  /**
   * Refuses, at plan time, to point live traffic at a colour that runs fewer than `replicas.min`
   * replicas: the autoscaler owns the live colour's count, so a switch to a cold colour would
   * leave clients with too few (or no) ready pods for the whole model load.
   */
  private guardSwitch(live: DeploymentV1): void {
    const min = this.serving.replicas.min;
    for (const resource of [this.service, ...(this.traffic ? [this.traffic.rule] : [])])
      resource.addOverride('lifecycle.precondition', [
        {
          condition: `\${tonumber(${live.fqn}.spec[0].replicas) >= ${min}}`,
          error_message:
            `The ${this.plan.live} colour of ${this.modelName} runs fewer than ${min} replicas (replicas.min). ` +
            `Set rollout.idleReplicas to at least ${min} and deploy, then switch active to ${this.plan.live}.`,
        },
      ]);
  }

  private gpuGroup(cluster: ServingCluster, s: ResolvedKubernetesServing) {
    if (s.gpu === 0) return undefined;
    const groups = cluster.gpuNodeGroups;
    const group =
      s.gpuNodeGroup !== undefined
        ? cluster.gpuNodeGroup(s.gpuNodeGroup)
        : groups.length === 1
          ? groups[0]
          : undefined;
    const names = groups.map((g) => g.name).join(', ') || 'none';
    if (!group) {
      throw invalidProps(this, [
        {
          path: s.gpuNodeGroup !== undefined ? 'serving.gpuNodeGroup' : 'serving.gpu',
          message:
            s.gpuNodeGroup !== undefined
              ? `must name a GPU node group of the cluster (${names})`
              : `needs exactly one GPU node group in the cluster or serving.gpuNodeGroup (groups: ${names})`,
          value: s.gpuNodeGroup ?? s.gpu,
        },
      ]);
    }
    if (s.gpu > group.gpusPerNode) {
      throw invalidProps(this, [
        {
          path: 'serving.gpu',
          message: `must fit on one node of the ${group.name} group (${group.gpusPerNode} per node)`,
          value: s.gpu,
        },
      ]);
    }
    return group;
  }

  /**
   * Refuses a pod that requests more CPU or memory than the smallest node of its group leaves to
   * pods (GPU models: their GPU group; CPU models: the system nodes, the only untainted ones).
   * DaemonSets count once recorded on the cluster (`ClusterAddons` records its own: create it
   * before the models).
   */
  private checkFit(
    cluster: ServingCluster,
    s: ResolvedKubernetesServing,
    gpuGroup: ReturnType<KubernetesModelService['gpuGroup']>,
  ): void {
    const group = gpuGroup ?? cluster.systemNodes;
    const allocatable = cluster.allocatableOf(group);
    if (allocatable === undefined) return;
    const label = gpuGroup ? `the ${gpuGroup.name} GPU node group` : 'the system node group';
    const problems = fitProblems(s, allocatable, label);
    if (problems.length > 0) {
      throw invalidProps(
        this,
        problems.map((f) => ({ path: `serving.${f.field}`, message: f.message, value: f.value })),
      );
    }
  }

  private autoscale(track: Track, metadata: MetadataFor, after: ITerraformDependable[]): void {
    const s = this.serving;
    const name = `${this.modelName}-${track.name}`;
    const labels = { [TRACK_LABEL]: track.name };
    const utilization = (resource: string, averageUtilization: number) => ({
      type: 'Resource',
      resource: { name: resource, target: { type: 'Utilization', averageUtilization } },
    });
    new HorizontalPodAutoscalerV2(this, `autoscaler-${track.name}`, {
      metadata: metadata(name, labels),
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
        minReplicas: s.replicas.min,
        maxReplicas: s.replicas.max,
        metric: [
          utilization('cpu', s.autoscaling.cpuUtilization),
          ...(s.autoscaling.memoryUtilization === false
            ? []
            : [utilization('memory', s.autoscaling.memoryUtilization)]),
          ...s.autoscaling.podMetrics.map((m) => ({
            type: 'Pods',
            pods: {
              metric: { name: m.name },
              target: { type: 'AverageValue', averageValue: m.averageValue },
            },
          })),
        ],
        behavior: {
          scaleUp: [
            {
              stabilizationWindowSeconds: s.autoscaling.scaleUpStabilizationSeconds,
              selectPolicy: 'Max',
              policy: [
                { type: 'Pods', value: 2, periodSeconds: 60 },
                { type: 'Percent', value: 100, periodSeconds: 60 },
              ],
            },
          ],
          scaleDown: [
            {
              stabilizationWindowSeconds: s.autoscaling.scaleDownStabilizationSeconds,
              selectPolicy: 'Min',
              policy: [{ type: 'Pods', value: 1, periodSeconds: 120 }],
            },
          ],
        },
      },
      dependsOn: after,
    });
    // A disruption budget only where a second replica can carry the load: with one replica it
    // would block every node drain.
    if (s.replicas.max >= 2) this.disruptionBudget(track, metadata, after);
  }

  /** The model's traffic path, or an error naming the missing `serving.ingress`. */
  private trafficPath(): TrafficPath {
    if (!this.traffic)
      throw new Error(`[${this.node.path}] ${this.modelName} has no load balancer: set serving.ingress`);
    return this.traffic;
  }

  /** Requests the model's load balancer received (AWS/ApplicationELB RequestCount, Sum per minute). */
  public metricRequests(): MetricSpec {
    return this.trafficPath().metricRequestCount();
  }

  /** 5XX responses of the model's pods (HTTPCode_Target_5XX_Count, Sum per minute). */
  public metricTarget5xx(): MetricSpec {
    return this.trafficPath().metricTarget5xxCount();
  }

  /** The pods' response time in seconds (TargetResponseTime). @default p99 per minute */
  public metricLatency(statistic = 'p99'): MetricSpec {
    return this.trafficPath().metricTargetResponseTime(statistic);
  }

  /** Healthy targets of a track (HealthyHostCount, Minimum per minute). */
  public metricHealthyTargets(track: string): MetricSpec {
    return this.trafficPath().metricHealthyHostCount(track);
  }

  /** At most one of the track's pods disrupted at a time (node drains, upgrades). */
  private disruptionBudget(track: Track, metadata: MetadataFor, after: ITerraformDependable[]): void {
    const labels = { [TRACK_LABEL]: track.name };
    new PodDisruptionBudgetV1(this, `disruption-budget-${track.name}`, {
      metadata: metadata(`${this.modelName}-${track.name}`, labels),
      spec: {
        maxUnavailable: '1',
        selector: { matchLabels: { [MODEL_LABEL]: this.modelName, ...labels } },
      },
      dependsOn: after,
    });
  }

  /**
   * Default deny. In: the load balancer (from the VPC) and the metrics scraper. Out: DNS, the Pod
   * Identity agent, and HTTPS to the VPC (interface endpoints) and to S3's addresses in the region
   * (the managed prefix list behind the gateway endpoint), or with `internetEgress` HTTPS anywhere
   * but the instance metadata service.
   */
  private restrictTraffic(
    p: { vpcCidr: string; metricsNamespace: string; internetEgress: boolean },
    region: string,
    metadata: MetadataFor,
    after: ITerraformDependable[],
  ): void {
    const port = [{ port: 'http', protocol: 'TCP' }];
    const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
    const policy = new NetworkPolicyV1(this, 'network-policy', {
      metadata: metadata(this.modelName),
      spec: {
        podSelector: { matchLabels: { [MODEL_LABEL]: this.modelName } },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          { from: [{ ipBlock: { cidr: p.vpcCidr } }], ports: port },
          { from: [{ namespaceSelector: namespaceNamed(p.metricsNamespace) }], ports: port },
        ],
      },
      dependsOn: after,
    });
    const https = { ports: [{ port: '443', protocol: 'TCP' }] };
    const ipBlock = (cidr: string, except?: string[]) => ({ ip_block: { cidr, ...(except && { except }) } });
    let reachable: Record<string, unknown>;
    if (p.internetEgress) {
      reachable = { ...https, to: [ipBlock('0.0.0.0/0', [INSTANCE_METADATA_CIDR])] };
    } else {
      const s3 = s3AddressesIn(this, region);
      reachable = {
        ...https,
        to: [ipBlock(p.vpcCidr)],
        // one peer per address block of S3, however many the prefix list holds
        dynamic: {
          to: { for_each: s3.cidrBlocks, iterator: 's3_cidr', content: ipBlock('${s3_cidr.value}') },
        },
      };
    }
    // The egress rules are raw Terraform JSON: the S3 peers are a dynamic block nested in a rule,
    // which the provider's typed props cannot express. The policy above has no egress rules of its
    // own, so this sets them all.
    policy.addOverride('spec.egress', [
      {
        to: [
          {
            namespace_selector: { match_labels: namespaceNamed('kube-system').matchLabels },
            pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } },
          },
        ],
        ports: [
          { port: '53', protocol: 'UDP' },
          { port: '53', protocol: 'TCP' },
        ],
      },
      { to: [ipBlock(POD_IDENTITY_AGENT_CIDR)], ports: [{ port: '80', protocol: 'TCP' }] },
      reachable,
    ]);
  }

  /** The model's load balancer, target groups, weighted rule, bindings and web ACL. */
  private exposeThroughLoadBalancer(
    p: z.output<typeof propsSchema>,
    s: ResolvedKubernetesServing,
    services: Record<string, ServiceV1>,
    after: ITerraformDependable[],
  ): TrafficPath {
    const ingress = s.ingress!;
    const network = p.network!;
    const wafEnabled = ingress.waf?.enabled ?? p.webAclDefaults.enabled;
    return new TrafficPath(this, 'traffic', {
      model: this.modelName,
      namespace: p.namespace,
      vpcId: network.vpcId,
      vpcCidr: p.vpcCidr,
      subnetIds: ingress.internetFacing ? network.publicSubnetIds : network.privateSubnetIds,
      internetFacing: ingress.internetFacing,
      allowedCidrs: ingress.allowedCidrs ?? [ingress.internetFacing ? '0.0.0.0/0' : p.vpcCidr],
      certificateArn: ingress.certificateArn,
      host: ingress.host,
      path: ingress.path,
      idleTimeoutSeconds: ingress.idleTimeoutSeconds,
      port: s.port,
      healthCheckPath: s.readinessPath ?? s.healthPath,
      tracks: this.plan.tracks.map((t) => ({
        name: t.name,
        weight: this.plan.weights[t.name] ?? 0,
        serviceName: `${this.modelName}-${t.name}`,
      })),
      podSecurityGroupId: p.cluster.clusterSecurityGroupId,
      deletionProtection: p.deletionProtection,
      accessLogBucket: p.accessLogBucket,
      waf: wafEnabled
        ? {
            rateLimitPer5Minutes: ingress.waf?.rateLimitPer5Minutes ?? p.webAclDefaults.rateLimitPer5Minutes,
            key: p.key!,
            logRetentionDays: p.logRetentionDays,
          }
        : undefined,
      bindingsAfter: [...after, ...Object.values(services)],
    });
  }
}

/**
 * How a track's Deployment replaces pods. The canary never goes below its replica count while it
 * may take traffic (surge one, none unavailable): its target group has a ready target throughout
 * a rollout. Other GPU tracks replace in place (GPUs are scarce; the autoscaled track has several
 * replicas and a disruption budget); CPU tracks surge.
 */
function rollingUpdateOf(
  track: Track,
  s: ResolvedKubernetesServing,
): { maxSurge: string; maxUnavailable: string } {
  if (track.name === 'canary') return { maxSurge: '1', maxUnavailable: '0' };
  return s.gpu > 0 ? { maxSurge: '0', maxUnavailable: '1' } : { maxSurge: '25%', maxUnavailable: '0' };
}

/**
 * The stack's data source of S3's address blocks in `region`, created on first use: every model
 * of the stack in that region reads the same one.
 */
function s3AddressesIn(scope: IConstruct, region: string): DataAwsPrefixList {
  const stack = TerraformStack.of(scope);
  const id = `s3-addresses-${regionKey(scope, region)}`;
  return (
    (stack.node.tryFindChild(id) as DataAwsPrefixList | undefined) ??
    new DataAwsPrefixList(stack, id, { name: `com.amazonaws.${region}.s3` })
  );
}

/** A construct id part for a region: its code, or for a token one of its own. */
function regionKey(scope: IConstruct, region: string): string {
  if (!isToken(region)) return region;
  if (region === AwsContext.of(scope).region) return 'provider-region';
  return `token-${createHash('sha256').update(region).digest('hex').slice(0, 8)}`;
}

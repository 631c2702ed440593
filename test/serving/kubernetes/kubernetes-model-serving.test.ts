import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { DefaultTokenResolver, StringConcat, type TerraformStack, Tokenization } from 'cdktf';
import type { IConstruct } from 'constructs';
import {
  AlertTopic,
  EnvironmentKey,
  KubernetesModelServing,
  ModelArtifactBucket,
  ModelImageRepository,
  ModelNamespace,
  ServingCluster,
  ServingDashboard,
  ServingVpc,
  SpecValidationError,
  DCGM_EXPORTER_DAEMON,
  type KubernetesServingSpec,
  type NodeDaemon,
} from '../../../src';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Synthesized, errorOf, plainStack, synthScope, focused } from '../../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const TOPIC = 'arn:aws:sns:us-east-1:123456789012:alerts';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890';

interface Options {
  readonly serving?: Partial<KubernetesServingSpec>;
  readonly version?: string;
  readonly gpuGroups?: number;
  readonly internetEgress?: boolean;
  /** @default false (the tests' environment is unprotected) */
  readonly protectFromDestroy?: boolean;
  readonly accessLogBucket?: string;
  readonly webAclDefaults?: { enabled: boolean; rateLimitPer5Minutes: number };
  readonly omit?: ReadonlyArray<'network' | 'key'>;
  readonly artifactDownloaderImage?: string;
  readonly metricsNamespace?: string;
  readonly imageGate?: { readonly fqn: string };
  /** Instance types of the a10g group. @default ['g5.2xlarge'] */
  readonly gpuInstanceTypes?: string[];
  /** DaemonSets recorded on the cluster besides those of the add-ons it installs. */
  readonly daemons?: NodeDaemon[];
  /** The cluster's CloudWatch Observability add-on. @default true */
  readonly containerInsights?: boolean;
}

function serviceIn(stack: TerraformStack, o: Options = {}): KubernetesModelServing {
  const key = new EnvironmentKey(stack, 'key');
  const network = new ServingVpc(stack, 'network', { encryptionKey: key, clusterName: 'test' });
  const cluster = new ServingCluster(stack, 'cluster', {
    network,
    encryptionKey: key,
    adminRoleArns: [ADMIN],
    region: 'us-east-1',
    ...(o.containerInsights === undefined ? {} : { containerInsights: o.containerInsights }),
  });
  const groups = o.gpuGroups ?? 1;
  if (groups >= 1)
    cluster.addGpuNodeGroup({
      name: 'a10g',
      instanceTypes: o.gpuInstanceTypes ?? ['g5.2xlarge'],
      minSize: 0,
      maxSize: 4,
    });
  for (const daemon of o.daemons ?? []) cluster.addNodeDaemon(daemon);
  if (groups >= 2)
    cluster.addGpuNodeGroup({ name: 'quad', instanceTypes: ['g5.12xlarge'], minSize: 0, maxSize: 2 });
  const bucket = new ModelArtifactBucket(stack, 'artifacts', { encryptionKey: key });
  const repository = new ModelImageRepository(stack, 'fraud-image', {
    encryptionKey: key,
    repositoryName: 'test/fraud',
  });
  const namespace = new ModelNamespace(stack, 'namespace', { name: 'models', gpuQuota: 8 });
  return new KubernetesModelServing(stack, 'fraud', {
    cluster,
    modelName: 'fraud',
    modelVersion: o.version ?? 'v2',
    namespace: namespace.namespaceName,
    artifacts: bucket,
    repository,
    vpcCidr: '10.0.0.0/16',
    region: 'us-east-1',
    network: o.omit?.includes('network') ? undefined : network,
    encryptionKey: (o.omit?.includes('key') ? undefined : key)!,
    protectFromDestroy: o.protectFromDestroy ?? false,
    accessLogBucket: o.accessLogBucket,
    webAclDefaults: o.webAclDefaults,
    alertTopic: AlertTopic.fromTopicArn(TOPIC),
    dashboard: new ServingDashboard(stack, 'dashboard'),
    internetEgress: o.internetEgress,
    artifactDownloaderImage: o.artifactDownloaderImage,
    metricsNamespace: o.metricsNamespace,
    imageGate: o.imageGate,
    serving: { kind: 'kubernetes', ...o.serving } as KubernetesServingSpec,
  });
}

function synth(o: Options = {}): Synthesized {
  return synthScope((scope) => serviceIn(scope as TerraformStack, o));
}

const gpuModel: Partial<KubernetesServingSpec> = {
  gpu: 1,
  replicas: { min: 2, max: 6 },
  cpu: '4',
  memory: '16Gi',
  sharedMemory: '4Gi',
  modelLoadSeconds: 600,
  ingress: { certificateArn: CERT, host: 'fraud.ml.example.com' },
};

const deployment = (out: Synthesized, track: string) =>
  out.resource('kubernetes_deployment_v1', `deployment-${track}`);
const pod = (out: Synthesized, track: string) => deployment(out, track).spec.template.spec;
/** The `depends_on` entry (`<type>.<logical id>`) for the resource at `path`. */
const dependencyOn = (out: Synthesized, type: string, path: string) =>
  out.ref(type, path, 'id').replace(/^\$\{(.+)\.id\}$/, '$1');

describe('KubernetesModelServing', () => {
  const out = synth({ serving: gpuModel });

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out, 'fraud')).toMatchSnapshot();
  });
  const spec = pod(out, 'stable');
  const [container] = spec.container;
  const [init] = spec.init_container;

  describe('pod security', () => {
    it('runs as a non-root user with the RuntimeDefault seccomp profile and no API token', () => {
      expect(spec.security_context).toEqual({
        run_as_non_root: true,
        run_as_user: '1000',
        run_as_group: '1000',
        fs_group: '1000',
        seccomp_profile: { type: 'RuntimeDefault' },
      });
      expect(spec.automount_service_account_token).toBe(false);
      expect(spec.service_account_name).toBe('fraud');
    });

    it('hardens every container: read-only root, no escalation, no capabilities', () => {
      for (const c of [container, init]) {
        expect(c.security_context).toEqual({
          allow_privilege_escalation: false,
          read_only_root_filesystem: true,
          run_as_non_root: true,
          capabilities: { drop: ['ALL'] },
          seccomp_profile: { type: 'RuntimeDefault' },
        });
      }
    });

    it('gives writable emptyDirs for the model, /tmp, a cache and a memory-backed /dev/shm', () => {
      expect(spec.volume).toEqual([
        { name: 'model', empty_dir: {} },
        { name: 'tmp', empty_dir: {} },
        { name: 'cache', empty_dir: {} },
        { name: 'shm', empty_dir: { medium: 'Memory', size_limit: '4Gi' } },
      ]);
      expect(container.volume_mount).toEqual([
        { name: 'model', mount_path: '/models', read_only: true },
        { name: 'tmp', mount_path: '/tmp' },
        { name: 'cache', mount_path: '/var/cache/model' },
        { name: 'shm', mount_path: '/dev/shm' },
      ]);
    });
  });

  describe('the model container', () => {
    it('runs the model image by tag with the model variables', () => {
      expect(container.image).toBe(
        `\${aws_ecr_repository.${out.resources('aws_ecr_repository')[0].id}.repository_url}:v2`,
      );
      expect(container.env.slice(0, 3)).toEqual([
        { name: 'MODEL_NAME', value: 'fraud' },
        { name: 'MODEL_VERSION', value: 'v2' },
        { name: 'MODEL_PATH', value: '/models' },
      ]);
      expect(container.port).toEqual([{ name: 'http', container_port: 8080, protocol: 'TCP' }]);
    });

    it('requests and limits CPU, memory and its GPU', () => {
      expect(container.resources).toEqual({
        requests: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
        limits: { cpu: '4', memory: '16Gi', 'nvidia.com/gpu': '1' },
      });
    });

    it('gets a startup budget sized to the model load time, then readiness and liveness probes', () => {
      expect(container.startup_probe).toEqual({
        http_get: { path: '/health', port: 'http' },
        period_seconds: 10,
        timeout_seconds: 5,
        failure_threshold: 60,
      });
      expect(container.readiness_probe.failure_threshold).toBe(3);
      expect(container.liveness_probe).toMatchObject({
        http_get: { path: '/health', port: 'http' },
        period_seconds: 20,
      });
    });

    it('keeps serving through the load balancer deregistration, and drains long requests', () => {
      expect(container.lifecycle.pre_stop).toEqual([{ exec: { command: ['sleep', '35'] } }]);
      expect(spec.termination_grace_period_seconds).toBe(35 + 300);
    });
  });

  it('downloads with another pinned image and lets in another metrics namespace when given', () => {
    const digest = `registry.example.com:5000/tools/aws-cli@sha256:${'a'.repeat(64)}`;
    const custom = synth({
      serving: gpuModel,
      artifactDownloaderImage: digest,
      metricsNamespace: 'prometheus',
    });
    expect(pod(custom, 'stable').init_container[0].image).toBe(digest);
    expect(custom.resource('kubernetes_network_policy_v1').spec.ingress[1].from).toEqual([
      { namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'prometheus' } } },
    ]);
  });

  it('downloads the artifact with the pod role from S3 before the server starts', () => {
    expect(init.name).toBe('download-model');
    expect(init.command).toEqual([
      'aws',
      's3',
      'sync',
      `s3://${out.ref('aws_s3_bucket', '/artifacts/bucket', 'bucket')}/models/fraud/v2/`,
      '/models',
      '--no-progress',
      '--only-show-errors',
    ]);
    expect(init.image).toBe('public.ecr.aws/aws-cli/aws-cli:2.15.62');
    expect(init.volume_mount).toEqual([
      { name: 'model', mount_path: '/models' },
      { name: 'tmp', mount_path: '/tmp' },
    ]);
  });

  describe('scheduling', () => {
    it('runs on the GPU group, tolerating its taint', () => {
      expect(spec.node_selector).toEqual({
        'model-serving.io/node-pool': 'a10g',
        'k8s.amazonaws.com/accelerator': 'nvidia-a10g',
      });
      expect(spec.toleration).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    });

    it('selects a group of several GPU models by its pool alone (no accelerator value is true of all its nodes)', () => {
      const mixed = synth({ serving: gpuModel, gpuInstanceTypes: ['g5.2xlarge', 'g6.2xlarge'] });
      expect(pod(mixed, 'stable').node_selector).toEqual({ 'model-serving.io/node-pool': 'a10g' });
    });

    it('spreads across zones and prefers separate hosts', () => {
      expect(spec.topology_spread_constraint).toEqual([
        {
          max_skew: 1,
          topology_key: 'topology.kubernetes.io/zone',
          when_unsatisfiable: 'ScheduleAnyway',
          label_selector: [
            { match_labels: { 'app.kubernetes.io/name': 'fraud', 'model-serving.io/track': 'stable' } },
          ],
        },
      ]);
      expect(
        spec.affinity.pod_anti_affinity.preferred_during_scheduling_ignored_during_execution[0],
      ).toMatchObject({
        weight: 100,
        pod_affinity_term: { topology_key: 'kubernetes.io/hostname' },
      });
    });

    it('replaces GPU replicas in place instead of surging a scarce GPU', () => {
      expect(deployment(out, 'stable').spec.strategy).toEqual({
        type: 'RollingUpdate',
        rolling_update: { max_surge: '0', max_unavailable: '1' },
      });
      const cpu = synth({ serving: { replicas: { min: 2, max: 4 } }, gpuGroups: 0 });
      expect(deployment(cpu, 'stable').spec.strategy.rolling_update).toEqual({
        max_surge: '25%',
        max_unavailable: '0',
      });
      expect(pod(cpu, 'stable').node_selector).toBeUndefined();
      expect(pod(cpu, 'stable').container[0].resources.limits).toEqual({ cpu: '1', memory: '4Gi' });
    });
  });

  it('starts pods only once their role, its permissions and its Pod Identity association exist', () => {
    const dependsOn = deployment(out, 'stable').depends_on;
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        dependencyOn(out, 'aws_iam_role', 'fraud/role'),
        dependencyOn(out, 'aws_iam_role_policy', 'fraud/role/inline-policy'),
        dependencyOn(out, 'aws_eks_pod_identity_association', 'fraud/role-association'),
      ]),
    );
  });

  it('waits for its GPU node group (which outlives it on destroy)', () => {
    const group = out.resources('aws_eks_node_group').find((g) => g.path.includes('gpu-a10g'));
    expect(deployment(out, 'stable').depends_on).toContain(`aws_eks_node_group.${group?.id}`);
  });

  it('leaves the replica count to the autoscaler and waits longer than the startup budget', () => {
    const d = deployment(out, 'stable');
    expect(d.spec.replicas).toBe('2');
    expect(d.lifecycle).toEqual({ ignore_changes: ['spec[0].replicas'] });
    expect(d.wait_for_rollout).toBe(true);
    expect(d.timeouts).toEqual({ create: '20m', update: '20m' });
    expect(d.spec.progress_deadline_seconds).toBe(1200);
  });

  it('asks Prometheus to scrape it', () => {
    expect(deployment(out, 'stable').spec.template.metadata.annotations).toEqual({
      'prometheus.io/scrape': 'true',
      'prometheus.io/port': '8080',
      'prometheus.io/path': '/metrics',
    });
  });

  describe('identity', () => {
    it('binds the service account to a role that reads only this model and pulls only its repository', () => {
      const statements = out.policyStatements(
        out.resource('aws_iam_role_policy', 'fraud/role/inline-policy').policy,
      );
      const bucket = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
      expect(statements).toEqual([
        {
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${bucket}/models/fraud/*`],
        },
        {
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [bucket],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['models/fraud/*'] }],
        },
        expect.objectContaining({
          actions: ['kms:Decrypt'],
          resources: [out.ref('aws_kms_key', 'key', 'arn')],
        }),
        expect.objectContaining({
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [out.ref('aws_ecr_repository', 'fraud-image/repository', 'arn')],
        }),
        { effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      ]);
      // the role is for the model's service account in the model's namespace, and for nothing else
      const namespace = out.ref('kubernetes_namespace_v1', 'namespace', 'metadata[0].name');
      expect(out.resource('aws_eks_pod_identity_association', 'fraud/role-association')).toMatchObject({
        service_account: 'fraud',
        namespace,
      });
      expect(out.resource('kubernetes_service_account_v1').metadata).toMatchObject({
        name: 'fraud',
        namespace,
      });
      expect(out.resource('kubernetes_service_account_v1').automount_service_account_token).toBe(false);
    });
  });

  describe('autoscaling', () => {
    it('scales on CPU and memory utilization with slow scale-down', () => {
      const hpa = out.resource('kubernetes_horizontal_pod_autoscaler_v2').spec;
      expect(hpa.scale_target_ref).toEqual({
        api_version: 'apps/v1',
        kind: 'Deployment',
        name: 'fraud-stable',
      });
      expect([hpa.min_replicas, hpa.max_replicas]).toEqual([2, 6]);
      expect(hpa.metric).toEqual([
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', average_utilization: 70 } },
        },
        {
          type: 'Resource',
          resource: { name: 'memory', target: { type: 'Utilization', average_utilization: 80 } },
        },
      ]);
      expect(hpa.behavior.scale_down).toEqual([
        {
          stabilization_window_seconds: 600,
          select_policy: 'Min',
          policy: [{ type: 'Pods', value: 1, period_seconds: 120 }],
        },
      ]);
      expect(hpa.behavior.scale_up[0].stabilization_window_seconds).toBe(0);
    });

    it('adds per-pod custom metrics, and drops the memory target with memoryUtilization: false', () => {
      const custom = synth({
        serving: {
          ...gpuModel,
          autoscaling: {
            memoryUtilization: false,
            podMetrics: [{ name: 'inflight_requests', averageValue: '4' }],
          },
        },
      });
      const metrics = custom.resource('kubernetes_horizontal_pod_autoscaler_v2').spec.metric;
      expect(metrics.map((m: { type: string }) => m.type)).toEqual(['Resource', 'Pods']);
      expect(metrics[0].resource.name).toBe('cpu');
      expect(metrics[1]).toEqual({
        type: 'Pods',
        pods: { metric: { name: 'inflight_requests' }, target: { type: 'AverageValue', average_value: '4' } },
      });
    });
  });

  describe('disruption budget', () => {
    it('allows one replica down at a time when there can be two or more', () => {
      expect(out.resource('kubernetes_pod_disruption_budget_v1').spec).toEqual({
        max_unavailable: '1',
        selector: { match_labels: { 'app.kubernetes.io/name': 'fraud', 'model-serving.io/track': 'stable' } },
      });
    });

    it('is absent for a single replica, which it would keep from ever moving', () => {
      const single = synth({ serving: { ...gpuModel, replicas: { min: 1, max: 1 } } });
      expect(single.resources('kubernetes_pod_disruption_budget_v1')).toHaveLength(0);
    });
  });

  describe('network policy', () => {
    const policy = out.resource('kubernetes_network_policy_v1').spec;
    const dns = {
      to: [
        {
          namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
          pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { port: '53', protocol: 'UDP' },
        { port: '53', protocol: 'TCP' },
      ],
    };
    const podIdentity = {
      to: [{ ip_block: { cidr: '169.254.170.23/32' } }],
      ports: [{ port: '80', protocol: 'TCP' }],
    };

    it('lets in only the load balancer (from the VPC) and the metrics scraper', () => {
      expect(policy.policy_types).toEqual(['Ingress', 'Egress']);
      expect(policy.pod_selector).toEqual({ match_labels: { 'app.kubernetes.io/name': 'fraud' } });
      expect(policy.ingress).toEqual([
        { from: [{ ip_block: { cidr: '10.0.0.0/16' } }], ports: [{ port: 'http', protocol: 'TCP' }] },
        {
          from: [{ namespace_selector: { match_labels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ]);
    });

    it("lets out only DNS, Pod Identity and HTTPS to the VPC and S3's address blocks", () => {
      expect(out.dataSource('aws_prefix_list')).toEqual({ name: 'com.amazonaws.us-east-1.s3' });
      expect(policy.egress).toEqual([
        dns,
        podIdentity,
        {
          to: [{ ip_block: { cidr: '10.0.0.0/16' } }],
          dynamic: {
            to: {
              for_each: `\${${out.dataRef('aws_prefix_list', '', 'cidr_blocks')}}`,
              iterator: 's3_cidr',
              content: { ip_block: { cidr: '${s3_cidr.value}' } },
            },
          },
          ports: [{ port: '443', protocol: 'TCP' }],
        },
      ]);
    });

    it("reads S3's address blocks once per stack and region, however many models use them", () => {
      const shared = synthScope((scope) => {
        serviceIn(scope as TerraformStack, { serving: gpuModel });
        const common = {
          cluster: scope.node.findChild('cluster') as ServingCluster,
          modelVersion: 'v1',
          namespace: 'models',
          artifacts: scope.node.findChild('artifacts') as ModelArtifactBucket,
          encryptionKey: scope.node.findChild('key') as EnvironmentKey,
          alertTopic: AlertTopic.fromTopicArn(TOPIC),
          repository: scope.node.findChild('fraud-image') as ModelImageRepository,
          vpcCidr: '10.0.0.0/16',
          serving: { kind: 'kubernetes' } as KubernetesServingSpec,
        };
        new KubernetesModelServing(scope, 'churn', { ...common, modelName: 'churn', region: 'us-east-1' });
        new KubernetesModelServing(scope, 'ranker', { ...common, modelName: 'ranker', region: 'us-west-2' });
        // no region: the provider's, a token
        new KubernetesModelServing(scope, 'scorer', { ...common, modelName: 'scorer' });
        new KubernetesModelServing(scope, 'tagger', { ...common, modelName: 'tagger' });
      });
      const lists = shared.dataSources('aws_prefix_list');
      expect(Object.fromEntries(lists.map((l) => [l.path, l.props]))).toEqual({
        '/s3-addresses-us-east-1': { name: 'com.amazonaws.us-east-1.s3' },
        '/s3-addresses-us-west-2': { name: 'com.amazonaws.us-west-2.s3' },
        '/s3-addresses-provider-region': {
          name: `com.amazonaws.\${${shared.dataRef('aws_region', 'aws-context/region', 'region')}}.s3`,
        },
      });
      expect(lists).toHaveLength(3);
      const s3PeersOf = (model: string) =>
        shared.resources('kubernetes_network_policy_v1').find((p) => p.props.metadata.name === model)?.props
          .spec.egress[2].dynamic.to.for_each;
      const east = `\${${shared.dataRef('aws_prefix_list', 's3-addresses-us-east-1', 'cidr_blocks')}}`;
      expect(s3PeersOf('fraud')).toBe(east);
      expect(s3PeersOf('churn')).toBe(east);
      const provider = `\${${shared.dataRef('aws_prefix_list', 's3-addresses-provider-region', 'cidr_blocks')}}`;
      expect(s3PeersOf('scorer')).toBe(provider);
      expect(s3PeersOf('tagger')).toBe(provider);
      expect(s3PeersOf('ranker')).toBe(
        `\${${shared.dataRef('aws_prefix_list', 's3-addresses-us-west-2', 'cidr_blocks')}}`,
      );
    });

    it('lets out HTTPS anywhere but the instance metadata service with internetEgress', () => {
      const open = synth({ serving: gpuModel, internetEgress: true });
      expect(open.dataSources('aws_prefix_list')).toHaveLength(0);
      expect(open.resource('kubernetes_network_policy_v1').spec.egress).toEqual([
        dns,
        podIdentity,
        {
          to: [{ ip_block: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }],
          ports: [{ port: '443', protocol: 'TCP' }],
        },
      ]);
    });
  });

  describe('load balancer (owned by Terraform)', () => {
    const lb = out.resource('aws_lb');

    it('is an internal ALB in the private subnets with its own security group, a long idle timeout and invalid headers dropped', () => {
      expect(lb).toMatchObject({
        name: 'test-fraud-alb',
        load_balancer_type: 'application',
        internal: true,
        idle_timeout: 300,
        drop_invalid_header_fields: true,
        enable_deletion_protection: false,
        security_groups: [out.ref('aws_security_group', 'traffic/security-group', 'id')],
      });
      expect(lb.subnets).toHaveLength(3);
      expect(lb.subnets.every((s: string) => s.includes('aws_subnet.network_private-'))).toBe(true);
      expect(lb.access_logs).toBeUndefined();
      expect(out.resources('kubernetes_ingress_v1')).toEqual([]);
    });

    it('admits 80 and 443 from the VPC only, reaches only the pods port, and opens the pods port to itself alone', () => {
      const rules = out.resources('aws_vpc_security_group_ingress_rule').map((r) => r.props);
      const sg = out.ref('aws_security_group', 'traffic/security-group', 'id');
      expect(
        rules
          .filter((r) => r.security_group_id === sg)
          .map((r) => [r.cidr_ipv4, r.from_port])
          .sort(),
      ).toEqual([
        ['10.0.0.0/16', 443],
        ['10.0.0.0/16', 80],
      ]);
      expect(out.resource('aws_vpc_security_group_egress_rule')).toMatchObject({
        security_group_id: sg,
        cidr_ipv4: '10.0.0.0/16',
        from_port: 8080,
        to_port: 8080,
      });
      expect(out.resource('aws_vpc_security_group_ingress_rule', 'pods-from-alb')).toMatchObject({
        security_group_id: out.ref('aws_eks_cluster', 'cluster', 'vpc_config[0].cluster_security_group_id'),
        referenced_security_group_id: sg,
        from_port: 8080,
        to_port: 8080,
      });
    });

    it('redirects HTTP to HTTPS and serves HTTPS with the certificate and the recommended TLS policy', () => {
      expect(out.resource('aws_lb_listener', 'traffic/http')).toMatchObject({
        port: 80,
        protocol: 'HTTP',
        default_action: [
          { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', status_code: 'HTTP_301' } },
        ],
      });
      expect(out.resource('aws_lb_listener', 'traffic/https')).toMatchObject({
        port: 443,
        protocol: 'HTTPS',
        certificate_arn: CERT,
        ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09',
        default_action: [{ type: 'fixed-response' }],
      });
    });

    it('forwards the host and path prefix through one rule', () => {
      expect(out.resource('aws_lb_listener_rule').condition).toEqual([
        { path_pattern: { values: ['/*'] } },
        { host_header: { values: ['fraud.ml.example.com'] } },
      ]);
      const sub = synth({ serving: { ...gpuModel, ingress: { certificateArn: CERT, path: '/v1/' } } });
      expect(sub.resource('aws_lb_listener_rule').condition).toEqual([
        { path_pattern: { values: ['/v1', '/v1/*'] } },
      ]);
    });

    it('has an IP target group on the model port, health-checked on the readiness path, draining 30 s', () => {
      expect(out.resource('aws_lb_target_group', 'target-group-stable')).toMatchObject({
        name: 'test-fraud-stable-p8080',
        target_type: 'ip',
        port: 8080,
        protocol: 'HTTP',
        deregistration_delay: '30',
        health_check: { path: '/health', port: 'traffic-port', matcher: '200' },
      });
      const ready = synth({ serving: { ...gpuModel, readinessPath: '/ready' } });
      expect(ready.resource('aws_lb_target_group').health_check.path).toBe('/ready');
    });

    it('faces the internet from the public subnets only when asked, and admits the listed blocks', () => {
      const open = synth({
        serving: {
          ...gpuModel,
          ingress: { certificateArn: CERT, internetFacing: true, allowedCidrs: ['203.0.113.0/24'] },
        },
      });
      expect(open.resource('aws_lb').internal).toBe(false);
      expect(
        open.resource('aws_lb').subnets.every((s: string) => s.includes('aws_subnet.network_public-')),
      ).toBe(true);
      const sg = open.ref('aws_security_group', 'traffic/security-group', 'id');
      expect(
        open
          .resources('aws_vpc_security_group_ingress_rule')
          .filter((r) => r.props.security_group_id === sg)
          .map((r) => r.props.cidr_ipv4),
      ).toEqual(['203.0.113.0/24', '203.0.113.0/24']);
    });

    it('keeps deletion protection and access logs for protected environments', () => {
      const kept = synth({ serving: gpuModel, protectFromDestroy: true, accessLogBucket: 'logs-bucket' });
      expect(kept.resource('aws_lb')).toMatchObject({
        enable_deletion_protection: true,
        access_logs: { bucket: 'logs-bucket', prefix: 'fraud', enabled: true },
      });
    });
  });

  describe('target group bindings', () => {
    const values = (o: Synthesized) => JSON.parse(o.resource('helm_release').values[0]);

    it('binds each track through a chart shipped with the library, one binding per track Service', () => {
      const release = out.resource('helm_release');
      expect(release.name).toBe('fraud-target-groups');
      expect(release.chart).toMatch(/^assets\/target-group-bindings-chart\/[0-9A-F]+$/);
      expect(values(out).bindings).toEqual([
        {
          name: 'fraud-stable',
          serviceName: 'fraud-stable',
          servicePort: 80,
          targetGroupArn: out.ref('aws_lb_target_group', 'target-group-stable', 'arn'),
        },
      ]);
      const svc = out
        .resources('kubernetes_service_v1')
        .find((b) => b.props.metadata.name === 'fraud-stable')!;
      expect(svc.props.spec.selector).toEqual({
        'app.kubernetes.io/name': 'fraud',
        'model-serving.io/track': 'stable',
      });
    });

    it('ships the chart: a TargetGroupBinding per value entry, IP targets', () => {
      const template = readFileSync(
        join(__dirname, '../../../assets/charts/target-group-bindings/templates/bindings.yaml'),
        'utf8',
      );
      expect(template).toContain('kind: TargetGroupBinding');
      expect(template).toContain('apiVersion: elbv2.k8s.aws/v1beta1');
      expect(template).toContain('targetType: ip');
      expect(template).toContain('{{- range .Values.bindings }}');
    });

    it('creates the bindings before any pod, after the Services they name', () => {
      const bindings = dependencyOn(out, 'helm_release', 'traffic/bindings');
      expect(deployment(out, 'stable').depends_on).toContain(bindings);
      expect(out.resource('helm_release').depends_on).toContain(
        dependencyOn(out, 'kubernetes_service_v1', 'service-stable'),
      );
    });

    it('binds blue and green from their first pod (the idle colour too)', () => {
      const bg = synth({
        version: 'v1',
        serving: {
          ...gpuModel,
          rollout: { strategy: 'blueGreen', active: 'blue', blueVersion: 'v1', greenVersion: 'v2' },
        },
      });
      expect(values(bg).bindings.map((b: { serviceName: string }) => b.serviceName)).toEqual([
        'fraud-blue',
        'fraud-green',
      ]);
      const release = dependencyOn(bg, 'helm_release', 'traffic/bindings');
      expect(deployment(bg, 'blue').depends_on).toContain(release);
      expect(deployment(bg, 'green').depends_on).toContain(release);
    });
  });

  describe('rolling rollout (default)', () => {
    it('has one Deployment and one Service', () => {
      expect(out.resources('kubernetes_deployment_v1')).toHaveLength(1);
      expect(out.resource('kubernetes_service_v1', 'service-live').spec).toEqual({
        type: 'ClusterIP',
        selector: { 'app.kubernetes.io/name': 'fraud', 'model-serving.io/track': 'stable' },
        port: [{ name: 'http', port: 80, target_port: 'http', protocol: 'TCP' }],
      });
    });
  });

  describe('blue/green rollout', () => {
    const bg = synth({
      version: 'v2',
      serving: {
        ...gpuModel,
        rollout: {
          strategy: 'blueGreen',
          active: 'green',
          blueVersion: 'v1',
          greenVersion: 'v2',
          idleReplicas: 1,
        },
      },
    });
    const services = Object.fromEntries(
      bg.resources('kubernetes_service_v1').map((s) => [s.props.metadata.name, s.props]),
    );

    it('runs blue and green Deployments labelled with their versions', () => {
      expect(deployment(bg, 'blue').metadata.labels['app.kubernetes.io/version']).toBe('v1');
      expect(deployment(bg, 'green').metadata.labels['app.kubernetes.io/version']).toBe('v2');
      expect(pod(bg, 'blue').container[0].env[1]).toEqual({ name: 'MODEL_VERSION', value: 'v1' });
    });

    it('sends live traffic to the active colour and previews the idle one', () => {
      expect(services.fraud.spec.selector).toEqual({
        'app.kubernetes.io/name': 'fraud',
        'model-serving.io/track': 'green',
      });
      expect(services['fraud-preview'].spec.selector).toEqual({
        'app.kubernetes.io/name': 'fraud',
        'model-serving.io/track': 'blue',
      });
    });

    it('autoscales the active colour and holds the idle one at its preview count', () => {
      expect(deployment(bg, 'blue').spec.replicas).toBe('1');
      expect(deployment(bg, 'blue').lifecycle).toBeUndefined();
      const hpas = bg.resources('kubernetes_horizontal_pod_autoscaler_v2');
      expect(hpas.map((h) => h.props.spec.scale_target_ref.name)).toEqual(['fraud-green']);
    });

    it('keeps the idle colour warm at replicas.min by default', () => {
      const warm = synth({
        version: 'v2',
        serving: {
          ...gpuModel,
          rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1', greenVersion: 'v2' },
        },
      });
      expect(deployment(warm, 'blue').spec.replicas).toBe('2');
    });

    it('runs no idle pods while both colours run the same version', () => {
      const settled = synth({
        version: 'v1',
        serving: {
          ...gpuModel,
          rollout: { strategy: 'blueGreen', active: 'blue', blueVersion: 'v1', greenVersion: 'v1' },
        },
      });
      expect(deployment(settled, 'green').spec.replicas).toBe('0');
    });

    it('refuses at plan time to switch live traffic to a colour below replicas.min', () => {
      const live = bg
        .resources('kubernetes_deployment_v1')
        .find((d) => d.props.metadata.name === 'fraud-green');
      const main = bg.resources('kubernetes_service_v1').find((s) => s.props.metadata.name === 'fraud');
      expect(main?.props.lifecycle.precondition).toEqual([
        {
          condition: `\${tonumber(kubernetes_deployment_v1.${live?.id}.spec[0].replicas) >= 2}`,
          error_message:
            'The green colour of fraud runs fewer than 2 replicas (replicas.min). ' +
            'Set rollout.idleReplicas to at least 2 and deploy, then switch active to green.',
        },
      ]);
      const preview = bg
        .resources('kubernetes_service_v1')
        .find((s) => s.props.metadata.name === 'fraud-preview');
      expect(preview?.props.lifecycle).toBeUndefined();
    });
  });

  describe('switching rollout strategies', () => {
    type Rollout = NonNullable<KubernetesServingSpec['rollout']>;
    /** The Terraform addresses and Kubernetes names of what serves live traffic. */
    const liveOf = (version: string, rollout: Rollout) => {
      const out = synth({ version, serving: { ...gpuModel, rollout } });
      const live = out.resources('kubernetes_service_v1').find((b) => b.props.metadata.name === 'fraud')!;
      const track = live.props.spec.selector['model-serving.io/track'];
      const [deployment] = out
        .resources('kubernetes_deployment_v1')
        .filter((b) => b.props.spec.selector.match_labels['model-serving.io/track'] === track);
      const autoscaler = out
        .resources('kubernetes_horizontal_pod_autoscaler_v2')
        .find((b) => b.props.spec.scale_target_ref.name === deployment.props.metadata.name);
      const [lb] = out.resources('aws_lb');
      const rule = out.resource('aws_lb_listener_rule');
      const groups = out.resources('aws_lb_target_group');
      const liveGroup = groups.find((g) => g.id.includes(`target-group-${track}`))!;
      return {
        deployment: [deployment.id, deployment.props.metadata.name, deployment.props.spec.selector],
        service: [live.id, live.props.metadata.name],
        autoscaler: autoscaler && [autoscaler.id, autoscaler.props.metadata.name],
        loadBalancer: [lb.id, lb.props.name, rule.listener_arn],
        targetGroup: [liveGroup.id, liveGroup.props.name],
        version: deployment.props.metadata.labels['app.kubernetes.io/version'],
      };
    };
    const rolling: Rollout = { strategy: 'rolling' };
    const canary: Rollout = { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 };

    it.each<[string, [string, Rollout], [string, Rollout]]>([
      ['rolling to canary', ['v1', rolling], ['v2', canary]],
      ['canary back to rolling (aborted)', ['v2', canary], ['v1', rolling]],
      [
        'rolling to blue/green, the live version adopted as the stable colour',
        ['v1', rolling],
        [
          'v1',
          {
            strategy: 'blueGreen',
            active: 'blue',
            blueVersion: 'v1',
            greenVersion: 'v2',
            stableColour: 'blue',
          },
        ],
      ],
      [
        'canary to blue/green, the stable track adopted as the stable colour',
        ['v2', canary],
        [
          'v1',
          {
            strategy: 'blueGreen',
            active: 'green',
            blueVersion: 'v2',
            greenVersion: 'v1',
            stableColour: 'green',
          },
        ],
      ],
      [
        'blue/green (green live) to canary on the green track',
        ['v2', { strategy: 'blueGreen', active: 'green', blueVersion: 'v1', greenVersion: 'v2' }],
        ['v3', { strategy: 'canary', stableVersion: 'v2', canaryWeight: 10, liveTrack: 'green' }],
      ],
      [
        'blue/green (blue live) to rolling on the blue track',
        ['v1', { strategy: 'blueGreen', active: 'blue', blueVersion: 'v1', greenVersion: 'v2' }],
        ['v1', { strategy: 'rolling', liveTrack: 'blue' }],
      ],
    ])(
      'keeps the live Deployment, Service, autoscaler, load balancer and target group: %s',
      (_title, before, after) => {
        const was = liveOf(...before);
        const is = liveOf(...after);
        expect(is).toEqual(was);
        expect(is.autoscaler).toBeDefined();
      },
    );

    it('replaces the live Deployment when the switch does not name the live track (the outage the fields avoid)', () => {
      const was = liveOf('v2', {
        strategy: 'blueGreen',
        active: 'green',
        blueVersion: 'v1',
        greenVersion: 'v2',
      });
      const is = liveOf('v3', { strategy: 'canary', stableVersion: 'v2', canaryWeight: 10 });
      expect(is.deployment[1]).toBe('fraud-stable');
      expect(was.deployment[1]).toBe('fraud-green');
      // the Service and the load balancer stay; the Service's selector moves to the new Deployment
      expect(is.service).toEqual(was.service);
      expect(is.loadBalancer).toEqual(was.loadBalancer);
    });

    it('names the colours after the stable Deployment they adopt, and previews the other', () => {
      const out = synth({
        version: 'v1',
        serving: {
          ...gpuModel,
          rollout: {
            strategy: 'blueGreen',
            active: 'blue',
            blueVersion: 'v1',
            greenVersion: 'v2',
            stableColour: 'blue',
          },
        },
      });
      expect(
        out
          .resources('kubernetes_deployment_v1')
          .map((d) => d.props.metadata.name)
          .sort(),
      ).toEqual(['fraud-green', 'fraud-stable']);
      const preview = out
        .resources('kubernetes_service_v1')
        .find((b) => b.props.metadata.name === 'fraud-preview')!;
      expect(preview.props.spec.selector['model-serving.io/track']).toBe('green');
    });
  });

  describe('canary rollout', () => {
    const canary = synth({
      version: 'v2',
      serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 } },
    });

    it('runs stable and canary Deployments, each with its Service', () => {
      expect(pod(canary, 'stable').container[0].image).toMatch(/:v1$/);
      expect(pod(canary, 'canary').container[0].image).toMatch(/:v2$/);
      expect(deployment(canary, 'canary').spec.replicas).toBe('1');
      expect(
        canary
          .resources('kubernetes_service_v1')
          .map((s) => s.props.metadata.name)
          .sort(),
      ).toEqual(['fraud', 'fraud-canary', 'fraud-stable']);
    });

    it('never leaves the canary without a ready target: surge one, none unavailable; a budget from two replicas', () => {
      expect(deployment(canary, 'canary').spec.strategy.rolling_update).toEqual({
        max_surge: '1',
        max_unavailable: '0',
      });
      expect(
        canary.resources('kubernetes_pod_disruption_budget_v1').map((b) => b.props.metadata.name),
      ).toEqual(['fraud-stable']);
      const two = synth({
        version: 'v2',
        serving: {
          ...gpuModel,
          rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10, canaryReplicas: 2 },
        },
      });
      expect(two.resource('kubernetes_pod_disruption_budget_v1', 'disruption-budget-canary').spec).toEqual({
        max_unavailable: '1',
        selector: { match_labels: { 'app.kubernetes.io/name': 'fraud', 'model-serving.io/track': 'canary' } },
      });
    });

    it('keeps the canary warm and out of traffic at weight 0, and parks it (weight forced to 0) with no replicas', () => {
      const aborted = synth({
        version: 'v2',
        serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 0 } },
      });
      expect(deployment(aborted, 'canary').spec.replicas).toBe('1');
      const parked = synth({
        version: 'v2',
        serving: {
          ...gpuModel,
          rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10, canaryReplicas: 0 },
        },
      });
      expect(deployment(parked, 'canary').spec.replicas).toBe('0');
      expect(
        parked
          .resource('aws_lb_listener_rule')
          .action[0].forward.target_group.map((t: { weight: number }) => t.weight),
      ).toEqual([100, 0]);
    });

    it('is a single stable track once promoted (stableVersion equals version)', () => {
      const promoted = synth({
        version: 'v2',
        serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v2', canaryWeight: 10 } },
      });
      expect(promoted.resources('kubernetes_deployment_v1')).toHaveLength(1);
      expect(pod(promoted, 'stable').container[0].image).toMatch(/:v2$/);
      expect(promoted.resources('aws_lb_target_group')).toHaveLength(1);
    });
  });

  describe('rejects', () => {
    const rejects = (options: Options, line: string) => {
      const { stack } = plainStack();
      const error = errorOf(() => serviceIn(stack, options));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toContain(`  - ${line}`);
    };

    describe('a pod larger than what the smallest node of its group leaves to pods', () => {
      const AFTER = "to pods after the kubelet's reservations and the DaemonSets' requests)";

      it('on a GPU group, in CPU and memory', () => {
        const { stack } = plainStack();
        const error = errorOf(() =>
          serviceIn(stack, { serving: { ...gpuModel, cpu: '8', memory: '31Gi', sharedMemory: '1Gi' } }),
        );
        expect(error).toBeInstanceOf(SpecValidationError);
        expect(error.message).toBe(
          '[test/fraud] invalid props (2 problems):\n' +
            `  - serving.cpu: must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7180m CPU, 31390Mi memory and 1 GPU ${AFTER}: the pod requests 8000m CPU (the larger of cpu and the artifact download's 500m), got "8"\n` +
            `  - serving.memory: must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7180m CPU, 31390Mi memory and 1 GPU ${AFTER}: the pod requests 31744Mi memory (the larger of memory and the artifact download's 512Mi), got "31Gi"`,
        );
      });

      it("counting the DaemonSets recorded on the cluster (the CloudWatch Observability add-on's by default), to the millicore", () => {
        expect(() => serviceIn(plainStack().stack, { serving: { ...gpuModel, cpu: '7180m' } })).not.toThrow();
        rejects(
          { serving: { ...gpuModel, cpu: '7181m' } },
          `serving.cpu: must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7180m CPU, 31390Mi memory and 1 GPU ${AFTER}: the pod requests 7181m CPU (the larger of cpu and the artifact download's 500m), got "7181m"`,
        );
        // without the add-on, only the managed add-ons' and those recorded by hand (the DCGM exporter here)
        const daemons = [DCGM_EXPORTER_DAEMON];
        expect(() =>
          serviceIn(plainStack().stack, {
            serving: { ...gpuModel, cpu: '7480m' },
            containerInsights: false,
            daemons,
          }),
        ).not.toThrow();
        rejects(
          { serving: { ...gpuModel, cpu: '7481m' }, containerInsights: false, daemons },
          `serving.cpu: must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7480m CPU, 31543Mi memory and 1 GPU ${AFTER}: the pod requests 7481m CPU (the larger of cpu and the artifact download's 500m), got "7481m"`,
        );
      });

      it('on the system nodes, for a CPU model', () => {
        rejects(
          { serving: { cpu: '2', memory: '4Gi' }, gpuGroups: 0 },
          `serving.cpu: must fit one node of the system node group (its smallest instance type m6i.large leaves 1450m CPU, 7261Mi memory ${AFTER}: the pod requests 2000m CPU (the larger of cpu and the artifact download's 500m), got "2"`,
        );
      });
    });

    it('a load balancer without a network to put it in', () => {
      rejects(
        { serving: gpuModel, omit: ['network'] },
        'network: is required with serving.ingress: the load balancer goes in its subnets',
      );
    });

    it('no encryption key (it encrypts the WAF log group), even with the web ACL off', () => {
      rejects(
        { serving: gpuModel, omit: ['key'] },
        'encryptionKey: must be an encryption key (IEncryptionKey)',
      );
      rejects(
        { serving: gpuModel, omit: ['key'], webAclDefaults: { enabled: false, rateLimitPer5Minutes: 2000 } },
        'encryptionKey: must be an encryption key (IEncryptionKey)',
      );
    });

    it('web ACL defaults outside what AWS WAF accepts', () => {
      rejects(
        { serving: gpuModel, webAclDefaults: { enabled: true, rateLimitPer5Minutes: 1 } },
        'webAclDefaults.rateLimitPer5Minutes: must be a whole number between 10 and 2000000000 requests, got 1',
      );
    });

    it.each<[string, Partial<KubernetesServingSpec>, string]>([
      [
        'a CPU quantity with a unit',
        { cpu: '2 cores' },
        `serving.cpu: must be a CPU quantity such as '500m', '1' or '2.5', got "2 cores"`,
      ],
      [
        'a memory quantity without a unit family',
        { memory: '16GB' },
        `serving.memory: must be a memory quantity such as '512Mi' or '4Gi', got "16GB"`,
      ],
      [
        'a privileged port',
        { port: 80 },
        'serving.port: must be a whole number between 1024 and 65535, got 80',
      ],
      [
        'a probe path without a slash',
        { healthPath: 'health' },
        `serving.healthPath: must be an HTTP path starting with '/', got "health"`,
      ],
      ['a fractional GPU', { gpu: 0.5 }, 'serving.gpu: must be a whole number between 0 and 8 GPUs, got 0.5'],
      [
        'a replica range upside down',
        { replicas: { min: 4, max: 2 } },
        'serving.replicas.min: must not exceed max (2), got 4',
      ],
      [
        'a certificate that is not an ACM ARN',
        { ingress: { certificateArn: 'my-cert' } },
        `serving.ingress.certificateArn: must be an ACM certificate ARN 'arn:<partition>:acm:<region>:<account>:certificate/<uuid>', got "my-cert"`,
      ],
      [
        'a memory target that is neither a percentage nor false',
        { autoscaling: { memoryUtilization: 'off' as never } },
        'serving.autoscaling.memoryUtilization: must be a whole number between 1 and 100 percent, or false for no memory target, got "off"',
      ],
      [
        'a canary weight above 100',
        { rollout: { strategy: 'canary', canaryWeight: 150 } },
        'serving.rollout.canaryWeight: must be a whole number between 0 and 100 percent, got 150',
      ],
      [
        'a canary field on a rolling rollout',
        { rollout: { strategy: 'rolling', canaryWeight: 10 } as never },
        'serving.rollout.canaryWeight: is not a known field; allowed fields: strategy, liveTrack, got 10',
      ],
      [
        'a blue/green preview of the same version',
        {
          rollout: {
            strategy: 'blueGreen',
            active: 'blue',
            blueVersion: 'v1',
            greenVersion: 'v1',
            idleReplicas: 1,
          },
        },
        'serving.rollout.idleReplicas: must be 0 while both colours run the same version (nothing to preview), got 1',
      ],
      [
        'a reserved environment variable',
        { env: { MODEL_PATH: '/elsewhere' } },
        'serving.env.MODEL_PATH: MODEL_NAME, MODEL_VERSION and MODEL_PATH are set by the library: choose another name (A-Z, a-z, 0-9 and _, not starting with a digit), got "MODEL_PATH"',
      ],
      [
        'a GPU node group for a CPU model',
        { gpuNodeGroup: 'a10g' },
        'serving.gpuNodeGroup: is only for models that request GPUs (gpu >= 1), got "a10g"',
      ],
    ])('%s', (_title, serving, line) => rejects({ serving }, line));

    it('a version that neither colour of a blue/green rollout runs', () => {
      rejects(
        {
          version: 'v3',
          serving: {
            rollout: { strategy: 'blueGreen', active: 'blue', blueVersion: 'v1', greenVersion: 'v2' },
          },
        },
        `modelVersion: must be one of the colours' versions (blue v1, green v2), got "v3"`,
      );
    });

    it('a downloader image without a registry or without a tag or digest (the spec refuses them too)', () => {
      const line = (image: string) =>
        `artifactDownloaderImage: must be an image reference with a registry and a tag or digest, got "${image}"`;
      rejects({ artifactDownloaderImage: 'aws-cli:2.15.62' }, line('aws-cli:2.15.62'));
      rejects(
        { artifactDownloaderImage: 'public.ecr.aws/aws-cli/aws-cli' },
        line('public.ecr.aws/aws-cli/aws-cli'),
      );
    });

    it('a metrics namespace that is not a DNS label', () => {
      rejects(
        { metricsNamespace: 'Monitoring' },
        `metricsNamespace: must be a lowercase DNS label of 1-63 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "Monitoring"`,
      );
    });

    it('a GPU model on a cluster without GPU groups', () => {
      rejects(
        { serving: { gpu: 1 }, gpuGroups: 0 },
        'serving.gpu: needs exactly one GPU node group in the cluster or serving.gpuNodeGroup (groups: none), got 1',
      );
    });

    it('more GPUs than one node of the group has', () => {
      rejects(
        { serving: { gpu: 2 } },
        'serving.gpu: must fit on one node of the a10g group (1 per node), got 2',
      );
    });

    it('a GPU node group the cluster does not have', () => {
      rejects(
        { serving: { gpu: 1, gpuNodeGroup: 'h100' }, gpuGroups: 2 },
        'serving.gpuNodeGroup: must name a GPU node group of the cluster (a10g, quad), got "h100"',
      );
    });
  });
});

describe('ModelNamespace', () => {
  const out = synthScope((scope) => {
    new KubernetesProvider(scope, 'kubernetes', {});
    new ModelNamespace(scope, 'namespace', { name: 'models', gpuQuota: 8 });
  });

  it('enforces the restricted Pod Security Standard and injects load balancer readiness gates', () => {
    expect(out.resource('kubernetes_namespace_v1').metadata).toEqual({
      name: 'models',
      labels: {
        'app.kubernetes.io/managed-by': 'cdktf-model-serving',
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'latest',
        'pod-security.kubernetes.io/audit': 'restricted',
        'pod-security.kubernetes.io/warn': 'restricted',
        'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
      },
    });
  });

  it('caps the GPUs its pods may request', () => {
    expect(out.resource('kubernetes_resource_quota_v1').spec).toEqual({
      hard: { 'requests.nvidia.com/gpu': '8' },
    });
  });

  it('rejects a name that is not a DNS label', () => {
    const { stack } = plainStack();
    expect(() => new ModelNamespace(stack, 'namespace', { name: 'Models' })).toThrow(
      `name: must be a lowercase DNS label of 1-63 characters`,
    );
  });
});

describe('KubernetesModelServing with an image gate', () => {
  const gate = { fqn: 'data.aws_ecr_images.fraud_gate' };
  const out = synth({
    version: 'v2',
    imageGate: gate,
    serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 } },
  });

  it('starts no Deployment of any track before the gate passed', () => {
    for (const track of ['stable', 'canary']) {
      expect(deployment(out, track).depends_on).toContain(gate.fqn);
    }
  });

  it('creates the Services without waiting for it: they run no image', () => {
    for (const service of out.resources('kubernetes_service_v1')) {
      expect(service.props.depends_on).not.toContain(gate.fqn);
    }
  });
});

describe('rollouts as listener rule weights', () => {
  type Rollout = NonNullable<KubernetesServingSpec['rollout']>;
  const stepOf = (version: string, rollout: Rollout) => synth({ version, serving: { ...gpuModel, rollout } });
  /** Track name to weight, read from the rule's forward action. */
  const weights = (out: Synthesized) => {
    const groups = out.resources('aws_lb_target_group');
    const byArn = new Map(groups.map((g) => [`\${aws_lb_target_group.${g.id}.arn}`, g.props.name]));
    return Object.fromEntries(
      out
        .resource('aws_lb_listener_rule')
        .action[0].forward.target_group.map((t: { arn: string; weight: number }) => [
          byArn.get(t.arn),
          t.weight,
        ]),
    );
  };
  const blueGreen = (active: 'blue' | 'green'): Rollout => ({
    strategy: 'blueGreen',
    active,
    blueVersion: 'v1',
    greenVersion: 'v2',
  });
  const canary = (canaryWeight: number, stableVersion = 'v1'): Rollout => ({
    strategy: 'canary',
    stableVersion,
    canaryWeight,
  });

  it.each<[string, string, Rollout, Record<string, number>]>([
    ['rolling', 'v1', { strategy: 'rolling' }, { 'test-fraud-stable-p8080': 100 }],
    [
      'blue/green, blue active',
      'v1',
      blueGreen('blue'),
      { 'test-fraud-blue-p8080': 100, 'test-fraud-green-p8080': 0 },
    ],
    [
      'blue/green, switched to green',
      'v2',
      blueGreen('green'),
      { 'test-fraud-blue-p8080': 0, 'test-fraud-green-p8080': 100 },
    ],
    ['canary start', 'v2', canary(10), { 'test-fraud-stable-p8080': 90, 'test-fraud-canary-p8080': 10 }],
    ['canary step', 'v2', canary(50), { 'test-fraud-stable-p8080': 50, 'test-fraud-canary-p8080': 50 }],
    [
      'canary abort (weight 0)',
      'v2',
      canary(0),
      { 'test-fraud-stable-p8080': 100, 'test-fraud-canary-p8080': 0 },
    ],
    ['canary promoted', 'v2', canary(50, 'v2'), { 'test-fraud-stable-p8080': 100 }],
  ])('%s', (_title, version, rollout, expected) => {
    expect(weights(stepOf(version, rollout))).toEqual(expected);
  });

  it('moves weights only once the Deployments are rolled out (the rule waits for them)', () => {
    const out = stepOf('v2', canary(10));
    expect(out.resource('aws_lb_listener_rule').depends_on).toEqual([
      dependencyOn(out, 'kubernetes_deployment_v1', 'deployment-stable'),
      dependencyOn(out, 'kubernetes_deployment_v1', 'deployment-canary'),
    ]);
  });

  it('refuses at plan time, on the rule, to switch to a colour with too few replicas', () => {
    const out = stepOf('v2', blueGreen('green'));
    const [precondition] = out.resource('aws_lb_listener_rule').lifecycle.precondition;
    expect(precondition.condition).toBe(
      `\${tonumber(${dependencyOn(out, 'kubernetes_deployment_v1', 'deployment-green')}.spec[0].replicas) >= 2}`,
    );
  });

  /**
   * ForceNew attributes: a change of any of them replaces the resource (terraform-provider-aws
   * v6.25.0, internal/service/elbv2/load_balancer.go, listener.go, listener_rule.go and
   * target_group.go, whose schema marks name, name_prefix, port, protocol, protocol_version,
   * target_type, vpc_id and ip_address_type ForceNew; internal/service/ec2/vpc_security_group.go).
   */
  const FORCE_NEW: Record<string, string[]> = {
    aws_lb: ['name', 'name_prefix', 'internal', 'load_balancer_type', 'customer_owned_ipv4_pool'],
    aws_lb_listener: ['load_balancer_arn'],
    aws_lb_target_group: [
      'name',
      'name_prefix',
      'port',
      'protocol',
      'vpc_id',
      'target_type',
      'protocol_version',
      'ip_address_type',
    ],
    aws_lb_listener_rule: ['listener_arn'],
    aws_security_group: ['name', 'name_prefix', 'description', 'vpc_id'],
  };
  const forceNew = (out: Synthesized) =>
    Object.fromEntries(
      Object.entries(FORCE_NEW).flatMap(([type, attributes]) =>
        out
          .resources(type)
          .map((r) => [`${type}.${r.id}`, Object.fromEntries(attributes.map((a) => [a, r.props[a]]))]),
      ),
    );

  it.each<[string, [string, Rollout], [string, Rollout]]>([
    ['a canary weight change', ['v2', canary(10)], ['v2', canary(50)]],
    ['a canary abort', ['v2', canary(10)], ['v2', canary(0)]],
    ['a blue/green switch', ['v1', blueGreen('blue')], ['v2', blueGreen('green')]],
  ])(
    '%s changes no ForceNew attribute of the load balancer, listeners, rule or target groups',
    (_t, before, after) => {
      const was = forceNew(stepOf(...before));
      const is = forceNew(stepOf(...after));
      expect(is).toEqual(was);
      expect(Object.keys(is).filter((k) => k.startsWith('aws_lb_target_group.'))).toHaveLength(2);
    },
  );

  it('keeps the stable target group (same address and name) when a canary starts and when it is promoted', () => {
    const rolling = forceNew(stepOf('v1', { strategy: 'rolling' }));
    const started = forceNew(stepOf('v2', canary(10)));
    const promoted = forceNew(stepOf('v2', canary(10, 'v2')));
    const stable = Object.keys(rolling).find((k) => k.includes('target-group-stable'))!;
    expect(started[stable]).toEqual(rolling[stable]);
    expect(promoted[stable]).toEqual(rolling[stable]);
  });
});

describe('web ACL', () => {
  const out = synth({ serving: gpuModel });

  it('rate-limits each client IP per 5 minutes, then applies the AWS common rule set, and logs to an encrypted aws-waf-logs- group', () => {
    const acl = out.resource('aws_wafv2_web_acl');
    expect(acl).toMatchObject({ scope: 'REGIONAL', default_action: { allow: {} } });
    expect(acl.rule.map((r: Record<string, unknown>) => [r.name, r.priority, r.statement])).toEqual([
      [
        'rate-limit-per-ip',
        0,
        { rate_based_statement: { limit: 2000, aggregate_key_type: 'IP', evaluation_window_sec: 300 } },
      ],
      [
        'aws-common-rule-set',
        1,
        { managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' } },
      ],
    ]);
    expect(acl.rule[0].action).toEqual({ block: {} });
    expect(acl.rule[1].override_action).toEqual({ none: {} });
    expect(out.resource('aws_wafv2_web_acl_association')).toEqual(
      expect.objectContaining({
        resource_arn: out.ref('aws_lb', 'load-balancer', 'arn'),
        web_acl_arn: out.ref('aws_wafv2_web_acl', 'web-acl', 'arn'),
      }),
    );
    const group = out.resource('aws_cloudwatch_log_group', 'waf-logs/log-group');
    expect(group.name).toBe('aws-waf-logs-test-fraud');
    expect(group.kms_key_id).toBe(out.ref('aws_kms_key', 'key', 'arn'));
    const logging = out.resource('aws_wafv2_web_acl_logging_configuration');
    expect(logging.log_destination_configs).toHaveLength(1);
    expect(logging.log_destination_configs[0]).toMatch(/:log-group:aws-waf-logs-test-fraud$/);
    expect(logging.depends_on).toEqual([dependencyOn(out, 'aws_cloudwatch_log_group', 'waf-logs/log-group')]);
  });

  it('follows the model over the defaults, and is left out when disabled', () => {
    const own = synth({
      serving: { ...gpuModel, ingress: { ...gpuModel.ingress!, waf: { rateLimitPer5Minutes: 500 } } },
      webAclDefaults: { enabled: true, rateLimitPer5Minutes: 100 },
    });
    expect(own.resource('aws_wafv2_web_acl').rule[0].statement.rate_based_statement.limit).toBe(500);
    const off = synth({ serving: gpuModel, webAclDefaults: { enabled: false, rateLimitPer5Minutes: 2000 } });
    expect(off.resources('aws_wafv2_web_acl')).toEqual([]);
  });
});

describe('alarms of a Kubernetes model', () => {
  const out = synth({
    version: 'v2',
    serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 } },
  });
  const alarm = (name: string) =>
    out.resources('aws_cloudwatch_metric_alarm').find((a) => a.props.alarm_name === `test-${name}`)!.props;
  const lb = out.ref('aws_lb', 'load-balancer', 'arn_suffix');

  it('alarms on the target 5XX rate in percent of requests', () => {
    const a = alarm('fraud-5xx-rate');
    expect(a.threshold).toBe(1);
    expect(a.alarm_actions).toEqual([TOPIC]);
    expect(
      a.metric_query.map((q: Record<string, any>) => [
        q.id,
        q.metric?.metric_name,
        q.metric?.dimensions,
        q.expression,
      ]),
    ).toEqual([
      ['errors', 'HTTPCode_Target_5XX_Count', { LoadBalancer: lb }, undefined],
      ['invocations', 'RequestCount', { LoadBalancer: lb }, undefined],
      ['rate', undefined, undefined, 'IF(invocations > 0, 100 * errors / invocations, 0)'],
    ]);
  });

  it('alarms on p99 target response time in seconds', () => {
    expect(alarm('fraud-p99-latency')).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'TargetResponseTime',
      extended_statistic: 'p99',
      dimensions: { LoadBalancer: lb },
      threshold: 1,
    });
  });

  it('alarms when a track that takes traffic has fewer healthy targets than it runs', () => {
    expect(alarm('fraud-stable-healthy-targets')).toMatchObject({
      metric_name: 'HealthyHostCount',
      statistic: 'Minimum',
      comparison_operator: 'LessThanThreshold',
      threshold: 2,
      treat_missing_data: 'breaching',
      dimensions: {
        LoadBalancer: lb,
        TargetGroup: out.ref('aws_lb_target_group', 'target-group-stable', 'arn_suffix'),
      },
    });
    expect(alarm('fraud-canary-healthy-targets').threshold).toBe(1);
    const aborted = synth({
      version: 'v2',
      serving: { ...gpuModel, rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 0 } },
    });
    expect(
      aborted
        .resources('aws_cloudwatch_metric_alarm')
        .map((a) => a.props.alarm_name)
        .filter((n: string) => n.includes('canary')),
    ).toEqual([]);
  });

  it('alarms on a surge of requests blocked by the web ACL', () => {
    expect(alarm('fraud-waf-blocked')).toMatchObject({
      namespace: 'AWS/WAFV2',
      metric_name: 'BlockedRequests',
      statistic: 'Sum',
      period: 300,
      threshold: 1000,
      dimensions: {
        WebACL: out.ref('aws_wafv2_web_acl', 'web-acl', 'name'),
        Rule: 'ALL',
        Region: 'us-east-1',
      },
    });
  });

  it('alarms on GPU utilization and memory of the live pods (Container Insights)', () => {
    for (const [name, metric] of [
      ['fraud-gpu-utilization', 'pod_gpu_utilization'],
      ['fraud-gpu-memory', 'pod_gpu_memory_utilization'],
    ]) {
      expect(alarm(name)).toMatchObject({
        namespace: 'ContainerInsights',
        metric_name: metric,
        statistic: 'Average',
        threshold: 90,
        dimensions: {
          Namespace: out.ref('kubernetes_namespace_v1', 'namespace', 'metadata[0].name'),
          PodName: 'fraud-stable',
        },
      });
    }
  });

  it('puts requests, 5XX, p99, healthy targets and GPU graphs on the dashboard', () => {
    const body = JSON.parse(out.resource('aws_cloudwatch_dashboard').dashboard_body);
    expect(body.widgets.map((w: { properties: { title: string } }) => w.properties.title)).toEqual([
      'fraud: requests and target 5XX',
      'fraud: p99 response time (s)',
      'fraud: healthy targets by track',
      'fraud: GPU utilization and memory (%)',
    ]);
  });
});

/** `value` with its tokens resolved in `scope` (Terraform expressions). */
const resolved = (scope: IConstruct, value: unknown) =>
  Tokenization.resolve(value, { scope, resolver: new DefaultTokenResolver(new StringConcat()) });

describe('the serving contract of a Kubernetes model', () => {
  const { stack } = plainStack();
  const service = serviceIn(stack, { serving: gpuModel });
  const traffic = service.traffic!;
  /** Tokens resolved: each read of a resource attribute is a new token. */
  const r = (value: unknown) => resolved(service, value);
  const alb = r({ LoadBalancer: traffic.loadBalancer.arnSuffix });
  const internal = serviceIn(plainStack().stack, { serving: { ...gpuModel, ingress: undefined } });

  it('names the model and the version it rolls out', () => {
    expect([service.modelName, service.modelVersion]).toEqual(['fraud', 'v2']);
  });

  it('counts requests and target 5XX responses on its load balancer (Sum per minute)', () => {
    expect(r(service.metricInvocations())).toEqual({
      namespace: 'AWS/ApplicationELB',
      metricName: 'RequestCount',
      dimensions: alb,
      statistic: 'Sum',
      periodSeconds: 60,
    });
    const errors = {
      namespace: 'AWS/ApplicationELB',
      metricName: 'HTTPCode_Target_5XX_Count',
      dimensions: alb,
      statistic: 'Sum',
      periodSeconds: 60,
    };
    expect(r(service.metricErrors())).toEqual(errors);
    expect(r(service.metricTarget5xx())).toEqual(errors);
  });

  it('measures the response time in seconds (TargetResponseTime, p99 per minute)', () => {
    expect(r(service.metricLatency())).toEqual({
      namespace: 'AWS/ApplicationELB',
      metricName: 'TargetResponseTime',
      dimensions: alb,
      statistic: 'p99',
      periodSeconds: 60,
    });
  });

  it('takes a statistic and a period', () => {
    expect(service.metricLatency({ statistic: 'p50', periodSeconds: 300 })).toMatchObject({
      metricName: 'TargetResponseTime',
      statistic: 'p50',
      periodSeconds: 300,
    });
    expect(service.metricInvocations({ statistic: 'SampleCount' }).statistic).toBe('SampleCount');
    expect(service.metricErrors({ periodSeconds: 120 }).periodSeconds).toBe(120);
  });

  it("counts a track's healthy targets (Minimum per minute), and refuses a track without a target group", () => {
    expect(r(service.metricHealthyHosts('stable'))).toEqual({
      namespace: 'AWS/ApplicationELB',
      metricName: 'HealthyHostCount',
      dimensions: { ...alb, TargetGroup: r(traffic.targetGroups.stable.arnSuffix) },
      statistic: 'Minimum',
      periodSeconds: 60,
    });
    expect(service.metricHealthyHosts('stable', { statistic: 'Average' }).statistic).toBe('Average');
    expect(() => service.metricHealthyHosts('canary')).toThrow(
      '[test/fraud/traffic] no target group for the track "canary"',
    );
  });

  it('counts the requests its web ACL blocked (Sum per 5 minutes), and refuses without a web ACL', () => {
    expect(r(service.metricBlockedRequests())).toEqual({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensions: { WebACL: r(traffic.webAcl!.name), Region: 'us-east-1', Rule: 'ALL' },
      statistic: 'Sum',
      periodSeconds: 300,
    });
    const open = serviceIn(plainStack().stack, {
      serving: gpuModel,
      webAclDefaults: { enabled: false, rateLimitPer5Minutes: 2000 },
    });
    expect(() => open.metricBlockedRequests()).toThrow(
      '[test/fraud] fraud has no web ACL: its ingress.waf is off',
    );
  });

  it("measures the GPUs of the live track's pods, or of another track (Average per minute)", () => {
    const pods = {
      ClusterName: (stack.node.findChild('cluster') as ServingCluster).clusterName,
      Namespace: r((stack.node.findChild('namespace') as ModelNamespace).namespaceName),
    };
    expect(r(service.metricGpuUtilization())).toEqual({
      namespace: 'ContainerInsights',
      metricName: 'pod_gpu_utilization',
      dimensions: { ...pods, PodName: 'fraud-stable' },
      statistic: 'Average',
      periodSeconds: 60,
    });
    expect(r(service.metricGpuMemoryUtilization({ track: 'canary', statistic: 'Maximum' }))).toEqual({
      namespace: 'ContainerInsights',
      metricName: 'pod_gpu_memory_utilization',
      dimensions: { ...pods, PodName: 'fraud-canary' },
      statistic: 'Maximum',
      periodSeconds: 60,
    });
    // no load balancer needed
    expect(internal.metricGpuUtilization().dimensions.PodName).toBe('fraud-stable');
  });

  it('watches the same metrics in its alarms', () => {
    const alarms = Object.fromEntries(service.alarms.map((a) => [a.node.id, a]));
    expect(Object.keys(alarms)).toEqual([
      'error-rate',
      'p99-latency',
      'healthy-hosts-stable',
      'waf-blocked',
      'gpu-utilization',
      'gpu-memory',
    ]);
    const out = Synthesized.of(stack);
    const alarm = (name: string) =>
      out.resources('aws_cloudwatch_metric_alarm').find((a) => a.props.alarm_name === `test-${name}`)!.props;
    expect(alarm('fraud-p99-latency')).toMatchObject({
      namespace: 'AWS/ApplicationELB',
      metric_name: 'TargetResponseTime',
      extended_statistic: 'p99',
      period: 60,
    });
    expect(alarm('fraud-gpu-utilization')).toMatchObject({
      namespace: 'ContainerInsights',
      metric_name: 'pod_gpu_utilization',
      dimensions: { PodName: 'fraud-stable' },
    });
  });

  it('gives its alarms as a list, and the construct that holds them', () => {
    expect(service.alarms).toEqual(Object.values(service.servingAlarms!.alarms));
    expect(internal.alarms).toEqual([]);
    expect(internal.servingAlarms).toBeUndefined();
  });

  it('refuses the load balancer metrics without a load balancer', () => {
    for (const metric of [
      () => internal.metricInvocations(),
      () => internal.metricErrors(),
      () => internal.metricTarget5xx(),
      () => internal.metricLatency(),
      () => internal.metricHealthyHosts('stable'),
      () => internal.metricBlockedRequests(),
    ]) {
      expect(metric).toThrow('[test/fraud] fraud has no load balancer: set serving.ingress');
    }
  });

  it('keeps the old metric names as aliases', () => {
    expect(r(service.metricRequests())).toEqual(r(service.metricInvocations()));
    expect(r(service.metricHealthyTargets('stable'))).toEqual(r(service.metricHealthyHosts('stable')));
  });

  it('publishes its endpoint and load balancer with a traffic path', () => {
    const dnsName = r(traffic.loadBalancer.dnsName);
    expect(r(service.outputs)).toEqual([
      {
        name: 'kubernetes-endpoint-fraud',
        value: 'https://fraud.ml.example.com',
        description: 'Endpoint of the fraud model on the cluster',
      },
      {
        name: 'kubernetes-load-balancer-fraud',
        value: dnsName,
        description: "DNS name of the fraud model's load balancer (point fraud.ml.example.com at it)",
      },
    ]);
    const anyHost = serviceIn(plainStack().stack, {
      serving: { ...gpuModel, ingress: { certificateArn: CERT } },
    });
    const resolve = (value: unknown) => resolved(anyHost, value);
    const anyDns = resolve(anyHost.traffic!.loadBalancer.dnsName);
    expect(resolve(anyHost.outputs.map((o) => [o.value, o.description]))).toEqual([
      [`https://${anyDns}`, 'Endpoint of the fraud model on the cluster'],
      [anyDns, "DNS name of the fraud model's load balancer (point its host name at it)"],
    ]);
    expect(internal.outputs).toEqual([]);
  });

  it('protects its load balancer from destroy unless told otherwise', () => {
    const { stack: s } = plainStack();
    const key = new EnvironmentKey(s, 'key');
    const network = new ServingVpc(s, 'network', { encryptionKey: key, clusterName: 'test' });
    const cluster = new ServingCluster(s, 'cluster', {
      network,
      encryptionKey: key,
      adminRoleArns: [ADMIN],
      region: 'us-east-1',
    });
    new KubernetesModelServing(s, 'fraud', {
      cluster,
      modelName: 'fraud',
      modelVersion: 'v1',
      namespace: 'models',
      artifacts: new ModelArtifactBucket(s, 'artifacts', { encryptionKey: key }),
      repository: new ModelImageRepository(s, 'image', { encryptionKey: key }),
      encryptionKey: key,
      alertTopic: AlertTopic.fromTopicArn(TOPIC),
      network,
      vpcCidr: '10.0.0.0/16',
      serving: { kind: 'kubernetes', ingress: { certificateArn: CERT } },
    });
    expect(Synthesized.of(s).resource('aws_lb').enable_deletion_protection).toBe(true);
  });
});

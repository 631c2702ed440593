import { type TerraformStack, TerraformVariable } from 'cdktf';
import {
  ClusterAddons,
  DEFAULT_KUBERNETES_VERSION,
  EnvironmentKey,
  GPU_FAMILIES,
  HELM_CHARTS,
  MANAGED_ADDON_DAEMONS,
  MANAGED_ADDON_VERSIONS,
  ServingCluster,
  ServingNodeGroup,
  ServingVpc,
  BOTTLEROCKET_NVIDIA_SETTINGS,
  SpecValidationError,
  type ClusterAddonsProps,
  type ServingClusterProps,
  type ServingNodeGroupProps,
} from '../../src';
import { Synthesized, errorOf, plainStack, synthScope } from '../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const DEPLOYER = 'arn:aws:iam::123456789012:role/terraform-deployer';

function clusterIn(
  stack: TerraformStack,
  props: Partial<ServingClusterProps> = {},
  build?: (cluster: ServingCluster) => void,
): ServingCluster {
  const key = new EnvironmentKey(stack, 'key');
  const network = new ServingVpc(stack, 'network', { encryptionKey: key, clusterName: 'test' });
  const cluster = new ServingCluster(stack, 'cluster', {
    network,
    encryptionKey: key,
    adminRoleArns: [ADMIN, DEPLOYER],
    deployerRoleArn: DEPLOYER,
    region: 'us-east-1',
    ...props,
  });
  build?.(cluster);
  return cluster;
}

function synthCluster(
  props: Partial<ServingClusterProps> = {},
  build?: (c: ServingCluster) => void,
): Synthesized {
  return synthScope((scope) => clusterIn(scope as TerraformStack, props, build));
}

/** The `depends_on` entry (`<type>.<logical id>`) for the resource at `path`. */
const dependencyOn = (out: Synthesized, type: string, path: string) =>
  out.ref(type, path, 'id').replace(/^\$\{(.+)\.id\}$/, '$1');

const statementsOf = (out: Synthesized, path: string) =>
  out.policyStatements(out.resource('aws_iam_role_policy', `${path}/inline-policy`).policy);

describe('ServingCluster', () => {
  const out = synthCluster({}, (cluster) => {
    cluster.addGpuNodeGroup({ name: 'a10g', instanceTypes: ['g5.2xlarge'], minSize: 0, maxSize: 4 });
    cluster.addGpuNodeGroup({
      // two GPU models of one shape (48 vCPU, 192 GiB, 4 GPUs)
      name: 'mixed',
      instanceTypes: ['g5.12xlarge', 'g6.12xlarge'],
      minSize: 1,
      maxSize: 2,
      amiType: 'BOTTLEROCKET_x86_64_NVIDIA',
      capacityType: 'SPOT',
      diskSizeGiB: 400,
    });
  });
  const eks = out.resource('aws_eks_cluster');

  describe('control plane', () => {
    it('keeps the API endpoint private unless CIDRs are listed', () => {
      expect(eks.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: false });
      expect(eks.vpc_config.public_access_cidrs).toBeUndefined();
      expect(eks.vpc_config.subnet_ids).toHaveLength(3);
      const open = synthCluster({ publicAccessCidrs: ['52.94.76.0/24'] }).resource(
        'aws_eks_cluster',
      ).vpc_config;
      expect(open).toMatchObject({ endpoint_public_access: true, public_access_cidrs: ['52.94.76.0/24'] });
    });

    it('admits the private networks listed to the private endpoint on TCP 443, through the EKS security group', () => {
      const reached = synthCluster({ privateAccessCidrs: ['10.40.240.0/20', '192.168.8.0/24'] });
      const rules = reached
        .resources('aws_vpc_security_group_ingress_rule')
        .filter((r) => r.path.startsWith('/cluster/private-access-'))
        .map((r) => r.props);
      const group = reached.ref('aws_eks_cluster', '', 'vpc_config[0].cluster_security_group_id');
      expect(rules).toEqual(
        ['10.40.240.0/20', '192.168.8.0/24'].map((cidr) => ({
          security_group_id: group,
          cidr_ipv4: cidr,
          ip_protocol: 'tcp',
          from_port: 443,
          to_port: 443,
          description: 'Kubernetes API from the deploy runners (privateAccessCidrs)',
        })),
      );
      expect(
        out.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.path.startsWith('/cluster/')),
      ).toEqual([]);
    });

    it('warns when nothing outside the cluster security group can reach the API', () => {
      const warnings = (props: Partial<ServingClusterProps>) => {
        const { stack } = plainStack();
        return clusterIn(stack, props)
          .node.metadata.filter((m) => m.type === '@cdktf/warn')
          .map((m) => m.data);
      };
      expect(warnings({})).toEqual([
        'The API endpoint is private and no privateAccessCidrs are listed: only members of the cluster security group reach it. Add a rule to clusterSecurityGroupId for the network Terraform runs in, or the Kubernetes and Helm providers cannot connect.',
      ]);
      expect(warnings({ privateAccessCidrs: ['10.40.240.0/20'] })).toEqual([]);
      expect(warnings({ publicAccessCidrs: ['52.94.76.10/32'] })).toEqual([]);
    });

    it('encrypts secrets with the environment key', () => {
      expect(eks.encryption_config).toEqual({
        resources: ['secrets'],
        provider: { key_arn: out.ref('aws_kms_key', 'key', 'arn') },
      });
      expect(statementsOf(out, 'cluster-role')).toEqual([
        {
          effect: 'Allow',
          actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
          resources: [out.ref('aws_kms_key', 'key', 'arn')],
        },
      ]);
    });

    it('logs api, audit and authenticator to a pre-created encrypted log group with retention', () => {
      expect(eks.enabled_cluster_log_types).toEqual(['api', 'audit', 'authenticator']);
      const logs = out.resource('aws_cloudwatch_log_group', 'control-plane-logs/log-group');
      expect(logs).toEqual({
        name: '/aws/eks/test/cluster',
        kms_key_id: out.ref('aws_kms_key', 'key', 'arn'),
        retention_in_days: 365,
      });
      expect(eks.depends_on).toEqual([
        expect.stringMatching(/^aws_cloudwatch_log_group\.cluster_control-plane-logs/),
        dependencyOn(out, 'aws_iam_role_policy_attachment', 'cluster-role/managed-AmazonEKSClusterPolicy'),
        dependencyOn(out, 'aws_iam_role_policy', 'cluster-role/inline-policy'),
      ]);
    });

    it('authenticates through access entries only, with no implicit creator admin', () => {
      expect(eks.access_config).toEqual({
        authentication_mode: 'API',
        bootstrap_cluster_creator_admin_permissions: false,
      });
      const entries = out.resources('aws_eks_access_entry').map((e) => e.props.principal_arn);
      expect(entries.sort()).toEqual([ADMIN, DEPLOYER]);
      for (const association of out.resources('aws_eks_access_policy_association')) {
        expect(association.props).toMatchObject({
          policy_arn:
            'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy',
          access_scope: { type: 'cluster' },
        });
      }
      // exactly one cluster-admin association per administrator, made once its access entry exists
      const associations = out.resources('aws_eks_access_policy_association');
      expect(associations).toHaveLength(2);
      const clusterName = out.ref('aws_eks_cluster', '', 'name');
      for (const [principal, name] of [
        [ADMIN, 'platform-admin'],
        [DEPLOYER, 'terraform-deployer'],
      ]) {
        expect(out.resource('aws_eks_access_entry', `admin-${name}`)).toEqual({
          cluster_name: clusterName,
          principal_arn: principal,
          type: 'STANDARD',
        });
        expect(out.resource('aws_eks_access_policy_association', `admin-${name}-policy`)).toMatchObject({
          cluster_name: clusterName,
          principal_arn: principal,
          depends_on: [dependencyOn(out, 'aws_eks_access_entry', `admin-${name}`)],
        });
      }
    });

    it('gives roles of one name under different paths an access entry each', () => {
      const teamA = 'arn:aws:iam::123456789012:role/team-a/admin';
      const teamB = 'arn:aws:iam::123456789012:role/team-b/admin';
      const both = synthScope((scope) =>
        clusterIn(scope as TerraformStack, { adminRoleArns: [teamA, teamB], deployerRoleArn: teamA }),
      );
      const entries = both.resources('aws_eks_access_entry');
      expect(entries.map((e) => e.props.principal_arn)).toEqual([teamA, teamB]);
      expect(entries.map((e) => e.path)).toEqual([
        '/cluster/admin-team-a--admin',
        '/cluster/admin-team-b--admin',
      ]);
    });

    it('has deletion protection, standard support and a pinned version', () => {
      expect(DEFAULT_KUBERNETES_VERSION).toBe('1.36');
      expect(eks).toMatchObject({
        version: DEFAULT_KUBERNETES_VERSION,
        deletion_protection: true,
        upgrade_policy: { support_type: 'STANDARD' },
        bootstrap_self_managed_addons: false,
      });
    });

    it('is protected from destroy unless told otherwise', () => {
      expect(eks.lifecycle).toEqual({ prevent_destroy: true });
      const unprotected = synthCluster({ protectFromDestroy: false, deletionProtection: false });
      expect(unprotected.resource('aws_eks_cluster').lifecycle).toBeUndefined();
      expect(unprotected.resource('aws_eks_cluster').deletion_protection).toBe(false);
    });

    it('defaults to DEFAULT_KUBERNETES_VERSION, which need not be the newest supported version', () => {
      let version: string | undefined;
      jest.isolateModules(() => {
        jest.doMock('../../src/config/versions', () => ({
          ...jest.requireActual('../../src/config/versions'),
          DEFAULT_KUBERNETES_VERSION: '1.35',
        }));
        // a fresh copy of the library (and of cdktf, whose constructs it must share) sees that default
        const { Testing, TerraformStack: Stack } = require('cdktf');
        const { AwsProvider } = require('@cdktf/provider-aws/lib/provider');
        const lib = require('../../src');
        const stack = new Stack(Testing.app(), 'test');
        new AwsProvider(stack, 'aws', { region: 'us-east-1' });
        const key = new lib.EnvironmentKey(stack, 'key');
        const network = new lib.ServingVpc(stack, 'network', { encryptionKey: key, clusterName: 'test' });
        version = new lib.ServingCluster(stack, 'cluster', {
          network,
          encryptionKey: key,
          adminRoleArns: [ADMIN],
        }).kubernetesVersion;
      });
      jest.dontMock('../../src/config/versions');
      expect(version).toBe('1.35');
    });

    it('uses a cluster role with only the EKS cluster policy', () => {
      const attachments = out
        .resources('aws_iam_role_policy_attachment')
        .filter((a) => a.path.includes('cluster-role'))
        .map((a) => a.props.policy_arn);
      expect(attachments).toEqual([expect.stringMatching(/:iam::aws:policy\/AmazonEKSClusterPolicy$/)]);
    });
  });

  describe('nodes', () => {
    it('share a role with the worker, ECR pull and CNI policies and nothing else', () => {
      const attachments = out
        .resources('aws_iam_role_policy_attachment')
        .filter((a) => a.path.includes('node-role'))
        .map((a) => a.props.policy_arn.split('/').pop());
      expect(attachments.sort()).toEqual([
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
      ]);
      expect(out.resources('aws_iam_role_policy').filter((p) => p.path.includes('node-role'))).toHaveLength(
        0,
      );
    });

    it('require IMDSv2 with a hop limit of 1 and encrypted gp3 volumes, with no SSH key', () => {
      for (const { props } of out.resources('aws_launch_template')) {
        expect(props.metadata_options).toEqual({
          http_endpoint: 'enabled',
          http_tokens: 'required',
          http_put_response_hop_limit: 1,
          instance_metadata_tags: 'disabled',
        });
        expect(props.key_name).toBeUndefined();
        for (const device of props.block_device_mappings) {
          expect(device.ebs).toMatchObject({ volume_type: 'gp3', encrypted: 'true' });
        }
      }
      const a10g = out.resource('aws_launch_template', 'gpu-a10g/launch-template');
      expect(a10g.block_device_mappings).toEqual([
        {
          device_name: '/dev/xvda',
          ebs: {
            volume_size: 200,
            volume_type: 'gp3',
            encrypted: 'true',
            iops: 3000,
            throughput: 250,
            delete_on_termination: 'true',
          },
        },
      ]);
    });

    it('keep images on the data volume for Bottlerocket', () => {
      const devices = out.resource('aws_launch_template', 'gpu-mixed/launch-template').block_device_mappings;
      expect(
        devices.map((d: { device_name: string; ebs: { volume_size: number } }) => [
          d.device_name,
          d.ebs.volume_size,
        ]),
      ).toEqual([
        ['/dev/xvda', 10],
        ['/dev/xvdb', 400],
      ]);
    });

    it('let the Container Insights DCGM exporter see the GPUs of Bottlerocket NVIDIA nodes, through settings EKS merges with its own', () => {
      const userData = out.resource('aws_launch_template', 'gpu-mixed/launch-template').user_data;
      expect(Buffer.from(userData, 'base64').toString('utf8')).toBe(
        '[settings.nvidia-container-runtime]\nvisible-devices-envvar-when-unprivileged = true\n',
      );
      expect(BOTTLEROCKET_NVIDIA_SETTINGS).toBe(Buffer.from(userData, 'base64').toString('utf8'));
      // no cluster settings of its own: EKS adds them (a launch template without an AMI ID)
      expect(Buffer.from(userData, 'base64').toString('utf8')).not.toContain('settings.kubernetes');
      expect(out.resource('aws_launch_template', 'gpu-mixed/launch-template').image_id).toBeUndefined();
      // AL2023 GPU nodes and system nodes keep EKS's user data alone
      expect(out.resource('aws_launch_template', 'gpu-a10g/launch-template').user_data).toBeUndefined();
      expect(out.resource('aws_launch_template', 'system-nodes/launch-template').user_data).toBeUndefined();
    });

    it('run controllers on an on-demand system group without taints', () => {
      const system = out.resource('aws_eks_node_group', 'system-nodes/node-group');
      expect(system).toMatchObject({
        node_group_name: 'test-system',
        ami_type: 'AL2023_x86_64_STANDARD',
        capacity_type: 'ON_DEMAND',
        instance_types: ['m6i.large'],
        scaling_config: { min_size: 2, max_size: 4, desired_size: 2 },
        labels: { 'model-serving.io/node-pool': 'system' },
      });
      expect(system.taint).toBeUndefined();
    });

    it('wait for the networking and identity add-ons and the node role', () => {
      const dependencies = out.resource('aws_eks_node_group', 'system-nodes/node-group').depends_on;
      expect(dependencies.filter((d: string) => d.startsWith('aws_eks_addon.')).sort()).toEqual([
        expect.stringMatching(/^aws_eks_addon\.cluster_kube-proxy/),
        expect.stringMatching(/^aws_eks_addon\.cluster_pod-identity-agent/),
        expect.stringMatching(/^aws_eks_addon\.cluster_vpc-cni/),
      ]);
      expect(
        dependencies.filter((d: string) => d.startsWith('aws_iam_role_policy_attachment.')),
      ).toHaveLength(3);
      // the node role's three attachments, for every node group
      const nodeRole = out.ref('aws_iam_role', 'cluster/node-role', 'name');
      const attachments = out
        .resources('aws_iam_role_policy_attachment')
        .filter((a) => a.props.role === nodeRole);
      expect(attachments.map((a) => a.props.policy_arn.split(':iam::aws:policy/')[1]).sort()).toEqual([
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonEKSWorkerNodePolicy',
        'AmazonEKS_CNI_Policy',
      ]);
      const attached = attachments.map((a) => `aws_iam_role_policy_attachment.${a.id}`).sort();
      for (const group of ['system-nodes', 'gpu-a10g', 'gpu-mixed']) {
        const dependsOn = out.resource('aws_eks_node_group', `${group}/node-group`).depends_on;
        expect(
          dependsOn.filter((d: string) => d.startsWith('aws_iam_role_policy_attachment.')).sort(),
        ).toEqual(attached);
      }
    });
  });

  describe('GPU node groups', () => {
    const a10g = out.resource('aws_eks_node_group', 'gpu-a10g/node-group');

    it('are tainted and labelled for GPU workloads', () => {
      expect(a10g).toMatchObject({
        ami_type: 'AL2023_x86_64_NVIDIA',
        capacity_type: 'ON_DEMAND',
        taint: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NO_SCHEDULE' }],
        labels: {
          'nvidia.com/gpu.present': 'true',
          'k8s.amazonaws.com/accelerator': 'nvidia-a10g',
          'model-serving.io/node-pool': 'a10g',
          'model-serving.io/ami-family': 'al2023',
        },
        update_config: { max_unavailable: 1 },
        node_repair_config: { enabled: true },
      });
    });

    it('may scale to zero, with the desired size left to the autoscaler after creation', () => {
      expect(a10g.scaling_config).toEqual({ min_size: 0, max_size: 4, desired_size: 0 });
      expect(a10g.lifecycle).toEqual({ ignore_changes: ['scaling_config[0].desired_size'] });
    });

    it('tag their Auto Scaling group so the autoscaler can scale them up from zero', () => {
      const tags = out
        .resources('aws_autoscaling_group_tag')
        .filter((t) => t.path.includes('gpu-a10g'))
        .map((t) => t.props);
      expect(Object.fromEntries(tags.map((t) => [t.tag.key, t.tag.value]))).toEqual({
        'k8s.io/cluster-autoscaler/enabled': 'true',
        'k8s.io/cluster-autoscaler/test': 'owned',
        'k8s.io/cluster-autoscaler/node-template/label/nvidia.com/gpu.present': 'true',
        'k8s.io/cluster-autoscaler/node-template/label/k8s.amazonaws.com/accelerator': 'nvidia-a10g',
        'k8s.io/cluster-autoscaler/node-template/label/model-serving.io/node-pool': 'a10g',
        'k8s.io/cluster-autoscaler/node-template/label/model-serving.io/ami-family': 'al2023',
        'k8s.io/cluster-autoscaler/node-template/taint/nvidia.com/gpu': 'true:NoSchedule',
        'k8s.io/cluster-autoscaler/node-template/resources/nvidia.com/gpu': '1',
      });
      for (const tag of tags) {
        expect(tag.tag.propagate_at_launch).toBe(false);
        expect(tag.autoscaling_group_name).toBe(
          `\${aws_eks_node_group.${out.resources('aws_eks_node_group').find((g) => g.path.includes('gpu-a10g'))?.id}.resources[0].autoscaling_groups[0].name}`,
        );
      }
    });

    it('count the GPUs of their instance size for the autoscaler', () => {
      const gpus = out
        .resources('aws_autoscaling_group_tag')
        .find((t) => t.path.includes('gpu-mixed') && t.props.tag.key.endsWith('resources/nvidia.com/gpu'));
      expect(gpus?.props.tag.value).toBe('4');
      expect(out.resource('aws_eks_node_group', 'gpu-mixed/node-group')).toMatchObject({
        capacity_type: 'SPOT',
        ami_type: 'BOTTLEROCKET_x86_64_NVIDIA',
        labels: { 'model-serving.io/ami-family': 'bottlerocket' },
      });
    });

    it('label a group of several GPU models with all of them, and its scale-from-zero hint alike', () => {
      // the label marks GPU nodes for the autoscaler; no single model's value would be true of every node
      const group = out.resource('aws_eks_node_group', 'gpu-mixed/node-group');
      expect(group.labels['k8s.amazonaws.com/accelerator']).toBe('nvidia-a10g_nvidia-l4');
      const hint = out
        .resources('aws_autoscaling_group_tag')
        .find(
          (t) =>
            t.path.includes('gpu-mixed') && t.props.tag.key.endsWith('label/k8s.amazonaws.com/accelerator'),
        );
      expect(hint?.props.tag.value).toBe('nvidia-a10g_nvidia-l4');
    });
  });

  describe('managed add-ons', () => {
    const addons: Record<string, any> = Object.fromEntries(
      out.resources('aws_eks_addon').map((a) => [a.props.addon_name, a.props]),
    );
    const pinned = MANAGED_ADDON_VERSIONS['1.36'];

    it('are pinned to the versions for the cluster version and own their configuration', () => {
      expect(Object.fromEntries(Object.entries(addons).map(([name, a]) => [name, a.addon_version]))).toEqual({
        'vpc-cni': pinned.vpcCni,
        'eks-pod-identity-agent': pinned.podIdentityAgent,
        'kube-proxy': pinned.kubeProxy,
        coredns: pinned.coredns,
        'aws-ebs-csi-driver': pinned.ebsCsiDriver,
        'amazon-cloudwatch-observability': pinned.cloudwatchObservability,
      });
      for (const addon of Object.values(addons)) {
        expect(addon).toMatchObject({
          resolve_conflicts_on_create: 'OVERWRITE',
          resolve_conflicts_on_update: 'OVERWRITE',
        });
      }
    });

    it('enable Kubernetes network policy in the VPC CNI', () => {
      expect(JSON.parse(addons['vpc-cni'].configuration_values)).toEqual({ enableNetworkPolicy: 'true' });
    });

    it('give the EBS CSI driver its AWS-managed policy through Pod Identity', () => {
      expect(addons['aws-ebs-csi-driver'].pod_identity_association).toEqual([
        {
          role_arn: out.ref('aws_iam_role', 'ebs-csi-role', 'arn'),
          service_account: 'ebs-csi-controller-sa',
        },
      ]);
      expect(
        out.resources('aws_iam_role_policy_attachment').find((a) => a.path.includes('ebs-csi-role'))?.props
          .policy_arn,
      ).toMatch(/:iam::aws:policy\/service-role\/AmazonEBSCSIDriverPolicy$/);
    });

    it('send Container Insights (GPU metrics per pod) with the CloudWatch agent authorized through Pod Identity', () => {
      const observability = addons['amazon-cloudwatch-observability'];
      expect(observability.pod_identity_association).toEqual([
        {
          role_arn: out.ref('aws_iam_role', 'cloudwatch-agent-role', 'arn'),
          service_account: 'cloudwatch-agent',
        },
      ]);
      expect(
        out.resources('aws_iam_role_policy_attachment').find((a) => a.path.includes('cloudwatch-agent-role'))
          ?.props.policy_arn,
      ).toMatch(/:iam::aws:policy\/CloudWatchAgentServerPolicy$/);
      // the role trusts Pod Identity for that service account of amazon-cloudwatch only
      const conditions = out.dataSource('aws_iam_policy_document', 'cloudwatch-agent-role/trust').statement[0]
        .condition;
      expect(conditions).toContainEqual({
        test: 'StringEquals',
        variable: 'aws:RequestTag/kubernetes-namespace',
        values: ['amazon-cloudwatch'],
      });
      expect(conditions).toContainEqual({
        test: 'StringEquals',
        variable: 'aws:RequestTag/kubernetes-service-account',
        values: ['cloudwatch-agent'],
      });
      expect(observability.depends_on).toEqual([
        expect.stringMatching(/^aws_eks_node_group\.cluster_system-nodes/),
        expect.stringMatching(/^aws_eks_addon\.cluster_pod-identity-agent/),
      ]);
    });

    it("record the add-on's DaemonSets on the cluster (agent and Fluent Bit on every node, DCGM exporter on GPU nodes), not when it is off", () => {
      const { stack } = plainStack();
      const managed = ['aws-node', 'kube-proxy', 'eks-pod-identity-agent', 'ebs-csi-node'];
      expect(clusterIn(stack).nodeDaemons).toEqual([
        ...MANAGED_ADDON_DAEMONS,
        {
          name: 'cloudwatch-agent',
          cpuMilli: 250,
          memoryMiB: 128,
          placement: 'every node',
          source: expect.any(String),
        },
        {
          name: 'fluent-bit',
          cpuMilli: 50,
          memoryMiB: 25,
          placement: 'every node',
          source: expect.any(String),
        },
        {
          name: 'dcgm-exporter',
          cpuMilli: 250,
          memoryMiB: 128,
          placement: 'GPU nodes',
          source: expect.any(String),
        },
      ]);
      const off = clusterIn(plainStack().stack, { containerInsights: false });
      expect(off.nodeDaemons.map((d) => d.name)).toEqual(managed);
    });

    it('leave Container Insights out when asked, and use IRSA with IRSA', () => {
      const off = synthCluster({ containerInsights: false });
      expect(off.resources('aws_eks_addon').map((a) => a.props.addon_name)).not.toContain(
        'amazon-cloudwatch-observability',
      );
      const irsa = synthCluster({ workloadIdentity: 'irsa' });
      const addon = irsa
        .resources('aws_eks_addon')
        .find((a) => a.props.addon_name === 'amazon-cloudwatch-observability');
      expect(addon?.props.service_account_role_arn).toBe(
        irsa.ref('aws_iam_role', 'cloudwatch-agent-role', 'arn'),
      );
    });

    it('associate each service account with one role only (the EBS CSI add-on brings its own association)', () => {
      const accounts = out
        .resources('aws_eks_pod_identity_association')
        .map((a) => `${a.props.namespace}/${a.props.service_account}`);
      expect(accounts).not.toContain('kube-system/ebs-csi-controller-sa');
      expect(new Set(accounts).size).toBe(accounts.length);
    });

    it('install CoreDNS once nodes exist', () => {
      expect(addons.coredns.depends_on).toEqual([
        expect.stringMatching(/^aws_eks_node_group\.cluster_system-nodes/),
      ]);
    });

    it('can be pinned to other versions', () => {
      const custom = synthCluster({
        kubernetesVersion: '1.34',
        addonVersions: { coredns: 'v1.12.4-eksbuild.1' },
      });
      const versions = Object.fromEntries(
        custom.resources('aws_eks_addon').map((a) => [a.props.addon_name, a.props.addon_version]),
      );
      expect(versions.coredns).toBe('v1.12.4-eksbuild.1');
      expect(versions['kube-proxy']).toBe(MANAGED_ADDON_VERSIONS['1.34'].kubeProxy);
    });
  });

  describe('Kubernetes and Helm providers', () => {
    const exec = {
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'test', '--region', 'us-east-1', '--role-arn', DEPLOYER],
    };
    const host = out.ref('aws_eks_cluster', 'cluster', 'endpoint');
    const ca = `\${base64decode(aws_eks_cluster.${out.resources('aws_eks_cluster')[0].id}.certificate_authority[0].data)}`;

    it('take the endpoint and CA from the cluster resource and authenticate with aws eks get-token', () => {
      expect(out.json.provider.kubernetes).toEqual([{ host, cluster_ca_certificate: ca, exec: [exec] }]);
      expect(out.json.provider.helm).toEqual([{ kubernetes: { host, cluster_ca_certificate: ca, exec } }]);
    });

    it('read nothing from a data source and hold no static token', () => {
      expect(out.dataSources('aws_eks_cluster')).toHaveLength(0);
      expect(out.dataSources('aws_eks_cluster_auth')).toHaveLength(0);
      expect(out.json.provider.kubernetes[0].token).toBeUndefined();
      expect(out.json.provider.helm[0].kubernetes.token).toBeUndefined();
    });
  });

  describe('workload roles', () => {
    it('with Pod Identity trust only the named service account of this cluster', () => {
      const granted = synthCluster({}, (cluster) => {
        cluster.createWorkloadRole(cluster, 'serving', {
          namespace: 'models',
          serviceAccount: 'fraud',
          component: 'fraud',
        });
      });
      const trust = granted.policyStatements(
        granted.resource('aws_iam_role', 'serving/role').assume_role_policy,
      )[0];
      expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }]);
      expect(trust.actions).toEqual(['sts:AssumeRole', 'sts:TagSession']);
      expect(trust.condition.slice(1)).toEqual([
        { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-name', values: ['test'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: ['models'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: ['fraud'] },
      ]);
      expect(granted.resource('aws_eks_pod_identity_association', 'serving-association')).toMatchObject({
        namespace: 'models',
        service_account: 'fraud',
        role_arn: granted.ref('aws_iam_role', 'serving/role', 'arn'),
      });
    });

    it('make pods wait for what is granted after the role is created', () => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      const identity = cluster.createWorkloadRole(cluster, 'serving', {
        namespace: 'models',
        serviceAccount: 'fraud',
        component: 'fraud',
      });
      const association = cluster.node.findChild('serving-association');
      expect(identity.dependables).toEqual([identity.role.role, association]);
      identity.role.addToPrincipalPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
      const attachment = identity.role.attachManagedPolicy('arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess');
      expect(identity.role.inlinePolicy).toBeDefined();
      expect(identity.dependables).toEqual([
        identity.role.role,
        identity.role.inlinePolicy,
        attachment,
        association,
      ]);
      const irsa = clusterIn(plainStack().stack, { workloadIdentity: 'irsa' }).createWorkloadRole(
        stack,
        'irsa-serving',
        { namespace: 'models', serviceAccount: 'fraud', component: 'fraud' },
      );
      irsa.role.addToPrincipalPolicy({ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] });
      expect(irsa.dependables).toEqual([irsa.role.role, irsa.role.inlinePolicy]);
    });

    it('with IRSA trust the OIDC provider for that subject and audience', () => {
      const irsa = synthCluster({ workloadIdentity: 'irsa' }, (cluster) => {
        const identity = cluster.createWorkloadRole(cluster, 'serving', {
          namespace: 'models',
          serviceAccount: 'fraud',
          component: 'fraud',
        });
        expect(Object.keys(identity.serviceAccountAnnotations)).toEqual(['eks.amazonaws.com/role-arn']);
      });
      expect(irsa.resource('aws_iam_openid_connect_provider').client_id_list).toEqual(['sts.amazonaws.com']);
      const trust = irsa.policyStatements(
        irsa.resource('aws_iam_role', 'serving/role').assume_role_policy,
      )[0];
      expect(trust.actions).toEqual(['sts:AssumeRoleWithWebIdentity']);
      expect(trust.condition[0].values).toEqual(['system:serviceaccount:models:fraud']);
      expect(irsa.resources('aws_eks_pod_identity_association')).toHaveLength(0);
    });
  });

  describe('rejects', () => {
    it('an API endpoint open to the internet without the opt-out', () => {
      const { stack } = plainStack();
      const error = errorOf(() => clusterIn(stack, { publicAccessCidrs: ['0.0.0.0/0'] }));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toContain(
        `publicAccessCidrs[0]: must be /24 or narrower (the deploy runners' egress addresses) unless allowOpenPublicEndpoint is true, got "0.0.0.0/0"`,
      );
      expect(() =>
        clusterIn(plainStack().stack, { publicAccessCidrs: ['0.0.0.0/0'], allowOpenPublicEndpoint: true }),
      ).not.toThrow();
    });

    it('an API endpoint open to a block wider than /24, or to a range no runner egresses from', () => {
      const error = errorOf(() =>
        clusterIn(plainStack().stack, {
          publicAccessCidrs: ['52.94.76.0/24', '52.94.0.0/16', '203.0.113.0/24'],
          privateAccessCidrs: ['52.94.76.0/24'],
        }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(
        '[test/cluster] invalid props (3 problems):\n' +
          `  - publicAccessCidrs[2]: must be a public block the deploy runners' traffic comes from: it lies in 203.0.113.0/24 (documentation TEST-NET-3, RFC 5737), a special-purpose range (RFC 6890) from which no connection reaches a public endpoint, got "203.0.113.0/24"\n` +
          '  - privateAccessCidrs[0]: must be a private IPv4 CIDR block (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) given as its network address, got "52.94.76.0/24"\n' +
          `  - publicAccessCidrs[1]: must be /24 or narrower (the deploy runners' egress addresses) unless allowOpenPublicEndpoint is true, got "52.94.0.0/16"`,
      );
    });

    it('a deployer role that is not an administrator (it would get no access entry)', () => {
      const error = errorOf(() => clusterIn(plainStack().stack, { adminRoleArns: [ADMIN] }));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(
        '[test/cluster] invalid props (1 problem):\n' +
          `  - deployerRoleArn: must be one of adminRoleArns: the deployer needs an access entry to create in-cluster resources, got "${DEPLOYER}"`,
      );
      // a role known only at apply time cannot be checked here
      const { stack } = plainStack();
      const deployer = new TerraformVariable(stack, 'deployer', { type: 'string' }).stringValue;
      expect(() => clusterIn(stack, { adminRoleArns: [ADMIN], deployerRoleArn: deployer })).not.toThrow();
    });

    it('control plane logs without api, audit or authenticator', () => {
      const error = errorOf(() =>
        clusterIn(plainStack().stack, { controlPlaneLogTypes: ['api', 'scheduler'] }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(
        '[test/cluster] invalid props (1 problem):\n' +
          '  - controlPlaneLogTypes: must include api, audit and authenticator (missing audit, authenticator), got ["api","scheduler"]',
      );
    });

    it('an administrator role listed twice', () => {
      const error = errorOf(() => clusterIn(plainStack().stack, { adminRoleArns: [ADMIN, ADMIN] }));
      expect(error.message).toContain(`adminRoleArns[1]: must not repeat item 0, got "${ADMIN}"`);
    });

    it('an add-on version that is not an EKS build', () => {
      const error = errorOf(() => clusterIn(plainStack().stack, { addonVersions: { coredns: '1.11.4' } }));
      expect(error.message).toContain(
        `addonVersions.coredns: must be an EKS add-on version such as 'v1.20.4-eksbuild.1', got "1.11.4"`,
      );
    });

    it('a second GPU group with the same name', () => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      cluster.addGpuNodeGroup({ name: 'a10g', instanceTypes: ['g5.xlarge'], minSize: 0, maxSize: 1 });
      expect(() =>
        cluster.addGpuNodeGroup({ name: 'a10g', instanceTypes: ['g5.xlarge'], minSize: 0, maxSize: 1 }),
      ).toThrow('name: must be unique: the cluster already has a GPU node group with that name, got "a10g"');
    });

    it('a GPU group that is not GPU', () => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      expect(() =>
        cluster.addGpuNodeGroup({ name: 'cpu', instanceTypes: ['c7i.large'], minSize: 0, maxSize: 1 }),
      ).toThrow(/instanceTypes\[0\]: must be a known x86_64 NVIDIA GPU instance type/);
    });

    it('a Kubernetes version without pinned add-ons', () => {
      const { stack } = plainStack();
      expect(() => clusterIn(stack, { kubernetesVersion: '1.30' })).toThrow(
        'kubernetesVersion: must be one of 1.34, 1.35, 1.36, got "1.30"',
      );
    });
  });
});

describe('ClusterAddons', () => {
  function synthAddons(props: Partial<ClusterAddonsProps> = {}): Synthesized {
    return synthScope((scope) => {
      const cluster = clusterIn(scope as TerraformStack);
      new ClusterAddons(scope, 'addons', {
        cluster,
        vpcId: 'vpc-0123456789abcdef0',
        region: 'us-east-1',
        ...props,
      });
    });
  }
  const out = synthAddons();
  const releases: Record<string, any> = Object.fromEntries(
    out.resources('helm_release').map((r) => [r.props.name, r.props]),
  );
  const values = (name: string) => JSON.parse(releases[name].values[0]);

  it("records the DaemonSets it installs on the cluster, so models' fit counts their requests", () => {
    const daemonsWith = (props: Partial<ClusterAddonsProps>) => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      new ClusterAddons(stack, 'addons', { cluster, vpcId: 'vpc-0123456789abcdef0', ...props });
      return cluster.nodeDaemons.map((d) => d.name);
    };
    // the managed add-ons' and the CloudWatch Observability add-on's, recorded by ServingCluster
    const installed = [
      'aws-node',
      'kube-proxy',
      'eks-pod-identity-agent',
      'ebs-csi-node',
      'cloudwatch-agent',
      'fluent-bit',
      'dcgm-exporter',
    ];
    expect(daemonsWith({})).toEqual([...installed, 'nvidia-device-plugin']);
    // the DCGM exporter chart is no longer installed (Container Insights runs its own exporter)
    expect(daemonsWith({ dcgmExporter: { enabled: true }, nvidiaDevicePlugin: { enabled: false } })).toEqual(
      installed,
    );
  });

  it('installs the device plugin, metrics-server, the autoscaler and the load balancer controller at pinned versions', () => {
    expect(Object.keys(releases).sort()).toEqual([
      'aws-load-balancer-controller',
      'cluster-autoscaler',
      'metrics-server',
      'nvidia-device-plugin',
    ]);
    expect(releases['nvidia-device-plugin']).toMatchObject({
      repository: HELM_CHARTS.nvidiaDevicePlugin.repository,
      chart: 'nvidia-device-plugin',
      version: HELM_CHARTS.nvidiaDevicePlugin.version,
      namespace: 'nvidia-device-plugin',
      create_namespace: true,
    });
    for (const release of Object.values(releases)) {
      expect(release.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(release).toMatchObject({ atomic: true, wait: true, cleanup_on_fail: true });
    }
  });

  it('waits for the administrator access, the system nodes and DNS', () => {
    for (const release of Object.values(releases)) {
      expect(release.depends_on).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^aws_eks_access_policy_association\./),
          expect.stringMatching(/^aws_eks_node_group\.cluster_system-nodes/),
          expect.stringMatching(/^aws_eks_addon\.cluster_coredns/),
        ]),
      );
    }
  });

  it('runs the device plugin on AL2023 GPU nodes only, tolerating the GPU taint', () => {
    expect(values('nvidia-device-plugin')).toMatchObject({
      nodeSelector: { 'model-serving.io/ami-family': 'al2023', 'nvidia.com/gpu.present': 'true' },
      tolerations: expect.arrayContaining([
        { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' },
      ]),
    });
  });

  it('runs controllers on the system nodes', () => {
    for (const name of ['metrics-server', 'cluster-autoscaler', 'aws-load-balancer-controller']) {
      expect(values(name).nodeSelector).toEqual({ 'model-serving.io/node-pool': 'system' });
    }
    expect(values('metrics-server').replicas).toBe(2);
  });

  it('configures the autoscaler for this cluster, region and Kubernetes minor', () => {
    expect(values('cluster-autoscaler')).toMatchObject({
      cloudProvider: 'aws',
      awsRegion: 'us-east-1',
      autoDiscovery: { clusterName: 'test' },
      image: { tag: 'v1.36.1' },
      extraArgs: { 'balance-similar-node-groups': true },
      rbac: { serviceAccount: { create: true, name: 'cluster-autoscaler' } },
    });
  });

  it('lets the autoscaler change only Auto Scaling groups tagged for this cluster', () => {
    const statements = statementsOf(out, 'cluster-autoscaler-role');
    expect(statements[1]).toEqual({
      effect: 'Allow',
      actions: ['autoscaling:SetDesiredCapacity', 'autoscaling:TerminateInstanceInAutoScalingGroup'],
      resources: ['*'],
      condition: [
        {
          test: 'StringEquals',
          variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/enabled',
          values: ['true'],
        },
        {
          test: 'StringEquals',
          variable: 'aws:ResourceTag/k8s.io/cluster-autoscaler/test',
          values: ['owned'],
        },
      ],
    });
    expect(statements[0].actions.every((a: string) => /:(Describe|Get)/.test(a))).toBe(true);
  });

  it('gives the load balancer controller its cluster, region and VPC explicitly, and two replicas', () => {
    expect(values('aws-load-balancer-controller')).toMatchObject({
      clusterName: 'test',
      region: 'us-east-1',
      vpcId: 'vpc-0123456789abcdef0',
      replicaCount: 2,
      serviceAccount: { create: true, name: 'aws-load-balancer-controller' },
    });
    const statements = statementsOf(out, 'load-balancer-controller-role');
    const deletes = statements.find((s) => s.actions.includes('elasticloadbalancing:DeleteLoadBalancer'));
    expect(deletes?.condition).toEqual([
      { test: 'Null', variable: 'aws:ResourceTag/elbv2.k8s.aws/cluster', values: ['false'] },
    ]);
  });

  it('starts controllers only once their roles and Pod Identity associations exist', () => {
    expect(releases['cluster-autoscaler'].depends_on).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^aws_eks_pod_identity_association\.addons_cluster-autoscaler-role/),
      ]),
    );
  });

  it('starts controllers only once the permissions granted to their roles exist', () => {
    const controllers: Array<[string, string]> = [
      ['cluster-autoscaler', 'cluster-autoscaler-role'],
      ['aws-load-balancer-controller', 'load-balancer-controller-role'],
    ];
    for (const [release, role] of controllers) {
      expect(releases[release].depends_on).toEqual(
        expect.arrayContaining([
          dependencyOn(out, 'aws_iam_role', `addons/${role}`),
          dependencyOn(out, 'aws_iam_role_policy', `addons/${role}/inline-policy`),
          dependencyOn(out, 'aws_eks_pod_identity_association', `addons/${role}-association`),
        ]),
      );
    }
  });

  it('creates no role, policy or association for a controller left out', () => {
    const without = synthAddons({
      clusterAutoscaler: { enabled: false },
      loadBalancerController: { enabled: false },
    });
    expect(
      without
        .resources('helm_release')
        .map((r) => r.props.name)
        .sort(),
    ).toEqual(['metrics-server', 'nvidia-device-plugin']);
    for (const type of ['aws_iam_role', 'aws_iam_role_policy', 'aws_eks_pod_identity_association']) {
      expect(without.resources(type).filter((r) => r.path.startsWith('/addons/'))).toEqual([]);
    }
    // with them, each has its role, its policy and its association
    for (const type of ['aws_iam_role', 'aws_iam_role_policy', 'aws_eks_pod_identity_association']) {
      expect(out.resources(type).filter((r) => r.path.startsWith('/addons/'))).toHaveLength(2);
    }
  });

  it('no longer installs the DCGM exporter chart, and warns when it is asked for', () => {
    const { stack } = plainStack();
    const addons = new ClusterAddons(stack, 'addons', {
      cluster: clusterIn(stack),
      vpcId: 'vpc-0123456789abcdef0',
      region: 'us-east-1',
      dcgmExporter: { enabled: true },
    });
    expect(
      Synthesized.of(stack)
        .resources('helm_release')
        .map((r) => r.props.name),
    ).not.toContain('dcgm-exporter');
    expect(addons.node.metadata.map((m) => [m.type, m.data])).toContainEqual([
      '@cdktf/warn',
      'cluster.addons.dcgmExporter is deprecated and no longer installed: the Amazon CloudWatch Observability add-on (cluster.containerInsights, on by default) collects GPU metrics. Remove the setting; an installed dcgm-exporter release is uninstalled on the next deploy.',
    ]);
  });

  it('can leave an add-on out and merge extra values', () => {
    const custom = synthAddons({
      metricsServer: { enabled: false },
      loadBalancerController: { values: { replicaCount: 3, podDisruptionBudget: { maxUnavailable: 1 } } },
    });
    const names = custom.resources('helm_release').map((r) => r.props.name);
    expect(names).not.toContain('metrics-server');
    const lbc = JSON.parse(
      custom.resources('helm_release').find((r) => r.props.name === 'aws-load-balancer-controller')?.props
        .values[0],
    );
    expect(lbc).toMatchObject({
      replicaCount: 3,
      clusterName: 'test',
      podDisruptionBudget: { maxUnavailable: 1 },
    });
  });

  describe("the load balancer controller's webhooks", () => {
    const all = synthAddons();
    const controller = all
      .resources('helm_release')
      .find((r) => r.props.name === 'aws-load-balancer-controller');

    it('install every other release after the controller (a Service created before its webhook is ready is refused)', () => {
      const others = all
        .resources('helm_release')
        .filter((r) => r.props.name !== 'aws-load-balancer-controller');
      expect(others.map((r) => r.props.name).sort()).toEqual([
        'cluster-autoscaler',
        'metrics-server',
        'nvidia-device-plugin',
      ]);
      for (const release of others) {
        expect(release.props.depends_on).toContain(`helm_release.${controller?.id}`);
      }
      expect(controller?.props.depends_on.some((d: string) => d.startsWith('helm_release.'))).toBe(false);
    });

    it('turn the Service mutator off: models use Ingress, and it would refuse every Service while the controller is down', () => {
      expect(JSON.parse(controller?.props.values[0]).enableServiceMutatorWebhook).toBe(false);
      expect(controller?.props).toMatchObject({ wait: true, atomic: true });
    });

    it('keep the order when a user turns the Service mutator back on', () => {
      const on = synthAddons({ loadBalancerController: { values: { enableServiceMutatorWebhook: true } } });
      const lbc = on.resources('helm_release').find((r) => r.props.name === 'aws-load-balancer-controller');
      expect(JSON.parse(lbc?.props.values[0]).enableServiceMutatorWebhook).toBe(true);
      const metrics = on.resources('helm_release').find((r) => r.props.name === 'metrics-server');
      expect(metrics?.props.depends_on).toContain(`helm_release.${lbc?.id}`);
    });

    it('are what Services must wait for, and nothing when the controller is left out', () => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      const withController = new ClusterAddons(stack, 'addons', { cluster, vpcId: 'vpc-0123456789abcdef0' });
      expect(withController.webhookDependencies).toEqual([withController.releases.loadBalancerController]);
      const other = plainStack().stack;
      const without = new ClusterAddons(other, 'addons', {
        cluster: clusterIn(other),
        vpcId: 'vpc-0123456789abcdef0',
        loadBalancerController: { enabled: false },
      });
      expect(without.webhookDependencies).toEqual([]);
      const out = Synthesized.of(other);
      for (const release of out.resources('helm_release')) {
        expect(release.props.depends_on.some((d: string) => d.startsWith('helm_release.'))).toBe(false);
      }
    });
  });

  describe('rejects', () => {
    const rejects = (props: Partial<ClusterAddonsProps>, line: string) => {
      const { stack } = plainStack();
      const cluster = clusterIn(stack);
      const error = errorOf(
        () =>
          new ClusterAddons(stack, 'addons', {
            cluster,
            vpcId: 'vpc-0123456789abcdef0',
            region: 'us-east-1',
            ...props,
          }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/addons] invalid props (1 problem):\n  - ${line}`);
    };

    it.each<[string, Partial<ClusterAddonsProps>, string]>([
      [
        'a cluster that is not a ServingCluster',
        { cluster: { clusterName: 'test' } as never },
        'cluster: must be a serving cluster (IServingCluster), got {"clusterName":"test"}',
      ],
      [
        'a VPC ID of the wrong form',
        { vpcId: 'vpc-123' },
        `vpcId: must be a VPC ID such as 'vpc-0abc12345def67890', got "vpc-123"`,
      ],
      [
        'a region that is not a region code',
        { region: 'virginia' },
        `region: must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included), got "virginia"`,
      ],
      [
        'an add-on switched on with a string',
        { dcgmExporter: { enabled: 'yes' as never } },
        'dcgmExporter.enabled: must be true or false, got "yes"',
      ],
      [
        'chart values that are not an object',
        { loadBalancerController: { values: 'replicaCount=3' as never } },
        'loadBalancerController.values: must be an object, got "replicaCount=3"',
      ],
      [
        'an unknown add-on setting',
        { metricsServer: { enable: false } as never },
        'metricsServer.enable: is not a known field (did you mean `enabled`?); allowed fields: enabled, values, got false',
      ],
      [
        'an unknown field',
        { prometheus: { enabled: true } } as never,
        'prometheus: is not a known field; allowed fields: cluster, vpcId, region, addOns, nvidiaDevicePlugin, metricsServer, clusterAutoscaler, loadBalancerController, dcgmExporter, got {"enabled":true}',
      ],
    ])('%s', (_title, props, line) => rejects(props, line));
  });
});

describe('ServingNodeGroup', () => {
  const base = {
    clusterName: 'test',
    nodeRoleArn: 'arn:aws:iam::123456789012:role/nodes',
    subnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    capacityType: 'ON_DEMAND',
  } as const;
  const gpu: ServingNodeGroupProps = {
    ...base,
    name: 'a10g',
    role: 'gpu',
    instanceTypes: ['g5.2xlarge'],
    amiType: 'AL2023_x86_64_NVIDIA',
    minSize: 0,
    maxSize: 4,
    diskSizeGiB: 200,
    autoscalerTags: true,
  };
  const system: ServingNodeGroupProps = {
    ...base,
    name: 'system',
    role: 'system',
    instanceTypes: ['m6i.large'],
    amiType: 'AL2023_x86_64_STANDARD',
    minSize: 2,
    maxSize: 4,
    diskSizeGiB: 50,
    autoscalerTags: false,
  };

  it('takes a system group on Bottlerocket with a desired size of its own', () => {
    const out = synthScope(
      (scope) =>
        new ServingNodeGroup(scope, 'nodes', {
          ...system,
          instanceTypes: ['m7g.large'],
          amiType: 'BOTTLEROCKET_ARM_64',
          desiredSize: 3,
          diskSizeGiB: 20,
        }),
    );
    expect(out.resource('aws_eks_node_group')).toMatchObject({
      node_group_name: 'test-system',
      ami_type: 'BOTTLEROCKET_ARM_64',
      instance_types: ['m7g.large'],
      scaling_config: { min_size: 2, max_size: 4, desired_size: 3 },
    });
    expect(out.resource('aws_launch_template').block_device_mappings[1]).toMatchObject({
      device_name: '/dev/xvdb',
      ebs: { volume_size: 20 },
    });
    // no NVIDIA runtime on a system group: nothing to set
    expect(out.resource('aws_launch_template').user_data).toBeUndefined();
  });

  describe('rejects', () => {
    const rejects = (props: ServingNodeGroupProps, line: string) => {
      const { stack } = plainStack();
      const error = errorOf(() => new ServingNodeGroup(stack, 'nodes', props));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/nodes] invalid props (1 problem):\n  - ${line}`);
    };

    it.each<[string, ServingNodeGroupProps, string]>([
      [
        'a cluster name with a space',
        { ...gpu, clusterName: 'my cluster' },
        'clusterName: must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit, got "my cluster"',
      ],
      [
        'a name that is not a DNS label',
        { ...gpu, name: 'A10G' },
        `name: must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "A10G"`,
      ],
      [
        'an unknown role',
        { ...gpu, role: 'cpu' as never },
        'role: must be one of "gpu", "system", got "cpu"',
      ],
      [
        'a node role that is not a role ARN',
        { ...gpu, nodeRoleArn: 'nodes' },
        `nodeRoleArn: must be an IAM role ARN 'arn:<partition>:iam::<account>:role/<name>', got "nodes"`,
      ],
      ['no subnets', { ...gpu, subnetIds: [] }, 'subnetIds: must have at least 1 item(s), got []'],
      [
        'a subnet ID of the wrong form',
        { ...gpu, subnetIds: ['subnet-a'] },
        `subnetIds[0]: must be a subnet ID such as 'subnet-0abc12345def67890', got "subnet-a"`,
      ],
      [
        'a GPU group of general-purpose instances',
        { ...gpu, instanceTypes: ['m6i.large'] },
        `instanceTypes[0]: must be a known x86_64 NVIDIA GPU instance type (families ${Object.keys(GPU_FAMILIES).join(', ')}), e.g. 'g5.2xlarge', got "m6i.large"`,
      ],
      [
        'a GPU group of two shapes',
        { ...gpu, instanceTypes: ['g6e.xlarge', 'g6e.2xlarge'] },
        'instanceTypes: must all have one shape, the same vCPUs, memory and GPUs (the cluster autoscaler sizes a scale-up from zero from one of them): g6e.xlarge has 4 vCPU, 32 GiB, 1 GPU; g6e.2xlarge has 8 vCPU, 64 GiB, 1 GPU, got ["g6e.xlarge","g6e.2xlarge"]',
      ],
      [
        'a Spot GPU group of one type',
        { ...gpu, capacityType: 'SPOT' },
        'instanceTypes: must list at least two instance types of one shape for SPOT capacity (one Spot pool fails every scale-up while it is dry): add g4dn.2xlarge or g6.2xlarge (8 vCPU, 32 GiB, 1 GPU, like g5.2xlarge), got ["g5.2xlarge"]',
      ],
      [
        'a system group of a type the table does not know',
        { ...system, instanceTypes: ['m8i.large'] },
        'instanceTypes[0]: must be an instance type the library knows: t3, t3a, t4g (medium, large, xlarge, 2xlarge); m5, m5a, m6i, m6a, m7i, m7a, c6i, c6a, c7i, c7a, r5, r6i, r6a, r7i, r7a, m6g, m7g, c6g, c7g, r6g, r7g (large, xlarge, 2xlarge, 4xlarge, 8xlarge); c5 (large, xlarge, 2xlarge, 4xlarge, 9xlarge), got "m8i.large"',
      ],
      [
        'a system group whose instance type does not match its AMI architecture',
        { ...system, instanceTypes: ['m6g.large'] },
        `instanceTypes: must match the AMI type's architecture (x86_64 for AL2023_x86_64_STANDARD): m6g.large is arm64, got ["m6g.large"]`,
      ],
      [
        'a system group of two shapes',
        { ...system, instanceTypes: ['m6i.large', 'm6i.xlarge'] },
        'instanceTypes: must all have one shape, the same vCPUs, memory and GPUs (the cluster autoscaler sizes a scale-up from zero from one of them): m6i.large has 2 vCPU, 8 GiB; m6i.xlarge has 4 vCPU, 16 GiB, got ["m6i.large","m6i.xlarge"]',
      ],
      [
        'a GPU group on an AMI without GPU drivers',
        { ...gpu, amiType: 'AL2023_x86_64_STANDARD' },
        'amiType: must be one of "AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA" (AL2 AMI types are not supported by EKS since November 2025), got "AL2023_x86_64_STANDARD"',
      ],
      [
        'an unknown capacity type',
        { ...gpu, capacityType: 'RESERVED' as never },
        'capacityType: must be one of "ON_DEMAND", "SPOT", got "RESERVED"',
      ],
      [
        'a GPU group larger than 1000 nodes',
        { ...gpu, maxSize: 1001 },
        'maxSize: must be a whole number between 1 and 1000, got 1001',
      ],
      [
        'a GPU group whose minimum exceeds its maximum',
        { ...gpu, minSize: 5, maxSize: 4 },
        'minSize: must not exceed maxSize (4), got 5',
      ],
      [
        'a GPU group starting outside its sizes',
        { ...gpu, desiredSize: 5 },
        'desiredSize: must be between minSize (0) and maxSize (4), got 5',
      ],
      [
        'a GPU group with too small a volume for inference images',
        { ...gpu, diskSizeGiB: 50 },
        'diskSizeGiB: must be a whole number between 100 and 16384 GiB, got 50',
      ],
      [
        'no word on autoscaler tags',
        { ...gpu, autoscalerTags: undefined as never },
        'autoscalerTags: is required',
      ],
      [
        'a system group of GPU instances',
        { ...system, instanceTypes: ['g5.xlarge'] },
        'instanceTypes[0]: must not be a GPU instance type: system nodes run controllers only, got "g5.xlarge"',
      ],
      [
        'a system group on a GPU AMI',
        { ...system, amiType: 'AL2023_x86_64_NVIDIA' },
        'amiType: must be one of "AL2023_x86_64_STANDARD", "AL2023_ARM_64_STANDARD", "BOTTLEROCKET_x86_64", "BOTTLEROCKET_ARM_64" (system nodes run controllers, not GPU workloads), got "AL2023_x86_64_NVIDIA"',
      ],
      [
        'a system group that can scale to zero',
        { ...system, minSize: 0 },
        'minSize: must be a whole number between 1 and 100, got 0',
      ],
      [
        'a system group whose minimum exceeds its maximum',
        { ...system, minSize: 5 },
        'minSize: must not exceed maxSize (4), got 5',
      ],
      [
        'a system group starting outside its sizes',
        { ...system, desiredSize: 1 },
        'desiredSize: must be between minSize (2) and maxSize (4), got 1',
      ],
      [
        'a system volume smaller than the default',
        { ...system, diskSizeGiB: 10 },
        'diskSizeGiB: must be a whole number between 20 and 16384 GiB, got 10',
      ],
      [
        'an unknown field',
        { ...system, labels: { team: 'ml' } } as never,
        'labels: is not a known field; allowed fields: clusterName, name, role, nodeRoleArn, subnetIds, instanceTypes, amiType, capacityType, minSize, maxSize, desiredSize, diskSizeGiB, dependsOn, autoscalerTags, got {"team":"ml"}',
      ],
    ])('%s', (_title, props, line) => rejects(props, line));
  });
});

import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import { EksCluster } from '@cdktf/provider-aws/lib/eks-cluster';
import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { type HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { type KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Annotations, Fn, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import {
  CLOUDWATCH_OBSERVABILITY_DAEMONS,
  type Allocatable,
  type NodeDaemon,
} from '../config/node-allocatable';
import { invalidProps, validateProps } from '../core/validation/issues';
import { MANAGED_ADDON_VERSIONS, type ManagedAddonVersions } from '../config/versions';
import type { GpuNodeGroupSpec } from '../config/cluster-types';
import { AwsContext } from '../core/aws-context';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import { NAME_LIMITS, Naming, truncateWithHash } from '../core/naming';
import { RoleTrusts, ServiceRole } from '../core/service-role';
import type { IServingNetwork } from '../network/serving-network';
import { ServingNodeGroup } from './serving-node-group';
import type {
  IServingCluster,
  ServingClusterAttributes,
  WorkloadIdentity,
  WorkloadRoleOptions,
} from './cluster-contract';
import { ImportedServingCluster } from './private/imported-cluster';
import { clusterProviders } from './private/cluster-providers';
import { createWorkloadRole } from './private/workload-roles';
import { administratorAccess, privateEndpointAccess } from './private/cluster-access';
import { installContainerInsights } from './private/container-insights';
import { NodeDaemons } from './private/node-daemons';
import {
  type ServingClusterProps,
  gpuNodeGroupOptionsSchema,
  servingClusterPropsSchema,
} from './serving-cluster-props';

/** The EKS access policy that makes a principal cluster administrator. */
export const CLUSTER_ADMIN_POLICY = 'AmazonEKSClusterAdminPolicy';

/**
 * An EKS cluster for model serving: private API endpoint (public only to listed CIDRs), secrets
 * encrypted with the environment key, control plane logs in a pre-created encrypted log group,
 * API authentication mode with explicit administrator access entries (nobody is admin
 * implicitly), deletion protection, EKS managed add-ons at pinned versions (VPC CNI with network
 * policy, CoreDNS, kube-proxy, the Pod Identity agent, the EBS CSI driver), a system node group
 * for controllers, GPU node groups, and Kubernetes and Helm providers configured from the cluster
 * resource itself with `aws eks get-token`, so one apply creates the cluster and what runs in it.
 */
export class ServingCluster extends Construct implements IServingCluster {
  /**
   * An existing EKS cluster, for add-ons and workloads in it: Kubernetes and Helm providers (ids
   * `kubernetes` and `helm` under `id`) configured from its endpoint and CA as for an owned
   * cluster, and workload roles for its service accounts (Pod Identity associations or IRSA
   * trust through its OIDC provider). The library manages none of its node groups: it has no
   * `systemNodes` and no GPU node groups, and node groups cannot be added to it; its nodes and
   * their DaemonSets are its owner's.
   */
  public static fromClusterAttributes(
    scope: Construct,
    id: string,
    attrs: ServingClusterAttributes,
  ): IServingCluster {
    return new ImportedServingCluster(scope, id, attrs);
  }

  /** The EKS cluster resource. */
  public readonly cluster: EksCluster;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The cluster's ARN. */
  public readonly clusterArn: string;
  /** The security group EKS creates for the control plane and the nodes. */
  public readonly clusterSecurityGroupId: string;
  /** The Kubernetes minor version. */
  public readonly kubernetesVersion: string;
  /** The role every node group uses (EKS worker, ECR pull and CNI policies only). */
  public readonly nodeRole: ServiceRole;
  /** The system node group: controllers and add-ons run here. */
  public readonly systemNodes: ServingNodeGroup;
  /** The provider for in-cluster Kubernetes resources. */
  public readonly kubernetesProvider: KubernetesProvider;
  /** The provider for Helm releases. */
  public readonly helmProvider: HelmProvider;
  /** How workloads get AWS credentials. */
  public readonly workloadIdentity: 'podIdentity' | 'irsa';
  /** The Amazon CloudWatch Observability add-on, unless `containerInsights` is false. */
  public readonly containerInsights?: EksAddon;
  private readonly gpuGroups = new Map<string, ServingNodeGroup>();
  private readonly daemons = new NodeDaemons();
  private readonly network: IServingNetwork;
  private readonly autoscalerTags: boolean;
  private readonly beforeCompute: ITerraformDependable[];
  private readonly readyForWorkloads: ITerraformDependable[];
  private oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: ServingClusterProps) {
    super(scope, id);
    const p = validateProps(this, servingClusterPropsSchema, props);
    const aws = AwsContext.of(this);
    const naming = Naming.of(this);
    const region = p.region ?? aws.region;
    this.network = p.network;
    this.autoscalerTags = p.autoscalerTags;
    this.workloadIdentity = p.workloadIdentity;
    this.kubernetesVersion = p.kubernetesVersion;
    this.clusterName = p.clusterName ?? truncateWithHash(naming.prefix, NAME_LIMITS.eksCluster);
    const versions: ManagedAddonVersions = {
      ...MANAGED_ADDON_VERSIONS[p.kubernetesVersion],
      ...p.addonVersions,
    };

    const clusterRole = new ServiceRole(this, 'cluster-role', {
      assumedBy: {
        ...RoleTrusts.service('eks.amazonaws.com'),
        actions: ['sts:AssumeRole', 'sts:TagSession'],
      },
      component: 'eks-cluster',
      description: `Control plane of ${this.clusterName}`,
      managedPolicyArns: [`arn:${aws.partition}:iam::aws:policy/AmazonEKSClusterPolicy`],
    });
    // envelope encryption of secrets with the environment key
    clusterRole.addToPrincipalPolicy({
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ListGrants', 'kms:DescribeKey'],
      resources: [p.encryptionKey.keyArn],
    });

    const logs = new EncryptedLogGroup(this, 'control-plane-logs', {
      // the name EKS writes to: it must exist before the cluster, or EKS creates it unencrypted
      logGroupName: `/aws/eks/${this.clusterName}/cluster`,
      encryptionKey: p.encryptionKey,
      retentionDays: p.logRetentionDays,
    });

    this.cluster = new EksCluster(this, 'cluster', {
      name: this.clusterName,
      version: p.kubernetesVersion,
      roleArn: clusterRole.roleArn,
      vpcConfig: {
        subnetIds: [...p.network.privateSubnetIds],
        endpointPrivateAccess: true,
        endpointPublicAccess: p.publicAccessCidrs.length > 0,
        publicAccessCidrs: p.publicAccessCidrs.length > 0 ? [...p.publicAccessCidrs] : undefined,
      },
      encryptionConfig: { resources: ['secrets'], provider: { keyArn: p.encryptionKey.keyArn } },
      enabledClusterLogTypes: [...p.controlPlaneLogTypes],
      accessConfig: { authenticationMode: 'API', bootstrapClusterCreatorAdminPermissions: false },
      // the library installs the networking add-ons itself, as managed add-ons at pinned versions
      bootstrapSelfManagedAddons: false,
      deletionProtection: p.deletionProtection,
      upgradePolicy: { supportType: 'STANDARD' },
      // the role's permissions exist before the cluster and outlive it: EKS needs them to create
      // the cluster (and the secrets key) and to clean up what it created on delete
      dependsOn: [
        logs.logGroup,
        ...clusterRole.managedPolicyAttachments,
        ...(clusterRole.inlinePolicy ? [clusterRole.inlinePolicy] : []),
      ],
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.clusterArn = this.cluster.arn;
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    privateEndpointAccess(this, this.clusterSecurityGroupId, p.privateAccessCidrs);
    if (p.publicAccessCidrs.length === 0 && p.privateAccessCidrs.length === 0) {
      Annotations.of(this).addWarning(
        'The API endpoint is private and no privateAccessCidrs are listed: only members of the cluster ' +
          'security group reach it. Add a rule to clusterSecurityGroupId for the network Terraform runs in, ' +
          'or the Kubernetes and Helm providers cannot connect.',
      );
    }
    const admins = administratorAccess(
      this,
      this.cluster.name,
      p.adminRoleArns,
      `arn:${aws.partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
    );

    this.nodeRole = new ServiceRole(this, 'node-role', {
      assumedBy: RoleTrusts.service('ec2.amazonaws.com'),
      component: 'eks-nodes',
      description: `Nodes of ${this.clusterName}: worker, image pull and CNI permissions only`,
      managedPolicyArns: [
        'AmazonEKSWorkerNodePolicy',
        'AmazonEC2ContainerRegistryPullOnly',
        'AmazonEKS_CNI_Policy',
      ].map((policy) => `arn:${aws.partition}:iam::aws:policy/${policy}`),
    });

    // Networking and identity add-ons go in before any node joins.
    const addon = (
      name: string,
      addonName: string,
      version: string,
      extra: Partial<ConstructorParameters<typeof EksAddon>[2]> = {},
    ) =>
      new EksAddon(this, name, {
        clusterName: this.cluster.name,
        addonName,
        addonVersion: version,
        resolveConflictsOnCreate: 'OVERWRITE',
        resolveConflictsOnUpdate: 'OVERWRITE',
        ...extra,
      });
    const vpcCni = addon('vpc-cni', 'vpc-cni', versions.vpcCni, {
      configurationValues: JSON.stringify({ enableNetworkPolicy: 'true' }),
    });
    const podIdentityAgent = addon('pod-identity-agent', 'eks-pod-identity-agent', versions.podIdentityAgent);
    const kubeProxy = addon('kube-proxy', 'kube-proxy', versions.kubeProxy);
    this.beforeCompute = [vpcCni, podIdentityAgent, kubeProxy];

    // node groups get the literal name (it appears in tags); the add-ons they wait for reference the cluster
    this.systemNodes = new ServingNodeGroup(this, 'system-nodes', {
      clusterName: this.clusterName,
      name: 'system',
      role: 'system',
      nodeRoleArn: this.nodeRole.roleArn,
      subnetIds: p.network.privateSubnetIds,
      instanceTypes: p.systemNodes.instanceTypes,
      amiType: 'AL2023_x86_64_STANDARD',
      capacityType: 'ON_DEMAND',
      minSize: p.systemNodes.minSize,
      maxSize: p.systemNodes.maxSize,
      diskSizeGiB: 50,
      dependsOn: [...this.beforeCompute, ...this.nodeRole.managedPolicyAttachments],
      autoscalerTags: false,
    });

    // Add-ons whose pods need nodes.
    const coredns = addon('coredns', 'coredns', versions.coredns, {
      dependsOn: [this.systemNodes.nodeGroup],
    });
    const { role: ebsRole } = this.createWorkloadRole(this, 'ebs-csi-role', {
      namespace: 'kube-system',
      serviceAccount: 'ebs-csi-controller-sa',
      component: 'ebs-csi',
      // the add-on associates the role itself
      associate: false,
      description: 'EBS CSI driver controller',
    });
    ebsRole.attachManagedPolicy(`arn:${aws.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`);
    addon('ebs-csi-driver', 'aws-ebs-csi-driver', versions.ebsCsiDriver, {
      ...(this.workloadIdentity === 'podIdentity'
        ? { podIdentityAssociation: [{ roleArn: ebsRole.roleArn, serviceAccount: 'ebs-csi-controller-sa' }] }
        : { serviceAccountRoleArn: ebsRole.roleArn }),
      dependsOn: [this.systemNodes.nodeGroup, podIdentityAgent],
    });
    this.containerInsights = p.containerInsights
      ? installContainerInsights(this, this.cluster.name, versions.cloudwatchObservability, [
          this.systemNodes.nodeGroup,
          podIdentityAgent,
        ])
      : undefined;
    // its agent, Fluent Bit and DCGM exporter count against what nodes leave to models
    if (this.containerInsights) CLOUDWATCH_OBSERVABILITY_DAEMONS.forEach((d) => this.addNodeDaemon(d));
    this.readyForWorkloads = [...admins, this.systemNodes.nodeGroup, coredns];

    // Same-apply providers: endpoint and CA from the cluster resource, short-lived tokens from the CLI.
    const providers = clusterProviders(this, {
      clusterName: this.clusterName,
      region,
      endpoint: this.cluster.endpoint,
      certificateAuthorityData: this.cluster.certificateAuthority.get(0).data,
      deployerRoleArn: p.deployerRoleArn,
    });
    this.kubernetesProvider = providers.kubernetesProvider;
    this.helmProvider = providers.helmProvider;
  }

  /**
   * What in-cluster resources (Helm releases, workloads) must wait for: the administrator access
   * entries (the providers authenticate through one), the system nodes and cluster DNS.
   */
  public get inClusterDependencies(): readonly ITerraformDependable[] {
    return this.readyForWorkloads;
  }

  /**
   * Records a DaemonSet installed on the cluster's nodes (the managed add-ons' and, with
   * `containerInsights`, the CloudWatch Observability add-on's are recorded already), so that
   * `allocatableOf` counts its requests. `ClusterAddons` records its own.
   */
  public addNodeDaemon(daemon: NodeDaemon): void {
    this.daemons.add(daemon);
  }

  /** The DaemonSets recorded on the cluster. */
  public get nodeDaemons(): readonly NodeDaemon[] {
    return this.daemons.list;
  }

  /**
   * What the smallest node of a group leaves to pods: its capacity less the kubelet's reservations
   * and the requests of the recorded DaemonSets that run on it.
   */
  public allocatableOf(group: ServingNodeGroup): Allocatable | undefined {
    return this.daemons.allocatableOf(group);
  }

  /** The GPU node groups, by name. */
  public get gpuNodeGroups(): readonly ServingNodeGroup[] {
    return [...this.gpuGroups.values()];
  }

  /** The GPU node group with that name, if any. */
  public gpuNodeGroup(name: string): ServingNodeGroup | undefined {
    return this.gpuGroups.get(name);
  }

  /**
   * Adds a GPU node group: tainted `nvidia.com/gpu=true:NoSchedule`, labelled for GPU workloads,
   * its Auto Scaling group tagged so the autoscaler can start it from zero.
   */
  public addGpuNodeGroup(options: GpuNodeGroupSpec): ServingNodeGroup {
    const o = validateProps(this, gpuNodeGroupOptionsSchema, options);
    if (this.gpuGroups.has(o.name)) {
      throw invalidProps(this, [
        {
          path: 'name',
          message: 'must be unique: the cluster already has a GPU node group with that name',
          value: o.name,
        },
      ]);
    }
    const group = new ServingNodeGroup(this, `gpu-${o.name}`, {
      clusterName: this.clusterName,
      name: o.name,
      role: 'gpu',
      nodeRoleArn: this.nodeRole.roleArn,
      subnetIds: this.network.privateSubnetIds,
      instanceTypes: o.instanceTypes,
      amiType: o.amiType,
      capacityType: o.capacityType,
      minSize: o.minSize,
      maxSize: o.maxSize,
      desiredSize: o.desiredSize,
      diskSizeGiB: o.diskSizeGiB,
      dependsOn: [...this.beforeCompute, ...this.nodeRole.managedPolicyAttachments],
      autoscalerTags: this.autoscalerTags,
    });
    this.gpuGroups.set(o.name, group);
    return group;
  }

  /**
   * An IAM role for one Kubernetes service account: with Pod Identity, a role only pods of that
   * service account in this cluster can assume (session tag conditions) and its association; with
   * IRSA, a role trusted through the cluster's OIDC provider for that subject only.
   */
  public createWorkloadRole(scope: Construct, id: string, options: WorkloadRoleOptions): WorkloadIdentity {
    return createWorkloadRole(
      {
        clusterName: this.clusterName,
        clusterNameReference: this.cluster.name,
        workloadIdentity: this.workloadIdentity,
        openIdConnect: () => ({
          providerArn: this.openIdConnectProvider().arn,
          issuer: Fn.replace(this.cluster.identity.get(0).oidc.get(0).issuer, 'https://', ''),
        }),
      },
      scope,
      id,
      options,
    );
  }

  private openIdConnectProvider(): IamOpenidConnectProvider {
    if (!this.oidcProvider) {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'oidc-provider', {
        url: this.cluster.identity.get(0).oidc.get(0).issuer,
        clientIdList: ['sts.amazonaws.com'],
      });
    }
    return this.oidcProvider;
  }
}

/**
 * The environment spec's network and cluster shapes (`EnvironmentSpec.network`, `.cluster`), also
 * the option types of the constructs that take them (`ServingVpc.fromExisting`,
 * `ServingCluster.addGpuNodeGroup`). Their rules are in `cluster.ts` (schemas) and
 * `cluster-rules.ts`.
 */
/** An existing VPC to use instead of creating one. */
export interface ExistingNetworkSpec {
  /** The VPC's ID, e.g. `vpc-0abc12345def67890`. */
  readonly vpcId: string;
  /** The VPC's IPv4 block. */
  readonly vpcCidr: string;
  /** Private subnets, at least two, in different availability zones. */
  readonly privateSubnetIds: readonly string[];
  /** Public subnets, for internet-facing load balancers. @default - none */
  readonly publicSubnetIds?: readonly string[];
  /**
   * Tag the subnets for load balancer discovery (`kubernetes.io/role/elb` on public,
   * `kubernetes.io/role/internal-elb` on private, and the cluster tag) with `aws_ec2_tag`.
   * @default true
   */
  readonly tagSubnets?: boolean;
}

/** The environment's VPC. */
export interface NetworkSpec {
  /**
   * IPv4 CIDR block of a new VPC: a private range (10/8, 172.16/12, 192.168/16 or 100.64/10)
   * with a prefix length between /16 and /22 (/20 or larger with a cluster), given as its network
   * address.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Use this VPC instead of creating one (bring your own); refused together with `cidr`.
   * @default - a new VPC
   */
  readonly existing?: ExistingNetworkSpec;
}

/** The GPU AMI types node groups may use. */
export const GPU_AMI_TYPES = ['AL2023_x86_64_NVIDIA', 'BOTTLEROCKET_x86_64_NVIDIA'] as const;
/** A GPU AMI type. */
export type GpuAmiType = (typeof GPU_AMI_TYPES)[number];
/** On-demand or spot capacity. */
export type CapacityType = 'ON_DEMAND' | 'SPOT';

/** A group of GPU worker nodes in the environment's EKS cluster. */
export interface GpuNodeGroupSpec {
  /** Name of the group: a lowercase DNS label of 1-20 characters, unique in the cluster. */
  readonly name: string;
  /**
   * EC2 GPU instance types of one shape (the same vCPUs, memory and GPUs: the cluster autoscaler
   * builds every scale-from-zero node from one of them), e.g. `['g5.2xlarge']` or
   * `['g5.2xlarge', 'g6.2xlarge']`; at least two for SPOT capacity (one Spot pool fails every
   * scale-up while it is dry). GPU models of different families may share a group.
   */
  readonly instanceTypes: readonly string[];
  /** Minimum number of nodes (0-1000); 0 lets the group scale to zero. */
  readonly minSize: number;
  /** Maximum number of nodes (1-1000, at least `minSize`). */
  readonly maxSize: number;
  /**
   * Nodes at creation (between `minSize` and `maxSize`); afterwards the cluster autoscaler owns it.
   * @default - minSize
   */
  readonly desiredSize?: number;
  /**
   * AMI type: Amazon Linux 2023 with NVIDIA drivers, or Bottlerocket NVIDIA (which ships its own
   * device plugin). AL2 AMI types are refused: EKS stopped supporting them in November 2025.
   * @default 'AL2023_x86_64_NVIDIA'
   */
  readonly amiType?: GpuAmiType;
  /**
   * On-demand or spot capacity.
   * @default 'ON_DEMAND' (in an environment spec: the environment's `gpuCapacityType`)
   */
  readonly capacityType?: CapacityType;
  /**
   * Root (AL2023) or data (Bottlerocket) volume size in GiB, sized for large inference images
   * (100-16384).
   * @default 200
   */
  readonly diskSizeGiB?: number;
}

/** Size of the system node group, where every controller runs (never on GPU nodes). */
export interface SystemNodesSpec {
  /**
   * x86_64 general-purpose, compute- or memory-optimized instance types of one shape, from the
   * library's table (`SYSTEM_FAMILIES`), e.g. `['m6i.large']` or `['m6i.large', 'm7i.large']`.
   */
  readonly instanceTypes: readonly string[];
  /** Minimum nodes (1-100; at least 2 in a protected environment). */
  readonly minSize: number;
  /** Maximum nodes (1-100, at least `minSize`). */
  readonly maxSize: number;
}

/** A Helm add-on that can be turned off or given extra values. */
export interface HelmAddonSpec {
  /**
   * Install it.
   * @default - see each add-on
   */
  readonly enabled?: boolean;
  /**
   * Extra chart values, merged over the library's (objects merge, other values replace).
   * @default - none
   */
  readonly values?: Readonly<Record<string, unknown>>;
}

/** The cluster's Helm add-ons (`cluster.addons` of a spec; `ClusterAddons.defaultAddOns` takes them too). */
export interface ClusterAddonsSpec {
  /**
   * NVIDIA device plugin on AL2023 NVIDIA nodes (Bottlerocket ships its own).
   * @default - enabled (in an environment spec: when a GPU group uses AL2023)
   */
  readonly nvidiaDevicePlugin?: HelmAddonSpec;
  /** metrics-server (every HorizontalPodAutoscaler needs it). @default - enabled */
  readonly metricsServer?: HelmAddonSpec;
  /** Cluster Autoscaler. @default - enabled */
  readonly clusterAutoscaler?: HelmAddonSpec;
  /** AWS Load Balancer Controller (ingress for models). @default - enabled */
  readonly loadBalancerController?: HelmAddonSpec;
  /**
   * NVIDIA DCGM exporter chart. Deprecated and no longer installed: the Amazon CloudWatch
   * Observability add-on (`containerInsights`) runs its own DCGM exporter and sends GPU metrics to
   * CloudWatch, where the model alarms read them. Setting it only warns; remove it from the spec.
   * @default - not installed
   * @deprecated - see `ClusterSpec.containerInsights`
   */
  readonly dcgmExporter?: HelmAddonSpec;
}

/** Pinned versions of the EKS managed add-ons, to override the defaults for the cluster's version. */
export interface ManagedAddonVersionsSpec {
  /** The VPC CNI add-on's version, e.g. `v1.20.4-eksbuild.1`. @default - the pinned version for the cluster's Kubernetes version */
  readonly vpcCni?: string;
  /** The CoreDNS add-on's version. @default - the pinned version for the cluster's Kubernetes version */
  readonly coredns?: string;
  /** The kube-proxy add-on's version. @default - the pinned version for the cluster's Kubernetes version */
  readonly kubeProxy?: string;
  /** The EKS Pod Identity agent's version. @default - the pinned version */
  readonly podIdentityAgent?: string;
  /** The EBS CSI driver's version. @default - the pinned version */
  readonly ebsCsiDriver?: string;
  /** The Amazon CloudWatch Observability add-on's version. @default - the pinned version */
  readonly cloudwatchObservability?: string;
}

/** Control plane log types. */
export const CONTROL_PLANE_LOG_TYPES = [
  'api',
  'audit',
  'authenticator',
  'controllerManager',
  'scheduler',
] as const;

/** The control plane log types every cluster sends (and the default). */
export const REQUIRED_CONTROL_PLANE_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

/** Where and how Kubernetes models run in the cluster. */
export interface ClusterServingSpec {
  /** Namespace of the models (the prefix of each model's namespace with `namespacePerModel`). @default 'models' */
  readonly namespace?: string;
  /** One namespace per model (`<namespace>-<model>`) instead of one for all. @default false */
  readonly namespacePerModel?: boolean;
  /** Most GPUs the models of a namespace may request together. @default - no quota */
  readonly gpuQuota?: number;
  /** Namespace of the Prometheus that scrapes the models (allowed in by their network policies). @default 'monitoring' */
  readonly metricsNamespace?: string;
  /**
   * Image of the init container that downloads the model artifact (needs the AWS CLI v2).
   * @default - the pinned AWS CLI image (`ARTIFACT_DOWNLOADER_IMAGE`)
   */
  readonly artifactDownloaderImage?: string;
  /**
   * Let model pods open HTTPS connections to any address (the instance metadata service
   * excepted). Without it they reach only DNS, their credentials, S3 and the VPC (where the
   * interface endpoints are): enough to download their artifact, and nothing an attacker in a
   * pod could exfiltrate data to. Turn it on for models that call other services.
   * @default false
   */
  readonly internetEgress?: boolean;
}

/** The environment's EKS cluster. */
export interface ClusterSpec {
  /**
   * Kubernetes minor version, one of the versions this release pins add-ons for.
   * @default - the newest pinned version
   */
  readonly kubernetesVersion?: string;
  /**
   * IAM roles that administer the cluster (an access entry with the cluster admin policy each);
   * the role Terraform deploys with must be one of them. No identity gets implicit access.
   */
  readonly adminRoleArns: readonly string[];
  /**
   * The role the Kubernetes and Helm providers assume for `aws eks get-token`; one of
   * `adminRoleArns`.
   * @default - the deploying credentials (which must map to one of `adminRoleArns`)
   */
  readonly deployerRoleArn?: string;
  /**
   * Public CIDR blocks allowed to reach the public API endpoint (the deploy runners' egress
   * addresses); empty keeps the endpoint private. Special-purpose ranges that never appear as a
   * source on the internet (RFC 6890: private, shared, loopback, link-local, documentation,
   * benchmarking, multicast and reserved blocks) are refused; so is a block wider than /24 in a
   * protected environment.
   * @default - none (private endpoint only)
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Private CIDR blocks (inside 10/8, 172.16/12, 192.168/16 or 100.64/10) allowed to reach the
   * private API endpoint on TCP 443: the deploy runners' network inside the VPC or joined to it
   * (peering, Transit Gateway, VPN). Each becomes an ingress rule of the cluster security group
   * EKS creates, which otherwise admits only its own members. Required while `publicAccessCidrs`
   * is empty: the Kubernetes and Helm providers must reach the API.
   * @default - none
   */
  readonly privateAccessCidrs?: readonly string[];
  /**
   * Control plane logs sent to the cluster's encrypted log group (api, audit and authenticator are
   * always included).
   * @default - the environment's `controlPlaneLogTypes`
   */
  readonly controlPlaneLogTypes?: ReadonlyArray<(typeof CONTROL_PLANE_LOG_TYPES)[number]>;
  /**
   * How workloads get AWS credentials: EKS Pod Identity or IAM roles for service accounts.
   * @default 'podIdentity'
   */
  readonly workloadIdentity?: 'podIdentity' | 'irsa';
  /**
   * GPU node groups for models that request GPUs.
   * @default - none
   */
  readonly gpuNodeGroups?: readonly GpuNodeGroupSpec[];
  /** Helm add-ons. @default - see `ClusterAddonsSpec` */
  readonly addons?: ClusterAddonsSpec;
  /** Managed add-on versions. @default - the versions pinned for the cluster's Kubernetes version */
  readonly addonVersions?: ManagedAddonVersionsSpec;
  /**
   * Install the Amazon CloudWatch Observability EKS add-on (Container Insights with enhanced
   * observability; GPU utilization and memory per pod through its DCGM exporter), its agent
   * authorized through the cluster's workload identity with `CloudWatchAgentServerPolicy`.
   * Without it the Kubernetes models' GPU alarms have no data.
   * @default true
   */
  readonly containerInsights?: boolean;
  /** Where Kubernetes models run. @default - one `models` namespace */
  readonly serving?: ClusterServingSpec;
}

import { z } from 'zod';
import {
  ARM_SYSTEM_FAMILIES,
  SYSTEM_FAMILIES,
  describeFamilies,
  describeShape,
  ec2InstanceType,
  sameShape,
  sameShapeAlternatives,
} from './ec2-instances';
import { GPU_FAMILIES, gpuInstance } from './gpu-instances';
import {
  distinctList,
  dnsLabel,
  iamRoleArn,
  intBetween,
  isToken,
  matching,
  ordered,
  privateIpv4Cidr,
  publicAccessCidr,
  uniqueBy,
  vpcCidr,
  reservedKeysIn,
} from '../core/validation/rules';
import { SUPPORTED_KUBERNETES_VERSIONS, DEFAULT_KUBERNETES_VERSION } from './versions';

/** An existing VPC to use instead of creating one. */
export interface ExistingNetworkSpec {
  /** The VPC's ID, e.g. `vpc-0abc12345def67890`. */
  readonly vpcId: string;
  /** The VPC's IPv4 block. */
  readonly vpcCidr: string;
  /** Private subnets in at least two availability zones. */
  readonly privateSubnetIds: readonly string[];
  /** Public subnets, for internet-facing load balancers. @default - none */
  readonly publicSubnetIds?: readonly string[];
  /**
   * Tag the subnets for load balancer discovery and the cluster (`aws_ec2_tag`).
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
   * @default - the environment's `gpuCapacityType`
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

/** The cluster's Helm add-ons. */
export interface ClusterAddonsSpec {
  /** NVIDIA device plugin. @default - enabled when a GPU group uses AL2023 (Bottlerocket ships its own) */
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
   * @deprecated - see `ClusterSpec.containerInsights`
   */
  readonly dcgmExporter?: HelmAddonSpec;
}

/** Pinned versions of the EKS managed add-ons, to override the defaults for the cluster's version. */
export interface ManagedAddonVersionsSpec {
  /** e.g. `v1.20.4-eksbuild.1`. */
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

/**
 * Reports a `deployerRoleArn` that is not one of `adminRoleArns` (it would have no access entry)
 * and `controlPlaneLogTypes` without api, audit and authenticator. Shared by the spec's cluster
 * and `ServingCluster`'s props; unresolved tokens are let through.
 */
export function clusterAccessRules(
  cluster: { adminRoleArns?: unknown; deployerRoleArn?: unknown; controlPlaneLogTypes?: unknown },
  ctx: z.RefinementCtx,
): void {
  const { deployerRoleArn } = cluster;
  const admins: unknown[] = Array.isArray(cluster.adminRoleArns) ? cluster.adminRoleArns : [];
  if (
    typeof deployerRoleArn === 'string' &&
    !isToken(deployerRoleArn) &&
    !admins.some(isToken) &&
    !admins.includes(deployerRoleArn)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['deployerRoleArn'],
      input: deployerRoleArn,
      message:
        'must be one of adminRoleArns: the deployer needs an access entry to create in-cluster resources',
    });
  }
  // left out of a spec's cluster: the environment's controlPlaneLogTypes apply (checked there)
  if (cluster.controlPlaneLogTypes === undefined) return;
  const logTypes: unknown[] = Array.isArray(cluster.controlPlaneLogTypes) ? cluster.controlPlaneLogTypes : [];
  const missing = REQUIRED_CONTROL_PLANE_LOG_TYPES.filter((t) => !logTypes.includes(t));
  if (missing.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['controlPlaneLogTypes'],
      input: cluster.controlPlaneLogTypes,
      message: `must include api, audit and authenticator (missing ${missing.join(', ')})`,
    });
  }
}

/** The namespace of the Prometheus that scrapes the models, unless one is named. */
export const DEFAULT_METRICS_NAMESPACE = 'monitoring';

/** The namespace of the Prometheus that scrapes the models (a DNS label), `monitoring` by default. */
export const metricsNamespace = dnsLabel(1, 63).default(DEFAULT_METRICS_NAMESPACE);

/**
 * A container image reference pinned to a tag or digest, with its registry, e.g.
 * `public.ecr.aws/aws-cli/aws-cli:2.15.62` (the artifact downloader's image).
 */
export const pinnedImageReference = matching(
  /^[a-z0-9.-]+(:\d+)?\/[a-z0-9._/-]+(:[A-Za-z0-9_.-]{1,128}|@sha256:[a-f0-9]{64})$/,
  'must be an image reference with a registry and a tag or digest',
);

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

const ALLOWED_AMI_MESSAGE = `must be one of ${GPU_AMI_TYPES.map((t) => JSON.stringify(t)).join(', ')} (AL2 AMI types are not supported by EKS since November 2025)`;

const gpuInstanceType = z.string().refine((t) => isToken(t) || gpuInstance(t) !== undefined, {
  error: `must be a known x86_64 NVIDIA GPU instance type (families ${Object.keys(GPU_FAMILIES).join(', ')}), e.g. 'g5.2xlarge'`,
});

/** An EKS cluster name: 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit. */
export const eksClusterName = matching(
  /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
  'must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit',
);

/** Reports a node group's `desiredSize` outside `[minSize, maxSize]`. */
export function desiredWithinSizes(
  group: { desiredSize?: number; minSize: number; maxSize: number },
  ctx: z.RefinementCtx,
): void {
  const { desiredSize, minSize, maxSize } = group;
  if (desiredSize !== undefined && (desiredSize < minSize || desiredSize > maxSize)) {
    ctx.addIssue({
      code: 'custom',
      path: ['desiredSize'],
      input: desiredSize,
      message: `must be between minSize (${minSize}) and maxSize (${maxSize})`,
    });
  }
}

/**
 * Reports instance types of more than one shape (vCPUs, memory, GPUs) in one node group: the
 * cluster autoscaler simulates a scale-up from zero with one of them, and a pod sized for that
 * one may not fit another. Types not in the table are reported by their own rule.
 */
export function oneShape(group: { instanceTypes: readonly string[] }, ctx: z.RefinementCtx): void {
  const types = group.instanceTypes.map(ec2InstanceType);
  if (types.length < 2 || types.some((t) => t === undefined)) return;
  if (types.every((t) => sameShape(t!, types[0]!))) return;
  ctx.addIssue({
    code: 'custom',
    path: ['instanceTypes'],
    input: group.instanceTypes,
    message:
      'must all have one shape, the same vCPUs, memory and GPUs (the cluster autoscaler sizes a ' +
      `scale-up from zero from one of them): ${types.map((t) => `${t!.instanceType} has ${describeShape(t!)}`).join('; ')}`,
  });
}

/**
 * Reports a SPOT node group with a single instance type: while its one Spot pool is dry, every
 * scale-up fails. Suggests the table's types of the same shape.
 */
export function spotNeedsTwoTypes(
  group: { instanceTypes: readonly string[] },
  capacityType: CapacityType | undefined,
  ctx: z.RefinementCtx,
  path: PropertyKey[] = ['instanceTypes'],
): void {
  const types = group.instanceTypes;
  if (capacityType !== 'SPOT' || new Set(types).size !== 1 || isToken(types[0])) return;
  const type = ec2InstanceType(types[0]);
  if (!type) return;
  const alternatives = sameShapeAlternatives(types[0]);
  ctx.addIssue({
    code: 'custom',
    path,
    input: types,
    message:
      'must list at least two instance types of one shape for SPOT capacity (one Spot pool fails ' +
      'every scale-up while it is dry): ' +
      (alternatives.length > 0
        ? `add ${alternatives.join(' or ')} (${describeShape(type)}, like ${types[0]})`
        : `no other type in the table has the shape of ${types[0]} (${describeShape(type)}): pick a shape with alternatives, or use ON_DEMAND`),
  });
}

export const gpuNodeGroupSchema = z
  .strictObject({
    name: dnsLabel(1, 20),
    instanceTypes: z.array(gpuInstanceType).min(1).max(10),
    minSize: intBetween(0, 1000),
    maxSize: intBetween(1, 1000),
    desiredSize: intBetween(0, 1000).optional(),
    amiType: z.enum(GPU_AMI_TYPES, { error: ALLOWED_AMI_MESSAGE }).default('AL2023_x86_64_NVIDIA'),
    capacityType: z.enum(['ON_DEMAND', 'SPOT']).optional(),
    diskSizeGiB: intBetween(100, 16384, 'GiB').default(200),
  })
  .superRefine(ordered('minSize', 'maxSize'))
  .superRefine((group, ctx) => {
    desiredWithinSizes(group, ctx);
    oneShape(group, ctx);
    spotNeedsTwoTypes(group, group.capacityType, ctx);
  });

/** The system node group unless a spec or construct says otherwise (frozen: defaults are shared). */
export const DEFAULT_SYSTEM_NODES = Object.freeze({
  instanceTypes: Object.freeze(['m6i.large']) as string[],
  minSize: 2,
  maxSize: 4,
});

/** A type for nodes without GPUs from the table: x86_64 only, or Arm (Graviton) too. */
export function nonGpuInstanceType(arm: boolean) {
  const families = arm ? { ...SYSTEM_FAMILIES, ...ARM_SYSTEM_FAMILIES } : SYSTEM_FAMILIES;
  return z
    .string()
    .refine((t) => isToken(t) || gpuInstance(t) === undefined, {
      error: 'must not be a GPU instance type: system nodes run controllers only',
    })
    .refine(
      (t) =>
        isToken(t) ||
        gpuInstance(t) !== undefined ||
        (ec2InstanceType(t) !== undefined && (arm || !ec2InstanceType(t)!.arm64)),
      {
        error: `must be ${arm ? 'an' : 'an x86_64'} instance type the library knows: ${describeFamilies(families)}`,
      },
    );
}

const systemInstanceType = nonGpuInstanceType(false);

export const systemNodesSchema = z
  .strictObject({
    instanceTypes: z.array(systemInstanceType).min(1).max(10),
    minSize: intBetween(1, 100),
    maxSize: intBetween(1, 100),
  })
  .superRefine(ordered('minSize', 'maxSize'))
  .superRefine(oneShape);

/** A Helm add-on's settings: whether to install it, and extra chart values. */
export const helmAddonSchema = z.strictObject({
  enabled: z.boolean().optional(),
  values: z
    .preprocess(
      (input: Record<string, unknown>, ctx) => {
        // before the record parser, which skips an own __proto__ key
        reservedKeysIn(input, ctx, "the chart's own value names");
        return input;
      },
      z.record(z.string(), z.unknown()),
    )
    .default({}),
});

const addonVersion = matching(
  /^v\d+\.\d+\.\d+-eksbuild\.\d+$/,
  "must be an EKS add-on version such as 'v1.20.4-eksbuild.1'",
);

/** Versions of the EKS managed add-ons that override the pinned ones. */
export const addonVersionsSchema = z
  .strictObject({
    vpcCni: addonVersion.optional(),
    coredns: addonVersion.optional(),
    kubeProxy: addonVersion.optional(),
    podIdentityAgent: addonVersion.optional(),
    ebsCsiDriver: addonVersion.optional(),
    cloudwatchObservability: addonVersion.optional(),
  })
  .default({});

export const clusterSchema = z
  .strictObject({
    kubernetesVersion: z
      .string()
      .refine((v) => (SUPPORTED_KUBERNETES_VERSIONS as readonly string[]).includes(v), {
        error: `must be one of the Kubernetes versions this release pins add-ons for: ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
      })
      .default(DEFAULT_KUBERNETES_VERSION),
    adminRoleArns: distinctList(iamRoleArn)
      .min(1, { error: 'must list at least one IAM role: nobody could administer the cluster otherwise' })
      .max(20),
    deployerRoleArn: iamRoleArn.optional(),
    publicAccessCidrs: z.array(publicAccessCidr).max(40).default([]),
    privateAccessCidrs: z.array(privateIpv4Cidr).max(40).default([]),
    controlPlaneLogTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)).optional(),
    workloadIdentity: z.enum(['podIdentity', 'irsa']).default('podIdentity'),
    gpuNodeGroups: z.array(gpuNodeGroupSchema).max(20).default([]),
    addons: z
      .strictObject({
        nvidiaDevicePlugin: helmAddonSchema.optional(),
        metricsServer: helmAddonSchema.optional(),
        clusterAutoscaler: helmAddonSchema.optional(),
        loadBalancerController: helmAddonSchema.optional(),
        dcgmExporter: helmAddonSchema.optional(),
      })
      .default({}),
    serving: z
      .strictObject({
        namespace: dnsLabel(1, 40).default('models'),
        namespacePerModel: z.boolean().default(false),
        gpuQuota: intBetween(1, 10000, 'GPUs').optional(),
        metricsNamespace: metricsNamespace,
        artifactDownloaderImage: pinnedImageReference.optional(),
        internetEgress: z.boolean().default(false),
      })
      .default({
        namespace: 'models',
        namespacePerModel: false,
        metricsNamespace: DEFAULT_METRICS_NAMESPACE,
        internetEgress: false,
      }),
    addonVersions: addonVersionsSchema,
    containerInsights: z.boolean().default(true),
  })
  .superRefine((cluster, ctx) => {
    const groups = Array.isArray(cluster.gpuNodeGroups) ? cluster.gpuNodeGroups : [];
    uniqueBy('gpuNodeGroups', 'name')(cluster, ctx);
    clusterAccessRules(cluster, ctx);
    const publicCidrs = Array.isArray(cluster.publicAccessCidrs) ? cluster.publicAccessCidrs : [];
    const privateCidrs = Array.isArray(cluster.privateAccessCidrs) ? cluster.privateAccessCidrs : [];
    if (publicCidrs.length === 0 && privateCidrs.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateAccessCidrs'],
        input: cluster.privateAccessCidrs,
        message:
          "must list the deploy runners' private network while publicAccessCidrs is empty: the cluster " +
          'security group EKS creates admits only its own members, so the Kubernetes and Helm providers ' +
          "could not reach the API (or list the runners' public egress addresses in publicAccessCidrs)",
      });
    }
    const addons = cluster.addons ?? {};
    const al2023 = groups.some((g) => g.amiType === 'AL2023_x86_64_NVIDIA');
    if (addons.nvidiaDevicePlugin?.enabled === true && !al2023) {
      ctx.addIssue({
        code: 'custom',
        path: ['addons', 'nvidiaDevicePlugin', 'enabled'],
        input: true,
        message:
          'needs a GPU group with AMI type AL2023_x86_64_NVIDIA: Bottlerocket NVIDIA nodes ship their own device plugin',
      });
    }
    if (addons.nvidiaDevicePlugin?.enabled === false && al2023) {
      ctx.addIssue({
        code: 'custom',
        path: ['addons', 'nvidiaDevicePlugin', 'enabled'],
        input: false,
        message:
          'must stay enabled while a GPU group uses AL2023_x86_64_NVIDIA: its GPUs would not be schedulable',
      });
    }
    if (addons.dcgmExporter?.enabled === true && groups.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['addons', 'dcgmExporter', 'enabled'],
        input: true,
        message: 'needs at least one GPU node group to export metrics from',
      });
    }
    if (
      addons.clusterAutoscaler?.enabled !== false &&
      groups.length > 0 &&
      groups.every((g) => g.minSize === g.maxSize)
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['addons', 'clusterAutoscaler'],
        input: addons.clusterAutoscaler,
        message:
          'has nothing to scale: every GPU node group has minSize equal to maxSize (give a group room, or set enabled: false)',
      });
    }
  });

/** A VPC ID. */
export const vpcId = matching(/^vpc-[0-9a-f]{8,17}$/, "must be a VPC ID such as 'vpc-0abc12345def67890'");
/** A subnet ID. */
export const subnetId = matching(
  /^subnet-[0-9a-f]{8,17}$/,
  "must be a subnet ID such as 'subnet-0abc12345def67890'",
);

export const existingNetworkSchema = z.strictObject({
  vpcId: vpcId,
  vpcCidr: vpcCidr,
  privateSubnetIds: z.array(subnetId).min(2, { error: 'must list at least 2 private subnets (2 zones)' }),
  publicSubnetIds: z.array(subnetId).default([]),
  tagSubnets: z.boolean().default(true),
});

/**
 * The block of a VPC the library creates: a `vpcCidr` with a prefix of /16 to /22, so each
 * public subnet (1/64 of it) is at least a /28.
 */
export const newVpcCidr = vpcCidr.refine((c) => Number(c.split('/')[1]) <= 22, {
  error: 'must have a prefix between /16 and /22 (the public subnets are 1/64 of the block and at least /28)',
});

export const networkSchema = z
  .strictObject({
    cidr: newVpcCidr.optional(),
    existing: existingNetworkSchema.optional(),
  })
  .superRefine((network, ctx) => {
    if (network.cidr !== undefined && network.existing !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cidr'],
        input: network.cidr,
        message: 'must not be given with existing: the existing VPC has its own block',
      });
    }
  });

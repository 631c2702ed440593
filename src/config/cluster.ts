/** The schemas of the environment spec's network and cluster (`cluster-types.ts`). */
import { z } from 'zod';
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
import { CONTROL_PLANE_LOG_TYPES, GPU_AMI_TYPES, type CapacityType } from './cluster-types';
import {
  clusterAccessRules,
  desiredWithinSizes,
  nonGpuInstanceType,
  oneShape,
  spotNeedsTwoTypes,
} from './cluster-rules';

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

const ALLOWED_AMI_MESSAGE = `must be one of ${GPU_AMI_TYPES.map((t) => JSON.stringify(t)).join(', ')} (AL2 AMI types are not supported by EKS since November 2025)`;

const gpuInstanceType = z.string().refine((t) => isToken(t) || gpuInstance(t) !== undefined, {
  error: `must be a known x86_64 NVIDIA GPU instance type (families ${Object.keys(GPU_FAMILIES).join(', ')}), e.g. 'g5.2xlarge'`,
});

/** An EKS cluster name: 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit. */
export const eksClusterName = matching(
  /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/,
  'must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit',
);

/** The fields of `GpuNodeGroupSpec`; a spec leaves `capacityType` to the environment's `gpuCapacityType`. */
export const gpuNodeGroupFields = {
  name: dnsLabel(1, 20),
  instanceTypes: z.array(gpuInstanceType).min(1).max(10),
  minSize: intBetween(0, 1000),
  maxSize: intBetween(1, 1000),
  desiredSize: intBetween(0, 1000).optional(),
  amiType: z.enum(GPU_AMI_TYPES, { error: ALLOWED_AMI_MESSAGE }).default('AL2023_x86_64_NVIDIA'),
  capacityType: z.enum(['ON_DEMAND', 'SPOT']).optional(),
  diskSizeGiB: intBetween(100, 16384, 'GiB').default(200),
};

/** `GpuNodeGroupSpec` as a schema over some fields (the spec's, or a construct's with other defaults). */
export function gpuNodeGroupOf<F extends Record<keyof typeof gpuNodeGroupFields, z.ZodType>>(fields: F) {
  return z
    .strictObject(fields)
    .superRefine(ordered('minSize', 'maxSize'))
    .superRefine((group, ctx) => {
      const g = group as { instanceTypes: string[]; minSize: number; maxSize: number; desiredSize?: number };
      desiredWithinSizes(g, ctx);
      oneShape(g, ctx);
      spotNeedsTwoTypes(g, (group as { capacityType?: CapacityType }).capacityType, ctx);
    });
}

export const gpuNodeGroupSchema = gpuNodeGroupOf(gpuNodeGroupFields);

/** The system node group unless a spec or construct says otherwise (frozen: defaults are shared). */
export const DEFAULT_SYSTEM_NODES = Object.freeze({
  instanceTypes: Object.freeze(['m6i.large']) as string[],
  minSize: 2,
  maxSize: 4,
});

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

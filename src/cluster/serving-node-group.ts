import { AutoscalingGroupTagA } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { eksClusterName, gpuNodeGroupSchema, subnetId, systemNodesSchema } from '../config/cluster';
import { desiredWithinSizes, nonGpuInstanceType, oneShape, spotNeedsTwoTypes } from '../config/cluster-rules';
import type { CapacityType, GpuAmiType } from '../config/cluster-types';
import { ec2InstanceType } from '../config/ec2-instances';
import { gpuInstance } from '../config/gpu-instances';
import { iamRoleArn, intBetween, ordered } from '../core/validation/rules';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { NAME_LIMITS, Naming, truncateWithHash } from '../core/naming';

/** The label every node carries with its group's name; models select GPU groups by it. */
export const NODE_POOL_LABEL = 'model-serving.io/node-pool';
/** The label that tells AL2023 NVIDIA nodes (which need the device plugin) from Bottlerocket ones. */
export const AMI_FAMILY_LABEL = 'model-serving.io/ami-family';
/** The taint on GPU nodes: only pods that tolerate it (GPU models, GPU daemons) run there. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } as const;
/** The label the cluster autoscaler's AWS provider uses to recognise GPU nodes. */
export const ACCELERATOR_LABEL = 'k8s.amazonaws.com/accelerator';

/**
 * Bottlerocket settings (TOML) every Bottlerocket NVIDIA node gets through its launch template.
 * EKS merges them with the settings it adds to join the cluster (user data of a managed node group
 * without a custom AMI: https://docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-user-data).
 *
 * `visible-devices-envvar-when-unprivileged` lets unprivileged containers that request no GPU get
 * devices through `NVIDIA_VISIBLE_DEVICES`, as the DCGM exporter of the CloudWatch Observability
 * add-on does (a DaemonSet that watches every GPU of its node without holding one, like the
 * standalone exporter this setting was first added for); Bottlerocket ignores the variable
 * otherwise (default false), and the exporter finds no GPU, so no GPU metric reaches CloudWatch. Pods that request GPUs still get exactly theirs: the device plugin passes
 * them as volume mounts, which the runtime reads first (`visible-devices-as-volume-mounts`, default
 * true). Only pods that tolerate the GPU taint run on these nodes. The setting exists since
 * Bottlerocket 1.23.0 (bottlerocket-os/bottlerocket#4182); every Bottlerocket release with an
 * aws-k8s variant for the Kubernetes versions in `SUPPORTED_KUBERNETES_VERSIONS` is newer.
 * Reference: https://bottlerocket.dev/en/os/1.54.x/api/settings/nvidia-container-runtime
 */
export const BOTTLEROCKET_NVIDIA_SETTINGS =
  '[settings.nvidia-container-runtime]\nvisible-devices-envvar-when-unprivileged = true\n';

/** What a node group is for. */
export type NodeGroupRole = 'system' | 'gpu';

/** The AMI types a system group may use: Amazon Linux 2023 or Bottlerocket, without GPU drivers. */
export const SYSTEM_AMI_TYPES = [
  'AL2023_x86_64_STANDARD',
  'AL2023_ARM_64_STANDARD',
  'BOTTLEROCKET_x86_64',
  'BOTTLEROCKET_ARM_64',
] as const;
/** An AMI type of a node group: a system one, or a GPU one (`GPU_AMI_TYPES`). */
export type NodeAmiType = (typeof SYSTEM_AMI_TYPES)[number] | GpuAmiType;

/** Props of `ServingNodeGroup`. */
export interface ServingNodeGroupProps {
  /** The cluster's name (a literal: it appears in names and tags). */
  readonly clusterName: string;
  /** The group's name (a DNS label of 1-20 characters, unique in the cluster). */
  readonly name: string;
  /** System (controllers) or GPU (models). */
  readonly role: NodeGroupRole;
  /** The node role's ARN. */
  readonly nodeRoleArn: string;
  /** Private subnets to launch into. */
  readonly subnetIds: readonly string[];
  /**
   * Instance types of one shape (vCPUs, memory, GPUs) from the library's table: NVIDIA GPU types
   * for a GPU group (several GPU models may share a group), types without GPUs for a system
   * group; 1-10 of them, at least two for SPOT capacity.
   */
  readonly instanceTypes: readonly string[];
  /** AMI type: one of `GPU_AMI_TYPES` for a GPU group, of `SYSTEM_AMI_TYPES` for a system group. */
  readonly amiType: NodeAmiType;
  /** `ON_DEMAND` or `SPOT`. */
  readonly capacityType: CapacityType;
  /** Minimum nodes: 0-1000 for a GPU group, 1-100 for a system group. */
  readonly minSize: number;
  /** Maximum nodes, at least `minSize`: 1-1000 for a GPU group, 1-100 for a system group. */
  readonly maxSize: number;
  /**
   * Nodes at creation, between `minSize` and `maxSize`.
   * @default minSize
   */
  readonly desiredSize?: number;
  /** Root (or Bottlerocket data) volume in GiB: 100-16384 for a GPU group, 20-16384 for a system group. */
  readonly diskSizeGiB: number;
  /** Resources the group must wait for: the cluster (through its add-ons), IAM attachments. @default - none */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Tag the group's Auto Scaling group for the cluster autoscaler (discovery and scale-from-zero hints). */
  readonly autoscalerTags: boolean;
}

const gpuGroup = gpuNodeGroupSchema.shape;
const systemGroup = systemNodesSchema.shape;

// A GPU group takes the rules of the spec's GPU node groups, a system group those of its system
// nodes; both take the fields below (in the interface's order).
const named = { clusterName: eksClusterName, name: gpuGroup.name };
const placed = { nodeRoleArn: iamRoleArn, subnetIds: z.array(subnetId).min(1) };
const capacity = { capacityType: gpuGroup.capacityType.unwrap() };
const wiring = {
  dependsOn: z.array(z.custom<ITerraformDependable>()).optional(),
  autoscalerTags: z.boolean(),
};

const propsSchema = z.discriminatedUnion('role', [
  z
    .strictObject({
      ...named,
      role: z.literal('gpu'),
      ...placed,
      instanceTypes: gpuGroup.instanceTypes,
      amiType: gpuGroup.amiType.unwrap(),
      ...capacity,
      minSize: gpuGroup.minSize,
      maxSize: gpuGroup.maxSize,
      desiredSize: gpuGroup.desiredSize,
      diskSizeGiB: gpuGroup.diskSizeGiB.unwrap(),
      ...wiring,
    })
    .superRefine(ordered('minSize', 'maxSize'))
    .superRefine((group, ctx) => {
      desiredWithinSizes(group, ctx);
      oneShape(group, ctx);
      spotNeedsTwoTypes(group, group.capacityType, ctx);
    }),
  z
    .strictObject({
      ...named,
      role: z.literal('system'),
      ...placed,
      instanceTypes: z.array(nonGpuInstanceType(true)).min(1).max(10),
      amiType: z.enum(SYSTEM_AMI_TYPES, {
        error: `must be one of ${SYSTEM_AMI_TYPES.map((t) => JSON.stringify(t)).join(', ')} (system nodes run controllers, not GPU workloads)`,
      }),
      ...capacity,
      minSize: systemGroup.minSize,
      maxSize: systemGroup.maxSize,
      desiredSize: gpuGroup.desiredSize,
      diskSizeGiB: intBetween(20, 16384, 'GiB'),
      ...wiring,
    })
    .superRefine(ordered('minSize', 'maxSize'))
    .superRefine((group, ctx) => {
      desiredWithinSizes(group, ctx);
      oneShape(group, ctx);
      spotNeedsTwoTypes(group, group.capacityType, ctx);
      const arm = group.amiType.includes('ARM_64');
      const wrong = group.instanceTypes.find((t) => ec2InstanceType(t)?.arm64 === !arm);
      if (wrong !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['instanceTypes'],
          input: group.instanceTypes,
          message: `must match the AMI type's architecture (${arm ? 'arm64' : 'x86_64'} for ${group.amiType}): ${wrong} is ${arm ? 'x86_64' : 'arm64'}`,
        });
      }
    }),
]);
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ServingNodeGroupProps> = true;
void propsAgree;

/**
 * An EKS managed node group with its own launch template: IMDSv2 required with a hop limit of 1
 * (pods cannot reach the node's credentials), an encrypted gp3 volume with raised throughput, no
 * SSH key, automatic node repair, one node replaced at a time, and a desired size Terraform sets
 * only at creation (the cluster autoscaler owns it afterwards).
 *
 * GPU groups carry the `nvidia.com/gpu=true:NoSchedule` taint, the `nvidia.com/gpu.present` and
 * accelerator labels, and Auto Scaling group tags that let the cluster autoscaler scale them up
 * from zero (managed node group tags do not reach the Auto Scaling group).
 */
export class ServingNodeGroup extends Construct {
  /** The EKS managed node group resource. */
  public readonly nodeGroup: EksNodeGroup;
  /** The launch template of the group's nodes (IMDSv2, encrypted volumes, labels). */
  public readonly launchTemplate: LaunchTemplate;
  /** The group's name in EKS. */
  public readonly nodeGroupName: string;
  /** Kubernetes labels of the group's nodes. */
  public readonly labels: Readonly<Record<string, string>>;
  /** Whether the group's nodes carry the GPU taint. */
  public readonly tainted: boolean;
  /** GPUs per node (0 for a system group). */
  public readonly gpusPerNode: number;
  /** The group's name in the spec. */
  public readonly name: string;
  /** The group's instance types (one shape). */
  public readonly instanceTypes: readonly string[];
  /** Whether the nodes run Bottlerocket (rather than Amazon Linux 2023). */
  public readonly bottlerocket: boolean;
  /**
   * The accelerator label value (`k8s.amazonaws.com/accelerator`) every node of the group carries,
   * for a GPU group of one GPU model; `undefined` for a system group or a group of several GPU
   * models (whose label lists them all, so no single value selects all its nodes).
   */
  public readonly accelerator?: string;

  constructor(scope: Construct, id: string, props: ServingNodeGroupProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    this.name = p.name;
    this.instanceTypes = [...p.instanceTypes];
    const gpus = p.role === 'gpu' ? p.instanceTypes.map((t) => gpuInstance(t)) : [];
    const gpu = gpus[0];
    if (p.role === 'gpu' && !gpu) {
      throw new Error(`[${this.node.path}] ${p.instanceTypes[0]} is not a known GPU instance type`);
    }
    this.gpusPerNode = gpu?.gpus ?? 0;
    this.tainted = p.role === 'gpu';
    const bottlerocket = p.amiType.startsWith('BOTTLEROCKET');
    this.bottlerocket = bottlerocket;
    // one accelerator value per GPU model; a group of several models carries them all, sorted (the
    // label marks a GPU node for the cluster autoscaler; models select the group by its pool label)
    const accelerators = [...new Set(gpus.map((g) => g!.info.accelerator))].sort();
    this.accelerator = accelerators.length === 1 ? accelerators[0] : undefined;
    this.labels = {
      [NODE_POOL_LABEL]: p.name,
      ...(gpu
        ? {
            'nvidia.com/gpu.present': 'true',
            [ACCELERATOR_LABEL]: accelerators.join('_'),
            [AMI_FAMILY_LABEL]: bottlerocket ? 'bottlerocket' : 'al2023',
          }
        : {}),
    };

    const volume = {
      volumeSize: p.diskSizeGiB,
      volumeType: 'gp3',
      encrypted: 'true',
      iops: 3000,
      throughput: 250,
      deleteOnTermination: 'true',
    };
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: Naming.of(this).name(['nodes', p.name], 128),
      description: `Nodes of the ${p.name} group of ${p.clusterName}`,
      updateDefaultVersion: true,
      metadataOptions: {
        httpEndpoint: 'enabled',
        httpTokens: 'required',
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: 'disabled',
      },
      // Bottlerocket keeps images on its data volume (/dev/xvdb); AL2023 on the root volume.
      blockDeviceMappings: bottlerocket
        ? [
            { deviceName: '/dev/xvda', ebs: { ...volume, volumeSize: 10, throughput: 125 } },
            { deviceName: '/dev/xvdb', ebs: volume },
          ]
        : [{ deviceName: '/dev/xvda', ebs: volume }],
      // Bottlerocket NVIDIA nodes: settings merged with EKS's bootstrap settings (no AMI ID here)
      userData:
        bottlerocket && gpu
          ? Buffer.from(BOTTLEROCKET_NVIDIA_SETTINGS, 'utf8').toString('base64')
          : undefined,
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${p.clusterName}-${p.name}` },
      })),
    });

    this.nodeGroupName = truncateWithHash(`${p.clusterName}-${p.name}`, NAME_LIMITS.eksNodeGroup);
    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: p.clusterName,
      nodeGroupName: this.nodeGroupName,
      nodeRoleArn: p.nodeRoleArn,
      subnetIds: [...p.subnetIds],
      instanceTypes: [...p.instanceTypes],
      amiType: p.amiType,
      capacityType: p.capacityType,
      scalingConfig: {
        minSize: p.minSize,
        maxSize: p.maxSize,
        desiredSize: p.desiredSize ?? p.minSize,
      },
      updateConfig: { maxUnavailable: 1 },
      nodeRepairConfig: { enabled: true },
      labels: { ...this.labels },
      taint: this.tainted
        ? [{ key: GPU_TAINT.key, value: GPU_TAINT.value, effect: 'NO_SCHEDULE' }]
        : undefined,
      launchTemplate: {
        id: this.launchTemplate.id,
        version: Token.asString(this.launchTemplate.latestVersion),
      },
      dependsOn: p.dependsOn ? [...p.dependsOn] : undefined,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });

    if (p.autoscalerTags) this.tagForAutoscaler(p.clusterName);
  }

  /** Cluster-autoscaler tags on the group's Auto Scaling group: discovery and node-template hints. */
  private tagForAutoscaler(clusterName: string): void {
    const prefix = 'k8s.io/cluster-autoscaler';
    const tags: Record<string, string> = {
      [`${prefix}/enabled`]: 'true',
      [`${prefix}/${clusterName}`]: 'owned',
      ...Object.fromEntries(
        Object.entries(this.labels).map(([k, v]) => [`${prefix}/node-template/label/${k}`, v]),
      ),
    };
    if (this.tainted) {
      tags[`${prefix}/node-template/taint/${GPU_TAINT.key}`] = `${GPU_TAINT.value}:${GPU_TAINT.effect}`;
    }
    if (this.gpusPerNode > 0) {
      tags[`${prefix}/node-template/resources/nvidia.com/gpu`] = String(this.gpusPerNode);
    }
    const asgName = this.nodeGroup.resources.get(0).autoscalingGroups.get(0).name;
    for (const [key, value] of Object.entries(tags)) {
      new AutoscalingGroupTagA(this, `asg-tag-${key}`, {
        autoscalingGroupName: asgName,
        tag: { key, value, propagateAtLaunch: false },
      });
    }
  }
}

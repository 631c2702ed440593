import { AutoscalingGroupTagA } from '@cdktf/provider-aws/lib/autoscaling-group-tag';
import { EksNodeGroup } from '@cdktf/provider-aws/lib/eks-node-group';
import { LaunchTemplate } from '@cdktf/provider-aws/lib/launch-template';
import { Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { gpuInstance } from '../config/gpu-instances';
import { NAME_LIMITS, Naming, truncateWithHash } from '../core/naming';

/** The label every node carries with its group's name; models select GPU groups by it. */
export const NODE_POOL_LABEL = 'model-serving.io/node-pool';
/** The label that tells AL2023 NVIDIA nodes (which need the device plugin) from Bottlerocket ones. */
export const AMI_FAMILY_LABEL = 'model-serving.io/ami-family';
/** The taint on GPU nodes: only pods that tolerate it (GPU models, GPU daemons) run there. */
export const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' } as const;
/** The label the cluster autoscaler's AWS provider uses to recognise GPU nodes. */
export const ACCELERATOR_LABEL = 'k8s.amazonaws.com/accelerator';

/** What a node group is for. */
export type NodeGroupRole = 'system' | 'gpu';

/** Props of `ServingNodeGroup`. */
export interface ServingNodeGroupProps {
  /** The cluster's name (a literal: it appears in names and tags). */
  readonly clusterName: string;
  /** The group's name (a DNS label, unique in the cluster). */
  readonly name: string;
  /** System (controllers) or GPU (models). */
  readonly role: NodeGroupRole;
  /** The node role's ARN. */
  readonly nodeRoleArn: string;
  /** Private subnets to launch into. */
  readonly subnetIds: readonly string[];
  /** Instance types (one GPU family and GPU count for a GPU group). */
  readonly instanceTypes: readonly string[];
  /** AMI type. */
  readonly amiType: string;
  /** `ON_DEMAND` or `SPOT`. */
  readonly capacityType: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** @default minSize (at least 1 when the group is the only one able to run add-ons) */
  readonly desiredSize?: number;
  /** Root (or Bottlerocket data) volume in GiB. */
  readonly diskSizeGiB: number;
  /** Resources the group must wait for: the cluster (through its add-ons), IAM attachments. */
  readonly dependsOn?: readonly ITerraformDependable[];
  /** Tag the group's Auto Scaling group for the cluster autoscaler (discovery and scale-from-zero hints). */
  readonly autoscalerTags: boolean;
}

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
  public readonly nodeGroup: EksNodeGroup;
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

  constructor(scope: Construct, id: string, props: ServingNodeGroupProps) {
    super(scope, id);
    this.name = props.name;
    const gpu = props.role === 'gpu' ? gpuInstance(props.instanceTypes[0]) : undefined;
    if (props.role === 'gpu' && !gpu) {
      throw new Error(`[${this.node.path}] ${props.instanceTypes[0]} is not a known GPU instance type`);
    }
    this.gpusPerNode = gpu?.gpus ?? 0;
    this.tainted = props.role === 'gpu';
    const bottlerocket = props.amiType.startsWith('BOTTLEROCKET');
    this.labels = {
      [NODE_POOL_LABEL]: props.name,
      ...(gpu
        ? {
            'nvidia.com/gpu.present': 'true',
            [ACCELERATOR_LABEL]: gpu.info.accelerator,
            [AMI_FAMILY_LABEL]: bottlerocket ? 'bottlerocket' : 'al2023',
          }
        : {}),
    };

    const volume = {
      volumeSize: props.diskSizeGiB,
      volumeType: 'gp3',
      encrypted: 'true',
      iops: 3000,
      throughput: 250,
      deleteOnTermination: 'true',
    };
    this.launchTemplate = new LaunchTemplate(this, 'launch-template', {
      name: Naming.of(this).name(['nodes', props.name], 128),
      description: `Nodes of the ${props.name} group of ${props.clusterName}`,
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
      tagSpecifications: ['instance', 'volume'].map((resourceType) => ({
        resourceType,
        tags: { Name: `${props.clusterName}-${props.name}` },
      })),
    });

    this.nodeGroupName = truncateWithHash(`${props.clusterName}-${props.name}`, NAME_LIMITS.eksNodeGroup);
    this.nodeGroup = new EksNodeGroup(this, 'node-group', {
      clusterName: props.clusterName,
      nodeGroupName: this.nodeGroupName,
      nodeRoleArn: props.nodeRoleArn,
      subnetIds: [...props.subnetIds],
      instanceTypes: [...props.instanceTypes],
      amiType: props.amiType,
      capacityType: props.capacityType,
      scalingConfig: {
        minSize: props.minSize,
        maxSize: props.maxSize,
        desiredSize: props.desiredSize ?? props.minSize,
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
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
      lifecycle: { ignoreChanges: ['scaling_config[0].desired_size'] },
    });

    if (props.autoscalerTags) this.tagForAutoscaler(props.clusterName);
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

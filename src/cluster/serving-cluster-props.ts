import { z } from 'zod';
import {
  addonVersionsSchema,
  eksClusterName,
  gpuNodeGroupFields,
  gpuNodeGroupOf,
  DEFAULT_SYSTEM_NODES,
  systemNodesSchema,
} from '../config/cluster';
import { clusterAccessRules } from '../config/cluster-rules';
import {
  CONTROL_PLANE_LOG_TYPES,
  REQUIRED_CONTROL_PLANE_LOG_TYPES,
  type GpuNodeGroupSpec,
  type ManagedAddonVersionsSpec,
  type SystemNodesSpec,
} from '../config/cluster-types';
import { DEFAULT_KUBERNETES_VERSION, SUPPORTED_KUBERNETES_VERSIONS } from '../config/versions';
import type { IEncryptionKey } from '../core/grants';
import { encryptionKeyProp, logRetentionProp } from '../core/prop-rules';
import type { PropsAgree } from '../core/validation/issues';
import {
  awsRegion,
  distinctList,
  iamRoleArn,
  parseCidr,
  privateIpv4Cidr,
  publicAccessCidr,
} from '../core/validation/rules';
import { type IServingNetwork, servingNetworkProp } from '../network/serving-network';

/** @deprecated Use `GpuNodeGroupSpec` (the same shape). */
export type GpuNodeGroupOptions = GpuNodeGroupSpec;

/** A GPU node group as `addGpuNodeGroup` takes it: the spec's rules, on-demand capacity by default. */
export const gpuNodeGroupOptionsSchema = gpuNodeGroupOf({
  ...gpuNodeGroupFields,
  capacityType: gpuNodeGroupFields.capacityType.unwrap().default('ON_DEMAND'),
});
const gpuOptionsAgree: PropsAgree<z.input<typeof gpuNodeGroupOptionsSchema>, GpuNodeGroupSpec> = true;
void gpuOptionsAgree;

/** Props of `ServingCluster`. */
export interface ServingClusterProps {
  /** The network: the control plane and nodes use its private subnets. */
  readonly network: IServingNetwork;
  /** The key that encrypts Kubernetes secrets and the control plane logs. */
  readonly encryptionKey: IEncryptionKey;
  /** IAM roles that administer the cluster (access entries); the deploying role must be one. */
  readonly adminRoleArns: readonly string[];
  /**
   * Role the Kubernetes and Helm providers assume to get a token (`--role-arn`); one of
   * `adminRoleArns`.
   * @default - the deploying credentials
   */
  readonly deployerRoleArn?: string;
  /** The cluster's name (1-100 characters). @default - `<project>-<environment>` */
  readonly clusterName?: string;
  /** Region, for the token command. @default - the provider's region */
  readonly region?: string;
  /**
   * The Kubernetes minor version, one of `SUPPORTED_KUBERNETES_VERSIONS` (the versions add-ons are
   * pinned for). Raising it upgrades the control plane in place, one minor version at a time.
   * @default - `DEFAULT_KUBERNETES_VERSION`
   */
  readonly kubernetesVersion?: string;
  /**
   * Public CIDR blocks allowed to reach the public endpoint (the deploy runners' egress); RFC 6890
   * special-purpose ranges (private, documentation...) are refused.
   * @default - none: private endpoint only
   */
  readonly publicAccessCidrs?: readonly string[];
  /**
   * Allow blocks wider than /24 in `publicAccessCidrs`, up to `0.0.0.0/0` (refused otherwise).
   * @default false
   */
  readonly allowOpenPublicEndpoint?: boolean;
  /**
   * Private CIDR blocks allowed to reach the private endpoint on TCP 443 (the deploy runners'
   * network in the VPC or joined to it): one ingress rule each on the cluster security group EKS
   * creates, which otherwise admits only its own members.
   * @default - none (with no public access either, add a rule to `clusterSecurityGroupId` yourself)
   */
  readonly privateAccessCidrs?: readonly string[];
  /** Must include api, audit and authenticator. @default ['api', 'audit', 'authenticator'] */
  readonly controlPlaneLogTypes?: ReadonlyArray<(typeof CONTROL_PLANE_LOG_TYPES)[number]>;
  /** Retention of the control plane logs. @default 365 */
  readonly logRetentionDays?: number;
  /** @default 'podIdentity' */
  readonly workloadIdentity?: 'podIdentity' | 'irsa';
  /** The system node group. @default { instanceTypes: ['m6i.large'], minSize: 2, maxSize: 4 } */
  readonly systemNodes?: SystemNodesSpec;
  /** Managed add-on versions. @default - the versions pinned for the Kubernetes version */
  readonly addonVersions?: ManagedAddonVersionsSpec;
  /**
   * Install the Amazon CloudWatch Observability add-on (Container Insights with enhanced
   * observability, GPU metrics per pod), its `cloudwatch-agent` service account in
   * `amazon-cloudwatch` given `CloudWatchAgentServerPolicy` through the workload identity.
   * @default true
   */
  readonly containerInsights?: boolean;
  /**
   * EKS deletion protection (the cluster cannot be deleted until it is turned off).
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * `prevent_destroy` on the cluster: Terraform refuses a plan that would destroy or replace it.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Tag node groups' Auto Scaling groups for the cluster autoscaler.
   * @default true
   */
  readonly autoscalerTags?: boolean;
}

export const servingClusterPropsSchema = z
  .strictObject({
    network: servingNetworkProp,
    encryptionKey: encryptionKeyProp,
    adminRoleArns: distinctList(iamRoleArn).min(1, { error: 'must list at least one IAM role' }),
    deployerRoleArn: iamRoleArn.optional(),
    clusterName: eksClusterName.optional(),
    region: awsRegion.optional(),
    kubernetesVersion: z
      .enum(SUPPORTED_KUBERNETES_VERSIONS, {
        error: `must be one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
      })
      .default(DEFAULT_KUBERNETES_VERSION),
    publicAccessCidrs: z.array(publicAccessCidr).default([]),
    allowOpenPublicEndpoint: z.boolean().default(false),
    privateAccessCidrs: z.array(privateIpv4Cidr).default([]),
    controlPlaneLogTypes: z
      .array(z.enum(CONTROL_PLANE_LOG_TYPES))
      .default([...REQUIRED_CONTROL_PLANE_LOG_TYPES]),
    logRetentionDays: logRetentionProp,
    workloadIdentity: z.enum(['podIdentity', 'irsa']).default('podIdentity'),
    systemNodes: systemNodesSchema.default(DEFAULT_SYSTEM_NODES),
    addonVersions: addonVersionsSchema,
    containerInsights: z.boolean().default(true),
    deletionProtection: z.boolean().default(true),
    protectFromDestroy: z.boolean().default(true),
    autoscalerTags: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    clusterAccessRules(p, ctx);
    (p.publicAccessCidrs ?? []).forEach((block, index) => {
      const prefix = typeof block === 'string' ? parseCidr(block)?.prefix : undefined;
      if (prefix === undefined || prefix >= 24 || p.allowOpenPublicEndpoint) return;
      ctx.addIssue({
        code: 'custom',
        path: ['publicAccessCidrs', index],
        input: block,
        message:
          "must be /24 or narrower (the deploy runners' egress addresses) unless allowOpenPublicEndpoint is true",
      });
    });
  });
const propsAgree: PropsAgree<z.input<typeof servingClusterPropsSchema>, ServingClusterProps> = true;
void propsAgree;

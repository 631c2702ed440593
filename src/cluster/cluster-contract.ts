import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { z } from 'zod';
import type { Allocatable, NodeDaemon } from '../config/node-allocatable';
import type { PropShape } from '../core/prop-rules';
import type { ServiceRole } from '../core/service-role';
import type { ServingNodeGroup } from './serving-node-group';

/** A workload identity: the Kubernetes service account a role is for. */
export interface WorkloadRoleOptions {
  /** The service account's namespace. */
  readonly namespace: string;
  /** The service account's name. */
  readonly serviceAccount: string;
  /** Component part of the role's name, e.g. `fraud-serving`. */
  readonly component: string;
  /** What the role is for. @default - none */
  readonly description?: string;
  /**
   * With Pod Identity, create the association too. An EKS add-on that takes the role in its own
   * `pod_identity_association` must not get a second one (EKS allows one per service account).
   * @default true
   */
  readonly associate?: boolean;
}

/** A workload's IAM role and what a pod using it must wait for. */
export interface WorkloadIdentity {
  /** The role; grant it what the workload needs. */
  readonly role: ServiceRole;
  /**
   * What pods must not start before: the role, its permissions (the inline policy of what was
   * granted and the managed policy attachments) and, with Pod Identity, its association. Computed
   * when read, so read it after granting.
   */
  readonly dependables: readonly ITerraformDependable[];
  /** Service account annotations the workload needs (the role ARN with IRSA, none with Pod Identity). */
  readonly serviceAccountAnnotations: Readonly<Record<string, string>>;
}

/**
 * An EKS cluster as the constructs that run things in it use it (`ClusterAddons`, the Kubernetes
 * serving target): its name and version, providers, workload roles, what in-cluster resources wait
 * for, and its node groups. Implemented by `ServingCluster` (a cluster this stack creates) and
 * returned by `ServingCluster.fromClusterAttributes` (an existing cluster).
 */
export interface IServingCluster extends IConstruct {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The security group EKS created for the control plane and the nodes. */
  readonly clusterSecurityGroupId: string;
  /** The Kubernetes minor version, one of `SUPPORTED_KUBERNETES_VERSIONS`. */
  readonly kubernetesVersion: string;
  /** How workloads get AWS credentials. */
  readonly workloadIdentity: 'podIdentity' | 'irsa';
  /** The provider for in-cluster Kubernetes resources. */
  readonly kubernetesProvider: KubernetesProvider;
  /** The provider for Helm releases. */
  readonly helmProvider: HelmProvider;
  /**
   * What in-cluster resources (Helm releases, workloads) must wait for; empty for an imported
   * cluster (it exists already).
   */
  readonly inClusterDependencies: readonly ITerraformDependable[];
  /**
   * The system node group, where controllers run; `undefined` for an imported cluster (its nodes
   * are not known to the library).
   */
  readonly systemNodes?: ServingNodeGroup;
  /** The GPU node groups the library manages (none for an imported cluster). */
  readonly gpuNodeGroups: readonly ServingNodeGroup[];
  /** The GPU node group with that name, if any. */
  gpuNodeGroup(name: string): ServingNodeGroup | undefined;
  /** The DaemonSets recorded on the cluster. */
  readonly nodeDaemons: readonly NodeDaemon[];
  /** Records a DaemonSet installed on the cluster's nodes, so that `allocatableOf` counts its requests. */
  addNodeDaemon(daemon: NodeDaemon): void;
  /** What the smallest node of a group leaves to pods, after the recorded DaemonSets. */
  allocatableOf(group: ServingNodeGroup): Allocatable | undefined;
  /** An IAM role for one Kubernetes service account of the cluster (Pod Identity or IRSA). */
  createWorkloadRole(scope: Construct, id: string, options: WorkloadRoleOptions): WorkloadIdentity;
}

/** The prop rule for a cluster: checked by shape, so imported and owned clusters pass alike. */
export const servingClusterProp = z.custom<IServingCluster>(
  (c) =>
    typeof (c as PropShape)?.createWorkloadRole === 'function' &&
    typeof (c as PropShape)?.clusterName === 'string' &&
    Array.isArray((c as PropShape)?.inClusterDependencies),
  { error: 'must be a serving cluster (IServingCluster)' },
);

/** An existing EKS cluster, for `ServingCluster.fromClusterAttributes`. */
export interface ServingClusterAttributes {
  /** The cluster's name. */
  readonly clusterName: string;
  /** The API server endpoint (`aws_eks_cluster.endpoint`), e.g. `https://ABC.gr7.us-east-1.eks.amazonaws.com`. */
  readonly endpoint: string;
  /** The certificate authority data, base64-encoded as EKS returns it (`certificate_authority[0].data`). */
  readonly certificateAuthorityData: string;
  /** The cluster's Kubernetes minor version, one of `SUPPORTED_KUBERNETES_VERSIONS` (the add-ons are pinned for it). */
  readonly kubernetesVersion: string;
  /** The security group EKS created for the control plane and the nodes. */
  readonly clusterSecurityGroupId: string;
  /**
   * How workloads get AWS credentials: Pod Identity needs the cluster's Pod Identity agent add-on;
   * IRSA needs `openIdConnectProviderArn`.
   * @default 'podIdentity'
   */
  readonly workloadIdentity?: 'podIdentity' | 'irsa';
  /**
   * The IAM OIDC provider of the cluster's issuer (with IRSA), e.g.
   * `arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC`.
   * @default - none (required with IRSA)
   */
  readonly openIdConnectProviderArn?: string;
  /**
   * Role the Kubernetes and Helm providers assume to get a token (`--role-arn`); it needs an
   * access entry on the cluster.
   * @default - the deploying credentials
   */
  readonly deployerRoleArn?: string;
  /** Region, for the token command. @default - the provider's region */
  readonly region?: string;
}

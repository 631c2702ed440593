import type { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import type { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn, Token, type ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { eksClusterName } from '../../config/cluster';
import type { Allocatable, NodeDaemon } from '../../config/node-allocatable';
import { SUPPORTED_KUBERNETES_VERSIONS } from '../../config/versions';
import { AwsContext } from '../../core/aws-context';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { awsRegion, iamRoleArn, matching } from '../../core/validation/rules';
import type {
  IServingCluster,
  ServingClusterAttributes,
  WorkloadIdentity,
  WorkloadRoleOptions,
} from '../cluster-contract';
import type { ServingNodeGroup } from '../serving-node-group';
import { clusterProviders } from './cluster-providers';
import { NodeDaemons } from './node-daemons';
import { createWorkloadRole } from './workload-roles';

const OIDC_PROVIDER_MARKER = ':oidc-provider/';

const attributesSchema = z
  .strictObject({
    clusterName: eksClusterName,
    endpoint: matching(/^https:\/\/\S+$/, 'must be the https:// URL of the API server'),
    certificateAuthorityData: z.string().min(1, { error: 'must be the base64 certificate authority data' }),
    kubernetesVersion: z.enum(SUPPORTED_KUBERNETES_VERSIONS, {
      error: `must be one of ${SUPPORTED_KUBERNETES_VERSIONS.join(', ')}`,
    }),
    clusterSecurityGroupId: matching(
      /^sg-[0-9a-f]{8,17}$/,
      "must be a security group ID such as 'sg-0abc12345def67890'",
    ),
    workloadIdentity: z.enum(['podIdentity', 'irsa']).default('podIdentity'),
    openIdConnectProviderArn: matching(
      /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/\S+$/,
      'must be the ARN of an IAM OIDC provider',
    ).optional(),
    deployerRoleArn: iamRoleArn.optional(),
    region: awsRegion.optional(),
  })
  .superRefine((a, ctx) => {
    if (a.workloadIdentity === 'irsa' && a.openIdConnectProviderArn === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['openIdConnectProviderArn'],
        input: undefined,
        message: "is required with workloadIdentity 'irsa': roles trust the cluster's OIDC provider",
      });
    }
  });
const attributesAgree: PropsAgree<z.input<typeof attributesSchema>, ServingClusterAttributes> = true;
void attributesAgree;

/**
 * An EKS cluster this stack does not create: Kubernetes and Helm providers configured from its
 * endpoint and CA, and workload roles for its service accounts. Its node groups are not known, so
 * it has no system or GPU node groups (a GPU model cannot name one) and adds none.
 */
export class ImportedServingCluster extends Construct implements IServingCluster {
  public readonly clusterName: string;
  public readonly clusterSecurityGroupId: string;
  public readonly kubernetesVersion: string;
  public readonly workloadIdentity: 'podIdentity' | 'irsa';
  public readonly kubernetesProvider: KubernetesProvider;
  public readonly helmProvider: HelmProvider;
  public readonly inClusterDependencies: readonly ITerraformDependable[] = [];
  public readonly systemNodes?: ServingNodeGroup = undefined;
  public readonly gpuNodeGroups: readonly ServingNodeGroup[] = [];
  private readonly daemons = new NodeDaemons();
  private readonly openIdConnectProviderArn?: string;

  constructor(scope: Construct, id: string, attrs: ServingClusterAttributes) {
    super(scope, id);
    const a = validateProps(this, attributesSchema, attrs);
    this.clusterName = a.clusterName;
    this.clusterSecurityGroupId = a.clusterSecurityGroupId;
    this.kubernetesVersion = a.kubernetesVersion;
    this.workloadIdentity = a.workloadIdentity;
    this.openIdConnectProviderArn = a.openIdConnectProviderArn;
    const providers = clusterProviders(this, {
      clusterName: a.clusterName,
      region: a.region ?? AwsContext.of(this).region,
      endpoint: a.endpoint,
      certificateAuthorityData: a.certificateAuthorityData,
      deployerRoleArn: a.deployerRoleArn,
    });
    this.kubernetesProvider = providers.kubernetesProvider;
    this.helmProvider = providers.helmProvider;
  }

  public gpuNodeGroup(_name: string): ServingNodeGroup | undefined {
    return undefined;
  }

  public get nodeDaemons(): readonly NodeDaemon[] {
    return this.daemons.list;
  }

  public addNodeDaemon(daemon: NodeDaemon): void {
    this.daemons.add(daemon);
  }

  public allocatableOf(group: ServingNodeGroup): Allocatable | undefined {
    return this.daemons.allocatableOf(group);
  }

  public createWorkloadRole(scope: Construct, id: string, options: WorkloadRoleOptions): WorkloadIdentity {
    return createWorkloadRole(
      {
        clusterName: this.clusterName,
        clusterNameReference: this.clusterName,
        workloadIdentity: this.workloadIdentity,
        openIdConnect: () => {
          const providerArn = this.openIdConnectProviderArn!;
          // the provider's ARN ends with its issuer's host and path
          const issuer = Token.isUnresolved(providerArn)
            ? Fn.element(Fn.split(OIDC_PROVIDER_MARKER, providerArn), 1)
            : providerArn.slice(providerArn.indexOf(OIDC_PROVIDER_MARKER) + OIDC_PROVIDER_MARKER.length);
          return { providerArn, issuer };
        },
      },
      scope,
      id,
      options,
    );
  }
}

import { EksPodIdentityAssociation } from '@cdktf/provider-aws/lib/eks-pod-identity-association';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import { AwsContext } from '../../core/aws-context';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import type { WorkloadIdentity, WorkloadRoleOptions } from '../cluster-contract';

/** What a workload role needs to know of its cluster. */
export interface WorkloadRoleCluster {
  /** The cluster's name as a literal (Pod Identity session tag conditions). */
  readonly clusterName: string;
  /** The cluster's name as the association references it (the cluster resource's attribute when owned). */
  readonly clusterNameReference: string;
  readonly workloadIdentity: 'podIdentity' | 'irsa';
  /** With IRSA: the OIDC provider's ARN and the issuer without `https://`. */
  readonly openIdConnect: () => { readonly providerArn: string; readonly issuer: string };
}

/**
 * An IAM role for one Kubernetes service account: with Pod Identity, a role only pods of that
 * service account in this cluster can assume (session tag conditions) and its association; with
 * IRSA, a role trusted through the cluster's OIDC provider for that subject only.
 */
export function createWorkloadRole(
  cluster: WorkloadRoleCluster,
  scope: Construct,
  id: string,
  options: WorkloadRoleOptions,
): WorkloadIdentity {
  const aws = AwsContext.of(scope);
  if (cluster.workloadIdentity === 'podIdentity') {
    const role = new ServiceRole(scope, id, {
      assumedBy: {
        ...RoleTrusts.eksPodIdentity(),
        conditions: [
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
          {
            test: 'StringEquals',
            variable: 'aws:RequestTag/eks-cluster-name',
            values: [cluster.clusterName],
          },
          {
            test: 'StringEquals',
            variable: 'aws:RequestTag/kubernetes-namespace',
            values: [options.namespace],
          },
          {
            test: 'StringEquals',
            variable: 'aws:RequestTag/kubernetes-service-account',
            values: [options.serviceAccount],
          },
        ],
      },
      component: options.component,
      description: options.description,
    });
    if (options.associate === false) return workloadIdentity(role, [], {});
    const association = new EksPodIdentityAssociation(scope, `${id}-association`, {
      clusterName: cluster.clusterNameReference,
      namespace: options.namespace,
      serviceAccount: options.serviceAccount,
      roleArn: role.roleArn,
    });
    return workloadIdentity(role, [association], {});
  }
  const { providerArn, issuer } = cluster.openIdConnect();
  const role = new ServiceRole(scope, id, {
    assumedBy: RoleTrusts.webIdentity(providerArn, [
      {
        test: 'StringEquals',
        variable: `${issuer}:sub`,
        values: [`system:serviceaccount:${options.namespace}:${options.serviceAccount}`],
      },
      { test: 'StringEquals', variable: `${issuer}:aud`, values: ['sts.amazonaws.com'] },
    ]),
    component: options.component,
    description: options.description,
  });
  return workloadIdentity(role, [], { 'eks.amazonaws.com/role-arn': role.roleArn });
}

/**
 * A workload identity whose dependables are read from the role each time: the inline policy
 * exists only once something is granted, which callers do after the role is created.
 */
function workloadIdentity(
  role: ServiceRole,
  extra: readonly ITerraformDependable[],
  serviceAccountAnnotations: Readonly<Record<string, string>>,
): WorkloadIdentity {
  return {
    role,
    get dependables(): readonly ITerraformDependable[] {
      const inline = role.inlinePolicy;
      return [role.role, ...(inline ? [inline] : []), ...role.managedPolicyAttachments, ...extra];
    },
    serviceAccountAnnotations,
  };
}

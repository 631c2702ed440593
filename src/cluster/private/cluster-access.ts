import { EksAccessEntry } from '@cdktf/provider-aws/lib/eks-access-entry';
import { EksAccessPolicyAssociation } from '@cdktf/provider-aws/lib/eks-access-policy-association';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';

/**
 * The deploy runners' private network reaches the private endpoint: the security group EKS
 * creates admits only its own members (control plane ENIs and nodes). One TCP 443 rule per block.
 */
export function privateEndpointAccess(
  scope: Construct,
  securityGroupId: string,
  cidrs: readonly string[],
): void {
  for (const cidr of cidrs) {
    new VpcSecurityGroupIngressRule(scope, `private-access-${cidr.replace(/[./]/g, '-')}`, {
      securityGroupId,
      cidrIpv4: cidr,
      ipProtocol: 'tcp',
      fromPort: 443,
      toPort: 443,
      description: 'Kubernetes API from the deploy runners (privateAccessCidrs)',
    });
  }
}

/**
 * Explicit administrators: an access entry and the cluster admin policy for each listed role.
 * Returns the policy associations (what in-cluster resources wait for).
 */
export function administratorAccess(
  scope: Construct,
  clusterName: string,
  adminRoleArns: readonly string[],
  policyArn: string,
): ITerraformDependable[] {
  const admins: ITerraformDependable[] = [];
  for (const principalArn of adminRoleArns) {
    // the role's path and name: roles of one name under different paths stay apart
    const name = (principalArn.split(':role/')[1] ?? principalArn).replace(/\//g, '--');
    const entry = new EksAccessEntry(scope, `admin-${name}`, { clusterName, principalArn, type: 'STANDARD' });
    admins.push(
      new EksAccessPolicyAssociation(scope, `admin-${name}-policy`, {
        clusterName,
        principalArn,
        policyArn,
        accessScope: { type: 'cluster' },
        dependsOn: [entry],
      }),
    );
  }
  return admins;
}

import { EksAddon } from '@cdktf/provider-aws/lib/eks-addon';
import type { ITerraformDependable } from 'cdktf';
import { AwsContext } from '../../core/aws-context';
import type { IServingCluster } from '../cluster-contract';

/**
 * The Amazon CloudWatch Observability add-on (id `cloudwatch-observability` in the cluster): the
 * CloudWatch agent (Container Insights with enhanced observability), Fluent Bit, and on NVIDIA
 * nodes a DCGM exporter the agent scrapes, so `pod_gpu_utilization` and
 * `pod_gpu_memory_utilization` reach the `ContainerInsights` namespace. Pod Identity for the agent
 * needs add-on v3.1.0 or later
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-setup-EKS-addon.html).
 */
export function installContainerInsights(
  cluster: IServingCluster,
  clusterNameReference: string,
  version: string,
  dependsOn: ITerraformDependable[],
): EksAddon {
  const aws = AwsContext.of(cluster);
  const { role } = cluster.createWorkloadRole(cluster, 'cloudwatch-agent-role', {
    namespace: 'amazon-cloudwatch',
    serviceAccount: 'cloudwatch-agent',
    component: 'cloudwatch-agent',
    // the add-on associates the role itself
    associate: false,
    description: 'CloudWatch agent of Container Insights',
  });
  role.attachManagedPolicy(`arn:${aws.partition}:iam::aws:policy/CloudWatchAgentServerPolicy`);
  return new EksAddon(cluster, 'cloudwatch-observability', {
    clusterName: clusterNameReference,
    addonName: 'amazon-cloudwatch-observability',
    addonVersion: version,
    resolveConflictsOnCreate: 'OVERWRITE',
    resolveConflictsOnUpdate: 'OVERWRITE',
    ...(cluster.workloadIdentity === 'podIdentity'
      ? { podIdentityAssociation: [{ roleArn: role.roleArn, serviceAccount: 'cloudwatch-agent' }] }
      : { serviceAccountRoleArn: role.roleArn }),
    dependsOn,
  });
}

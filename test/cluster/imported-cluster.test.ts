import type { TerraformStack } from 'cdktf';
import {
  ClusterAddons,
  DEFAULT_KUBERNETES_VERSION,
  ServingCluster,
  SpecValidationError,
  type IServingCluster,
  type ServingClusterAttributes,
  type WorkloadIdentity,
} from '../../src';
import { type Synthesized, errorOf, plainStack, synthScope } from '../helpers';

const DEPLOYER = 'arn:aws:iam::123456789012:role/terraform-deployer';
const OIDC = 'arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123';
const ATTRS: ServingClusterAttributes = {
  clusterName: 'shared',
  endpoint: 'https://ABC123.gr7.us-east-1.eks.amazonaws.com',
  certificateAuthorityData: 'Q0VSVA==',
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
  clusterSecurityGroupId: 'sg-0123456789abcdef0',
  deployerRoleArn: DEPLOYER,
  region: 'us-east-1',
};

function synthImported(
  attrs: Partial<ServingClusterAttributes> = {},
  build?: (cluster: IServingCluster, stack: TerraformStack) => void,
): Synthesized {
  return synthScope((scope) => {
    const cluster = ServingCluster.fromClusterAttributes(scope, 'cluster', { ...ATTRS, ...attrs });
    build?.(cluster, scope as TerraformStack);
  });
}

/** The `depends_on` entry (`<type>.<logical id>`) for the resource at `path`. */
const dependencyOn = (out: Synthesized, type: string, path: string) =>
  out.ref(type, path, 'id').replace(/^\$\{(.+)\.id\}$/, '$1');

describe('ServingCluster.fromClusterAttributes', () => {
  describe('Kubernetes and Helm providers', () => {
    const out = synthImported();
    const exec = {
      api_version: 'client.authentication.k8s.io/v1beta1',
      command: 'aws',
      args: ['eks', 'get-token', '--cluster-name', 'shared', '--region', 'us-east-1', '--role-arn', DEPLOYER],
    };
    const host = ATTRS.endpoint;
    const ca = '${base64decode("Q0VSVA==")}';

    it('take the endpoint and CA from the attributes and authenticate with aws eks get-token', () => {
      expect(out.json.provider.kubernetes).toEqual([{ host, cluster_ca_certificate: ca, exec: [exec] }]);
      expect(out.json.provider.helm).toEqual([{ kubernetes: { host, cluster_ca_certificate: ca, exec } }]);
    });

    it('create no cluster, node group or add-on', () => {
      expect(out.resources('aws_eks_cluster')).toHaveLength(0);
      expect(out.resources('aws_eks_node_group')).toHaveLength(0);
      expect(out.resources('aws_eks_addon')).toHaveLength(0);
      expect(out.json.resource).toBeUndefined();
    });
  });

  it('has no node groups of the library and nothing in-cluster resources wait for', () => {
    const { stack } = plainStack();
    const cluster = ServingCluster.fromClusterAttributes(stack, 'cluster', ATTRS);
    expect(cluster.clusterName).toBe('shared');
    expect(cluster.kubernetesVersion).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(cluster.clusterSecurityGroupId).toBe('sg-0123456789abcdef0');
    expect(cluster.workloadIdentity).toBe('podIdentity');
    expect(cluster.inClusterDependencies).toEqual([]);
    expect(cluster.systemNodes).toBeUndefined();
    expect(cluster.gpuNodeGroups).toEqual([]);
    expect(cluster.gpuNodeGroup('a10g')).toBeUndefined();
    expect('addGpuNodeGroup' in cluster).toBe(false);
  });

  describe('workload roles', () => {
    it('with Pod Identity trust the service account of the named cluster and associate the role', () => {
      const out = synthImported({}, (cluster) => {
        cluster.createWorkloadRole(cluster, 'serving', {
          namespace: 'models',
          serviceAccount: 'fraud',
          component: 'fraud',
        });
      });
      const trust = out.policyStatements(out.resource('aws_iam_role', 'serving/role').assume_role_policy)[0];
      expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['pods.eks.amazonaws.com'] }]);
      expect(trust.condition.slice(1)).toEqual([
        { test: 'StringEquals', variable: 'aws:RequestTag/eks-cluster-name', values: ['shared'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-namespace', values: ['models'] },
        { test: 'StringEquals', variable: 'aws:RequestTag/kubernetes-service-account', values: ['fraud'] },
      ]);
      expect(out.resource('aws_eks_pod_identity_association', 'serving-association')).toMatchObject({
        cluster_name: 'shared',
        namespace: 'models',
        service_account: 'fraud',
        role_arn: out.ref('aws_iam_role', 'serving/role', 'arn'),
      });
    });

    it("with IRSA trust the subject through the cluster's OIDC provider and annotate the service account", () => {
      let identity: WorkloadIdentity | undefined;
      const out = synthImported({ workloadIdentity: 'irsa', openIdConnectProviderArn: OIDC }, (cluster) => {
        identity = cluster.createWorkloadRole(cluster, 'serving', {
          namespace: 'models',
          serviceAccount: 'fraud',
          component: 'fraud',
        });
      });
      const trust = out.policyStatements(out.resource('aws_iam_role', 'serving/role').assume_role_policy)[0];
      expect(trust.principals).toEqual([{ type: 'Federated', identifiers: [OIDC] }]);
      expect(trust.condition).toEqual([
        {
          test: 'StringEquals',
          variable: 'oidc.eks.us-east-1.amazonaws.com/id/ABC123:sub',
          values: ['system:serviceaccount:models:fraud'],
        },
        {
          test: 'StringEquals',
          variable: 'oidc.eks.us-east-1.amazonaws.com/id/ABC123:aud',
          values: ['sts.amazonaws.com'],
        },
      ]);
      expect(out.resources('aws_eks_pod_identity_association')).toHaveLength(0);
      expect(out.resources('aws_iam_openid_connect_provider')).toHaveLength(0);
      expect(identity!.serviceAccountAnnotations).toEqual({
        'eks.amazonaws.com/role-arn': identity!.role.roleArn,
      });
    });
  });

  describe('ClusterAddons on an imported cluster', () => {
    const out = synthImported({}, (cluster, stack) => {
      new ClusterAddons(stack, 'addons', { cluster, vpcId: 'vpc-0123456789abcdef0', region: 'us-east-1' });
    });
    const controller = out.resource('helm_release', 'addons/loadBalancerController');
    const controllerRef = dependencyOn(out, 'helm_release', 'addons/loadBalancerController');

    it('install the releases with the cluster name and roles of the imported cluster', () => {
      expect(JSON.parse(controller.values[0])).toMatchObject({ clusterName: 'shared', region: 'us-east-1' });
      expect(
        out.resource('aws_eks_pod_identity_association', 'load-balancer-controller-role-association'),
      ).toMatchObject({
        cluster_name: 'shared',
        namespace: 'kube-system',
        service_account: 'aws-load-balancer-controller',
      });
      expect(
        out.resource('aws_eks_pod_identity_association', 'cluster-autoscaler-role-association'),
      ).toMatchObject({
        cluster_name: 'shared',
        service_account: 'cluster-autoscaler',
      });
    });

    it('make the releases wait only for their roles and the controller (the cluster exists)', () => {
      const roleDeps = (role: string) => [
        dependencyOn(out, 'aws_iam_role', role),
        dependencyOn(out, 'aws_iam_role_policy', `${role}/inline-policy`),
        dependencyOn(out, 'aws_eks_pod_identity_association', `${role}-association`),
      ];
      expect(controller.depends_on).toEqual(roleDeps('load-balancer-controller-role'));
      expect(out.resource('helm_release', 'addons/metricsServer').depends_on).toEqual([controllerRef]);
      expect(out.resource('helm_release', 'addons/clusterAutoscaler').depends_on).toEqual([
        ...roleDeps('cluster-autoscaler-role'),
        controllerRef,
      ]);
    });
  });

  describe('rejects', () => {
    const rejected = (attrs: Partial<ServingClusterAttributes>) => {
      const { stack } = plainStack();
      const error = errorOf(() =>
        ServingCluster.fromClusterAttributes(stack, 'cluster', { ...ATTRS, ...attrs }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      return error.message;
    };

    it('IRSA without the OIDC provider', () => {
      expect(rejected({ workloadIdentity: 'irsa' })).toBe(
        "[test/cluster] invalid props (1 problem):\n  - openIdConnectProviderArn: is required with workloadIdentity 'irsa': roles trust the cluster's OIDC provider",
      );
    });

    it('a Kubernetes version add-ons are not pinned for', () => {
      expect(rejected({ kubernetesVersion: '1.20' })).toMatch(/kubernetesVersion: must be one of /);
    });

    it('an endpoint that is not an https URL', () => {
      expect(rejected({ endpoint: 'ABC123.gr7.us-east-1.eks.amazonaws.com' })).toBe(
        '[test/cluster] invalid props (1 problem):\n  - endpoint: must be the https:// URL of the API server, got "ABC123.gr7.us-east-1.eks.amazonaws.com"',
      );
    });
  });
});

import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Fn } from 'cdktf';
import type { Construct } from 'constructs';

/** Where a cluster's API is and how to get a token for it. */
export interface ClusterEndpoint {
  readonly clusterName: string;
  readonly region: string;
  /** The API server endpoint. */
  readonly endpoint: string;
  /** The cluster's certificate authority data, base64-encoded (as EKS returns it). */
  readonly certificateAuthorityData: string;
  /** Role `aws eks get-token` assumes. @default - the deploying credentials */
  readonly deployerRoleArn?: string;
}

/**
 * The Kubernetes and Helm providers of a cluster (ids `kubernetes` and `helm` in `scope`):
 * endpoint and CA given, short-lived tokens from `aws eks get-token`.
 */
export function clusterProviders(
  scope: Construct,
  c: ClusterEndpoint,
): { kubernetesProvider: KubernetesProvider; helmProvider: HelmProvider } {
  const exec = {
    apiVersion: 'client.authentication.k8s.io/v1beta1',
    command: 'aws',
    args: [
      'eks',
      'get-token',
      '--cluster-name',
      c.clusterName,
      '--region',
      c.region,
      ...(c.deployerRoleArn ? ['--role-arn', c.deployerRoleArn] : []),
    ],
  };
  const host = c.endpoint;
  const clusterCaCertificate = Fn.base64decode(c.certificateAuthorityData);
  const kubernetesProvider = new KubernetesProvider(scope, 'kubernetes', {
    host,
    clusterCaCertificate,
    exec: [exec],
  });
  const helmProvider = new HelmProvider(scope, 'helm', { kubernetes: { host, clusterCaCertificate, exec } });
  return { kubernetesProvider, helmProvider };
}

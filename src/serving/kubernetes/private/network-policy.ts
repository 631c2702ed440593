import { DataAwsPrefixList } from '@cdktf/provider-aws/lib/data-aws-prefix-list';
import { NetworkPolicyV1 } from '@cdktf/provider-kubernetes/lib/network-policy-v1';
import { type ITerraformDependable, TerraformStack } from 'cdktf';
import type { Construct, IConstruct } from 'constructs';
import { createHash } from 'node:crypto';
import { AwsContext } from '../../../core/aws-context';
import { isToken } from '../../../core/validation/rules';
import { MODEL_LABEL, type MetadataFor } from './labels';

/** Link-local address of the EKS Pod Identity agent (pods fetch credentials there). */
export const POD_IDENTITY_AGENT_CIDR = '169.254.170.23/32';
/** The EC2 instance metadata service, which model pods must not reach. */
export const INSTANCE_METADATA_CIDR = '169.254.169.254/32';

/** What the NetworkPolicy of one model needs. */
export interface ModelNetworkPolicyOptions {
  readonly modelName: string;
  readonly vpcCidr: string;
  readonly metricsNamespace: string;
  readonly internetEgress: boolean;
  readonly region: string;
  readonly metadata: MetadataFor;
  readonly after: ITerraformDependable[];
}

/**
 * The model's NetworkPolicy (id `network-policy` under `scope`). Default deny. In: the load
 * balancer (from the VPC) and the metrics scraper. Out: DNS, the Pod Identity agent, and HTTPS to
 * the VPC (interface endpoints) and to S3's addresses in the region (the managed prefix list
 * behind the gateway endpoint), or with `internetEgress` HTTPS anywhere but the instance metadata
 * service.
 */
export function restrictTraffic(scope: Construct, p: ModelNetworkPolicyOptions): NetworkPolicyV1 {
  const port = [{ port: 'http', protocol: 'TCP' }];
  const namespaceNamed = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
  const policy = new NetworkPolicyV1(scope, 'network-policy', {
    metadata: p.metadata(p.modelName),
    spec: {
      podSelector: { matchLabels: { [MODEL_LABEL]: p.modelName } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        { from: [{ ipBlock: { cidr: p.vpcCidr } }], ports: port },
        { from: [{ namespaceSelector: namespaceNamed(p.metricsNamespace) }], ports: port },
      ],
    },
    dependsOn: p.after,
  });
  const https = { ports: [{ port: '443', protocol: 'TCP' }] };
  const ipBlock = (cidr: string, except?: string[]) => ({ ip_block: { cidr, ...(except && { except }) } });
  let reachable: Record<string, unknown>;
  if (p.internetEgress) {
    reachable = { ...https, to: [ipBlock('0.0.0.0/0', [INSTANCE_METADATA_CIDR])] };
  } else {
    const s3 = s3AddressesIn(scope, p.region);
    reachable = {
      ...https,
      to: [ipBlock(p.vpcCidr)],
      // one peer per address block of S3, however many the prefix list holds
      dynamic: {
        to: { for_each: s3.cidrBlocks, iterator: 's3_cidr', content: ipBlock('${s3_cidr.value}') },
      },
    };
  }
  // The egress rules are raw Terraform JSON: the S3 peers are a dynamic block nested in a rule,
  // which the provider's typed props cannot express. The policy above has no egress rules of its
  // own, so this sets them all.
  policy.addOverride('spec.egress', [
    {
      to: [
        {
          namespace_selector: { match_labels: namespaceNamed('kube-system').matchLabels },
          pod_selector: { match_labels: { 'k8s-app': 'kube-dns' } },
        },
      ],
      ports: [
        { port: '53', protocol: 'UDP' },
        { port: '53', protocol: 'TCP' },
      ],
    },
    { to: [ipBlock(POD_IDENTITY_AGENT_CIDR)], ports: [{ port: '80', protocol: 'TCP' }] },
    reachable,
  ]);
  return policy;
}

/**
 * The stack's data source of S3's address blocks in `region`, created on first use: every model
 * of the stack in that region reads the same one.
 */
function s3AddressesIn(scope: IConstruct, region: string): DataAwsPrefixList {
  const stack = TerraformStack.of(scope);
  const id = `s3-addresses-${regionKey(scope, region)}`;
  return (
    (stack.node.tryFindChild(id) as DataAwsPrefixList | undefined) ??
    new DataAwsPrefixList(stack, id, { name: `com.amazonaws.${region}.s3` })
  );
}

/** A construct id part for a region: its code, or for a token one of its own. */
function regionKey(scope: IConstruct, region: string): string {
  if (!isToken(region)) return region;
  if (region === AwsContext.of(scope).region) return 'provider-region';
  return `token-${createHash('sha256').update(region).digest('hex').slice(0, 8)}`;
}

import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ResourceQuotaV1 } from '@cdktf/provider-kubernetes/lib/resource-quota-v1';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { dnsLabel, intBetween } from '../../core/validation/rules';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { dependableProp } from '../../core/prop-rules';
import { MANAGED_BY_LABELS } from './private/labels';

/** Props of `ModelNamespace`. */
export interface ModelNamespaceProps {
  /** The namespace's name (a DNS label of 1-63 characters). */
  readonly name: string;
  /** Most GPUs its pods may request together (a ResourceQuota). @default - no quota */
  readonly gpuQuota?: number;
  /** What must exist first (the cluster's access entries and nodes). @default - nothing */
  readonly dependsOn?: readonly ITerraformDependable[];
}

const propsSchema = z.strictObject({
  name: dnsLabel(1, 63),
  gpuQuota: intBetween(1, 10000, 'GPUs').optional(),
  dependsOn: z.array(dependableProp).default([]),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ModelNamespaceProps> = true;
void propsAgree;

/**
 * A namespace for models: the `restricted` Pod Security Standard enforced (and audited and warned
 * about), the AWS Load Balancer Controller's pod readiness gates injected (pods leave service only
 * once the ALB has deregistered them), and an optional GPU quota.
 */
export class ModelNamespace extends Construct {
  /** The namespace resource. */
  public readonly namespace: NamespaceV1;
  /** The namespace's name (a reference: resources in it wait for it). */
  public readonly namespaceName: string;

  constructor(scope: Construct, id: string, props: ModelNamespaceProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    this.namespace = new NamespaceV1(this, 'namespace', {
      metadata: {
        name: p.name,
        labels: {
          ...MANAGED_BY_LABELS,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'latest',
          'pod-security.kubernetes.io/audit': 'restricted',
          'pod-security.kubernetes.io/warn': 'restricted',
          'elbv2.k8s.aws/pod-readiness-gate-inject': 'enabled',
        },
      },
      dependsOn: p.dependsOn.length ? [...p.dependsOn] : undefined,
    });
    this.namespaceName = this.namespace.metadata.name;
    if (p.gpuQuota !== undefined) {
      new ResourceQuotaV1(this, 'gpu-quota', {
        metadata: { name: 'gpu', namespace: this.namespaceName, labels: { ...MANAGED_BY_LABELS } },
        spec: { hard: { 'requests.nvidia.com/gpu': String(p.gpuQuota) } },
      });
    }
  }
}

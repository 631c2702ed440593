import type { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import type { ITerraformDependable } from 'cdktf';
import type { Construct } from 'constructs';
import type { IEncryptionKey } from '../../../core/grants';
import type { IServingNetwork } from '../../../network/serving-network';
import type { ResolvedKubernetesServing, TrafficPlan } from './tracks';
import { TrafficPath } from './traffic-path';

/** What the load balancer of one model needs. */
export interface LoadBalancerOptions {
  readonly modelName: string;
  readonly namespace: string;
  readonly serving: ResolvedKubernetesServing;
  readonly plan: TrafficPlan;
  readonly network: IServingNetwork;
  readonly vpcCidr: string;
  readonly podSecurityGroupId: string;
  readonly protectFromDestroy: boolean;
  readonly accessLogBucket?: string;
  readonly webAclDefaults: { readonly enabled: boolean; readonly rateLimitPer5Minutes: number };
  readonly encryptionKey: IEncryptionKey;
  readonly logRetentionDays: number;
  /** The Services of the tracks, which the bindings refer to. */
  readonly services: Record<string, ServiceV1>;
  readonly after: ITerraformDependable[];
}

/**
 * The model's load balancer, target groups, weighted rule, bindings and web ACL: a `TrafficPath`
 * with id `traffic` under `scope`, for a model with `serving.ingress`.
 */
export function exposeThroughLoadBalancer(scope: Construct, o: LoadBalancerOptions): TrafficPath {
  const s = o.serving;
  const ingress = s.ingress!;
  const network = o.network;
  const wafEnabled = ingress.waf?.enabled ?? o.webAclDefaults.enabled;
  return new TrafficPath(scope, 'traffic', {
    model: o.modelName,
    namespace: o.namespace,
    vpcId: network.vpcId,
    vpcCidr: o.vpcCidr,
    subnetIds: ingress.internetFacing ? network.publicSubnetIds : network.privateSubnetIds,
    internetFacing: ingress.internetFacing,
    allowedCidrs: ingress.allowedCidrs ?? [ingress.internetFacing ? '0.0.0.0/0' : o.vpcCidr],
    certificateArn: ingress.certificateArn,
    host: ingress.host,
    path: ingress.path,
    idleTimeoutSeconds: ingress.idleTimeoutSeconds,
    port: s.port,
    healthCheckPath: s.readinessPath ?? s.healthPath,
    tracks: o.plan.tracks.map((t) => ({
      name: t.name,
      weight: o.plan.weights[t.name] ?? 0,
      serviceName: `${o.modelName}-${t.name}`,
    })),
    podSecurityGroupId: o.podSecurityGroupId,
    protectFromDestroy: o.protectFromDestroy,
    accessLogBucket: o.accessLogBucket,
    waf: wafEnabled
      ? {
          rateLimitPer5Minutes: ingress.waf?.rateLimitPer5Minutes ?? o.webAclDefaults.rateLimitPer5Minutes,
          encryptionKey: o.encryptionKey,
          logRetentionDays: o.logRetentionDays,
        }
      : undefined,
    bindingsAfter: [...o.after, ...Object.values(o.services)],
  });
}

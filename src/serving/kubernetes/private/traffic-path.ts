import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbListenerRule } from '@cdktf/provider-aws/lib/lb-listener-rule';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Wafv2WebAcl } from '@cdktf/provider-aws/lib/wafv2-web-acl';
import { Wafv2WebAclAssociation } from '@cdktf/provider-aws/lib/wafv2-web-acl-association';
import { Wafv2WebAclLoggingConfiguration } from '@cdktf/provider-aws/lib/wafv2-web-acl-logging-configuration';
import { Release } from '@cdktf/provider-helm/lib/release';
import { AssetType, type ITerraformDependable, TerraformAsset, TerraformStack } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EncryptedLogGroup } from '../../../core/encrypted-log-group';
import type { MetricSpec } from '../../../monitoring/model-alarm';
import type { MetricOptions } from '../../model-serving';
import type { IEncryptionKey } from '../../../core/grants';
import { NAME_LIMITS, Naming } from '../../../core/naming';
import { MANAGED_BY_LABELS } from './labels';
import { DEREGISTRATION_DELAY_SECONDS } from './pod-template';

/**
 * TLS policy of the HTTPS listener: the one AWS recommends for Application Load Balancers (hybrid
 * post-quantum key exchange, TLS 1.3 and 1.2 only).
 * https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html
 */
export const ALB_TLS_POLICY = 'ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09';

/** The chart of a model's TargetGroupBindings, shipped with the library (see package.json `files`). */
const BINDINGS_CHART = path.join('assets', 'charts', 'target-group-bindings');

/** Priority of the listener rule that forwards the model's path (the listener has only this one). */
const RULE_PRIORITY = 100;

/** One rollout track behind the load balancer. */
export interface TrafficTrack {
  /** Track name (`stable`, `canary`, `blue`, `green`): target groups are keyed by it. */
  readonly name: string;
  /** Forward weight (0-100). */
  readonly weight: number;
  /** The Service that selects the track's pods (and only them). */
  readonly serviceName: string;
}

/** What the traffic path of one model needs. */
export interface TrafficPathOptions {
  readonly model: string;
  readonly namespace: string;
  readonly vpcId: string;
  readonly vpcCidr: string;
  readonly subnetIds: readonly string[];
  readonly internetFacing: boolean;
  readonly allowedCidrs: readonly string[];
  readonly certificateArn: string;
  readonly host?: string;
  readonly path: string;
  readonly idleTimeoutSeconds: number;
  /** The pods' port (target group port and health check port). */
  readonly port: number;
  readonly healthCheckPath: string;
  readonly tracks: readonly TrafficTrack[];
  /** The security group of the pods' ENIs (the cluster security group of managed nodes). */
  readonly podSecurityGroupId: string;
  readonly protectFromDestroy: boolean;
  /** Access logs to this bucket (under `<model>/`). @default - none */
  readonly accessLogBucket?: string;
  /** Web ACL settings, or undefined for none. */
  readonly waf?: {
    readonly rateLimitPer5Minutes: number;
    readonly encryptionKey: IEncryptionKey;
    readonly logRetentionDays: number;
  };
  /** What the bindings wait for (the load balancer controller's webhooks, the Services, the namespace). */
  readonly bindingsAfter: readonly ITerraformDependable[];
}

/**
 * The traffic path of one model, owned by Terraform: an ALB with its own security group, an HTTP
 * listener that redirects to HTTPS, an HTTPS listener whose one rule forwards to a target group
 * per rollout track with the rollout's weights, the TargetGroupBindings that let the load balancer
 * controller register each track's pods, and optionally a WAF web ACL.
 *
 * One ALB per model, not one per environment: a model's blast radius (a bad rule, a WAF block, a
 * listener limit, deletion) stays its own, and its alarms, access logs, WAF and DNS name are per
 * model without host-rule bookkeeping. The cost is one ALB per exposed model.
 */
export class TrafficPath extends Construct {
  /** The model's application load balancer. */
  public readonly loadBalancer: Lb;
  /** The load balancer's security group. */
  public readonly securityGroup: SecurityGroup;
  /** The HTTPS listener (the model's certificate). */
  public readonly httpsListener: LbListener;
  /** The HTTP listener, which redirects to HTTPS. */
  public readonly httpListener: LbListener;
  /** The listener rule whose forward weights carry the rollout. */
  public readonly rule: LbListenerRule;
  /** Target groups by track. */
  public readonly targetGroups: Readonly<Record<string, LbTargetGroup>>;
  /** The release of the model's TargetGroupBindings: every Deployment waits for it. */
  public readonly bindings: Release;
  /** The web ACL on the load balancer, when on. */
  public readonly webAcl?: Wafv2WebAcl;

  constructor(scope: Construct, id: string, o: TrafficPathOptions) {
    super(scope, id);
    const naming = Naming.of(this);

    // Its own security group: HTTP and HTTPS in from the allowed blocks, out only to the pods' port.
    // Rules are their own resources, so a changed block replaces a rule, never the group.
    this.securityGroup = new SecurityGroup(this, 'security-group', {
      name: naming.name([o.model, 'alb'], 255),
      description: `Load balancer of the ${o.model} model`,
      vpcId: o.vpcId,
    });
    o.allowedCidrs.forEach((cidr, index) => {
      for (const port of [80, 443]) {
        new VpcSecurityGroupIngressRule(this, `ingress-${port}-${index}`, {
          securityGroupId: this.securityGroup.id,
          cidrIpv4: cidr,
          ipProtocol: 'tcp',
          fromPort: port,
          toPort: port,
          description: port === 80 ? 'HTTP (redirected to HTTPS)' : 'HTTPS',
        });
      }
    });
    new VpcSecurityGroupEgressRule(this, 'egress-pods', {
      securityGroupId: this.securityGroup.id,
      cidrIpv4: o.vpcCidr,
      ipProtocol: 'tcp',
      fromPort: o.port,
      toPort: o.port,
      description: `The ${o.model} pods`,
    });
    // The pods' side, in Terraform rather than through the bindings' `networking` (so the
    // controller needs no security group permissions for it): the ALB may reach the model's port.
    new VpcSecurityGroupIngressRule(this, 'pods-from-alb', {
      securityGroupId: o.podSecurityGroupId,
      referencedSecurityGroupId: this.securityGroup.id,
      ipProtocol: 'tcp',
      fromPort: o.port,
      toPort: o.port,
      description: `${o.model} load balancer to its pods`,
    });

    this.loadBalancer = new Lb(this, 'load-balancer', {
      // not the name the controller's Ingress used: the old ALB may still exist during migration
      name: naming.name([o.model, 'alb'], NAME_LIMITS.albName),
      loadBalancerType: 'application',
      internal: !o.internetFacing,
      subnets: [...o.subnetIds],
      securityGroups: [this.securityGroup.id],
      ipAddressType: 'ipv4',
      idleTimeout: o.idleTimeoutSeconds,
      dropInvalidHeaderFields: true,
      enableDeletionProtection: o.protectFromDestroy,
      accessLogs: o.accessLogBucket
        ? { bucket: o.accessLogBucket, prefix: o.model, enabled: true }
        : undefined,
    });

    // One target group per track, named after it: name, port, protocol, VPC and target type are
    // ForceNew (terraform-provider-aws v6.25.0, internal/service/elbv2/target_group.go), and none
    // of them changes with a rollout step. A track that comes back (a new canary) gets a group of
    // the same name. The port is part of the name, so a new port gives a new group that is created
    // (and the rule moved to it) before the old one, still in use by the rule, is deleted.
    const targetGroups: Record<string, LbTargetGroup> = {};
    for (const track of o.tracks) {
      targetGroups[track.name] = new LbTargetGroup(this, `target-group-${track.name}`, {
        name: naming.name([o.model, track.name, `p${o.port}`], NAME_LIMITS.albTargetGroup),
        lifecycle: { createBeforeDestroy: true },
        targetType: 'ip',
        port: o.port,
        protocol: 'HTTP',
        vpcId: o.vpcId,
        deregistrationDelay: String(DEREGISTRATION_DELAY_SECONDS),
        healthCheck: {
          enabled: true,
          path: o.healthCheckPath,
          port: 'traffic-port',
          protocol: 'HTTP',
          matcher: '200',
          interval: 10,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      });
    }
    this.targetGroups = targetGroups;

    this.httpListener = new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: [
        { type: 'redirect', redirect: { protocol: 'HTTPS', port: '443', statusCode: 'HTTP_301' } },
      ],
    });
    this.httpsListener = new LbListener(this, 'https', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 443,
      protocol: 'HTTPS',
      sslPolicy: ALB_TLS_POLICY,
      certificateArn: o.certificateArn,
      defaultAction: [
        {
          type: 'fixed-response',
          fixedResponse: { contentType: 'text/plain', statusCode: '404', messageBody: 'Not found' },
        },
      ],
    });

    // The rollout is the weights of this one rule: a step, a promotion or a switch updates it in
    // place (actions and conditions are not ForceNew; only listener_arn is).
    const prefix = o.path.replace(/\/$/, '');
    const patterns = prefix === '' ? ['/*'] : [prefix, `${prefix}/*`];
    this.rule = new LbListenerRule(this, 'forward', {
      listenerArn: this.httpsListener.arn,
      priority: RULE_PRIORITY,
      condition: [
        { pathPattern: { values: patterns } },
        ...(o.host ? [{ hostHeader: { values: [o.host] } }] : []),
      ],
      action: [
        {
          type: 'forward',
          forward: {
            targetGroup: o.tracks.map((t) => ({ arn: targetGroups[t.name].arn, weight: t.weight })),
            stickiness: { enabled: false, duration: 1 },
          },
        },
      ],
    });

    // One binding per track, to the Service that selects only that track's pods: the controller
    // injects a readiness gate into every pod of a bound Service from its first pod on.
    this.bindings = new Release(this, 'bindings', {
      name: `${o.model}-target-groups`,
      namespace: o.namespace,
      chart: bindingsChart(this),
      values: [
        JSON.stringify({
          labels: { ...MANAGED_BY_LABELS, 'app.kubernetes.io/name': o.model },
          bindings: o.tracks.map((t) => ({
            name: `${o.model}-${t.name}`,
            serviceName: t.serviceName,
            servicePort: 80,
            targetGroupArn: targetGroups[t.name].arn,
          })),
        }),
      ],
      atomic: true,
      cleanupOnFail: true,
      wait: true,
      timeout: 300,
      maxHistory: 5,
      dependsOn: [...o.bindingsAfter],
    });

    if (o.waf) this.webAcl = this.protect(o.model, o.waf);
  }

  /** An `AWS/ApplicationELB` metric of the load balancer (1-minute periods by default). */
  private albMetric(metricName: string, statistic: string, o: MetricOptions = {}, extra = {}): MetricSpec {
    return {
      namespace: 'AWS/ApplicationELB',
      metricName,
      dimensions: { LoadBalancer: this.loadBalancer.arnSuffix, ...extra },
      statistic: o.statistic ?? statistic,
      periodSeconds: o.periodSeconds ?? 60,
    };
  }

  /** Requests the load balancer received (`RequestCount`). @default Sum per minute */
  public metricRequestCount(options?: MetricOptions): MetricSpec {
    return this.albMetric('RequestCount', 'Sum', options);
  }

  /** 5XX responses of the targets, the pods (`HTTPCode_Target_5XX_Count`). @default Sum per minute */
  public metricTarget5xxCount(options?: MetricOptions): MetricSpec {
    return this.albMetric('HTTPCode_Target_5XX_Count', 'Sum', options);
  }

  /** Seconds to the response's first byte (`TargetResponseTime`). @default p99 per minute */
  public metricTargetResponseTime(options?: MetricOptions): MetricSpec {
    return this.albMetric('TargetResponseTime', 'p99', options);
  }

  /** Healthy targets of a track's target group (`HealthyHostCount`). @default Minimum per minute */
  public metricHealthyHostCount(track: string, options?: MetricOptions): MetricSpec {
    const group = this.targetGroups[track];
    if (!group) throw new Error(`[${this.node.path}] no target group for the track ${JSON.stringify(track)}`);
    return this.albMetric('HealthyHostCount', 'Minimum', options, { TargetGroup: group.arnSuffix });
  }

  /** Requests the web ACL blocked (`AWS/WAFV2`, rule `ALL`), if any. @default Sum per 5 minutes */
  public metricBlockedRequests(region: string, options: MetricOptions = {}): MetricSpec | undefined {
    if (!this.webAcl) return undefined;
    return {
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensions: { WebACL: this.webAcl.name, Region: region, Rule: 'ALL' },
      statistic: options.statistic ?? 'Sum',
      periodSeconds: options.periodSeconds ?? 300,
    };
  }

  /**
   * A regional web ACL on the load balancer: a rate-based rule that blocks a client IP above its
   * limit per 5 minutes, then AWS's common rule set; requests are logged to an encrypted log group
   * (WAF requires the `aws-waf-logs-` prefix).
   */
  private protect(model: string, waf: NonNullable<TrafficPathOptions['waf']>): Wafv2WebAcl {
    const naming = Naming.of(this);
    const name = naming.name([model, 'waf'], 128);
    const visibility = (metricName: string) => ({
      cloudwatchMetricsEnabled: true,
      sampledRequestsEnabled: true,
      metricName,
    });
    const acl = new Wafv2WebAcl(this, 'web-acl', {
      name,
      description: `Rate limit and common protections for the ${model} model`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: visibility(name),
      rule: [
        {
          name: 'rate-limit-per-ip',
          priority: 0,
          action: { block: {} },
          statement: {
            rate_based_statement: {
              limit: waf.rateLimitPer5Minutes,
              aggregate_key_type: 'IP',
              evaluation_window_sec: 300,
            },
          },
          visibilityConfig: visibility('rate-limit-per-ip'),
        },
        {
          name: 'aws-common-rule-set',
          priority: 1,
          overrideAction: { none: {} },
          statement: {
            managed_rule_group_statement: { name: 'AWSManagedRulesCommonRuleSet', vendor_name: 'AWS' },
          },
          visibilityConfig: visibility('aws-common-rule-set'),
        },
      ],
    });
    new Wafv2WebAclAssociation(this, 'web-acl-association', {
      resourceArn: this.loadBalancer.arn,
      webAclArn: acl.arn,
    });
    const logs = new EncryptedLogGroup(this, 'waf-logs', {
      logGroupName: `aws-waf-logs-${naming.name(model, 450)}`,
      encryptionKey: waf.encryptionKey,
      retentionDays: waf.logRetentionDays,
    });
    new Wafv2WebAclLoggingConfiguration(this, 'web-acl-logging', {
      resourceArn: acl.arn,
      logDestinationConfigs: [logs.logGroupArn],
      // the ARN is built from the name: the group must exist before WAF is told to log to it
      dependsOn: [logs.logGroup],
    });
    return acl;
  }
}

/**
 * The stack's copy of the bindings chart (a Terraform asset: Terraform reads it from the
 * synthesized stack's directory), created on first use. The chart is found beside the library:
 * up from this module's directory (`src/serving/kubernetes/private`, `lib/...` in the package, or
 * the app bundle's directory).
 */
function bindingsChart(scope: IConstruct): string {
  const stack = TerraformStack.of(scope);
  const id = 'target-group-bindings-chart';
  const existing = stack.node.tryFindChild(id) as TerraformAsset | undefined;
  if (existing) return existing.path;
  let dir = __dirname;
  for (let i = 0; i < 6 && !existsSync(path.join(dir, BINDINGS_CHART, 'Chart.yaml')); i++) {
    dir = path.dirname(dir);
  }
  const source = path.join(dir, BINDINGS_CHART);
  if (!existsSync(path.join(source, 'Chart.yaml'))) {
    throw new Error(
      `[${scope.node.path}] the target group bindings chart is missing from the package (${BINDINGS_CHART})`,
    );
  }
  return new TerraformAsset(stack, id, { path: source, type: AssetType.DIRECTORY }).path;
}

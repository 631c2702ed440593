import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsSubnet } from '@cdktf/provider-aws/lib/data-aws-subnet';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Ec2Tag } from '@cdktf/provider-aws/lib/ec2-tag';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcEndpoint } from '@cdktf/provider-aws/lib/vpc-endpoint';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Fn } from 'cdktf';
import { Construct } from 'constructs';
import { z } from 'zod';
import { eksClusterName, existingNetworkSchema, newVpcCidr } from '../config/cluster';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import type { ExistingNetworkSpec } from '../config/cluster-types';
import { AwsContext } from '../core/aws-context';
import { EncryptedLogGroup } from '../core/encrypted-log-group';
import type { IEncryptionKey } from '../core/grants';
import { NAME_LIMITS, Naming } from '../core/naming';
import { RoleTrusts, ServiceRole } from '../core/service-role';
import { eksUnsupportedZoneIds } from './eks-zones';
import type { IServingNetwork } from './serving-network';
import { subnetLayout } from './subnet-layout';
import { encryptionKeyProp, logRetentionProp } from '../core/prop-rules';

/** Interface endpoints the private subnets can get, so nodes reach AWS without NAT. */
export const INTERFACE_ENDPOINT_SERVICES = ['ecr.api', 'ecr.dkr', 'sts', 'logs'] as const;
/** An interface endpoint service. */
export type InterfaceEndpointService = (typeof INTERFACE_ENDPOINT_SERVICES)[number];

/** How many NAT gateways the private subnets use. */
export type NatGatewayMode = 'perAz' | 'single';

/** Props of `ServingVpc`. */
export interface ServingVpcProps {
  /** The key that encrypts the flow logs. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * The VPC's block: a private range, /16 to /22, as its network address.
   * @default '10.0.0.0/16'
   */
  readonly cidr?: string;
  /**
   * Availability zones used (2 or 3): one public and one private subnet each.
   * @default 3
   */
  readonly availabilityZones?: number;
  /**
   * One NAT gateway per zone (a zone outage leaves the others reaching out), or a single one
   * (cheaper, for disposable environments).
   * @default 'perAz'
   */
  readonly natGateways?: NatGatewayMode;
  /**
   * Interface endpoints in the private subnets. The S3 gateway endpoint is always created.
   * @default - ecr.api, ecr.dkr, sts and logs
   */
  readonly interfaceEndpoints?: readonly InterfaceEndpointService[];
  /**
   * Retention of the flow logs, in days (CloudWatch's values).
   * @default 365
   */
  readonly flowLogRetentionDays?: number;
  /**
   * Name of the EKS cluster that uses the subnets: they get its `kubernetes.io/cluster/<name>` tag,
   * and the zones EKS does not support (`EKS_UNSUPPORTED_ZONE_IDS`) are left out.
   * @default - no cluster tag; every available zone may be used
   */
  readonly clusterName?: string;
}

const propsSchema = z.strictObject({
  encryptionKey: encryptionKeyProp,
  cidr: newVpcCidr.default('10.0.0.0/16'),
  availabilityZones: z.union([z.literal(2), z.literal(3)], { error: 'must be 2 or 3' }).default(3),
  natGateways: z.enum(['perAz', 'single']).default('perAz'),
  interfaceEndpoints: z.array(z.enum(INTERFACE_ENDPOINT_SERVICES)).default([...INTERFACE_ENDPOINT_SERVICES]),
  flowLogRetentionDays: logRetentionProp,
  clusterName: eksClusterName.optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ServingVpcProps> = true;
void propsAgree;

/** Subnet tags that let the AWS Load Balancer Controller find the subnets. */
function subnetTags(kind: 'public' | 'private', clusterName?: string): Record<string, string> {
  return {
    [kind === 'public' ? 'kubernetes.io/role/elb' : 'kubernetes.io/role/internal-elb']: '1',
    ...(clusterName ? { [`kubernetes.io/cluster/${clusterName}`]: 'shared' } : {}),
  };
}

/**
 * The environment's VPC: public and private subnets across 2-3 availability zones (chosen by zone
 * ID, in order, among the available zones that need no opt-in, without those EKS does not support
 * when the VPC is for a cluster; the plan stops if the region has too few), NAT for the
 * private subnets (one per zone by default), flow logs to an encrypted log group, the default
 * security group closed, an S3 gateway endpoint and interface endpoints for ECR, STS and
 * CloudWatch Logs, and the subnet tags load balancers and EKS look for.
 */
export class ServingVpc extends Construct implements IServingNetwork {
  /** An existing VPC (bring your own), tagged for load balancer discovery. */
  public static fromExisting(scope: Construct, id: string, props: ExistingNetworkProps): IServingNetwork {
    return new ExistingNetwork(scope, id, props);
  }

  /** The VPC resource. */
  public readonly vpc: Vpc;
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly privateSubnetIds: readonly string[];
  public readonly publicSubnetIds: readonly string[];
  /** The route tables of the private subnets, one per zone. */
  public readonly privateRouteTableIds: readonly string[];

  constructor(scope: Construct, id: string, props: ServingVpcProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const naming = Naming.of(this);
    const aws = AwsContext.of(this);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: p.cidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: naming.name([], 255) },
    });
    this.vpcId = this.vpc.id;
    this.vpcCidr = p.cidr;

    // Closed: no rule lets anything in or out of resources left in the default group.
    new DefaultSecurityGroup(this, 'default-security-group', { vpcId: this.vpc.id });

    // Zones by ID (the same physical zone in every account), without the zones EKS refuses when
    // the VPC is for a cluster; the subnets take the first `availabilityZones` of them in order.
    const excluded = p.clusterName ? eksUnsupportedZoneIds() : [];
    const zones = new DataAwsAvailabilityZones(this, 'zones', {
      state: 'available',
      filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      excludeZoneIds: excluded.length > 0 ? excluded : undefined,
      lifecycle: {
        // element() wraps around: with too few zones two subnets would share one, silently
        postcondition: [
          {
            condition: `\${length(self.zone_ids) >= ${p.availabilityZones}}`,
            errorMessage:
              `The VPC needs ${p.availabilityZones} availability zones, but the region offers only \${length(self.zone_ids)} ` +
              `(available, no opt-in${excluded.length > 0 ? ', without the zones EKS does not support' : ''}): \${join(", ", self.zone_ids)}. ` +
              'Set availabilityZones to a number the region offers.',
          },
        ],
      },
    });
    const layout = subnetLayout(p.cidr, p.availabilityZones);
    const igw = new InternetGateway(this, 'internet-gateway', { vpcId: this.vpc.id });
    const publicRoutes = new RouteTable(this, 'public-routes', { vpcId: this.vpc.id });
    new Route(this, 'public-default-route', {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: igw.id,
    });

    const publicSubnets: Subnet[] = [];
    const privateSubnets: Subnet[] = [];
    const natGateways: NatGateway[] = [];
    const privateRouteTables: RouteTable[] = [];
    layout.forEach((cidrs, zone) => {
      const availabilityZoneId = Fn.element(zones.zoneIds, zone);
      const publicSubnet = new Subnet(this, `public-${zone}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidrs.public,
        availabilityZoneId,
        mapPublicIpOnLaunch: false,
        tags: { Name: naming.name(['public', String(zone)], 255), ...subnetTags('public', p.clusterName) },
      });
      new RouteTableAssociation(this, `public-${zone}-routes`, {
        subnetId: publicSubnet.id,
        routeTableId: publicRoutes.id,
      });
      publicSubnets.push(publicSubnet);

      if (p.natGateways === 'perAz' || zone === 0) {
        const eip = new Eip(this, `nat-${zone}-address`, { domain: 'vpc' });
        natGateways.push(
          new NatGateway(this, `nat-${zone}`, {
            allocationId: eip.allocationId,
            subnetId: publicSubnet.id,
            dependsOn: [igw],
          }),
        );
      }

      const privateSubnet = new Subnet(this, `private-${zone}`, {
        vpcId: this.vpc.id,
        cidrBlock: cidrs.private,
        availabilityZoneId,
        tags: { Name: naming.name(['private', String(zone)], 255), ...subnetTags('private', p.clusterName) },
      });
      const routes = new RouteTable(this, `private-${zone}-routes`, { vpcId: this.vpc.id });
      new Route(this, `private-${zone}-default-route`, {
        routeTableId: routes.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: natGateways[p.natGateways === 'perAz' ? zone : 0].id,
      });
      new RouteTableAssociation(this, `private-${zone}-association`, {
        subnetId: privateSubnet.id,
        routeTableId: routes.id,
      });
      privateSubnets.push(privateSubnet);
      privateRouteTables.push(routes);
    });
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.privateRouteTableIds = privateRouteTables.map((r) => r.id);

    // Endpoints: S3 through a free gateway endpoint; ECR, STS and logs through interface endpoints.
    new VpcEndpoint(this, 'endpoint-s3', {
      vpcId: this.vpc.id,
      serviceName: `com.amazonaws.${aws.region}.s3`,
      vpcEndpointType: 'Gateway',
      routeTableIds: [...this.privateRouteTableIds],
    });
    if (p.interfaceEndpoints.length > 0) {
      const endpointGroup = new SecurityGroup(this, 'endpoint-security-group', {
        name: naming.name('vpc-endpoints', 255),
        description: 'HTTPS from the VPC to the interface endpoints',
        vpcId: this.vpc.id,
      });
      new VpcSecurityGroupIngressRule(this, 'endpoint-https', {
        securityGroupId: endpointGroup.id,
        description: 'HTTPS from the VPC',
        ipProtocol: 'tcp',
        fromPort: 443,
        toPort: 443,
        cidrIpv4: p.cidr,
      });
      for (const service of p.interfaceEndpoints) {
        new VpcEndpoint(this, `endpoint-${service.replace('.', '-')}`, {
          vpcId: this.vpc.id,
          serviceName: `com.amazonaws.${aws.region}.${service}`,
          vpcEndpointType: 'Interface',
          privateDnsEnabled: true,
          subnetIds: [...this.privateSubnetIds],
          securityGroupIds: [endpointGroup.id],
        });
      }
    }

    this.addFlowLogs(p.encryptionKey, p.flowLogRetentionDays, naming, aws);
  }

  private addFlowLogs(key: IEncryptionKey, retentionDays: number, naming: Naming, aws: AwsContext): void {
    const logs = new EncryptedLogGroup(this, 'flow-logs', {
      logGroupName: `/aws/vpc/${naming.name('flow-logs', NAME_LIMITS.logGroup - 9)}`,
      encryptionKey: key,
      retentionDays,
    });
    const role = new ServiceRole(this, 'flow-logs-role', {
      assumedBy: RoleTrusts.service('vpc-flow-logs.amazonaws.com', [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [aws.arn('ec2', 'vpc-flow-log/*')] },
      ]),
      component: 'vpc-flow-logs',
      description: 'Delivers the VPC flow logs to their log group',
    });
    role.addToPrincipalPolicy(
      {
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
        resources: [logs.logGroupArn, logs.streamsArn],
      },
      { actions: ['logs:DescribeLogGroups'], resources: [aws.arn('logs', 'log-group:*')] },
    );
    new FlowLog(this, 'flow-log', {
      vpcId: this.vpc.id,
      trafficType: 'ALL',
      logDestinationType: 'cloud-watch-logs',
      logDestination: logs.logGroupArn,
      iamRoleArn: role.roleArn,
      maxAggregationInterval: 60,
      // logGroupArn is built from the name: wait for the group (or delivery creates it
      // unencrypted) and for the role's permissions to deliver to it
      dependsOn: [logs.logGroup, ...(role.inlinePolicy ? [role.inlinePolicy] : [])],
    });
  }
}

/** Props of an existing network: the spec's `network.existing`, and the cluster that uses it. */
export interface ExistingNetworkProps extends ExistingNetworkSpec {
  /**
   * The EKS cluster using the subnets: the cluster tag, and a plan-time check that no private
   * subnet is in a zone EKS does not support (`EKS_UNSUPPORTED_ZONE_IDS`; one `aws_subnet` data
   * source per private subnet, which needs `ec2:DescribeSubnets`).
   * @default - no cluster tag, no check
   */
  readonly clusterName?: string;
}

const existingSchema = existingNetworkSchema.extend({ clusterName: eksClusterName.optional() });
const existingAgree: PropsAgree<z.input<typeof existingSchema>, ExistingNetworkProps> = true;
void existingAgree;

/** An existing VPC used as the environment's network. */
class ExistingNetwork extends Construct implements IServingNetwork {
  public readonly vpcId: string;
  public readonly vpcCidr: string;
  public readonly privateSubnetIds: readonly string[];
  public readonly publicSubnetIds: readonly string[];

  constructor(scope: Construct, id: string, props: ExistingNetworkProps) {
    super(scope, id);
    const p = validateProps(this, existingSchema, props);
    this.vpcId = p.vpcId;
    this.vpcCidr = p.vpcCidr;
    this.privateSubnetIds = p.privateSubnetIds;
    this.publicSubnetIds = p.publicSubnetIds;
    if (p.clusterName) this.checkZonesForEks(p.privateSubnetIds, p.clusterName);
    if (!p.tagSubnets) return;
    const tag = (kind: 'public' | 'private', ids: readonly string[]) => {
      for (const subnet of ids) {
        for (const [key, value] of Object.entries(subnetTags(kind, p.clusterName))) {
          new Ec2Tag(this, `${subnet}-${key}`, { resourceId: subnet, key, value });
        }
      }
    };
    tag('private', p.privateSubnetIds);
    tag('public', p.publicSubnetIds);
  }

  /**
   * Plan-time check that no private subnet (where the cluster and its nodes go) lies in a zone EKS
   * does not support: the plan stops with the subnet and its zone instead of CreateCluster failing
   * mid-apply. The subnets are read at plan time (their IDs are literals).
   */
  private checkZonesForEks(subnetIds: readonly string[], clusterName: string): void {
    const unsupported = eksUnsupportedZoneIds();
    const list = unsupported.map((id) => JSON.stringify(id)).join(', ');
    for (const subnet of subnetIds) {
      new DataAwsSubnet(this, `${subnet}-zone`, {
        id: subnet,
        lifecycle: {
          postcondition: [
            {
              condition: `\${!contains([${list}], self.availability_zone_id)}`,
              errorMessage:
                `Subnet ${subnet} is in availability zone \${self.availability_zone} (\${self.availability_zone_id}), ` +
                `which EKS does not support for clusters (${unsupported.join(', ')}): cluster ${clusterName} cannot use it. ` +
                'List private subnets in other zones (network.existing.privateSubnetIds).',
            },
          ],
        },
      });
    }
  }
}

import {
  EKS_UNSUPPORTED_ZONE_IDS,
  EnvironmentKey,
  ServingVpc,
  SpecValidationError,
  subnetLayout,
  type ServingVpcProps,
} from '../../src';
import { type Synthesized, errorOf, plainStack, synthScope, focused } from '../helpers';

/** The `depends_on` entry (`<type>.<logical id>`) for the resource at `path`. */
const dependencyOn = (out: Synthesized, type: string, path: string) =>
  out.ref(type, path, 'id').replace(/^\$\{(.+)\.id\}$/, '$1');

function synthVpc(props: Partial<ServingVpcProps> = {}): Synthesized {
  return synthScope((scope) => {
    const key = new EnvironmentKey(scope, 'key');
    new ServingVpc(scope, 'network', { encryptionKey: key, ...props });
  });
}

describe('subnetLayout', () => {
  it('gives each zone a private eighth of the block and a public sixty-fourth from the fourth eighth', () => {
    expect(subnetLayout('10.0.0.0/16', 3)).toEqual([
      { private: '10.0.0.0/19', public: '10.0.96.0/22' },
      { private: '10.0.32.0/19', public: '10.0.100.0/22' },
      { private: '10.0.64.0/19', public: '10.0.104.0/22' },
    ]);
    expect(subnetLayout('172.20.0.0/20', 2)).toEqual([
      { private: '172.20.0.0/23', public: '172.20.6.0/26' },
      { private: '172.20.2.0/23', public: '172.20.6.64/26' },
    ]);
    expect(subnetLayout('192.168.4.0/22', 2)[1]).toEqual({
      private: '192.168.4.128/25',
      public: '192.168.5.144/28',
    });
  });

  it('refuses blocks it cannot split into valid subnets', () => {
    expect(() => subnetLayout('10.0.0.0/24', 2)).toThrow(
      'subnetLayout needs a /16 to /22 block, got "10.0.0.0/24"',
    );
  });
});

describe('ServingVpc', () => {
  const out = synthVpc({ clusterName: 'acme-ml-production' });

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out, 'network')).toMatchSnapshot();
  });

  it('spans three zones with a public and a private subnet each', () => {
    const subnets = out.resources('aws_subnet').map((s) => s.props);
    expect(subnets).toHaveLength(6);
    const privateSubnets = subnets.filter((s) => s.tags['kubernetes.io/role/internal-elb'] === '1');
    const publicSubnets = subnets.filter((s) => s.tags['kubernetes.io/role/elb'] === '1');
    expect(privateSubnets.map((s) => s.cidr_block).sort()).toEqual([
      '10.0.0.0/19',
      '10.0.32.0/19',
      '10.0.64.0/19',
    ]);
    expect(publicSubnets.map((s) => s.cidr_block).sort()).toEqual([
      '10.0.100.0/22',
      '10.0.104.0/22',
      '10.0.96.0/22',
    ]);
    expect(subnets.every((s) => s.tags['kubernetes.io/cluster/acme-ml-production'] === 'shared')).toBe(true);
    expect(publicSubnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
    expect(out.resource('aws_subnet', 'private-1').availability_zone).toBeUndefined();
    expect(out.resource('aws_subnet', 'private-1').availability_zone_id).toBe(
      `\${element(${out.dataRef('aws_availability_zones', 'zones', 'zone_ids')}, 1)}`,
    );
  });

  describe('zones', () => {
    const zones = out.dataSource('aws_availability_zones', 'zones');

    it('are chosen by zone ID among available zones without opt-in, leaving out those EKS does not support', () => {
      expect(zones).toMatchObject({
        state: 'available',
        filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
      });
      expect([...zones.exclude_zone_ids].sort()).toEqual(['cac1-az3', 'use1-az3', 'usw1-az2']);
      expect(EKS_UNSUPPORTED_ZONE_IDS).toEqual({
        'us-east-1': ['use1-az3'],
        'us-west-1': ['usw1-az2'],
        'ca-central-1': ['cac1-az3'],
      });
      for (const subnet of out.resources('aws_subnet')) {
        expect(subnet.props.availability_zone_id).toMatch(
          /^\$\{element\(data\.aws_availability_zones\.[^.]+\.zone_ids, [0-2]\)\}$/,
        );
        expect(subnet.props.availability_zone).toBeUndefined();
      }
    });

    it('stop the plan when the region has fewer usable zones than asked, naming those it has', () => {
      expect(zones.lifecycle.postcondition).toEqual([
        {
          condition: '${length(self.zone_ids) >= 3}',
          error_message:
            'The VPC needs 3 availability zones, but the region offers only ${length(self.zone_ids)} ' +
            '(available, no opt-in, without the zones EKS does not support): ${join(", ", self.zone_ids)}. ' +
            'Set availabilityZones to a number the region offers.',
        },
      ]);
    });

    it('may be any available zone when the VPC is not for a cluster', () => {
      const plain = synthVpc({ availabilityZones: 2 }).dataSource('aws_availability_zones', 'zones');
      expect(plain.exclude_zone_ids).toBeUndefined();
      expect(plain.lifecycle.postcondition[0].condition).toBe('${length(self.zone_ids) >= 2}');
    });
  });

  it('routes each private subnet through the NAT gateway of its own zone', () => {
    expect(out.resources('aws_nat_gateway')).toHaveLength(3);
    for (const zone of [0, 1, 2]) {
      expect(out.resource('aws_route', `private-${zone}-default-route`)).toMatchObject({
        destination_cidr_block: '0.0.0.0/0',
        nat_gateway_id: out.ref('aws_nat_gateway', `nat-${zone}`, 'id'),
      });
    }
  });

  it('closes the default security group', () => {
    const group = out.resource('aws_default_security_group');
    expect(group.vpc_id).toBe(out.ref('aws_vpc', 'network/vpc', 'id'));
    expect(group.ingress).toBeUndefined();
    expect(group.egress).toBeUndefined();
  });

  it('sends flow logs of all traffic to a KMS-encrypted log group with retention', () => {
    expect(out.resource('aws_flow_log')).toMatchObject({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      vpc_id: out.ref('aws_vpc', 'network/vpc', 'id'),
      max_aggregation_interval: 60,
    });
    // into the encrypted group below, delivered by the role below, once both exist
    expect(out.resource('aws_flow_log')).toEqual({
      traffic_type: 'ALL',
      log_destination_type: 'cloud-watch-logs',
      log_destination:
        `arn:\${${out.dataRef('aws_partition', 'aws-context/partition', 'partition')}}:logs:` +
        `\${${out.dataRef('aws_region', 'aws-context/region', 'region')}}:` +
        `\${${out.dataRef('aws_caller_identity', 'aws-context/caller', 'account_id')}}:log-group:/aws/vpc/test-flow-logs`,
      iam_role_arn: out.ref('aws_iam_role', 'flow-logs-role', 'arn'),
      vpc_id: out.ref('aws_vpc', 'network/vpc', 'id'),
      max_aggregation_interval: 60,
      depends_on: [
        dependencyOn(out, 'aws_cloudwatch_log_group', 'flow-logs/log-group'),
        dependencyOn(out, 'aws_iam_role_policy', 'flow-logs-role/inline-policy'),
      ],
    });
    expect(out.resource('aws_cloudwatch_log_group')).toEqual({
      name: '/aws/vpc/test-flow-logs',
      kms_key_id: out.ref('aws_kms_key', 'key', 'arn'),
      retention_in_days: 365,
    });
    const trust = out.policyStatements(out.resource('aws_iam_role').assume_role_policy)[0];
    expect(trust.principals).toEqual([{ type: 'Service', identifiers: ['vpc-flow-logs.amazonaws.com'] }]);
    expect(trust.condition.map((c: { variable: string }) => c.variable)).toEqual([
      'aws:SourceAccount',
      'aws:SourceArn',
    ]);
  });

  it('reaches S3 through a gateway endpoint and ECR, STS and logs through interface endpoints', () => {
    const endpoints = out.resources('aws_vpc_endpoint').map((e) => e.props);
    const region = '${data.aws_region.aws-context_region_DEC3537F.region}';
    expect(endpoints.map((e) => e.service_name).sort()).toEqual(
      ['ecr.api', 'ecr.dkr', 'logs', 's3', 'sts'].map((s) => `com.amazonaws.${region}.${s}`),
    );
    const s3 = endpoints.find((e) => e.vpc_endpoint_type === 'Gateway');
    expect(s3?.route_table_ids).toHaveLength(3);
    // the S3 gateway on the private route tables (the public subnets' table is not one of them)
    expect(s3?.route_table_ids).toEqual(
      [0, 1, 2].map((zone) => out.ref('aws_route_table', `private-${zone}-routes`, 'id')),
    );
    const interfaces = endpoints.filter((e) => e.vpc_endpoint_type === 'Interface');
    expect(interfaces.every((e) => e.private_dns_enabled === true && e.subnet_ids.length === 3)).toBe(true);
    // each interface endpoint in the private subnets, behind the endpoint security group
    expect(interfaces).toHaveLength(4);
    for (const endpoint of interfaces) {
      expect(endpoint).toMatchObject({
        vpc_id: out.ref('aws_vpc', 'network/vpc', 'id'),
        subnet_ids: [0, 1, 2].map((zone) => out.ref('aws_subnet', `private-${zone}`, 'id')),
        security_group_ids: [out.ref('aws_security_group', 'endpoint-security-group', 'id')],
      });
    }
    expect(out.resource('aws_vpc_security_group_ingress_rule', 'endpoint-https')).toMatchObject({
      ip_protocol: 'tcp',
      from_port: 443,
      to_port: 443,
      cidr_ipv4: '10.0.0.0/16',
    });
  });

  it('uses one NAT gateway, two zones and no interface endpoints when asked (staging)', () => {
    const small = synthVpc({ natGateways: 'single', availabilityZones: 2, interfaceEndpoints: [] });
    expect(small.resources('aws_nat_gateway')).toHaveLength(1);
    expect(small.resources('aws_subnet')).toHaveLength(4);
    const nat = small.ref('aws_nat_gateway', 'nat-0', 'id');
    expect(small.resource('aws_route', 'private-1-default-route').nat_gateway_id).toBe(nat);
    expect(small.resources('aws_vpc_endpoint').map((e) => e.props.vpc_endpoint_type)).toEqual(['Gateway']);
  });

  it.each<[string, Partial<ServingVpcProps>, string]>([
    [
      'a /23 block',
      { cidr: '10.0.0.0/23' },
      'cidr: must have a prefix between /16 and /22 (the public subnets are 1/64 of the block and at least /28), got "10.0.0.0/23"',
    ],
    ['one zone', { availabilityZones: 1 }, 'availabilityZones: must be 2 or 3, got 1'],
    [
      'an unknown NAT mode',
      { natGateways: 'none' as never },
      'natGateways: must be one of "perAz", "single", got "none"',
    ],
    [
      'an unknown endpoint',
      { interfaceEndpoints: ['ec2'] as never },
      'interfaceEndpoints[0]: must be one of "ecr.api", "ecr.dkr", "sts", "logs", got "ec2"',
    ],
    [
      'a cluster name EKS would refuse',
      { clusterName: '-acme' },
      'clusterName: must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit, got "-acme"',
    ],
    [
      'a cluster name with a dot',
      { clusterName: 'acme.ml' },
      'clusterName: must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit, got "acme.ml"',
    ],
  ])('rejects %s', (_title, props, line) => {
    const { stack } = plainStack();
    const key = new EnvironmentKey(stack, 'key');
    const error = errorOf(() => new ServingVpc(stack, 'network', { encryptionKey: key, ...props }));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(`[test/network] invalid props (1 problem):\n  - ${line}`);
  });
});

describe('ServingVpc.fromExisting', () => {
  it('uses the given VPC and tags its subnets for load balancers and the cluster', () => {
    const out = synthScope((scope) => {
      const network = ServingVpc.fromExisting(scope, 'network', {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidr: '10.20.0.0/16',
        privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        publicSubnetIds: ['subnet-0000000000000000c'],
        clusterName: 'acme-ml-production',
      });
      expect(network.privateSubnetIds).toEqual(['subnet-0000000000000000a', 'subnet-0000000000000000b']);
    });
    expect(out.resources('aws_vpc')).toHaveLength(0);
    const tags = out.resources('aws_ec2_tag').map((t) => [t.props.resource_id, t.props.key, t.props.value]);
    expect(tags).toContainEqual(['subnet-0000000000000000a', 'kubernetes.io/role/internal-elb', '1']);
    expect(tags).toContainEqual(['subnet-0000000000000000c', 'kubernetes.io/role/elb', '1']);
    expect(tags).toContainEqual([
      'subnet-0000000000000000b',
      'kubernetes.io/cluster/acme-ml-production',
      'shared',
    ]);
    expect(tags).toHaveLength(6);
  });

  it('takes any name EKS takes for the cluster tag, and refuses the others with the same message', () => {
    const existing = {
      vpcId: 'vpc-0123456789abcdef0',
      vpcCidr: '10.20.0.0/16',
      privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
    };
    const out = synthScope((scope) => {
      ServingVpc.fromExisting(scope, 'network', { ...existing, clusterName: 'Acme_ML-prod' });
    });
    expect(out.resources('aws_ec2_tag').map((t) => t.props.key)).toContain(
      'kubernetes.io/cluster/Acme_ML-prod',
    );
    const { stack } = plainStack();
    const error = errorOf(() =>
      ServingVpc.fromExisting(stack, 'network', { ...existing, clusterName: 'acme ml' }),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      '[test/network] invalid props (1 problem):\n' +
        '  - clusterName: must be 1-100 characters of A-Z a-z 0-9 _ -, starting with a letter or digit, got "acme ml"',
    );
  });

  it('stops the plan when a private subnet of a cluster is in a zone EKS does not support', () => {
    const out = synthScope((scope) => {
      ServingVpc.fromExisting(scope, 'network', {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidr: '10.20.0.0/16',
        privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        publicSubnetIds: ['subnet-0000000000000000c'],
        clusterName: 'acme-ml-production',
      });
    });
    const checks = out.dataSources('aws_subnet');
    expect(checks.map((c) => c.props.id)).toEqual(['subnet-0000000000000000a', 'subnet-0000000000000000b']);
    expect(out.dataSource('aws_subnet', 'subnet-0000000000000000a-zone').lifecycle.postcondition).toEqual([
      {
        condition: '${!contains(["use1-az3", "usw1-az2", "cac1-az3"], self.availability_zone_id)}',
        error_message:
          'Subnet subnet-0000000000000000a is in availability zone ${self.availability_zone} (${self.availability_zone_id}), ' +
          'which EKS does not support for clusters (use1-az3, usw1-az2, cac1-az3): cluster acme-ml-production cannot use it. ' +
          'List private subnets in other zones (network.existing.privateSubnetIds).',
      },
    ]);
  });

  it('reads no subnet when no cluster uses the VPC', () => {
    const out = synthScope((scope) => {
      ServingVpc.fromExisting(scope, 'network', {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidr: '10.20.0.0/16',
        privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
      });
    });
    expect(out.dataSources('aws_subnet')).toEqual([]);
  });

  it('needs private subnets in two zones', () => {
    const { stack } = plainStack();
    expect(() =>
      ServingVpc.fromExisting(stack, 'network', {
        vpcId: 'vpc-0123456789abcdef0',
        vpcCidr: '10.20.0.0/16',
        privateSubnetIds: ['subnet-0000000000000000a'],
      }),
    ).toThrow(
      'privateSubnetIds: must list at least 2 private subnets (2 zones), got ["subnet-0000000000000000a"]',
    );
  });
});

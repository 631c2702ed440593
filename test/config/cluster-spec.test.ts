import {
  knownGpuInstanceTypes,
  gpuInstance,
  validateEnvironmentSpec,
  type GpuNodeGroupSpec,
  type SpecIssue,
} from '../../src';
import { productionSpec, rejectSpec, stagingSpec } from '../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const RUNNERS = '10.20.0.0/16';
const group = (overrides: Partial<GpuNodeGroupSpec> = {}): GpuNodeGroupSpec => ({
  name: 'a10g',
  instanceTypes: ['g5.2xlarge'],
  minSize: 0,
  maxSize: 4,
  ...overrides,
});
const withCluster = (cluster: Record<string, unknown>, env = stagingSpec) =>
  env({ cluster: { adminRoleArns: [ADMIN], privateAccessCidrs: [RUNNERS], ...cluster } as never });

const PRIVATE_HINT = '; admit private networks through privateAccessCidrs';
const NARROW =
  "must be /24 or narrower in a protected environment: list the deploy runners' egress addresses (a wider block admits networks you do not control), or keep the endpoint private";
const ONE_SHAPE =
  'must all have one shape, the same vCPUs, memory and GPUs (the cluster autoscaler sizes a scale-up from zero from one of them): ';
const SPOT =
  'must list at least two instance types of one shape for SPOT capacity (one Spot pool fails every scale-up while it is dry): ';
const GPU_TYPE =
  "must be a known x86_64 NVIDIA GPU instance type (families g4dn, g5, g6, gr6, g6e, p4d, p4de, p5, p5e, p5en, p6-b200), e.g. 'g5.2xlarge'";

const cases: Array<{ title: string; name?: string; spec: object; issue: SpecIssue }> = [
  {
    title: 'a Kubernetes version without pinned add-ons',
    spec: withCluster({ kubernetesVersion: '1.29' }),
    issue: {
      path: 'cluster.kubernetesVersion',
      message: 'must be one of the Kubernetes versions this release pins add-ons for: 1.34, 1.35, 1.36',
      value: '1.29',
    },
  },
  {
    title: 'no administrator role',
    spec: withCluster({ adminRoleArns: [] }),
    issue: {
      path: 'cluster.adminRoleArns',
      message: 'must list at least one IAM role: nobody could administer the cluster otherwise',
      value: [],
    },
  },
  {
    title: 'an administrator role listed twice',
    spec: withCluster({ adminRoleArns: [ADMIN, ADMIN] }),
    issue: { path: 'cluster.adminRoleArns[1]', message: 'must not repeat item 0', value: ADMIN },
  },
  {
    title: 'a deployer that is not an administrator',
    spec: withCluster({ deployerRoleArn: 'arn:aws:iam::123456789012:role/ci' }),
    issue: {
      path: 'cluster.deployerRoleArn',
      message:
        'must be one of adminRoleArns: the deployer needs an access entry to create in-cluster resources',
      value: 'arn:aws:iam::123456789012:role/ci',
    },
  },
  {
    title: 'an API endpoint open to the internet in a protected environment',
    name: 'production',
    spec: withCluster({ publicAccessCidrs: ['0.0.0.0/0'] }, productionSpec),
    issue: { path: 'cluster.publicAccessCidrs[0]', message: NARROW, value: '0.0.0.0/0' },
  },
  {
    title: 'an API endpoint open to half the internet in a protected environment',
    name: 'production',
    spec: withCluster({ publicAccessCidrs: ['0.0.0.0/1'] }, productionSpec),
    issue: { path: 'cluster.publicAccessCidrs[0]', message: NARROW, value: '0.0.0.0/1' },
  },
  {
    title: 'a public block wider than /24 in a protected environment',
    name: 'production',
    spec: withCluster({ publicAccessCidrs: ['52.94.76.0/24', '52.94.0.0/16'] }, productionSpec),
    issue: { path: 'cluster.publicAccessCidrs[1]', message: NARROW, value: '52.94.0.0/16' },
  },
  {
    title: 'a private block in publicAccessCidrs',
    spec: withCluster({ publicAccessCidrs: ['10.20.0.0/16'] }),
    issue: {
      path: 'cluster.publicAccessCidrs[0]',
      message:
        "must be a public block the deploy runners' traffic comes from: it lies in 10.0.0.0/8 (private, RFC 1918), a special-purpose range (RFC 6890) from which no connection reaches a public endpoint; admit private networks through privateAccessCidrs",
      value: '10.20.0.0/16',
    },
  },
  {
    title: 'a public address in privateAccessCidrs',
    spec: withCluster({ privateAccessCidrs: ['52.94.76.0/24'] }),
    issue: {
      path: 'cluster.privateAccessCidrs[0]',
      message:
        'must be a private IPv4 CIDR block (inside 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 or 100.64.0.0/10) given as its network address',
      value: '52.94.76.0/24',
    },
  },
  {
    title: 'a private endpoint nobody may reach',
    spec: withCluster({ privateAccessCidrs: [] }),
    issue: {
      path: 'cluster.privateAccessCidrs',
      message:
        "must list the deploy runners' private network while publicAccessCidrs is empty: the cluster security group EKS creates admits only its own members, so the Kubernetes and Helm providers could not reach the API (or list the runners' public egress addresses in publicAccessCidrs)",
      value: [],
    },
  },
  {
    title: 'control plane logs without audit',
    spec: withCluster({ controlPlaneLogTypes: ['api', 'authenticator'] }),
    issue: {
      path: 'cluster.controlPlaneLogTypes',
      message: 'must include api, audit and authenticator (missing audit)',
      value: ['api', 'authenticator'],
    },
  },
  {
    title: 'environment-wide control plane logs without api and authenticator',
    spec: withCluster({}, (o) => stagingSpec({ ...o, controlPlaneLogTypes: ['audit', 'scheduler'] })),
    issue: {
      path: 'controlPlaneLogTypes',
      message: 'must include api, audit and authenticator (missing api, authenticator)',
      value: ['audit', 'scheduler'],
    },
  },
  {
    title: 'an unknown control plane log type',
    spec: stagingSpec({ controlPlaneLogTypes: ['api', 'audit', 'authenticator', 'kubelet'] as never }),
    issue: {
      path: 'controlPlaneLogTypes[3]',
      message: 'must be one of "api", "audit", "authenticator", "controllerManager", "scheduler"',
      value: 'kubelet',
    },
  },
  {
    title: 'an instance type outside the GPU families',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['m6i.large'] })] }),
    issue: { path: 'cluster.gpuNodeGroups[0].instanceTypes[0]', message: GPU_TYPE, value: 'm6i.large' },
  },
  {
    title: 'an Arm GPU instance type',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5g.xlarge'] })] }),
    issue: { path: 'cluster.gpuNodeGroups[0].instanceTypes[0]', message: GPU_TYPE, value: 'g5g.xlarge' },
  },
  {
    title: 'a group mixing GPU counts',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5.2xlarge', 'g5.12xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message: `${ONE_SHAPE}g5.2xlarge has 8 vCPU, 32 GiB, 1 GPU; g5.12xlarge has 48 vCPU, 192 GiB, 4 GPUs`,
      value: ['g5.2xlarge', 'g5.12xlarge'],
    },
  },
  {
    title: 'a group mixing sizes of one GPU count',
    name: 'production',
    spec: withCluster(
      { gpuNodeGroups: [group({ instanceTypes: ['g6e.xlarge', 'g6e.2xlarge'] })] },
      productionSpec,
    ),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message: `${ONE_SHAPE}g6e.xlarge has 4 vCPU, 32 GiB, 1 GPU; g6e.2xlarge has 8 vCPU, 64 GiB, 1 GPU`,
      value: ['g6e.xlarge', 'g6e.2xlarge'],
    },
  },
  {
    title: "a Spot group (the environment's capacity type) with one instance type",
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5.xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message: `${SPOT}add g4dn.xlarge or g6.xlarge (4 vCPU, 16 GiB, 1 GPU, like g5.xlarge)`,
      value: ['g5.xlarge'],
    },
  },
  {
    title: 'a Spot group (its own capacity type) with one instance type listed twice',
    name: 'production',
    spec: withCluster(
      { gpuNodeGroups: [group({ instanceTypes: ['g6.2xlarge', 'g6.2xlarge'], capacityType: 'SPOT' })] },
      productionSpec,
    ),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message: `${SPOT}add g4dn.2xlarge or g5.2xlarge (8 vCPU, 32 GiB, 1 GPU, like g6.2xlarge)`,
      value: ['g6.2xlarge', 'g6.2xlarge'],
    },
  },
  {
    title: 'a Spot group of a shape no other type has',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g6e.xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message: `${SPOT}no other type in the table has the shape of g6e.xlarge (4 vCPU, 32 GiB, 1 GPU): pick a shape with alternatives, or use ON_DEMAND`,
      value: ['g6e.xlarge'],
    },
  },
  {
    title: 'a system instance type the table does not know',
    spec: stagingSpec({ systemNodes: { instanceTypes: ['m6g.large'], minSize: 1, maxSize: 2 } }),
    issue: {
      path: 'systemNodes.instanceTypes[0]',
      message:
        'must be an x86_64 instance type the library knows: t3, t3a (medium, large, xlarge, 2xlarge); m5, m5a, m6i, m6a, m7i, m7a, c6i, c6a, c7i, c7a, r5, r6i, r6a, r7i, r7a (large, xlarge, 2xlarge, 4xlarge, 8xlarge); c5 (large, xlarge, 2xlarge, 4xlarge, 9xlarge)',
      value: 'm6g.large',
    },
  },
  {
    title: 'system nodes of two shapes',
    spec: stagingSpec({ systemNodes: { instanceTypes: ['m6i.large', 'c6i.large'], minSize: 1, maxSize: 2 } }),
    issue: {
      path: 'systemNodes.instanceTypes',
      message: `${ONE_SHAPE}m6i.large has 2 vCPU, 8 GiB; c6i.large has 2 vCPU, 4 GiB`,
      value: ['m6i.large', 'c6i.large'],
    },
  },
  {
    title: 'an AL2 GPU AMI',
    spec: withCluster({ gpuNodeGroups: [group({ amiType: 'AL2_x86_64_GPU' as never })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].amiType',
      message:
        'must be one of "AL2023_x86_64_NVIDIA", "BOTTLEROCKET_x86_64_NVIDIA" (AL2 AMI types are not supported by EKS since November 2025)',
      value: 'AL2_x86_64_GPU',
    },
  },
  {
    title: 'a desired size outside the range',
    spec: withCluster({ gpuNodeGroups: [group({ minSize: 1, maxSize: 3, desiredSize: 5 })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].desiredSize',
      message: 'must be between minSize (1) and maxSize (3)',
      value: 5,
    },
  },
  {
    title: 'an unknown capacity type',
    spec: withCluster({ gpuNodeGroups: [group({ capacityType: 'RESERVED' as never })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].capacityType',
      message: 'must be one of "ON_DEMAND", "SPOT"',
      value: 'RESERVED',
    },
  },
  {
    title: 'a volume too small for inference images',
    spec: withCluster({ gpuNodeGroups: [group({ diskSizeGiB: 50 })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].diskSizeGiB',
      message: 'must be a whole number between 100 and 16384 GiB',
      value: 50,
    },
  },
  {
    title: 'two GPU groups with one name',
    spec: withCluster({ gpuNodeGroups: [group(), group({ instanceTypes: ['g6.xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[1].name',
      message: 'must be unique (gpuNodeGroups[0] has the same name)',
      value: 'a10g',
    },
  },
  {
    title: 'the device plugin with Bottlerocket nodes only',
    spec: withCluster({
      gpuNodeGroups: [group({ amiType: 'BOTTLEROCKET_x86_64_NVIDIA' })],
      addons: { nvidiaDevicePlugin: { enabled: true } },
    }),
    issue: {
      path: 'cluster.addons.nvidiaDevicePlugin.enabled',
      message:
        'needs a GPU group with AMI type AL2023_x86_64_NVIDIA: Bottlerocket NVIDIA nodes ship their own device plugin',
      value: true,
    },
  },
  {
    title: 'no device plugin for AL2023 GPU nodes',
    spec: withCluster({ gpuNodeGroups: [group()], addons: { nvidiaDevicePlugin: { enabled: false } } }),
    issue: {
      path: 'cluster.addons.nvidiaDevicePlugin.enabled',
      message:
        'must stay enabled while a GPU group uses AL2023_x86_64_NVIDIA: its GPUs would not be schedulable',
      value: false,
    },
  },
  {
    title: 'the DCGM exporter without GPU nodes',
    spec: withCluster({ addons: { dcgmExporter: { enabled: true } } }),
    issue: {
      path: 'cluster.addons.dcgmExporter.enabled',
      message: 'needs at least one GPU node group to export metrics from',
      value: true,
    },
  },
  {
    title: 'the cluster autoscaler with nothing to scale',
    spec: withCluster({ gpuNodeGroups: [group({ minSize: 2, maxSize: 2 })] }),
    issue: {
      path: 'cluster.addons.clusterAutoscaler',
      message:
        'has nothing to scale: every GPU node group has minSize equal to maxSize (give a group room, or set enabled: false)',
      value: undefined,
    },
  },
  {
    title: 'an add-on version that is not an EKS build',
    spec: withCluster({ addonVersions: { coredns: '1.11' } }),
    issue: {
      path: 'cluster.addonVersions.coredns',
      message: "must be an EKS add-on version such as 'v1.20.4-eksbuild.1'",
      value: '1.11',
    },
  },
  {
    title: 'a VPC too small for a cluster',
    spec: withCluster({}, (o) => stagingSpec({ ...o, network: { cidr: '10.0.0.0/21' } })),
    issue: {
      path: 'network.cidr',
      message:
        'must be /20 or larger with a cluster: pods take their addresses from the private subnets (1/8 of the block each)',
      value: '10.0.0.0/21',
    },
  },
  {
    title: 'a VPC block and an existing VPC at once',
    spec: stagingSpec({
      network: {
        cidr: '10.0.0.0/16',
        existing: {
          vpcId: 'vpc-0123456789abcdef0',
          vpcCidr: '10.1.0.0/16',
          privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
        },
      },
    }),
    issue: {
      path: 'network.cidr',
      message: 'must not be given with existing: the existing VPC has its own block',
      value: '10.0.0.0/16',
    },
  },
  {
    title: 'an artifact downloader image without a registry',
    spec: withCluster({ serving: { artifactDownloaderImage: 'aws-cli:2.15.62' } }),
    issue: {
      path: 'cluster.serving.artifactDownloaderImage',
      message: 'must be an image reference with a registry and a tag or digest',
      value: 'aws-cli:2.15.62',
    },
  },
  {
    title: 'a new VPC block too small to split into subnets',
    spec: stagingSpec({ network: { cidr: '10.0.0.0/23' } }),
    issue: {
      path: 'network.cidr',
      message:
        'must have a prefix between /16 and /22 (the public subnets are 1/64 of the block and at least /28)',
      value: '10.0.0.0/23',
    },
  },
  {
    title: 'an existing VPC with one private subnet',
    spec: stagingSpec({
      network: {
        existing: {
          vpcId: 'vpc-0123456789abcdef0',
          vpcCidr: '10.1.0.0/16',
          privateSubnetIds: ['subnet-0000000000000000a'],
        },
      },
    }),
    issue: {
      path: 'network.existing.privateSubnetIds',
      message: 'must list at least 2 private subnets (2 zones)',
      value: ['subnet-0000000000000000a'],
    },
  },
  {
    title: 'GPU instances for the system nodes',
    spec: stagingSpec({ systemNodes: { instanceTypes: ['g5.xlarge'], minSize: 1, maxSize: 2 } }),
    issue: {
      path: 'systemNodes.instanceTypes[0]',
      message: 'must not be a GPU instance type: system nodes run controllers only',
      value: 'g5.xlarge',
    },
  },
  {
    title: 'one system node in a protected environment',
    name: 'production',
    spec: productionSpec({ systemNodes: { instanceTypes: ['m6i.large'], minSize: 1, maxSize: 3 } }),
    issue: {
      path: 'systemNodes.minSize',
      message: 'must be at least 2 in a protected environment: controllers and DNS must survive a node loss',
      value: 1,
    },
  },
  {
    title: 'three NAT modes',
    spec: stagingSpec({ natGateways: 'none' as never }),
    issue: { path: 'natGateways', message: 'must be one of "perAz", "single"', value: 'none' },
  },
  {
    title: 'IRSA with no STS endpoint the model pods may reach',
    spec: stagingSpec({
      interfaceEndpoints: false,
      cluster: { adminRoleArns: [ADMIN], privateAccessCidrs: [RUNNERS], workloadIdentity: 'irsa' },
    }),
    issue: {
      path: 'cluster.workloadIdentity',
      message:
        'needs an STS endpoint the model pods may reach: keep interfaceEndpoints on, set cluster.serving.internetEgress, or use podIdentity',
      value: 'irsa',
    },
  },
  {
    title: 'four availability zones',
    spec: stagingSpec({ availabilityZones: 4 }),
    issue: { path: 'availabilityZones', message: 'must be 2 or 3', value: 4 },
  },
];

describe('an invalid cluster or network spec', () => {
  it.each(cases)('is rejected for $title', ({ name, spec, issue }) => {
    const error = rejectSpec(name ?? 'staging', spec);
    expect(error.issues).toContainEqual(issue);
  });
});

describe('GPU groups of one name', () => {
  it('are each reported against the first of them', () => {
    const error = rejectSpec(
      'staging',
      withCluster({
        gpuNodeGroups: [
          group(),
          group({ instanceTypes: ['g6.xlarge'] }),
          group({ instanceTypes: ['g6e.xlarge'] }),
          group({ name: 'other' }),
        ],
      }),
    );
    expect(error.issues.filter((i) => i.message.startsWith('must be unique'))).toEqual([
      {
        path: 'cluster.gpuNodeGroups[1].name',
        message: 'must be unique (gpuNodeGroups[0] has the same name)',
        value: 'a10g',
      },
      {
        path: 'cluster.gpuNodeGroups[2].name',
        message: 'must be unique (gpuNodeGroups[0] has the same name)',
        value: 'a10g',
      },
    ]);
  });
});

describe('a public access block', () => {
  // every special-purpose range of RFC 6890 that can never be a runner's public egress
  it.each([
    ['0.0.0.0/8', '0.0.0.0/8', '"this network", RFC 1122', ''],
    ['10.1.2.3/32', '10.0.0.0/8', 'private, RFC 1918', PRIVATE_HINT],
    ['100.64.0.0/10', '100.64.0.0/10', 'shared address space, RFC 6598', PRIVATE_HINT],
    ['127.0.0.1/32', '127.0.0.0/8', 'loopback, RFC 1122', ''],
    ['169.254.169.254/32', '169.254.0.0/16', 'link-local, RFC 3927', ''],
    ['172.31.0.0/16', '172.16.0.0/12', 'private, RFC 1918', PRIVATE_HINT],
    ['192.0.0.0/29', '192.0.0.0/24', 'IETF protocol assignments, RFC 6890', ''],
    ['192.0.2.0/24', '192.0.2.0/24', 'documentation TEST-NET-1, RFC 5737', ''],
    ['192.168.1.0/24', '192.168.0.0/16', 'private, RFC 1918', PRIVATE_HINT],
    ['198.18.0.0/15', '198.18.0.0/15', 'benchmarking, RFC 2544', ''],
    ['198.51.100.7/32', '198.51.100.0/24', 'documentation TEST-NET-2, RFC 5737', ''],
    ['203.0.113.0/24', '203.0.113.0/24', 'documentation TEST-NET-3, RFC 5737', ''],
    ['224.0.0.0/4', '224.0.0.0/4', 'multicast, RFC 5771', ''],
    ['255.255.255.255/32', '240.0.0.0/4', 'reserved, RFC 1112', ''],
  ])('is refused inside a special-purpose range: %s', (block, range, name, hint) => {
    expect(rejectSpec('staging', withCluster({ publicAccessCidrs: [block] })).issues).toEqual([
      {
        path: 'cluster.publicAccessCidrs[0]',
        message: `must be a public block the deploy runners' traffic comes from: it lies in ${range} (${name}), a special-purpose range (RFC 6890) from which no connection reaches a public endpoint${hint}`,
        value: block,
      },
    ]);
  });

  it('may be a runner address next to a special-purpose range, or the whole internet where unprotected', () => {
    for (const block of ['198.51.101.0/24', '203.0.112.255/32', '52.94.76.10/32', '0.0.0.0/0']) {
      expect(() =>
        validateEnvironmentSpec(
          'staging',
          withCluster({ publicAccessCidrs: [block], privateAccessCidrs: [] }),
        ),
      ).not.toThrow();
    }
  });

  it('may be a /24 in a protected environment', () => {
    expect(() =>
      validateEnvironmentSpec(
        'production',
        withCluster({ publicAccessCidrs: ['52.94.76.0/24'] }, productionSpec),
      ),
    ).not.toThrow();
  });
});

describe('a valid cluster spec', () => {
  it('may mix GPU models of one shape in a group', () => {
    const spec = withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5.2xlarge', 'g6.2xlarge'] })] });
    expect(() => validateEnvironmentSpec('staging', spec)).not.toThrow();
  });

  it('may keep the endpoint private in an existing VPC the runners reach', () => {
    const spec = withCluster({ privateAccessCidrs: ['10.40.240.0/20'] }, (o) =>
      productionSpec({
        ...o,
        network: {
          existing: {
            vpcId: 'vpc-0123456789abcdef0',
            vpcCidr: '10.40.0.0/16',
            privateSubnetIds: ['subnet-0123456789abcdef1', 'subnet-0123456789abcdef2'],
          },
        },
      }),
    );
    expect(validateEnvironmentSpec('production', spec).spec.cluster).toMatchObject({
      publicAccessCidrs: [],
      privateAccessCidrs: ['10.40.240.0/20'],
    });
  });

  it('may use IRSA without interface endpoints when model pods may reach the internet', () => {
    const spec = stagingSpec({
      interfaceEndpoints: false,
      cluster: {
        adminRoleArns: [ADMIN],
        privateAccessCidrs: [RUNNERS],
        workloadIdentity: 'irsa',
        serving: { internetEgress: true },
      },
    });
    expect(() => validateEnvironmentSpec('staging', spec)).not.toThrow();
  });
});

describe('the GPU instance table', () => {
  it('knows GPU counts per size', () => {
    expect(gpuInstance('g5.12xlarge')).toMatchObject({ family: 'g5', size: '12xlarge', gpus: 4 });
    expect(gpuInstance('p5.48xlarge')?.info.accelerator).toBe('nvidia-h100');
    expect(gpuInstance('p6-b200.48xlarge')?.gpus).toBe(8);
    expect(gpuInstance('g6e.xlarge')?.info.gpu).toBe('L40S');
  });

  it('does not know sizes or families that do not exist', () => {
    expect(gpuInstance('g5.3xlarge')).toBeUndefined();
    expect(gpuInstance('m6i.large')).toBeUndefined();
    expect(gpuInstance('toString.x')).toBeUndefined();
  });

  it('lists every known type', () => {
    expect(knownGpuInstanceTypes()).toContain('g4dn.metal');
    expect(knownGpuInstanceTypes()).toHaveLength(
      knownGpuInstanceTypes().filter((t) => gpuInstance(t) !== undefined).length,
    );
    // the table, pinned: adding or dropping a size is a reviewed change
    expect(knownGpuInstanceTypes()).toHaveLength(40);
    expect(knownGpuInstanceTypes()).toEqual([
      ...['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '12xlarge', 'metal'].map((s) => `g4dn.${s}`),
      ...['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '12xlarge', '24xlarge', '48xlarge'].map(
        (s) => `g5.${s}`,
      ),
      ...['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '12xlarge', '24xlarge', '48xlarge'].map(
        (s) => `g6.${s}`,
      ),
      'gr6.4xlarge',
      'gr6.8xlarge',
      ...['xlarge', '2xlarge', '4xlarge', '8xlarge', '16xlarge', '12xlarge', '24xlarge', '48xlarge'].map(
        (s) => `g6e.${s}`,
      ),
      'p4d.24xlarge',
      'p4de.24xlarge',
      'p5.4xlarge',
      'p5.48xlarge',
      'p5e.48xlarge',
      'p5en.48xlarge',
      'p6-b200.48xlarge',
    ]);
  });
});

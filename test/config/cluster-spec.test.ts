import {
  knownGpuInstanceTypes,
  gpuInstance,
  validateEnvironmentSpec,
  type GpuNodeGroupSpec,
  type SpecIssue,
} from '../../src';
import { productionSpec, rejectSpec, stagingSpec } from '../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const group = (overrides: Partial<GpuNodeGroupSpec> = {}): GpuNodeGroupSpec => ({
  name: 'a10g',
  instanceTypes: ['g5.2xlarge'],
  minSize: 0,
  maxSize: 4,
  ...overrides,
});
const withCluster = (cluster: Record<string, unknown>, env = stagingSpec) =>
  env({ cluster: { adminRoleArns: [ADMIN], ...cluster } as never });

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
    issue: {
      path: 'cluster.publicAccessCidrs[0]',
      message:
        'must not open the Kubernetes API to the internet in a protected environment (a block wider than /8): list your networks, or keep the endpoint private',
      value: '0.0.0.0/0',
    },
  },
  {
    title: 'an API endpoint open to half the internet in a protected environment',
    name: 'production',
    spec: withCluster({ publicAccessCidrs: ['0.0.0.0/1'] }, productionSpec),
    issue: {
      path: 'cluster.publicAccessCidrs[0]',
      message:
        'must not open the Kubernetes API to the internet in a protected environment (a block wider than /8): list your networks, or keep the endpoint private',
      value: '0.0.0.0/1',
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
    title: 'a group mixing GPU families',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5.2xlarge', 'g6.2xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message:
        'must all be of one GPU family with the same number of GPUs per instance (the autoscaler sizes the group from one of them)',
      value: ['g5.2xlarge', 'g6.2xlarge'],
    },
  },
  {
    title: 'a group mixing GPU counts',
    spec: withCluster({ gpuNodeGroups: [group({ instanceTypes: ['g5.2xlarge', 'g5.12xlarge'] })] }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].instanceTypes',
      message:
        'must all be of one GPU family with the same number of GPUs per instance (the autoscaler sizes the group from one of them)',
      value: ['g5.2xlarge', 'g5.12xlarge'],
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
      cluster: { adminRoleArns: [ADMIN], workloadIdentity: 'irsa' },
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

describe('a valid cluster spec', () => {
  it('may use IRSA without interface endpoints when model pods may reach the internet', () => {
    const spec = stagingSpec({
      interfaceEndpoints: false,
      cluster: { adminRoleArns: [ADMIN], workloadIdentity: 'irsa', serving: { internetEgress: true } },
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

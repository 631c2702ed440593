import {
  deployedVersions,
  validateEnvironmentSpec,
  type KubernetesServingSpec,
  type SpecIssue,
} from '../../../src';
import { productionSpec, rejectSpec, stagingSpec } from '../../helpers';

const ADMIN = 'arn:aws:iam::123456789012:role/platform-admin';
const RUNNERS = '10.20.0.0/16';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const group = (name: string, instanceTypes = ['g5.2xlarge', 'g6.2xlarge']) => ({
  name,
  instanceTypes,
  minSize: 0,
  maxSize: 2,
});

function withModel(
  serving: Partial<KubernetesServingSpec>,
  options: {
    groups?: ReturnType<typeof group>[];
    version?: string;
    env?: typeof stagingSpec;
    extra?: object;
    cluster?: object;
  } = {},
) {
  return (options.env ?? stagingSpec)({
    cluster: {
      adminRoleArns: [ADMIN],
      privateAccessCidrs: [RUNNERS],
      gpuNodeGroups: options.groups ?? [group('a10g')],
      ...options.cluster,
    },
    models: [
      {
        name: 'fraud',
        version: options.version ?? 'v2',
        serving: { kind: 'kubernetes', ...serving } as KubernetesServingSpec,
      },
    ],
    ...options.extra,
  });
}

const cases: Array<{ title: string; name?: string; spec: object; issue: SpecIssue }> = [
  {
    title: 'a GPU model without GPU node groups',
    spec: withModel({ gpu: 1 }, { groups: [] }),
    issue: {
      path: 'models[0] (fraud).serving.gpu',
      message: 'needs a GPU node group: add one to cluster.gpuNodeGroups',
      value: 1,
    },
  },
  {
    title: 'a GPU model that does not say which of several groups',
    spec: withModel({ gpu: 1 }, { groups: [group('a10g'), group('l4', ['g6.xlarge'])] }),
    issue: {
      path: 'models[0] (fraud).serving.gpuNodeGroup',
      message: 'is required when the cluster has several GPU node groups (a10g, l4)',
      value: undefined,
    },
  },
  {
    title: 'a GPU node group the cluster does not have',
    spec: withModel({ gpu: 1, gpuNodeGroup: 'h100' }),
    issue: {
      path: 'models[0] (fraud).serving.gpuNodeGroup',
      message: 'must name a GPU node group of the cluster (a10g)',
      value: 'h100',
    },
  },
  {
    title: 'more GPUs than a node of the group has',
    spec: withModel({ gpu: 4, gpuNodeGroup: 'a10g' }),
    issue: {
      path: 'models[0] (fraud).serving.gpu',
      message: 'must fit on one node of the a10g group (1 GPU per node)',
      value: 4,
    },
  },
  {
    title: 'a parked model where the environment keeps at least one replica',
    name: 'production',
    spec: withModel({ replicas: { min: 0, max: 2 } }, { env: productionSpec }),
    issue: {
      path: 'models[0] (fraud).serving.replicas.min',
      message: 'must be at least 1 in this environment (minReplicas): GPU models take minutes to start cold',
      value: 0,
    },
  },
  {
    title: 'an ingress without the load balancer controller',
    spec: stagingSpec({
      cluster: {
        adminRoleArns: [ADMIN],
        privateAccessCidrs: [RUNNERS],
        addons: { loadBalancerController: { enabled: false } },
      },
      models: [
        { name: 'fraud', version: 'v1', serving: { kind: 'kubernetes', ingress: { certificateArn: CERT } } },
      ],
    }),
    issue: {
      path: 'models[0] (fraud).serving.ingress',
      message:
        'needs the AWS Load Balancer Controller (it binds the pods to the target groups): it is disabled in cluster.addons.loadBalancerController',
      value: { certificateArn: CERT, path: '/', internetFacing: false, idleTimeoutSeconds: 300 },
    },
  },
  {
    title: 'an internet-facing ingress in a VPC without public subnets',
    spec: withModel(
      { ingress: { certificateArn: CERT, internetFacing: true } },
      {
        extra: {
          network: {
            existing: {
              vpcId: 'vpc-0123456789abcdef0',
              vpcCidr: '10.1.0.0/16',
              privateSubnetIds: ['subnet-0000000000000000a', 'subnet-0000000000000000b'],
            },
          },
        },
      },
    ),
    issue: {
      path: 'models[0] (fraud).serving.ingress.internetFacing',
      message: 'needs public subnets: network.existing.publicSubnetIds is empty',
      value: true,
    },
  },
  {
    title: 'a blue/green model whose version is neither colour',
    spec: withModel(
      { rollout: { strategy: 'blueGreen', active: 'blue', blueVersion: 'v1', greenVersion: 'v2' } },
      { version: 'v3' },
    ),
    issue: {
      path: 'models[0] (fraud).version',
      message: "must be one of the colours' versions (blue v1, green v2)",
      value: 'v3',
    },
  },
  {
    title: 'a CPU limit below the request',
    spec: withModel({ cpu: '4', cpuLimit: '3500m' }),
    issue: {
      path: 'models[0] (fraud).serving.cpuLimit',
      message: 'must be at least cpu (4): Kubernetes rejects a limit below the request',
      value: '3500m',
    },
  },
  {
    title: 'shared memory as large as the memory limit',
    spec: withModel({ memory: '4Gi', sharedMemory: '4096Mi' }),
    issue: {
      path: 'models[0] (fraud).serving.sharedMemory',
      message:
        "must be less than memory (4Gi): the memory-backed /dev/shm counts against the container's memory limit",
      value: '4096Mi',
    },
  },
  {
    title: 'a canary without an ingress to split traffic',
    spec: withModel({ rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10 } }),
    issue: {
      path: 'models[0] (fraud).serving.rollout.strategy',
      message:
        "needs serving.ingress: the load balancer splits requests between stable and canary (without one, use 'blueGreen')",
      value: 'canary',
    },
  },
  {
    title: 'a GPU quota below the peak of a canary release',
    spec: withModel(
      {
        gpu: 1,
        replicas: { min: 1, max: 3 },
        ingress: { certificateArn: CERT },
        rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10, canaryReplicas: 2 },
      },
      { groups: [{ ...group('a10g'), maxSize: 5 }], cluster: { serving: { gpuQuota: 4 } } },
    ),
    issue: {
      path: 'cluster.serving.gpuQuota',
      message:
        'must cover the GPU models of namespace models at their peak (replicas.max plus the idle colour or canary): 5 GPUs for fraud 5 × 1 (pods × GPUs)',
      value: 4,
    },
  },
  {
    title: 'a GPU quota below one model of a namespace per model',
    spec: withModel(
      { gpu: 2, gpuNodeGroup: 'quad', replicas: { min: 1, max: 3 } },
      {
        groups: [group('quad', ['g5.12xlarge'])],
        cluster: { serving: { namespacePerModel: true, gpuQuota: 4 } },
      },
    ),
    issue: {
      path: 'cluster.serving.gpuQuota',
      message:
        'must cover the GPU models of namespace models-fraud at their peak (replicas.max plus the idle colour or canary): 6 GPUs for fraud 3 × 2 (pods × GPUs)',
      value: 4,
    },
  },
  {
    title: 'a GPU node group too small for the idle colour of a blue/green release',
    spec: withModel({
      gpu: 1,
      replicas: { min: 1, max: 2 },
      rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1', greenVersion: 'v2' },
    }),
    issue: {
      path: 'cluster.gpuNodeGroups[0].maxSize',
      message:
        'must hold the GPU models at their peak (replicas.max plus the idle colour or canary): at least 3 nodes of 1 GPU for fraud 3 × 1 (pods × GPUs)',
      value: 2,
    },
  },
  {
    title: 'a GPU node group whose nodes fit fewer pods than their GPUs suggest',
    // 3 GPUs per pod on 4-GPU nodes: one pod per node, so 4 pods need 4 nodes (not 12 / 4 = 3)
    spec: withModel(
      { gpu: 3, replicas: { min: 1, max: 4 } },
      { groups: [{ ...group('quad', ['g5.12xlarge']), maxSize: 3 }] },
    ),
    issue: {
      path: 'cluster.gpuNodeGroups[0].maxSize',
      message:
        'must hold the GPU models at their peak (replicas.max plus the idle colour or canary): at least 4 nodes of 4 GPUs for fraud 4 × 3 (pods × GPUs)',
      value: 3,
    },
  },
  {
    title: 'a WAF rate limit below what AWS WAF accepts',
    spec: withModel({ ingress: { certificateArn: CERT, waf: { rateLimitPer5Minutes: 9 } } }),
    issue: {
      path: 'models[0] (fraud).serving.ingress.waf.rateLimitPer5Minutes',
      message: 'must be a whole number between 10 and 2000000000 requests',
      value: 9,
    },
  },
  {
    title: 'a WAF rate limit above what AWS WAF accepts',
    spec: withModel({ ingress: { certificateArn: CERT, waf: { rateLimitPer5Minutes: 2_000_000_001 } } }),
    issue: {
      path: 'models[0] (fraud).serving.ingress.waf.rateLimitPer5Minutes',
      message: 'must be a whole number between 10 and 2000000000 requests',
      value: 2_000_000_001,
    },
  },
  {
    title: 'a WAF switch that is not a boolean',
    spec: withModel({ ingress: { certificateArn: CERT, waf: { enabled: 'yes' as never } } }),
    issue: {
      path: 'models[0] (fraud).serving.ingress.waf.enabled',
      message: 'must be true or false',
      value: 'yes',
    },
  },
  {
    title: 'an environment WAF rate limit out of range',
    spec: withModel({}, { extra: { loadBalancerWaf: { rateLimitPer5Minutes: 5 } } }),
    issue: {
      path: 'loadBalancerWaf.rateLimitPer5Minutes',
      message: 'must be a whole number between 10 and 2000000000 requests',
      value: 5,
    },
  },
  {
    title: 'an allowed block that is not a CIDR',
    spec: withModel({ ingress: { certificateArn: CERT, allowedCidrs: ['10.0.0.0'] } }),
    issue: {
      path: 'models[0] (fraud).serving.ingress.allowedCidrs[0]',
      message: "must be an IPv4 CIDR block such as '10.0.0.0/16'",
      value: '10.0.0.0',
    },
  },
  {
    title: 'an empty list of allowed blocks',
    spec: withModel({ ingress: { certificateArn: CERT, allowedCidrs: [] } }),
    issue: {
      path: 'models[0] (fraud).serving.ingress.allowedCidrs',
      message: 'must have at least 1 item(s)',
      value: [],
    },
  },
  {
    title: 'a p99 latency budget in milliseconds',
    spec: withModel({ alarms: { p99LatencySeconds: 5000 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.p99LatencySeconds',
      message: 'must be between 0.001 and 4000 seconds (the load balancer reports seconds)',
      value: 5000,
    },
  },
  {
    title: 'an error rate of 0 %',
    spec: withModel({ alarms: { errorRatePercent: 0 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.errorRatePercent',
      message: 'must be a number above 0 and at most 100 %',
      value: 0,
    },
  },
  {
    title: 'a GPU utilization threshold above 100 %',
    spec: withModel({ alarms: { gpuUtilizationPercent: 101 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.gpuUtilizationPercent',
      message: 'must be a whole number between 1 and 100 %',
      value: 101,
    },
  },
  {
    title: 'a GPU memory threshold of 0 %',
    spec: withModel({ alarms: { gpuMemoryPercent: 0 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.gpuMemoryPercent',
      message: 'must be a whole number between 1 and 100 %',
      value: 0,
    },
  },
  {
    title: 'a blocked-requests threshold of 0',
    spec: withModel({ alarms: { blockedRequestsPer5Minutes: 0 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.blockedRequestsPer5Minutes',
      message: 'must be a whole number between 1 and 2000000000 requests',
      value: 0,
    },
  },
  {
    title: 'more evaluation periods than an alarm takes',
    spec: withModel({ alarms: { evaluationPeriods: 31 } }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.evaluationPeriods',
      message: 'must be a whole number between 1 and 30 periods',
      value: 31,
    },
  },
  {
    title: 'an unknown alarm field',
    spec: withModel({ alarms: { p99LatencyMs: 300 } as never }),
    issue: {
      path: 'models[0] (fraud).serving.alarms.p99LatencyMs',
      message:
        'is not a known field; allowed fields: errorRatePercent, p99LatencySeconds, gpuUtilizationPercent, gpuMemoryPercent, blockedRequestsPer5Minutes, evaluationPeriods',
      value: 300,
    },
  },
  {
    title: 'more canary replicas than a canary runs',
    spec: withModel({
      ingress: { certificateArn: CERT },
      rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 10, canaryReplicas: 11 },
    }),
    issue: {
      path: 'models[0] (fraud).serving.rollout.canaryReplicas',
      message: 'must be a whole number between 0 and 10',
      value: 11,
    },
  },
  {
    title: 'an unknown rollout strategy',
    spec: withModel({ rollout: { strategy: 'shadow' } as never }),
    issue: {
      path: 'models[0] (fraud).serving.rollout.strategy',
      message: 'must be one of "rolling", "blueGreen", "canary"',
      value: 'shadow',
    },
  },
];

describe('an invalid Kubernetes model', () => {
  it.each(cases)('is rejected for $title', ({ name, spec, issue }) => {
    expect(rejectSpec(name ?? 'staging', spec).issues).toContainEqual(issue);
  });
});

describe('a Kubernetes model that does not fit its nodes', () => {
  const AFTER = "to pods after the kubelet's reservations and the DaemonSets' requests)";

  it("is refused on a GPU group whose smallest node leaves less than the pod's CPU and memory (staging's old fraud model)", () => {
    const spec = withModel(
      { gpu: 1, cpu: '4', memory: '16Gi', replicas: { min: 1, max: 2 } },
      { groups: [group('a10g', ['g5.xlarge', 'g6.xlarge'])] },
    );
    expect(rejectSpec('staging', spec).issues).toEqual([
      {
        path: 'models[0] (fraud).serving.cpu',
        message: `must fit one node of the a10g GPU node group (its smallest instance type g5.xlarge leaves 3190m CPU, 15006Mi memory and 1 GPU ${AFTER}: the pod requests 4000m CPU (the larger of cpu and the artifact download's 500m)`,
        value: '4',
      },
      {
        path: 'models[0] (fraud).serving.memory',
        message: `must fit one node of the a10g GPU node group (its smallest instance type g5.xlarge leaves 3190m CPU, 15006Mi memory and 1 GPU ${AFTER}: the pod requests 16384Mi memory (the larger of memory and the artifact download's 512Mi)`,
        value: '16Gi',
      },
    ]);
    expect(() =>
      validateEnvironmentSpec(
        'staging',
        withModel({ gpu: 1, cpu: '4', memory: '16Gi', replicas: { min: 1, max: 2 } }),
      ),
    ).not.toThrow();
  });

  it("counts the CloudWatch Observability add-on's DaemonSets while containerInsights is on (the default), to the millicore", () => {
    const withCpu = (cpu: string, cluster: object = {}) =>
      withModel({ gpu: 1, cpu, replicas: { min: 1, max: 2 } }, { cluster });
    expect(() => validateEnvironmentSpec('staging', withCpu('7180m'))).not.toThrow();
    expect(rejectSpec('staging', withCpu('7181m')).issues).toEqual([
      {
        path: 'models[0] (fraud).serving.cpu',
        message: `must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7180m CPU, 31390Mi memory and 1 GPU ${AFTER}: the pod requests 7181m CPU (the larger of cpu and the artifact download's 500m)`,
        value: '7181m',
      },
    ]);
    // off: only the managed add-ons' DaemonSets; the deprecated DCGM exporter chart installs nothing
    const off = { containerInsights: false, addons: { dcgmExporter: { enabled: true } } };
    expect(() => validateEnvironmentSpec('staging', withCpu('7730m', off))).not.toThrow();
    expect(rejectSpec('staging', withCpu('7731m', off)).issues).toEqual([
      {
        path: 'models[0] (fraud).serving.cpu',
        message: `must fit one node of the a10g GPU node group (its smallest instance type g5.2xlarge leaves 7730m CPU, 31671Mi memory and 1 GPU ${AFTER}: the pod requests 7731m CPU (the larger of cpu and the artifact download's 500m)`,
        value: '7731m',
      },
    ]);
  });

  it('is refused on the system nodes, where CPU models run', () => {
    // staging's system nodes are t3.large: 2 vCPU, 8 GiB, 35 pods
    expect(rejectSpec('staging', withModel({ cpu: '2', memory: '8Gi' })).issues).toEqual([
      {
        path: 'models[0] (fraud).serving.cpu',
        message: `must fit one node of the system node group (its smallest instance type t3.large leaves 1450m CPU, 7195Mi memory ${AFTER}: the pod requests 2000m CPU (the larger of cpu and the artifact download's 500m)`,
        value: '2',
      },
      {
        path: 'models[0] (fraud).serving.memory',
        message: `must fit one node of the system node group (its smallest instance type t3.large leaves 1450m CPU, 7195Mi memory ${AFTER}: the pod requests 8192Mi memory (the larger of memory and the artifact download's 512Mi)`,
        value: '8Gi',
      },
    ]);
  });
});

describe('a valid Kubernetes model', () => {
  it('may be parked where the environment allows it (staging)', () => {
    const { spec } = validateEnvironmentSpec('staging', withModel({ replicas: { min: 0, max: 2 } }));
    expect(spec.models[0].serving).toMatchObject({ replicas: { min: 0, max: 2 } });
  });

  it('fits its GPU quota and node group exactly at its peak, and a parked canary needs nothing more', () => {
    const canary = (canaryWeight: number, capacity: number, canaryReplicas = 1) =>
      withModel(
        {
          gpu: 1,
          replicas: { min: 1, max: 4 },
          ingress: { certificateArn: CERT },
          rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight, canaryReplicas },
        },
        { groups: [{ ...group('a10g'), maxSize: capacity }], cluster: { serving: { gpuQuota: capacity } } },
      );
    expect(() => validateEnvironmentSpec('staging', canary(10, 5))).not.toThrow();
    expect(rejectSpec('staging', canary(10, 4)).issues.map((i) => i.path)).toEqual([
      'cluster.gpuNodeGroups[0].maxSize',
      'cluster.serving.gpuQuota',
    ]);
    // a weight of 0 keeps the canary warm (abort step one); 0 replicas gives its GPUs back
    expect(rejectSpec('staging', canary(0, 4)).issues.map((i) => i.path)).toEqual([
      'cluster.gpuNodeGroups[0].maxSize',
      'cluster.serving.gpuQuota',
    ]);
    expect(() => validateEnvironmentSpec('staging', canary(10, 4, 0))).not.toThrow();
  });

  it('protects every version its rollout deploys from image expiry', () => {
    const { spec } = validateEnvironmentSpec(
      'staging',
      withModel(
        {
          ingress: { certificateArn: CERT },
          rollout: { strategy: 'canary', stableVersion: 'v1', canaryWeight: 5 },
        },
        { version: 'v2' },
      ),
    );
    expect(deployedVersions(spec.models[0]).sort()).toEqual(['v1', 'v2']);
  });
});

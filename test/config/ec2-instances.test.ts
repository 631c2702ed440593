import {
  CLOUDWATCH_OBSERVABILITY_DAEMONS,
  DCGM_EXPORTER_DAEMON,
  EC2_INSTANCE_TYPES,
  MANAGED_ADDON_DAEMONS,
  type NodeKind,
  allocatableOf,
  ec2InstanceType,
  gpuInstance,
  knownGpuInstanceTypes,
  knownSystemInstanceTypes,
  kubeReservedCpuMilli,
  kubeReservedMemoryMiB,
  podRequests,
  sameShapeAlternatives,
  smallestAllocatable,
} from '../../src';
import { runsOn } from '../../src/config/node-allocatable';

describe('the EC2 instance table', () => {
  it('holds every GPU type the node groups accept, with the GPU count of the GPU table', () => {
    for (const type of knownGpuInstanceTypes()) {
      expect(ec2InstanceType(type)).toMatchObject({ instanceType: type, gpus: gpuInstance(type)!.gpus });
    }
  });

  it('pins the figures of the types the stacks and examples use (vCPUs, MiB, GPUs, max pods)', () => {
    const figures = (type: string) => {
      const t = ec2InstanceType(type)!;
      return [t.vcpus, t.memoryMiB, t.gpus, t.maxPods];
    };
    expect(figures('g5.xlarge')).toEqual([4, 16384, 1, 58]);
    expect(figures('g5.2xlarge')).toEqual([8, 32768, 1, 58]);
    expect(figures('g6.2xlarge')).toEqual([8, 32768, 1, 58]);
    expect(figures('g4dn.2xlarge')).toEqual([8, 32768, 1, 29]);
    expect(figures('g6e.xlarge')).toEqual([4, 32768, 1, 58]);
    expect(figures('g6e.2xlarge')).toEqual([8, 65536, 1, 58]);
    expect(figures('g5.48xlarge')).toEqual([192, 786432, 8, 345]);
    expect(figures('p5.48xlarge')).toEqual([192, 2097152, 8, 100]);
    expect(figures('m6i.large')).toEqual([2, 8192, 0, 29]);
    expect(figures('t3.large')).toEqual([2, 8192, 0, 35]);
    expect(figures('c5.9xlarge')).toEqual([36, 73728, 0, 234]);
    expect(ec2InstanceType('m7g.large')?.arm64).toBe(true);
  });

  it('does not know types outside it', () => {
    expect(ec2InstanceType('m8i.large')).toBeUndefined();
    expect(ec2InstanceType('toString')).toBeUndefined();
  });

  it("lists the environment's system types: x86_64, without GPUs", () => {
    const system = knownSystemInstanceTypes();
    // the table, pinned: adding or dropping a type is a reviewed change
    expect(system).toHaveLength(88);
    expect(system).toContain('m6i.large');
    expect(system).not.toContain('m7g.large');
    expect(system).not.toContain('g5.xlarge');
    expect(Object.keys(EC2_INSTANCE_TYPES)).toHaveLength(88 + 34 + knownGpuInstanceTypes().length);
  });

  it('finds the types of the same shape, GPU model aside', () => {
    expect(sameShapeAlternatives('g5.2xlarge')).toEqual(['g4dn.2xlarge', 'g6.2xlarge']);
    expect(sameShapeAlternatives('g6e.xlarge')).toEqual([]);
    expect(sameShapeAlternatives('m6i.large')).toEqual([
      't3.large',
      't3a.large',
      'm5.large',
      'm5a.large',
      'm6a.large',
      'm7i.large',
      'm7a.large',
    ]);
  });
});

describe('what a node leaves to pods', () => {
  it("reserves the EKS AMIs' kubelet CPU: 6% of the first core, 1% of the second, 0.5% up to the fourth, 0.25% above", () => {
    expect([1, 2, 3, 4, 5, 8, 96].map(kubeReservedCpuMilli)).toEqual([60, 70, 75, 80, 82, 90, 310]);
  });

  it("reserves the EKS AMIs' kubelet memory: 11 MiB per pod plus 255 MiB", () => {
    expect(kubeReservedMemoryMiB(58)).toBe(893);
    expect(kubeReservedMemoryMiB(29)).toBe(574);
  });

  it('leaves a g5.xlarge less than 4 CPUs and 16Gi: the reason staging could not schedule its model', () => {
    // 4000m - 80m reserved - 180m of DaemonSets; 16384Mi - 893Mi reserved - 100Mi eviction - 104Mi
    expect(allocatableOf(ec2InstanceType('g5.xlarge')!, MANAGED_ADDON_DAEMONS)).toEqual({
      instanceType: 'g5.xlarge',
      cpuMilli: 3740,
      memoryMiB: 15287,
      gpus: 1,
    });
  });

  it('takes the type that leaves the least as the smallest node of a group', () => {
    // one shape, but g4dn.2xlarge admits fewer pods and so reserves less memory
    expect(smallestAllocatable(['g4dn.2xlarge', 'g5.2xlarge'], MANAGED_ADDON_DAEMONS)).toEqual({
      instanceType: 'g5.2xlarge',
      cpuMilli: 7730,
      memoryMiB: 31671,
      gpus: 1,
    });
    expect(smallestAllocatable(['g5.2xlarge', 'm8i.large'], MANAGED_ADDON_DAEMONS)).toBeUndefined();
  });

  it("counts the CloudWatch Observability add-on's DaemonSets: agent and Fluent Bit on every node, its DCGM exporter on GPU nodes", () => {
    const on = (kind: NodeKind) =>
      [...MANAGED_ADDON_DAEMONS, ...CLOUDWATCH_OBSERVABILITY_DAEMONS].filter((d) => runsOn(d, kind));
    // staging's and production's GPU types: 8000m - 90m - 180m - (250m + 50m + 250m);
    // 32768Mi - 893Mi - 100Mi - 104Mi - (128Mi + 25Mi + 128Mi)
    for (const type of ['g5.2xlarge', 'g6.2xlarge']) {
      expect(allocatableOf(ec2InstanceType(type)!, on({ gpu: true, al2023: true }))).toEqual({
        instanceType: type,
        cpuMilli: 7180,
        memoryMiB: 31390,
        gpus: 1,
      });
    }
    // a system node runs the agent and Fluent Bit only: 2000m - 70m - 180m - 300m; 8192Mi - 574Mi - 100Mi - 104Mi - 153Mi
    expect(allocatableOf(ec2InstanceType('m6i.large')!, on({ gpu: false, al2023: true }))).toEqual({
      instanceType: 'm6i.large',
      cpuMilli: 1450,
      memoryMiB: 7261,
      gpus: 0,
    });
    expect(DCGM_EXPORTER_DAEMON).toEqual(CLOUDWATCH_OBSERVABILITY_DAEMONS[2]);
  });
});

describe("a model pod's requests", () => {
  it("are the larger of the model container's and the artifact download's, per resource", () => {
    expect(podRequests({ cpu: '100m', memory: '128Mi', gpu: 0 })).toEqual({
      cpuMilli: 500,
      memoryMiB: 512,
      gpus: 0,
    });
    expect(podRequests({ cpu: '1.5', memory: '2G', gpu: 1 })).toEqual({
      cpuMilli: 1500,
      memoryMiB: 1908,
      gpus: 1,
    });
  });
});

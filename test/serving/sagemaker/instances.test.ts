import { SAGEMAKER_INSTANCE_FAMILIES, describeInstanceType, gpuInstance } from '../../../src';

describe('the SageMaker instance type table', () => {
  it.each([
    // [type, GPUs, local NVMe, burstable]
    ['ml.g5.xlarge', 1, true, false],
    ['ml.g5.12xlarge', 4, true, false],
    ['ml.g5.48xlarge', 8, true, false],
    ['ml.g6.2xlarge', 1, true, false],
    ['ml.g6e.24xlarge', 4, true, false],
    ['ml.g4dn.12xlarge', 4, true, false],
    ['ml.p4d.24xlarge', 8, true, false],
    ['ml.p5.48xlarge', 8, true, false],
    ['ml.p3.8xlarge', 4, false, false],
    ['ml.p2.16xlarge', 16, false, false],
    ['ml.m5d.large', 0, true, false],
    ['ml.c5.xlarge', 0, false, false],
    ['ml.inf2.xlarge', 0, false, false],
    ['ml.trn1.2xlarge', 0, true, false],
    ['ml.t3.medium', 0, false, true],
  ])('%s: %d GPU(s), local NVMe %s, burstable %s', (type, gpus, localNvme, burstable) => {
    expect(describeInstanceType(type)).toMatchObject({ gpus, localNvme, burstable, knownFamily: true });
  });

  it('has no unknown GPU count for a size it lists', () => {
    for (const [family, entry] of Object.entries(SAGEMAKER_INSTANCE_FAMILIES)) {
      for (const [size, gpus] of Object.entries(entry.gpus ?? {})) {
        expect(describeInstanceType(`ml.${family}.${size}`)?.gpus).toBe(gpus);
        expect(gpus).toBeGreaterThan(0);
      }
    }
  });

  it('agrees with the EKS GPU table on every NVIDIA type both know (one source of GPU counts)', () => {
    // the counts as AWS publishes them, for the sizes SageMaker hosts
    expect(SAGEMAKER_INSTANCE_FAMILIES.g5.gpus).toEqual({
      xlarge: 1,
      '2xlarge': 1,
      '4xlarge': 1,
      '8xlarge': 1,
      '16xlarge': 1,
      '12xlarge': 4,
      '24xlarge': 4,
      '48xlarge': 8,
    });
    expect(SAGEMAKER_INSTANCE_FAMILIES.g4dn.gpus).toEqual({
      xlarge: 1,
      '2xlarge': 1,
      '4xlarge': 1,
      '8xlarge': 1,
      '12xlarge': 4,
      '16xlarge': 1,
    });
    expect(SAGEMAKER_INSTANCE_FAMILIES.p5.gpus).toEqual({ '4xlarge': 1, '48xlarge': 8 });
    let compared = 0;
    for (const [family, entry] of Object.entries(SAGEMAKER_INSTANCE_FAMILIES)) {
      for (const [size, gpus] of Object.entries(entry.gpus ?? {})) {
        const ec2 = gpuInstance(`${family}.${size}`);
        if (ec2 === undefined) continue;
        expect([`${family}.${size}`, gpus]).toEqual([`${family}.${size}`, ec2.gpus]);
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(30);
  });

  it('treats an unknown family as CPU without local storage (the key is kept, never silently dropped)', () => {
    expect(describeInstanceType('ml.x9z.large')).toEqual({
      family: 'x9z',
      size: 'large',
      knownFamily: false,
      gpus: 0,
      localNvme: false,
      burstable: false,
    });
  });

  it("does not know a GPU family's unlisted size, and refuses what is not ml.<family>.<size>", () => {
    expect(describeInstanceType('ml.g5.3xlarge')?.gpus).toBeUndefined();
    expect(describeInstanceType('ml.g5.constructor')?.gpus).toBeUndefined();
    expect(describeInstanceType('g5.xlarge')).toBeUndefined();
  });
});

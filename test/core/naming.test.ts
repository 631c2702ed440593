import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { NAME_LIMITS, Naming, truncateWithHash } from '../../src';
import { stagingSpec, synthEnvironment } from '../helpers';

describe('truncateWithHash', () => {
  it('returns names within the limit unchanged', () => {
    expect(truncateWithHash('acme-ml-production-fraud', 32)).toBe('acme-ml-production-fraud');
  });

  it('cuts long names to the limit and ends them with a stable 8-character hash', () => {
    const long = 'acme-ml-production-fraud-detector-canary';
    const short = truncateWithHash(long, NAME_LIMITS.albName);
    expect(short).toHaveLength(32);
    expect(short).toMatch(/^acme-ml-production-frau-[0-9a-f]{8}$/);
    expect(truncateWithHash(long, NAME_LIMITS.albName)).toBe(short);
  });

  it('keeps two long names that share a prefix distinct', () => {
    const a = truncateWithHash('acme-ml-production-fraud-detector-stable', 32);
    const b = truncateWithHash('acme-ml-production-fraud-detector-canary', 32);
    expect(a).not.toBe(b);
    expect(a.slice(0, 23)).toBe(b.slice(0, 23));
  });

  it('never leaves a hyphen before the hash', () => {
    expect(truncateWithHash('abcdefghij-klmnopqrstuvwxyz', 20)).toMatch(/^abcdefghij-[0-9a-f]{8}$/);
  });
});

describe('Naming', () => {
  it('names resources <project>-<environment>-<component> inside an environment', () => {
    const { stack } = synthEnvironment('staging', stagingSpec());
    const child = new Construct(stack, 'child');
    expect(Naming.of(child).name(['fraud', 'sagemaker'], NAME_LIMITS.iamRole)).toBe(
      'acme-ml-staging-fraud-sagemaker',
    );
  });

  it("names resources after the stack's name when used outside an environment", () => {
    const stack = new TerraformStack(Testing.app(), 'ML_Platform');
    expect(Naming.of(stack).name('models', NAME_LIMITS.s3Bucket)).toBe('ml-platform-models');
  });

  it('can be installed on any scope', () => {
    const stack = new TerraformStack(Testing.app(), 'mine');
    const scope = new Construct(stack, 'serving');
    Naming.install(scope, { project: 'shop', environment: 'dev' });
    expect(Naming.of(new Construct(scope, 'x')).prefix).toBe('shop-dev');
  });
});

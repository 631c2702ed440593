import { stagingSpecIssues } from '../helpers';

const issuesOf = stagingSpecIssues;

const RESERVED =
  'keys must not be __proto__, constructor, prototype: JavaScript reserves these names on objects, so the setting would be dropped or misread';
const cluster = {
  adminRoleArns: ['arn:aws:iam::123456789012:role/admin'],
  privateAccessCidrs: ['10.20.0.0/16'],
};

/** An object with an own, enumerable `__proto__` key, as `Object.defineProperty` makes it. */
function definedProto(value: unknown): Record<string, unknown> {
  const object: Record<string, unknown> = { keep: 'yes' };
  Object.defineProperty(object, '__proto__', { value, enumerable: true, configurable: true, writable: true });
  return object;
}

describe('reserved object keys', () => {
  const TAGS = `${RESERVED} (tag keys are 1-128 characters of letters, digits, spaces and _ . : / = + - @, not starting with 'aws:')`;

  it.each([
    ['JSON.parse', JSON.parse('{"__proto__": "x"}') as object, '__proto__'],
    ['Object.defineProperty', definedProto('x'), '__proto__'],
    ['an object literal', { constructor: 'x' }, 'constructor'],
    ['an object literal', { prototype: 'x' }, 'prototype'],
  ])('refuses a tag key made by %s (%s)', (_how, tags, key) => {
    expect(issuesOf({ tags })).toEqual([{ path: `tags.${key}`, message: TAGS, value: key }]);
  });

  it('refuses a SageMaker environment variable named __proto__, saying which names are allowed', () => {
    const environment = JSON.parse('{"__proto__": "1", "OK": "2"}') as Record<string, string>;
    expect(
      issuesOf({
        models: [
          {
            name: 'ranker',
            version: 'v1',
            serving: { kind: 'sagemaker', instanceType: 'ml.m5.large', environment },
          },
        ],
      }),
    ).toEqual([
      {
        path: 'models[0] (ranker).serving.environment.__proto__',
        message: `${RESERVED} (environment variable names are 1-1024 characters of A-Z, a-z, 0-9 and _, not starting with a digit)`,
        value: '__proto__',
      },
    ]);
  });

  it('refuses a container environment variable named constructor', () => {
    expect(
      issuesOf({
        cluster,
        models: [
          { name: 'fraud', version: 'v1', serving: { kind: 'kubernetes', env: { constructor: 'x' } } },
        ],
      }),
    ).toEqual([
      {
        path: 'models[0] (fraud).serving.env.constructor',
        message: `${RESERVED} (environment variable names are A-Z, a-z, 0-9 and _, not starting with a digit)`,
        value: 'constructor',
      },
    ]);
  });

  it('refuses a reserved key at any depth of Helm values, with its path', () => {
    const values = JSON.parse('{"serviceAccount": {"__proto__": {"x": 1}}, "prototype": 1}') as Record<
      string,
      unknown
    >;
    const message = `${RESERVED} (the chart's own value names)`;
    expect(issuesOf({ cluster: { ...cluster, addons: { loadBalancerController: { values } } } })).toEqual([
      {
        path: 'cluster.addons.loadBalancerController.values.serviceAccount.__proto__',
        message,
        value: '__proto__',
      },
      { path: 'cluster.addons.loadBalancerController.values.prototype', message, value: 'prototype' },
    ]);
  });

  it('still takes ordinary keys that merely contain the words', () => {
    expect(issuesOf({ tags: { constructorTeam: 'a', proto: 'b' } })).toEqual([]);
  });
});

import { SpecValidationError, validateEnvironmentSpec, type SpecIssue } from '../../src';
import { stagingSpec } from '../helpers';

function errorFor(spec: unknown): SpecValidationError {
  try {
    validateEnvironmentSpec('staging', spec as never);
  } catch (error) {
    if (error instanceof SpecValidationError) return error;
    throw error;
  }
  throw new Error('the spec was accepted');
}
const issuesOf = (overrides: object): readonly SpecIssue[] => errorFor(stagingSpec(overrides)).issues;

const cluster = {
  adminRoleArns: ['arn:aws:iam::123456789012:role/admin'],
  privateAccessCidrs: ['10.20.0.0/16'],
};

describe('messages', () => {
  it('name the model in a path into it: models[2] (fraud).serving.cpu', () => {
    const issues = issuesOf({
      cluster,
      models: [
        { name: 'ranker', version: 'v1', serving: { kind: 'sagemaker', instanceType: 'ml.m5.large' } },
        { name: 'nlp', version: 'v1', serving: { kind: 'lambda' } },
        { name: 'fraud', version: 'v1', serving: { kind: 'kubernetes', cpu: 'four' } },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['models[2] (fraud).serving.cpu']);
    expect(issues[0].value).toBe('four');
  });

  it('suggest the closest known field for an unknown one', () => {
    const [issue] = issuesOf({ logRetentionDay: 30 } as object);
    expect(issue.path).toBe('logRetentionDay');
    expect(issue.message).toMatch(
      /^is not a known field \(did you mean `logRetentionDays`\?\); allowed fields: project, /,
    );
  });

  it('list an unknown field without a suggestion when nothing is close', () => {
    const [issue] = issuesOf({ zzzzzzzz: 1 } as object);
    expect(issue.message).toMatch(/^is not a known field; allowed fields: project, /);
  });

  it('give one message for one cause: a refused instance type is not also reported missing', () => {
    const issues = issuesOf({
      models: [
        { name: 'ranker', version: 'v1', serving: { kind: 'sagemaker', instanceType: 'ml.g5.3xlarge' } },
      ],
    });
    expect(issues.map((i) => i.path)).toEqual(['models[0] (ranker).serving.instanceType']);
  });

  it.each([
    [null, '(root)', 'must be an object', null],
    [undefined, '(root)', 'is required', undefined],
    [[], '(root)', 'must be an object', []],
  ])('report a spec that is %p as one problem', (spec, path, message, value) => {
    expect(errorFor(spec).issues).toEqual([{ path, message, value }]);
  });

  it('report a list where an object is expected and an object where a list is', () => {
    const issues = errorFor({ ...stagingSpec(), alerting: [], models: {} }).issues;
    expect(issues).toEqual([
      { path: 'alerting', message: 'must be an object', value: [] },
      { path: 'models', message: 'must be an array', value: {} },
    ]);
  });

  it('report the shapes the issue names: scheduledActions: {} and a number among instance types', () => {
    const issues = issuesOf({
      cluster: {
        ...cluster,
        gpuNodeGroups: [{ name: 'gpu', instanceTypes: ['g5.xlarge', 7], minSize: 0, maxSize: 2 }],
      },
      models: [
        {
          name: 'ranker',
          version: 'v1',
          serving: { kind: 'sagemaker', instanceType: 'ml.m5.large', scheduledActions: {} },
        },
      ],
    });
    expect(issues).toEqual([
      { path: 'cluster.gpuNodeGroups[0].instanceTypes[1]', message: 'must be a string', value: 7 },
      { path: 'models[0] (ranker).serving.scheduledActions', message: 'must be an array', value: {} },
    ]);
  });

  it('show a cyclic value without failing', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    const error = errorFor({ ...stagingSpec(), alerting: { emails: loop } });
    expect(error.message).toContain('alerting.emails: must be an array, got {"self":[cycle]}');
  });

  it('show -0 and a huge string shortened', () => {
    const error = errorFor({ ...stagingSpec(), project: 'x'.repeat(100_000), minReplicas: -0.5 });
    const lines = error.message.split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((line) => line.length < 400)).toBe(true);
  });
});

describe('the error message', () => {
  it('keeps one line per problem when a value carries a line break', () => {
    const arn = 'arn:aws:kms:us-east-1\nx:123456789012:key/1';
    const error = errorFor(stagingSpec({ backend: { s3: { bucket: 'acme-state', kmsKeyId: arn } } }));
    expect(error.message.split('\n')).toHaveLength(2);
    expect(error.message).toContain("'us-east-1\\u000ax' is not a Region of the aws partition");
  });
});

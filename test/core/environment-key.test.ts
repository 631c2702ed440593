import { EnvironmentKey, SpecValidationError } from '../../src';
import { errorOf, plainStack, synthScope, focused } from '../helpers';

describe('EnvironmentKey', () => {
  const out = synthScope((scope) => new EnvironmentKey(scope, 'key'));

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out)).toMatchSnapshot();
  });
  const key = out.resource('aws_kms_key');

  it('rotates yearly and waits 30 days before deletion by default', () => {
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(30);
  });

  it('is protected from destroy by default', () => {
    expect(key.lifecycle).toEqual({ prevent_destroy: true });
  });

  it('keeps access decisions in IAM through the account root principal', () => {
    const statement = out.statement(key.policy, 'AccountAdministersKeyThroughIam');
    expect(statement.actions).toEqual(['kms:*']);
    expect(statement.principals).toEqual([
      {
        type: 'AWS',
        identifiers: [
          'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:iam::${data.aws_caller_identity.aws-context_caller_91636884.account_id}:root',
        ],
      },
    ]);
  });

  it('lets CloudWatch Logs use it only for log groups of this account and region', () => {
    const statement = out.statement(key.policy, 'CloudWatchLogsEncryptsLogGroups');
    expect(statement.principals[0].identifiers).toEqual([
      'logs.${data.aws_region.aws-context_region_DEC3537F.region}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}',
    ]);
    expect(statement.condition).toEqual([
      {
        test: 'ArnLike',
        variable: 'kms:EncryptionContext:aws:logs:arn',
        values: [
          'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:logs:${data.aws_region.aws-context_region_DEC3537F.region}:${data.aws_caller_identity.aws-context_caller_91636884.account_id}:log-group:*',
        ],
      },
    ]);
  });

  it('lets CloudWatch alarms publish to topics encrypted with it', () => {
    const statement = out.statement(key.policy, 'CloudWatchAlarmsPublishToEncryptedTopics');
    expect(statement.actions).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
  });

  it('has an alias named after the stack outside an environment', () => {
    expect(out.resource('aws_kms_alias')).toMatchObject({
      name: 'alias/test',
      target_key_id: '${aws_kms_key.key_F64E54E4.key_id}',
    });
  });

  it('takes a shorter deletion window and may be left unprotected', () => {
    const custom = synthScope(
      (scope) => new EnvironmentKey(scope, 'key', { deletionWindowDays: 7, protectFromDestroy: false }),
    ).resource('aws_kms_key');
    expect(custom.deletion_window_in_days).toBe(7);
    expect(custom.lifecycle).toBeUndefined();
  });

  it('renders statements other constructs add to its policy', () => {
    const withExtra = synthScope((scope) => {
      const k = new EnvironmentKey(scope, 'key');
      k.addToResourcePolicy({
        sid: 'Extra',
        actions: ['kms:Decrypt'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: ['example.amazonaws.com'] }],
      });
    });
    const policy = withExtra.resource('aws_kms_key').policy;
    expect(withExtra.statement(policy, 'Extra').actions).toEqual(['kms:Decrypt']);
  });

  it.each([
    [{ deletionWindowDays: 5 }, 'deletionWindowDays: must be a whole number between 7 and 30 days, got 5'],
    [
      { alias: 'alias/aws/mine' },
      "alias: must be 'alias/' followed by 1-250 characters of A-Z a-z 0-9 / _ - (not 'alias/aws/'), got \"alias/aws/mine\"",
    ],
  ])('rejects %j with a message naming the construct path', (props, line) => {
    const { stack } = plainStack();
    const error = errorOf(() => new EnvironmentKey(stack, 'key', props));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(`[test/key] invalid props (1 problem):\n  - ${line}`);
  });
});

import {
  AlertTopic,
  EnvironmentKey,
  SpecValidationError,
  type IGrantable,
  type PolicyStatement,
} from '../../src';
import { errorOf, plainStack, synthScope, focused } from '../helpers';

/** A grantee that records the statements it is given. */
class RecordingRole implements IGrantable {
  public readonly roleArn = 'arn:aws:iam::123456789012:role/app';
  public readonly roleName = 'app';
  public readonly statements: PolicyStatement[] = [];
  public addToPrincipalPolicy(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }
}

describe('AlertTopic', () => {
  const out = synthScope((scope) => {
    const key = new EnvironmentKey(scope, 'key');
    new AlertTopic(scope, 'alerts', { encryptionKey: key, emails: ['oncall@example.com', 'ml@example.com'] });
  });
  const topic = out.resource('aws_sns_topic');
  const policy = out.resource('aws_sns_topic_policy').policy;

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out)).toMatchSnapshot();
  });

  it('is encrypted with the given key', () => {
    expect(topic).toMatchObject({
      name: 'test-alerts',
      kms_master_key_id: '${aws_kms_key.key_F64E54E4.arn}',
    });
  });

  it('refuses publishing over plain HTTP', () => {
    expect(out.statement(policy, 'DenyInsecureTransport')).toMatchObject({
      effect: 'Deny',
      actions: ['sns:Publish'],
      principals: [{ type: '*', identifiers: ['*'] }],
      condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
    });
  });

  it('accepts CloudWatch alarms of this account only', () => {
    const statement = out.statement(policy, 'CloudWatchAlarmsPublish');
    expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['cloudwatch.amazonaws.com'] }]);
    expect(statement.condition.map((c: { variable: string }) => c.variable)).toEqual([
      'aws:SourceArn',
      'aws:SourceAccount',
    ]);
  });

  it('subscribes each e-mail address', () => {
    const subscriptions = out.resources('aws_sns_topic_subscription').map((s) => s.props);
    expect(subscriptions.map((s) => [s.protocol, s.endpoint]).sort()).toEqual([
      ['email', 'ml@example.com'],
      ['email', 'oncall@example.com'],
    ]);
    expect(subscriptions.every((s) => s.topic_arn === '${aws_sns_topic.alerts_topic_3313844B.arn}')).toBe(
      true,
    );
  });

  it('grants publishing together with the key', () => {
    const { stack } = plainStack();
    const key = new EnvironmentKey(stack, 'key');
    const alerts = new AlertTopic(stack, 'alerts', { encryptionKey: key });
    const role = new RecordingRole();
    alerts.grantPublish(role);
    expect(role.statements).toEqual([
      { actions: ['sns:Publish'], resources: [alerts.topicArn] },
      { actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] },
    ]);
  });

  it.each([
    [
      ['not-an-address'],
      'emails[0]: must be an e-mail address such as ops@example.com, got "not-an-address"',
    ],
    [['a@example.com', 'a@example.com'], 'emails[1]: must not repeat item 0, got "a@example.com"'],
  ])('rejects emails %j', (emails, line) => {
    const { stack } = plainStack();
    const key = new EnvironmentKey(stack, 'key');
    const error = errorOf(() => new AlertTopic(stack, 'alerts', { encryptionKey: key, emails }));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(`[test/alerts] invalid props (1 problem):\n  - ${line}`);
  });

  it('refuses a field it does not know', () => {
    const { stack } = plainStack();
    const key = new EnvironmentKey(stack, 'key');
    const error = errorOf(
      () => new AlertTopic(stack, 'alerts', { encryptionKey: key, email: 'ops@example.com' } as never),
    );
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      '[test/alerts] invalid props (1 problem):\n' +
        '  - email: is not a known field (did you mean `emails`?); allowed fields: encryptionKey, emails, got "ops@example.com"',
    );
  });
});

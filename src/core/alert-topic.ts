import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { z } from 'zod';
import { alertEmails } from './validation/rules';
import { type PropsAgree, SpecValidationError, collectIssues, validateProps } from './validation/issues';
import { AwsContext } from './aws-context';
import { Grant, type IEncryptionKey, type IGrantable } from './grants';
import { NAME_LIMITS, Naming } from './naming';
import { PolicyDocument } from './policy';
import { encryptionKeyProp, type PropShape, topicArnProp } from './prop-rules';

/** Props of `AlertTopic`. */
export interface AlertTopicProps {
  /** The key that encrypts messages at rest. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * E-mail addresses to subscribe (each must confirm from the e-mail AWS sends).
   * @default - none
   */
  readonly emails?: readonly string[];
}

const propsSchema = z.strictObject({
  encryptionKey: encryptionKeyProp,
  emails: alertEmails.default([]),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, AlertTopicProps> = true;
void propsAgree;

/** A topic alarms notify: the environment's `AlertTopic`, or an existing one (`AlertTopic.fromTopicArn`). */
export interface IAlertTopic {
  /** The topic's ARN: the action of every alarm. */
  readonly topicArn: string;
}

/** The prop rule for an alert topic: anything with a topic ARN. */
export const alertTopicProp = z.custom<IAlertTopic>((t) => typeof (t as PropShape)?.topicArn === 'string', {
  error: 'must be an alert topic (IAlertTopic)',
});

/**
 * The environment's alert topic: every alarm of the environment notifies it. Encrypted with the
 * environment key, reachable only over TLS, and publishable by CloudWatch alarms of this account.
 */
export class AlertTopic extends Construct implements IAlertTopic {
  /**
   * An existing topic, e.g. one a central operations account owns: alarms notify it; the library
   * changes nothing about it (its owner grants CloudWatch publish and sets its encryption).
   */
  public static fromTopicArn(topicArn: string): IAlertTopic {
    const { issues } = collectIssues(z.strictObject({ topicArn: topicArnProp }), { topicArn });
    if (issues.length > 0) throw new SpecValidationError('AlertTopic.fromTopicArn: invalid topic', issues);
    return { topicArn };
  }

  /** The topic resource. */
  public readonly topic: SnsTopic;
  /** The topic's ARN: the action of every alarm. */
  public readonly topicArn: string;
  private readonly key: IEncryptionKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const aws = AwsContext.of(this);
    this.key = p.encryptionKey;

    this.topic = new SnsTopic(this, 'topic', {
      name: Naming.of(this).name('alerts', NAME_LIMITS.snsTopic),
      kmsMasterKeyId: p.encryptionKey.keyArn,
    });
    this.topicArn = this.topic.arn;

    const policy = new PolicyDocument(this, 'policy', [
      {
        sid: 'AccountManagesTopicThroughIam',
        actions: [
          'sns:Publish',
          'sns:Subscribe',
          'sns:GetTopicAttributes',
          'sns:SetTopicAttributes',
          'sns:ListSubscriptionsByTopic',
        ],
        resources: [this.topicArn],
        principals: [{ type: 'AWS', identifiers: [aws.accountRootArn] }],
      },
      {
        sid: 'CloudWatchAlarmsPublish',
        actions: ['sns:Publish'],
        resources: [this.topicArn],
        principals: [{ type: 'Service', identifiers: [aws.servicePrincipal('cloudwatch')] }],
        conditions: [
          { test: 'ArnLike', variable: 'aws:SourceArn', values: [aws.arn('cloudwatch', 'alarm:*')] },
          { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
        ],
      },
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['sns:Publish'],
        resources: [this.topicArn],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
    ]);
    new SnsTopicPolicy(this, 'topic-policy', { arn: this.topicArn, policy: policy.json });

    for (const email of p.emails) {
      // keyed by address, so removing one subscription leaves the others in place
      new SnsTopicSubscription(this, `email-${email}`, {
        topicArn: this.topicArn,
        protocol: 'email',
        endpoint: email,
      });
    }
  }

  /** Lets the grantee publish to the topic (`sns:Publish`, and the key for encryption). */
  public grantPublish(grantee: IGrantable): Grant {
    const publish = Grant.addToPrincipal(grantee, [{ actions: ['sns:Publish'], resources: [this.topicArn] }]);
    return publish.combine(this.key.grantEncryptDecrypt(grantee));
  }
}

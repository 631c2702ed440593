import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { z } from 'zod';
import { matching } from './validation/rules';
import { type PropsAgree, validateProps } from './validation/issues';
import { AwsContext } from './aws-context';
import type { IEncryptionKey } from './grants';
import { encryptionKeyProp, logRetentionProp } from './prop-rules';

/** Props of `EncryptedLogGroup`. */
export interface EncryptedLogGroupProps {
  /** The log group's name, e.g. `/aws/eks/<cluster>/cluster` (some services require theirs). */
  readonly logGroupName: string;
  /** The key that encrypts the log events. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * Retention in days, one of CloudWatch's values.
   * @default 365
   */
  readonly retentionDays?: number;
  /**
   * Refuse deleting the log group (CloudWatch deletion protection and `prevent_destroy`).
   * @default false
   */
  readonly protectFromDestroy?: boolean;
}

const propsSchema = z.strictObject({
  logGroupName: matching(
    /^[.\-_/#A-Za-z0-9]{1,512}$/,
    'must be a log group name: 1-512 characters of A-Z a-z 0-9 . - _ / #',
  ),
  encryptionKey: encryptionKeyProp,
  retentionDays: logRetentionProp,
  protectFromDestroy: z.boolean().default(false),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, EncryptedLogGroupProps> = true;
void propsAgree;

/**
 * A CloudWatch log group created before the service that writes to it, so it is encrypted with
 * the environment key and keeps events only for its retention (a service that creates its own
 * group would make it unencrypted and kept forever).
 */
export class EncryptedLogGroup extends Construct {
  /** The log group resource. */
  public readonly logGroup: CloudwatchLogGroup;
  /** The log group's name. */
  public readonly logGroupName: string;
  /** The log group's ARN (without the trailing `:*`). */
  public readonly logGroupArn: string;

  constructor(scope: Construct, id: string, props: EncryptedLogGroupProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    this.logGroup = new CloudwatchLogGroup(this, 'log-group', {
      name: p.logGroupName,
      kmsKeyId: p.encryptionKey.keyArn,
      retentionInDays: p.retentionDays,
      deletionProtectionEnabled: p.protectFromDestroy ? true : undefined,
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.logGroupName = this.logGroup.name;
    this.logGroupArn = AwsContext.of(this).arn('logs', `log-group:${p.logGroupName}`);
  }

  /** The ARN of the group's streams (`<group arn>:*`), the resource of `logs:PutLogEvents`. */
  public get streamsArn(): string {
    return `${this.logGroupArn}:*`;
  }
}

import { KmsAlias } from '@cdktf/provider-aws/lib/kms-alias';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { Construct } from 'constructs';
import { z } from 'zod';
import { awsRegion, intBetween, matching } from './validation/rules';
import { type PropsAgree, validateProps } from './validation/issues';
import { AwsContext } from './aws-context';
import { Grant, type IEncryptionKey, type IGrantable, type KeyGrantOptions } from './grants';
import { NAME_LIMITS, Naming } from './naming';
import { PolicyDocument, type PolicyStatement } from './policy';

/** Props of `EnvironmentKey`. */
export interface EnvironmentKeyProps {
  /**
   * Waiting period before a scheduled deletion takes effect, in days (7-30).
   * @default 30
   */
  readonly deletionWindowDays?: number;
  /**
   * Refuse `terraform destroy` of the key (`prevent_destroy`).
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Alias of the key, starting with `alias/`.
   * @default - `alias/<project>-<environment>`
   */
  readonly alias?: string;
  /**
   * Region of the key, for a key that serves resources in another region than the provider's
   * (e.g. a replica bucket).
   * @default - the provider's region
   */
  readonly region?: string;
  /**
   * What the key encrypts, for its description.
   * @default - the data of the environment
   */
  readonly purpose?: string;
}

const propsSchema = z.strictObject({
  deletionWindowDays: intBetween(7, 30, 'days').default(30),
  protectFromDestroy: z.boolean().default(true),
  alias: matching(
    /^alias\/(?!aws\/)[A-Za-z0-9/_-]{1,250}$/,
    "must be 'alias/' followed by 1-250 characters of A-Z a-z 0-9 / _ - (not 'alias/aws/')",
  ).optional(),
  region: awsRegion.optional(),
  purpose: z.string().max(200).optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, EnvironmentKeyProps> = true;
void propsAgree;

/**
 * The environment's customer-managed KMS key: rotation on, a deletion window, and a key policy
 * that keeps access decisions in IAM and lets CloudWatch Logs and CloudWatch alarms use it.
 * Every other resource of the environment encrypts with it.
 */
export class EnvironmentKey extends Construct implements IEncryptionKey {
  /** The key resource. */
  public readonly key: KmsKey;
  /** The key's ARN. */
  public readonly keyArn: string;
  /** The key's alias name, e.g. `alias/acme-ml-production`. */
  public readonly aliasName: string;
  /** The key's region (a token unless given). */
  public readonly region: string;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, props: EnvironmentKeyProps = {}) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const aws = AwsContext.of(this);
    const naming = Naming.of(this);
    this.region = p.region ?? aws.region;

    this.policy = new PolicyDocument(this, 'policy', [
      {
        sid: 'AccountAdministersKeyThroughIam',
        actions: ['kms:*'],
        resources: ['*'],
        principals: [{ type: 'AWS', identifiers: [aws.accountRootArn] }],
      },
      {
        sid: 'CloudWatchLogsEncryptsLogGroups',
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: [aws.servicePrincipal('logs', true, this.region)] }],
        conditions: [
          {
            test: 'ArnLike',
            variable: 'kms:EncryptionContext:aws:logs:arn',
            values: [aws.arn('logs', 'log-group:*', { region: this.region })],
          },
        ],
      },
      {
        sid: 'CloudWatchAlarmsPublishToEncryptedTopics',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        principals: [{ type: 'Service', identifiers: [aws.servicePrincipal('cloudwatch')] }],
      },
    ]);

    this.key = new KmsKey(this, 'key', {
      description: `Encrypts ${p.purpose ?? `the data of ${naming.prefix}`}`,
      region: p.region,
      enableKeyRotation: true,
      deletionWindowInDays: p.deletionWindowDays,
      policy: this.policy.json,
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.keyArn = this.key.arn;
    this.aliasName = p.alias ?? `alias/${naming.name([], NAME_LIMITS.kmsAlias - 6)}`;
    new KmsAlias(this, 'alias', { name: this.aliasName, targetKeyId: this.key.keyId, region: p.region });
  }

  /** Adds statements to the key policy (for example a service principal that must use the key). */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }

  public grantDecrypt(grantee: IGrantable, options: KeyGrantOptions = {}): Grant {
    return Grant.addToPrincipal(grantee, [this.keyStatement(['kms:Decrypt'], options)]);
  }

  /** Lets the grantee encrypt only (`kms:Encrypt`, `kms:GenerateDataKey`), e.g. a replication role writing replicas. */
  public grantEncrypt(grantee: IGrantable, options: KeyGrantOptions = {}): Grant {
    return Grant.addToPrincipal(grantee, [
      this.keyStatement(['kms:Encrypt', 'kms:GenerateDataKey'], options),
    ]);
  }

  public grantEncryptDecrypt(grantee: IGrantable, options: KeyGrantOptions = {}): Grant {
    return Grant.addToPrincipal(grantee, [
      this.keyStatement(['kms:Decrypt', 'kms:GenerateDataKey'], options),
    ]);
  }

  private keyStatement(actions: string[], options: KeyGrantOptions): PolicyStatement {
    const aws = AwsContext.of(this);
    return {
      actions,
      resources: [this.keyArn],
      conditions: options.viaService
        ? [
            {
              test: 'StringEquals',
              variable: 'kms:ViaService',
              values: [aws.servicePrincipal(options.viaService, true, this.region)],
            },
          ]
        : undefined,
    };
  }
}

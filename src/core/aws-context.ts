import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { TerraformStack, Token } from 'cdktf';
import { Construct, type IConstruct } from 'constructs';

const ID = 'aws-context';

/**
 * The account, partition and region Terraform deploys into, read once per stack from data
 * sources that need no API permissions beyond `sts:GetCallerIdentity`.
 */
export class AwsContext extends Construct {
  /** The stack's shared context, created on first use. */
  public static of(scope: IConstruct): AwsContext {
    const stack = TerraformStack.of(scope);
    return (stack.node.tryFindChild(ID) as AwsContext | undefined) ?? new AwsContext(stack, ID);
  }

  /** The account ID (a token). */
  public readonly accountId: string;
  /** The partition, e.g. `aws` (a token). */
  public readonly partition: string;
  /** The DNS suffix of service endpoints, e.g. `amazonaws.com` (a token). */
  public readonly dnsSuffix: string;
  /** The region (a token). */
  public readonly region: string;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    this.accountId = new DataAwsCallerIdentity(this, 'caller').accountId;
    const partition = new DataAwsPartition(this, 'partition');
    this.partition = partition.partition;
    this.dnsSuffix = partition.dnsSuffix;
    this.region = new DataAwsRegion(this, 'region').region;
  }

  /**
   * The region of the stack's default AWS provider when it is a literal (as in every
   * environment), for checks at synthesis; `undefined` when unknown.
   */
  public get providerRegion(): string | undefined {
    const stack = TerraformStack.of(this);
    const provider = stack.node.children.find(
      (c): c is AwsProvider => c instanceof AwsProvider && c.alias === undefined,
    );
    const region = provider?.region;
    return region !== undefined && !Token.isUnresolved(region) ? region : undefined;
  }

  /** `arn:<partition>:<service>:<region>:<account>:<resource>`; pass `''` to omit region or account. */
  public arn(service: string, resource: string, options: { region?: string; account?: string } = {}): string {
    const region = options.region ?? this.region;
    const account = options.account ?? this.accountId;
    return `arn:${this.partition}:${service}:${region}:${account}:${resource}`;
  }

  /** The account's root principal ARN: IAM policies in the account decide who may act. */
  public get accountRootArn(): string {
    return `arn:${this.partition}:iam::${this.accountId}:root`;
  }

  /**
   * A service principal: `cloudwatch.amazonaws.com`, or with `regional` the regional form
   * `logs.<region>.<dns suffix>` (in `region`, by default the provider's).
   */
  public servicePrincipal(service: string, regional = false, region: string = this.region): string {
    return regional ? `${service}.${region}.${this.dnsSuffix}` : `${service}.amazonaws.com`;
  }
}

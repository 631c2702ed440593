import { IamOpenidConnectProvider } from '@cdktf/provider-aws/lib/iam-openid-connect-provider';
import { Construct } from 'constructs';
import { z } from 'zod';
import { matching } from './validation/rules';
import { type PropsAgree, invalidProps, validateProps } from './validation/issues';
import { AwsContext } from './aws-context';
import { NAME_LIMITS, Naming } from './naming';
import type { PolicyStatement } from './policy';
import { RoleTrusts, ServiceRole } from './service-role';

/** The issuer of GitHub Actions' OIDC tokens. */
export const GITHUB_OIDC_ISSUER = 'token.actions.githubusercontent.com';

/**
 * AWS services whose resources a deploy of this library's stacks creates, updates and deletes,
 * but whose IAM resource types carry no name the role could be scoped by (EC2 and load-balancer
 * IDs, KMS key IDs, auto scaling targets, CodeDeploy deployment groups, API Gateway IDs, WAF IDs),
 * or whose create calls are authorized on `*`; EKS, ECR and SageMaker ARNs do carry names, but
 * their sub-resources (node groups, add-ons, endpoint configurations with content hashes) are
 * not narrowed here yet. They are granted on `Resource: "*"`: the wide part of the deploy role.
 */
export const CI_DEPLOY_UNSCOPED_SERVICES = [
  'ec2',
  'elasticloadbalancing',
  'wafv2',
  'kms',
  'eks',
  'ecr',
  'sagemaker',
  'application-autoscaling',
  'autoscaling',
  'codedeploy',
  'apigateway',
  'cloudwatch',
] as const;

/** Props of `CiDeployRole`. */
export interface CiDeployRoleProps {
  /** The GitHub repository whose workflows may assume the role, `owner/name`. */
  readonly repository: string;
  /**
   * The GitHub environment a job must run in (`environment: production` in the workflow); with
   * required reviewers on that environment, nobody assumes the role without an approval. Exactly
   * one of `environment`, `branch` and `pullRequests`.
   * @default - none
   */
  readonly environment?: string;
  /**
   * The branch a job must run on (the token's subject `repo:<owner>/<name>:ref:refs/heads/<branch>`).
   * Ignored by GitHub when the job names an environment: the subject then carries the environment.
   * @default - none
   */
  readonly branch?: string;
  /**
   * Jobs triggered by pull requests (subject `repo:<owner>/<name>:pull_request`); only with
   * `access: 'plan'`, since pull requests run code that nobody reviewed yet.
   * @default false
   */
  readonly pullRequests?: boolean;
  /**
   * `deploy`: create, change and delete the environment's resources. `plan`: read everything and
   * the state, and take the state lock, for `cdktf diff`.
   * @default 'deploy'
   */
  readonly access?: 'deploy' | 'plan';
  /** The S3 bucket of the Terraform state (`backend.s3.bucket`). */
  readonly stateBucket: string;
  /** The environment's state object key, e.g. `acme-ml/production/terraform.tfstate`. */
  readonly stateKey: string;
  /**
   * The prefix of the names of the environment's resources (`<project>-<environment>`); IAM, S3,
   * SNS, Lambda and CloudWatch Logs permissions are limited to names that start with it.
   * @default - the naming prefix in effect (`Naming.of(this).prefix`)
   */
  readonly resourcePrefix?: string;
  /**
   * The ARN of the account's existing GitHub OIDC provider (an account has at most one per URL).
   * @default - a new provider for `https://token.actions.githubusercontent.com`
   */
  readonly oidcProviderArn?: string;
  /** @default - `<prefix>-ci-deploy` or `<prefix>-ci-plan` */
  readonly roleName?: string;
}

const name = /^[A-Za-z0-9_.-]+$/;
const propsSchema = z.strictObject({
  repository: matching(
    /^[A-Za-z0-9-]{1,39}\/[A-Za-z0-9._-]{1,100}$/,
    "must be a GitHub repository 'owner/name'",
  ),
  environment: matching(name, 'must be a GitHub environment name (letters, digits, . _ -)').optional(),
  branch: matching(/^[A-Za-z0-9._/-]+$/, 'must be a branch name without wildcards').optional(),
  pullRequests: z.boolean().default(false),
  access: z.enum(['deploy', 'plan'], { error: "must be 'deploy' or 'plan'" }).default('deploy'),
  stateBucket: matching(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  stateKey: matching(/^[^*?]{1,1024}$/, 'must be an S3 object key without wildcards'),
  resourcePrefix: matching(
    /^[a-z][a-z0-9-]{1,40}$/,
    'must be a lowercase name prefix of 2-41 characters',
  ).optional(),
  oidcProviderArn: matching(
    /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:oidc-provider\/token\.actions\.githubusercontent\.com$/,
    "must be the ARN of the account's token.actions.githubusercontent.com OIDC provider",
  ).optional(),
  roleName: matching(
    /^[\w+=,.@-]{1,64}$/,
    'must be 1-64 characters of A-Z a-z 0-9 and + = , . @ _ -',
  ).optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, CiDeployRoleProps> = true;
void propsAgree;

/**
 * The IAM role a GitHub Actions workflow assumes through GitHub's OIDC provider to plan or deploy
 * one environment, with no long-lived keys: trust is limited to one repository and one GitHub
 * environment, branch, or pull requests, for the audience `sts.amazonaws.com`.
 *
 * A deploy role needs wide rights: it manages a VPC, an EKS cluster, IAM roles, KMS keys and
 * the serving resources. It is scoped by name (`<prefix>*`) where AWS authorizes by name (IAM,
 * S3, SNS, Lambda, CloudWatch Logs), may not change its own policies, and is granted on `*` for the services in
 * `CI_DEPLOY_UNSCOPED_SERVICES`. Since it can create IAM roles named `<prefix>-*` and pass them,
 * treat it as an administrator of those services in the account: put production in its own
 * account, and require reviewers on the production GitHub environment.
 */
export class CiDeployRole extends Construct {
  /** The role the workflow assumes (`role-to-assume`). */
  public readonly role: ServiceRole;
  /** The role's ARN. */
  public readonly roleArn: string;
  /** The OIDC provider's ARN (created or imported). */
  public readonly oidcProviderArn: string;
  /** The OIDC provider, when this construct created it. */
  public readonly oidcProvider?: IamOpenidConnectProvider;

  constructor(scope: Construct, id: string, props: CiDeployRoleProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const subjects = [p.environment, p.branch, p.pullRequests || undefined].filter((s) => s !== undefined);
    if (subjects.length !== 1) {
      throw invalidProps(this, [
        {
          path: 'environment',
          message: 'set exactly one of environment, branch and pullRequests: true',
          value: { environment: p.environment, branch: p.branch, pullRequests: p.pullRequests },
        },
      ]);
    }
    if (p.pullRequests && p.access !== 'plan') {
      throw invalidProps(this, [
        {
          path: 'access',
          message: "must be 'plan' when pullRequests is true: pull requests run unreviewed code",
          value: p.access,
        },
      ]);
    }
    const subject = p.environment
      ? `repo:${p.repository}:environment:${p.environment}`
      : p.branch
        ? `repo:${p.repository}:ref:refs/heads/${p.branch}`
        : `repo:${p.repository}:pull_request`;

    const ctx = AwsContext.of(this);
    if (p.oidcProviderArn) {
      this.oidcProviderArn = p.oidcProviderArn;
    } else {
      this.oidcProvider = new IamOpenidConnectProvider(this, 'github-oidc', {
        url: `https://${GITHUB_OIDC_ISSUER}`,
        clientIdList: ['sts.amazonaws.com'],
      });
      this.oidcProviderArn = this.oidcProvider.arn;
    }
    const prefix = p.resourcePrefix ?? Naming.of(this).prefix;
    this.role = new ServiceRole(this, 'role', {
      assumedBy: RoleTrusts.webIdentity(this.oidcProviderArn, [
        { test: 'StringEquals', variable: `${GITHUB_OIDC_ISSUER}:aud`, values: ['sts.amazonaws.com'] },
        { test: 'StringEquals', variable: `${GITHUB_OIDC_ISSUER}:sub`, values: [subject] },
      ]),
      roleName:
        p.roleName ??
        Naming.of(this).name(p.access === 'plan' ? 'ci-plan' : 'ci-deploy', NAME_LIMITS.iamRole),
      description: `GitHub Actions (${subject}) ${p.access === 'plan' ? 'plans' : 'deploys'} ${prefix}`,
      managedPolicyArns:
        p.access === 'plan' ? [`arn:${ctx.partition}:iam::aws:policy/ReadOnlyAccess`] : undefined,
    });
    this.roleArn = this.role.roleArn;
    this.role.addToPrincipalPolicy(...stateStatements(ctx, p.stateBucket, p.stateKey, p.access));
    if (p.access === 'deploy') {
      this.role.addToPrincipalPolicy(...deployStatements(ctx, prefix), {
        // its own name starts with the prefix too: it must not widen its own rights
        sid: 'NotItself',
        effect: 'Deny',
        actions: [
          'iam:Put*',
          'iam:Attach*',
          'iam:Detach*',
          'iam:Delete*',
          'iam:Update*',
          'iam:Tag*',
          'iam:Untag*',
        ],
        resources: [this.role.roleArn],
      });
    }
  }
}

/** The state object and its lock file (`use_lockfile`: `<key>.tflock`). */
function stateStatements(
  ctx: AwsContext,
  bucket: string,
  key: string,
  access: 'deploy' | 'plan',
): PolicyStatement[] {
  const bucketArn = `arn:${ctx.partition}:s3:::${bucket}`;
  return [
    { sid: 'StateList', actions: ['s3:ListBucket'], resources: [bucketArn] },
    {
      sid: 'StateObject',
      actions: access === 'plan' ? ['s3:GetObject'] : ['s3:GetObject', 's3:PutObject'],
      resources: [`${bucketArn}/${key}`],
    },
    {
      sid: 'StateLock',
      actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      resources: [`${bucketArn}/${key}.tflock`],
    },
  ];
}

/** What a deploy of an environment's stack does, by service. */
function deployStatements(ctx: AwsContext, prefix: string): PolicyStatement[] {
  const arn = (service: string, resource: string, region = ctx.region) =>
    `arn:${ctx.partition}:${service}:${region}:${ctx.accountId}:${resource}`;
  return [
    {
      sid: 'UnscopedServices',
      actions: CI_DEPLOY_UNSCOPED_SERVICES.map((s) => `${s}:*`),
      resources: ['*'],
    },
    {
      sid: 'IamNamed',
      actions: ['iam:*'],
      resources: [
        `arn:${ctx.partition}:iam::${ctx.accountId}:role/${prefix}*`,
        `arn:${ctx.partition}:iam::${ctx.accountId}:policy/${prefix}*`,
        `arn:${ctx.partition}:iam::${ctx.accountId}:instance-profile/${prefix}*`,
        // the cluster's IRSA provider: its name is the cluster's issuer, known only after the apply
        `arn:${ctx.partition}:iam::${ctx.accountId}:oidc-provider/oidc.eks.*`,
      ],
    },
    {
      sid: 'IamServiceLinkedRoles',
      actions: ['iam:CreateServiceLinkedRole', 'iam:GetRole'],
      resources: [`arn:${ctx.partition}:iam::${ctx.accountId}:role/aws-service-role/*`],
    },
    { sid: 'IamRead', actions: ['iam:Get*', 'iam:List*'], resources: ['*'] },
    {
      sid: 'S3Named',
      actions: ['s3:*'],
      resources: [`arn:${ctx.partition}:s3:::${prefix}*`, `arn:${ctx.partition}:s3:::${prefix}*/*`],
    },
    {
      sid: 'NamedServices',
      actions: ['sns:*', 'lambda:*', 'logs:*'],
      resources: [
        arn('sns', `${prefix}*`, '*'),
        arn('lambda', `function:${prefix}*`, '*'),
        arn('logs', `log-group:*${prefix}*`, '*'),
      ],
    },
    {
      sid: 'ReadAndUnnamedCalls',
      actions: [
        'sts:GetCallerIdentity',
        'sns:List*',
        'lambda:List*',
        'lambda:GetAccountSettings',
        'lambda:*EventSourceMapping*',
        'logs:Describe*',
        'logs:ListTagsForResource',
        'logs:*Delivery*',
        's3:ListAllMyBuckets',
      ],
      resources: ['*'],
    },
  ];
}

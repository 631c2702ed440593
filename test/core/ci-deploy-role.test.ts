import { CiDeployRole, type CiDeployRoleProps, SpecValidationError } from '../../src';
import { errorOf, plainStack, synthScope } from '../helpers';

const base: CiDeployRoleProps = {
  repository: 'acme/ml-infra',
  environment: 'production',
  stateBucket: 'acme-tf-state',
  stateKey: 'acme-ml/production/terraform.tfstate',
  resourcePrefix: 'acme-ml-production',
};

describe('CiDeployRole', () => {
  it('creates the GitHub OIDC provider for the STS audience', () => {
    const out = synthScope((scope) => new CiDeployRole(scope, 'ci', base));
    expect(out.resource('aws_iam_openid_connect_provider')).toEqual({
      url: 'https://token.actions.githubusercontent.com',
      client_id_list: ['sts.amazonaws.com'],
    });
  });

  it('trusts only the repository in the GitHub environment, for the STS audience', () => {
    const out = synthScope((scope) => new CiDeployRole(scope, 'ci', base));
    const role = out.resource('aws_iam_role');
    expect(role.name).toBe('test-ci-deploy');
    expect(out.policyStatements(role.assume_role_policy)).toEqual([
      {
        effect: 'Allow',
        actions: ['sts:AssumeRoleWithWebIdentity'],
        principals: [
          {
            type: 'Federated',
            identifiers: [out.ref('aws_iam_openid_connect_provider', 'ci/github-oidc', 'arn')],
          },
        ],
        condition: [
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:aud',
            values: ['sts.amazonaws.com'],
          },
          {
            test: 'StringEquals',
            variable: 'token.actions.githubusercontent.com:sub',
            values: ['repo:acme/ml-infra:environment:production'],
          },
        ],
      },
    ]);
  });

  it('trusts a branch, or pull requests for a plan role, and imports an existing provider', () => {
    const arn = 'arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com';
    const out = synthScope((scope) => {
      new CiDeployRole(scope, 'main', {
        ...base,
        environment: undefined,
        branch: 'main',
        oidcProviderArn: arn,
      });
      new CiDeployRole(scope, 'pr', {
        ...base,
        environment: undefined,
        pullRequests: true,
        access: 'plan',
        oidcProviderArn: arn,
      });
    });
    expect(out.resources('aws_iam_openid_connect_provider')).toEqual([]);
    const trusts = out
      .resources('aws_iam_role')
      .map((r) => out.policyStatements(r.props.assume_role_policy)[0])
      .map((s) => [s.principals[0].identifiers[0], s.condition[1].values[0]]);
    expect(trusts.sort()).toEqual([
      [arn, 'repo:acme/ml-infra:pull_request'],
      [arn, 'repo:acme/ml-infra:ref:refs/heads/main'],
    ]);
  });

  it('reads and writes only its own state object and lock file', () => {
    const out = synthScope((scope) => new CiDeployRole(scope, 'ci', base));
    const policy = out.resource('aws_iam_role_policy').policy;
    expect(out.statement(policy, 'StateList')).toMatchObject({
      actions: ['s3:ListBucket'],
      resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\..+\.partition\}:s3:::acme-tf-state$/)],
    });
    const object = out.statement(policy, 'StateObject');
    expect(object.actions).toEqual(['s3:GetObject', 's3:PutObject']);
    expect(object.resources[0]).toMatch(/:s3:::acme-tf-state\/acme-ml\/production\/terraform\.tfstate$/);
    const lock = out.statement(policy, 'StateLock');
    expect(lock.actions).toEqual(['s3:GetObject', 's3:PutObject', 's3:DeleteObject']);
    expect(lock.resources[0]).toMatch(/\/acme-ml\/production\/terraform\.tfstate\.tflock$/);
  });

  it('scopes IAM, S3, SNS, Lambda and logs by the resource prefix and lists the unscoped services', () => {
    const out = synthScope((scope) => new CiDeployRole(scope, 'ci', base));
    const policy = out.resource('aws_iam_role_policy').policy;
    expect(out.statement(policy, 'UnscopedServices')).toMatchObject({
      actions: [
        'ec2:*',
        'elasticloadbalancing:*',
        'wafv2:*',
        'kms:*',
        'eks:*',
        'ecr:*',
        'sagemaker:*',
        'application-autoscaling:*',
        'autoscaling:*',
        'codedeploy:*',
        'apigateway:*',
        'cloudwatch:*',
      ],
      resources: ['*'],
    });
    const iam = out.statement(policy, 'IamNamed');
    expect(iam.actions).toEqual(['iam:*']);
    expect(iam.resources.map((r: string) => r.replace(/^.*:iam::[^:]+:/, ''))).toEqual([
      'role/acme-ml-production*',
      'policy/acme-ml-production*',
      'instance-profile/acme-ml-production*',
      'oidc-provider/oidc.eks.*',
    ]);
    expect(out.statement(policy, 'S3Named').resources.map((r: string) => r.replace(/^.*:s3:::/, ''))).toEqual(
      ['acme-ml-production*', 'acme-ml-production*/*'],
    );
    expect(
      out.statement(policy, 'NamedServices').resources.map((r: string) => r.split(':').slice(2).join(':')),
    ).toEqual([
      expect.stringMatching(/^sns:\*:.+:acme-ml-production\*$/),
      expect.stringMatching(/^lambda:\*:.+:function:acme-ml-production\*$/),
      expect.stringMatching(/^logs:\*:.+:log-group:\*acme-ml-production\*$/),
    ]);
    // IAM writes only on named resources: no statement on '*' changes IAM
    for (const statement of out.policyStatements(policy).filter((s) => s.resources.includes('*'))) {
      expect(statement.actions.filter((a: string) => a.startsWith('iam:') || a === '*')).toEqual(
        statement.sid === 'IamRead' ? ['iam:Get*', 'iam:List*'] : [],
      );
    }
  });

  it('may not change its own role, although its name carries the prefix', () => {
    const out = synthScope((scope) => new CiDeployRole(scope, 'ci', base));
    const policy = out.resource('aws_iam_role_policy').policy;
    expect(out.statement(policy, 'NotItself')).toEqual({
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
      resources: [out.ref('aws_iam_role', 'ci/role', 'arn')],
    });
  });

  it('a plan role reads everything (ReadOnlyAccess) and the state, writes only the lock file', () => {
    const out = synthScope(
      (scope) =>
        new CiDeployRole(scope, 'ci', {
          ...base,
          environment: undefined,
          pullRequests: true,
          access: 'plan',
        }),
    );
    expect(out.resource('aws_iam_role').name).toBe('test-ci-plan');
    expect(out.resource('aws_iam_role_policy_attachment').policy_arn).toMatch(
      /:iam::aws:policy\/ReadOnlyAccess$/,
    );
    const policy = out.resource('aws_iam_role_policy').policy;
    expect(out.policyStatements(policy).map((s) => s.sid)).toEqual(['StateList', 'StateObject', 'StateLock']);
    expect(out.statement(policy, 'StateObject').actions).toEqual(['s3:GetObject']);
  });

  it.each<[Partial<Record<keyof CiDeployRoleProps, unknown>>, string]>([
    [{ repository: 'ml-infra' }, `repository: must be a GitHub repository 'owner/name', got "ml-infra"`],
    [
      { environment: 'prod uction' },
      `environment: must be a GitHub environment name (letters, digits, . _ -), got "prod uction"`,
    ],
    [{ branch: 'release/*' }, `branch: must be a branch name without wildcards, got "release/*"`],
    [{ access: 'admin' }, `access: must be 'deploy' or 'plan', got "admin"`],
    [{ stateBucket: 'Acme_State' }, `stateBucket: must be an S3 bucket name, got "Acme_State"`],
    [{ stateKey: 'acme/*' }, `stateKey: must be an S3 object key without wildcards, got "acme/*"`],
    [
      { oidcProviderArn: 'arn:aws:iam::123456789012:oidc-provider/example.com' },
      `oidcProviderArn: must be the ARN of the account's token.actions.githubusercontent.com OIDC provider, got "arn:aws:iam::123456789012:oidc-provider/example.com"`,
    ],
    [
      { environment: 'production', branch: 'main' },
      'environment: set exactly one of environment, branch and pullRequests: true, got {"environment":"production","branch":"main","pullRequests":false}',
    ],
    [
      { environment: undefined, pullRequests: true },
      `access: must be 'plan' when pullRequests is true: pull requests run unreviewed code, got "deploy"`,
    ],
  ])('rejects %j', (props, line) => {
    const { stack } = plainStack();
    const error = errorOf(() => new CiDeployRole(stack, 'ci', { ...base, ...props } as CiDeployRoleProps));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(`[test/ci] invalid props (1 problem):\n  - ${line}`);
  });
});

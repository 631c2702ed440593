import { type TerraformStack } from 'cdktf';
import {
  EnvironmentKey,
  ModelImageRepository,
  RegistryScanning,
  RoleTrusts,
  ServiceRole,
  SpecValidationError,
  type ModelImageRepositoryProps,
} from '../../src';
import { type Synthesized, errorOf, plainStack, synthScope, focused } from '../helpers';

function repositoryIn(
  stack: TerraformStack,
  props: Partial<ModelImageRepositoryProps> = {},
): ModelImageRepository {
  const key = new EnvironmentKey(stack, 'key');
  return new ModelImageRepository(stack, 'fraud', { encryptionKey: key, ...props });
}

function synthRepository(props: Partial<ModelImageRepositoryProps> = {}): Synthesized {
  return synthScope((scope) => repositoryIn(scope as TerraformStack, props));
}

describe('ModelImageRepository', () => {
  const out = synthRepository({ protectedTags: ['v1.3.0', 'v1.4.0-rc1'] });

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out)).toMatchSnapshot();
  });
  const repository = out.resource('aws_ecr_repository');
  const rules = JSON.parse(out.resource('aws_ecr_lifecycle_policy').policy).rules;

  it('has immutable tags, scans on push and encrypts with the environment key', () => {
    expect(repository).toEqual({
      name: 'test/fraud',
      image_tag_mutability: 'IMMUTABLE',
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: 'KMS', kms_key: out.ref('aws_kms_key', 'key', 'arn') }],
      force_delete: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('never expires the deployed tags: one top-priority rule each', () => {
    expect(rules.slice(0, 2)).toEqual([
      {
        rulePriority: 1,
        description: 'Keep the deployed tag v1.3.0',
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['v1.3.0'],
          countType: 'imageCountMoreThan',
          countNumber: 9999,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 2,
        description: 'Keep the deployed tag v1.4.0-rc1',
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['v1.4.0-rc1'],
          countType: 'imageCountMoreThan',
          countNumber: 9999,
        },
        action: { type: 'expire' },
      },
    ]);
  });

  it('orders the deployed tags: a switch between the same versions leaves the policy unchanged', () => {
    // the policy is ForceNew with no update in the provider: any change deletes and re-puts it
    const policy = (protectedTags: string[]) =>
      synthRepository({ protectedTags }).resource('aws_ecr_lifecycle_policy').policy;
    expect(policy(['v1.4.0-rc1', 'v1.3.0'])).toEqual(policy(['v1.3.0', 'v1.4.0-rc1']));
    expect(
      JSON.parse(policy(['v2', 'v10', 'v1']))
        .rules.slice(0, 3)
        .map((r: any) => r.selection.tagPatternList),
    ).toEqual([['v1'], ['v10'], ['v2']]);
  });

  it('replaces its policy by delete then put, never create before destroy (one policy per repository)', () => {
    expect(out.resource('aws_ecr_lifecycle_policy').lifecycle).toBeUndefined();
  });

  it('keeps the newest 30 release images and expires untagged ones after 7 days', () => {
    expect(rules.slice(2)).toEqual([
      {
        rulePriority: 50,
        description: 'Keep the newest 30 release images',
        selection: {
          tagStatus: 'tagged',
          tagPatternList: ['*'],
          countType: 'imageCountMoreThan',
          countNumber: 30,
        },
        action: { type: 'expire' },
      },
      {
        rulePriority: 60,
        description: 'Expire untagged images after 7 days',
        selection: {
          tagStatus: 'untagged',
          countType: 'sinceImagePushed',
          countUnit: 'days',
          countNumber: 7,
        },
        action: { type: 'expire' },
      },
    ]);
  });

  it('has no repository policy unless something needs one', () => {
    expect(out.resources('aws_ecr_repository_policy')).toHaveLength(0);
  });

  it("lets listed accounts pull and list images, and Lambda fetch images for those accounts' functions", () => {
    const shared = synthRepository({ pullAccountIds: ['333333333333', '444444444444'] });
    const statements = shared.policyStatements(shared.resource('aws_ecr_repository_policy').policy);
    const partition = '${data.aws_partition.aws-context_partition_9ECE3875.partition}';
    const region = '${data.aws_region.aws-context_region_DEC3537F.region}';
    expect(statements).toEqual([
      {
        sid: 'CrossAccountPull',
        effect: 'Allow',
        actions: [
          'ecr:BatchGetImage',
          'ecr:GetDownloadUrlForLayer',
          'ecr:BatchCheckLayerAvailability',
          'ecr:ListImages',
        ],
        principals: [
          {
            type: 'AWS',
            identifiers: [
              `arn:${partition}:iam::333333333333:root`,
              `arn:${partition}:iam::444444444444:root`,
            ],
          },
        ],
      },
      {
        // the statement AWS documents for cross-account Lambda functions (same region only)
        sid: 'LambdaECRImageCrossAccountRetrievalPolicy',
        effect: 'Allow',
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
        condition: [
          {
            test: 'StringLike',
            variable: 'aws:sourceArn',
            values: [
              `arn:${partition}:lambda:${region}:333333333333:function:*`,
              `arn:${partition}:lambda:${region}:444444444444:function:*`,
            ],
          },
        ],
      },
    ]);
  });

  it('appends extra lifecycle rules in priority order', () => {
    const custom = synthRepository({
      lifecycleRules: [
        { priority: 200, tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 365 },
        {
          priority: 100,
          tagStatus: 'tagged',
          tagPatterns: ['dev-*'],
          countType: 'imageCountMoreThan',
          countNumber: 5,
        },
      ],
    });
    const all = JSON.parse(custom.resource('aws_ecr_lifecycle_policy').policy).rules;
    expect(all.map((r: { rulePriority: number }) => r.rulePriority)).toEqual([50, 60, 100, 200]);
    expect(all[3].selection).toEqual({
      tagStatus: 'any',
      countType: 'sinceImagePushed',
      countUnit: 'days',
      countNumber: 365,
    });
  });

  it('lets a disposable environment delete it', () => {
    const disposable = synthRepository({ protectFromDestroy: false, forceDelete: true }).resource(
      'aws_ecr_repository',
    );
    expect(disposable.force_delete).toBe(true);
    expect(disposable.lifecycle).toBeUndefined();
  });

  describe('image URIs', () => {
    const { stack } = plainStack();
    const repo = repositoryIn(stack);

    it('by tag or by digest', () => {
      expect(repo.imageUri('v1.3.0')).toBe(`${repo.repositoryUrl}:v1.3.0`);
      const digest = `sha256:${'a'.repeat(64)}`;
      expect(repo.imageUri(digest)).toBe(`${repo.repositoryUrl}@${digest}`);
    });

    it('refuses what is neither', () => {
      expect(() => repo.imageUri('v1 beta')).toThrow(
        `[test/fraud] image tag must be 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', got "v1 beta"`,
      );
      expect(() => repo.imageUri('sha256:abc')).toThrow(
        `[test/fraud] digest must be 'sha256:' and 64 hex digits, got "sha256:abc"`,
      );
    });
  });

  describe('grants', () => {
    const granted = synthScope((scope) => {
      const repo = repositoryIn(scope as TerraformStack);
      repo.grantPull(
        new ServiceRole(scope, 'puller', { assumedBy: RoleTrusts.service('sagemaker.amazonaws.com') }),
      );
      repo.grantPush(
        new ServiceRole(scope, 'pusher', { assumedBy: RoleTrusts.service('codebuild.amazonaws.com') }),
      );
    });
    const REPO = granted.ref('aws_ecr_repository', 'fraud/repository', 'arn');
    const statementsOf = (role: string) =>
      granted.policyStatements(granted.resource('aws_iam_role_policy', `${role}/inline-policy`).policy);

    it('pull: image reads on this repository, the token on * (required by ECR)', () => {
      expect(statementsOf('puller')).toEqual([
        {
          effect: 'Allow',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
          resources: [REPO],
        },
        { effect: 'Allow', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      ]);
    });

    it('push: layer uploads and PutImage on this repository', () => {
      expect(statementsOf('pusher')[0]).toEqual({
        effect: 'Allow',
        actions: [
          'ecr:BatchCheckLayerAvailability',
          'ecr:InitiateLayerUpload',
          'ecr:UploadLayerPart',
          'ecr:CompleteLayerUpload',
          'ecr:PutImage',
        ],
        resources: [REPO],
      });
    });

    it('work on an imported repository', () => {
      const imported = synthScope((scope) => {
        const repo = ModelImageRepository.fromRepositoryName(scope, 'existing', 'team/model');
        repo.grantPull(
          new ServiceRole(scope, 'puller', { assumedBy: RoleTrusts.service('lambda.amazonaws.com') }),
        );
        expect(repo.imageUri('v2')).toMatch(/\/team\/model:v2$/);
      });
      expect(imported.resources('aws_ecr_repository')).toHaveLength(0);
      const statements = imported.policyStatements(imported.resource('aws_iam_role_policy').policy);
      expect(statements[0].resources[0]).toMatch(/:ecr:.*:repository\/team\/model$/);
    });

    it("work on another account's repository in another region, on its ARN", () => {
      let uri = '';
      const imported = synthScope((scope) => {
        const repo = ModelImageRepository.fromRepositoryAttributes(scope, 'central', {
          repositoryName: 'ml/fraud',
          accountId: '999999999999',
          region: 'eu-west-1',
        });
        expect(repo.registryId).toBe('999999999999');
        expect(repo.region).toBe('eu-west-1');
        uri = repo.imageUri('v2');
        repo.grantPull(
          new ServiceRole(scope, 'puller', { assumedBy: RoleTrusts.service('sagemaker.amazonaws.com') }),
        );
      });
      expect(uri).toMatch(/^999999999999\.dkr\.ecr\.eu-west-1\.\$\{TfToken\[TOKEN\.\d+\]\}\/ml\/fraud:v2$/);
      expect(imported.resources('aws_ecr_repository')).toHaveLength(0);
      expect(imported.resources('aws_ecr_repository_policy')).toHaveLength(0);
      const statements = imported.policyStatements(imported.resource('aws_iam_role_policy').policy);
      expect(statements[0]).toMatchObject({
        actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'],
        resources: [
          'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:ecr:eu-west-1:999999999999:repository/ml/fraud',
        ],
      });
    });

    it.each<[string, object, string]>([
      [
        'an account ID that is not 12 digits',
        { repositoryName: 'ml/fraud', accountId: '9999' },
        'accountId: must be a 12-digit AWS account ID, got "9999"',
      ],
      [
        'a region that is not a region code',
        { repositoryName: 'ml/fraud', region: 'europe' },
        `region: must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included), got "europe"`,
      ],
      [
        'a repository name with capitals',
        { repositoryName: 'ML/Fraud' },
        'repositoryName: must be an ECR repository name, got "ML/Fraud"',
      ],
    ])('refuse to import %s', (_title, attributes, line) => {
      const { stack } = plainStack();
      const error = errorOf(() =>
        ModelImageRepository.fromRepositoryAttributes(stack, 'central', attributes as never),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/central] invalid props (1 problem):\n  - ${line}`);
    });
  });

  describe('rejects', () => {
    it.each<[string, Partial<ModelImageRepositoryProps>, string]>([
      [
        'a repository name with capitals',
        { repositoryName: 'Team/Fraud' },
        `repositoryName: must be an ECR repository name: 2-256 characters of lowercase letters and digits separated by '.', '_', '-' or '/', got "Team/Fraud"`,
      ],
      [
        'keeping no release images',
        { keepReleaseImages: 0 },
        'keepReleaseImages: must be a whole number between 1 and 1000 images, got 0',
      ],
      [
        'untagged images kept 0 days',
        { untaggedExpiryDays: 0 },
        'untaggedExpiryDays: must be a whole number between 1 and 365 days, got 0',
      ],
      [
        'a deployed tag that is not an image tag',
        { protectedTags: ['-latest'] },
        `protectedTags[0]: must be an image tag: 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', not starting with '.' or '-', got "-latest"`,
      ],
      [
        'a deployed tag listed twice',
        { protectedTags: ['v1', 'v1'] },
        'protectedTags: must not repeat a tag, got ["v1","v1"]',
      ],
      [
        'a pull account that is not 12 digits',
        { pullAccountIds: ['42'] },
        'pullAccountIds[0]: must be a 12-digit AWS account ID, got "42"',
      ],
      [
        'forceDelete on a protected repository',
        { forceDelete: true },
        'forceDelete: must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it), got true',
      ],
      [
        'two extra rules with one priority',
        {
          lifecycleRules: [
            {
              priority: 100,
              tagStatus: 'tagged',
              tagPatterns: ['a*'],
              countType: 'imageCountMoreThan',
              countNumber: 1,
            },
            {
              priority: 100,
              tagStatus: 'tagged',
              tagPatterns: ['b*'],
              countType: 'imageCountMoreThan',
              countNumber: 1,
            },
          ],
        },
        'lifecycleRules[1].priority: must be unique (lifecycleRules[0] has the same priority), got 100',
      ],
      [
        "an 'any' rule that is not last",
        {
          lifecycleRules: [
            { priority: 100, tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 90 },
            {
              priority: 150,
              tagStatus: 'tagged',
              tagPatterns: ['b*'],
              countType: 'imageCountMoreThan',
              countNumber: 1,
            },
          ],
        },
        "lifecycleRules[0].priority: must be the highest priority: a rule selecting 'any' is evaluated last (highest is 150), got 100",
      ],
      [
        'a second untagged rule',
        {
          lifecycleRules: [
            { priority: 100, tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 2 },
          ],
        },
        'lifecycleRules[0].tagStatus: must not be untagged: the repository already has the one untagged rule ECR allows (untaggedExpiryDays), got "untagged"',
      ],
      [
        'a tagged rule without patterns',
        {
          lifecycleRules: [
            { priority: 100, tagStatus: 'tagged', countType: 'imageCountMoreThan', countNumber: 2 },
          ],
        },
        "lifecycleRules[0].tagPatterns: is required when tagStatus is 'tagged'",
      ],
      [
        'a priority reserved by the library',
        {
          lifecycleRules: [{ priority: 10, tagStatus: 'any', countType: 'sinceImagePushed', countNumber: 2 }],
        },
        'lifecycleRules[0].priority: must be a whole number between 100 and 999, got 10',
      ],
    ])('%s', (_title, props, line) => {
      const { stack } = plainStack();
      const error = errorOf(() => repositoryIn(stack, props));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/fraud] invalid props (1 problem):\n  - ${line}`);
    });
  });
});

describe('RegistryScanning', () => {
  it('scans matching repositories continuously with enhanced scanning', () => {
    const out = synthScope(
      (scope) => new RegistryScanning(scope, 'scanning', { repositoryFilters: ['acme-ml-production/*'] }),
    );
    expect(out.resource('aws_ecr_registry_scanning_configuration')).toEqual({
      scan_type: 'ENHANCED',
      rule: [
        {
          scan_frequency: 'CONTINUOUS_SCAN',
          repository_filter: [{ filter: 'acme-ml-production/*', filter_type: 'WILDCARD' }],
        },
      ],
    });
  });

  it('rejects an empty filter list', () => {
    const { stack } = plainStack();
    expect(() => new RegistryScanning(stack, 'scanning', { repositoryFilters: [] })).toThrow(
      'repositoryFilters: must have at least 1 item(s), got []',
    );
  });
});

import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { awsAccountId, intBetween, matching } from '../core/validation/rules';
import { tagPattern } from '../config/spec-sections';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import type { IEncryptionKey } from '../core/grants';
import { Naming } from '../core/naming';
import { PolicyDocument, type PolicyStatement } from '../core/policy';
import { encryptionKeyProp, forceWhileProtected } from '../core/prop-rules';
import {
  ECR_PULL_ACTIONS,
  type IModelImageRepository,
  type ImageRepositoryAttributes,
  ImageRepositoryBase,
  ImportedImageRepository,
  REPOSITORY_NAME,
  imageTag,
} from './image-repository-base';
import { type ImageLifecycleRule, lifecycleRuleSchema, lifecycleRules } from './image-lifecycle';

export {
  ECR_PULL_ACTIONS,
  ECR_PUSH_ACTIONS,
  type IModelImageRepository,
  type ImageRepositoryAttributes,
  imageRepositoryProp,
  imageTag,
} from './image-repository-base';
export type { ImageLifecycleRule } from './image-lifecycle';

/** Props of `ModelImageRepository`. */
export interface ModelImageRepositoryProps {
  /** The key that encrypts the images. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * Name of the repository (2-256 characters of lowercase letters, digits, `._-` and `/`).
   * @default - `<project>-<environment>/<construct id>`
   */
  readonly repositoryName?: string;
  /**
   * How many images matching `releaseTagPattern` to keep, newest first (1-1000).
   * @default 30
   */
  readonly keepReleaseImages?: number;
  /**
   * Pattern of release tags (`*` is a wildcard).
   * @default '*' (every tagged image)
   */
  readonly releaseTagPattern?: string;
  /**
   * Days after which untagged images expire (1-365).
   * @default 7
   */
  readonly untaggedExpiryDays?: number;
  /**
   * Tags that are deployed now: their images never expire, whatever the other rules say.
   * @default - none
   */
  readonly protectedTags?: readonly string[];
  /**
   * Other AWS accounts that may pull (12-digit IDs).
   * @default - this account only
   */
  readonly pullAccountIds?: readonly string[];
  /**
   * Extra lifecycle rules.
   * @default - none
   */
  readonly lifecycleRules?: readonly ImageLifecycleRule[];
  /**
   * `prevent_destroy` on the repository.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Let `terraform destroy` delete the repository with its images; refused with
   * `protectFromDestroy`.
   * @default false
   */
  readonly forceDelete?: boolean;
}

const propsSchema = z
  .strictObject({
    encryptionKey: encryptionKeyProp,
    repositoryName: matching(
      REPOSITORY_NAME,
      "must be an ECR repository name: 2-256 characters of lowercase letters and digits separated by '.', '_', '-' or '/'",
    ).optional(),
    keepReleaseImages: intBetween(1, 1000, 'images').default(30),
    releaseTagPattern: tagPattern.default('*'),
    untaggedExpiryDays: intBetween(1, 365, 'days').default(7),
    protectedTags: z
      .array(imageTag)
      .max(20)
      .refine((tags) => new Set(tags).size === tags.length, { error: 'must not repeat a tag' })
      .default([]),
    pullAccountIds: z.array(awsAccountId).max(50).default([]),
    lifecycleRules: z.array(lifecycleRuleSchema).max(20).default([]),
    protectFromDestroy: z.boolean().default(true),
    forceDelete: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    forceWhileProtected(ctx, p.protectFromDestroy, p.forceDelete, ['forceDelete']);
    const rules = Array.isArray(p.lifecycleRules) ? p.lifecycleRules : [];
    const priorities = new Map<number, number>();
    const highest = Math.max(...rules.map((r) => r.priority));
    rules.forEach((rule, index) => {
      const other = priorities.get(rule.priority);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['lifecycleRules', index, 'priority'],
          input: rule.priority,
          message: `must be unique (lifecycleRules[${other}] has the same priority)`,
        });
      }
      priorities.set(rule.priority, index);
      if (rule.tagStatus === 'any' && rule.priority !== highest) {
        ctx.addIssue({
          code: 'custom',
          path: ['lifecycleRules', index, 'priority'],
          input: rule.priority,
          message: `must be the highest priority: a rule selecting 'any' is evaluated last (highest is ${highest})`,
        });
      }
      if (rule.tagStatus === 'untagged') {
        ctx.addIssue({
          code: 'custom',
          path: ['lifecycleRules', index, 'tagStatus'],
          input: rule.tagStatus,
          message:
            'must not be untagged: the repository already has the one untagged rule ECR allows (untaggedExpiryDays)',
        });
      }
    });
  });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ModelImageRepositoryProps> = true;
void propsAgree;

/**
 * The image repository of one model: immutable tags, scan on push, KMS encryption with the
 * environment key, and a lifecycle policy that keeps the newest release images, expires
 * untagged ones and never touches the tags that are deployed.
 */
export class ModelImageRepository extends ImageRepositoryBase {
  /** An existing repository of this account and region, used like an owned one for `imageUri` and grants. */
  public static fromRepositoryName(
    scope: Construct,
    id: string,
    repositoryName: string,
  ): IModelImageRepository {
    return new ImportedImageRepository(scope, id, { repositoryName });
  }

  /**
   * An existing repository, possibly in another account's registry (a central build account) or
   * another region. Grants name its ARN in that account; the owner's repository policy must
   * allow the pulls too (see `pullAccountIds`).
   */
  public static fromRepositoryAttributes(
    scope: Construct,
    id: string,
    attributes: ImageRepositoryAttributes,
  ): IModelImageRepository {
    return new ImportedImageRepository(scope, id, attributes);
  }

  /** The ECR repository resource. */
  public readonly repository: EcrRepository;
  /** The repository's name, e.g. `acme-ml-production/fraud`. */
  public readonly repositoryName: string;
  /** The repository's ARN. */
  public readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: what image URIs start with. */
  public readonly repositoryUrl: string;
  /** The account ID of the registry that holds the repository. */
  public readonly registryId: string;
  /** The repository's region. */
  public readonly region: string;
  /** The lifecycle rules as ECR receives them. */
  public readonly lifecycleRules: ReadonlyArray<Record<string, unknown>>;
  private policyDocument?: PolicyDocument;
  private policyResource?: EcrRepositoryPolicy;

  constructor(scope: Construct, id: string, props: ModelImageRepositoryProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);

    this.repository = new EcrRepository(this, 'repository', {
      name: p.repositoryName ?? `${Naming.of(this).prefix}/${id}`,
      imageTagMutability: 'IMMUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: p.encryptionKey.keyArn }],
      forceDelete: p.forceDelete,
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.repositoryName = this.repository.name;
    this.repositoryArn = this.repository.arn;
    this.repositoryUrl = this.repository.repositoryUrl;
    this.registryId = this.repository.registryId;
    this.region = AwsContext.of(this).region;

    this.lifecycleRules = lifecycleRules(p);
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({ rules: this.lifecycleRules }),
    });

    if (p.pullAccountIds.length > 0) {
      const aws = AwsContext.of(this);
      this.addToResourcePolicy(
        {
          // IAM in each account decides which of its roles pull; ListImages lets their deploys
          // check that a tag is there (ModelImageGate)
          sid: 'CrossAccountPull',
          actions: [...ECR_PULL_ACTIONS, 'ecr:ListImages'],
          principals: [
            { type: 'AWS', identifiers: p.pullAccountIds.map((a) => `arn:${aws.partition}:iam::${a}:root`) },
          ],
        },
        {
          // Lambda fetches the image again for the functions of those accounts (after a function
          // went inactive); Lambda pulls only from its own region. Statement as AWS documents it:
          // https://docs.aws.amazon.com/lambda/latest/dg/images-create.html#configuration-images-xaccount-permissions
          sid: 'LambdaECRImageCrossAccountRetrievalPolicy',
          actions: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }],
          conditions: [
            {
              test: 'StringLike',
              variable: 'aws:sourceArn',
              values: p.pullAccountIds.map((a) => aws.arn('lambda', 'function:*', { account: a })),
            },
          ],
        },
      );
    }
  }

  /**
   * The repository policy (once a statement is added): a resource that needs the policy in
   * place when it is created (a Lambda function pulling its image) depends on it.
   */
  public get repositoryPolicy(): EcrRepositoryPolicy | undefined {
    return this.policyResource;
  }

  /** Adds statements to the repository policy (created with the first statement). */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    if (!this.policyDocument) {
      this.policyDocument = new PolicyDocument(this, 'policy');
      this.policyResource = new EcrRepositoryPolicy(this, 'repository-policy', {
        repository: this.repository.name,
        policy: this.policyDocument.json,
      });
    }
    this.policyDocument.addStatements(...statements);
  }
}

import type { PropShape } from '../core/prop-rules';
import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { z } from 'zod';
import { awsAccountId, awsRegion, intBetween, isToken, matching } from '../core/validation/rules';
import { tagPattern } from '../config/spec-sections';
import { validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import { Grant, type IEncryptionKey, type IGrantable } from '../core/grants';
import { Naming } from '../core/naming';
import { PolicyDocument, type PolicyStatement } from '../core/policy';
import { encryptionKeyProp } from '../core/prop-rules';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
const REPOSITORY_NAME = /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** An image tag as ECR and Docker accept it: 1-128 characters of `A-Z a-z 0-9 _ . -`. */
export const imageTag = matching(
  TAG,
  "must be an image tag: 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', not starting with '.' or '-'",
);

/** Actions that pull an image. */
export const ECR_PULL_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchCheckLayerAvailability',
];
/** Actions that push an image. */
export const ECR_PUSH_ACTIONS = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:InitiateLayerUpload',
  'ecr:UploadLayerPart',
  'ecr:CompleteLayerUpload',
  'ecr:PutImage',
];

/** An image repository, owned by this stack or imported. */
export interface IModelImageRepository {
  /** The repository's name, e.g. `acme-ml-production/fraud`. */
  readonly repositoryName: string;
  /** The repository's ARN. */
  readonly repositoryArn: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`. */
  readonly repositoryUrl: string;
  /** The account whose registry holds the repository (ECR's registry ID). */
  readonly registryId: string;
  /** The repository's region (a token for the stack's own region). */
  readonly region: string;
  /** The image URI of a tag (`<url>:<tag>`) or a digest (`<url>@sha256:...`). */
  imageUri(tagOrDigest: string): string;
  /**
   * Lets the grantee pull: `ecr:BatchGetImage`, `ecr:GetDownloadUrlForLayer`,
   * `ecr:BatchCheckLayerAvailability` on this repository, `ecr:GetAuthorizationToken` on `*`
   * (ECR requires it). KMS needs nothing: ECR decrypts through its own grant on the key.
   */
  grantPull(grantee: IGrantable): Grant;
  /** Lets the grantee push: the layer upload actions and `ecr:PutImage` on this repository. */
  grantPush(grantee: IGrantable): Grant;
}

abstract class ImageRepositoryBase extends Construct implements IModelImageRepository {
  public abstract readonly repositoryName: string;
  public abstract readonly repositoryArn: string;
  public abstract readonly repositoryUrl: string;
  public abstract readonly registryId: string;
  public abstract readonly region: string;

  public imageUri(tagOrDigest: string): string {
    if (isToken(tagOrDigest)) return `${this.repositoryUrl}:${tagOrDigest}`;
    if (tagOrDigest.startsWith('sha256:')) {
      if (!DIGEST.test(tagOrDigest)) {
        throw new Error(
          `[${this.node.path}] digest must be 'sha256:' and 64 hex digits, got ${JSON.stringify(tagOrDigest)}`,
        );
      }
      return `${this.repositoryUrl}@${tagOrDigest}`;
    }
    if (!TAG.test(tagOrDigest)) {
      throw new Error(
        `[${this.node.path}] image tag must be 1-128 characters of A-Z, a-z, 0-9, '_', '.' and '-', got ${JSON.stringify(tagOrDigest)}`,
      );
    }
    return `${this.repositoryUrl}:${tagOrDigest}`;
  }

  public grantPull(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [
      { actions: [...ECR_PULL_ACTIONS], resources: [this.repositoryArn] },
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    ]);
  }

  public grantPush(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [
      { actions: [...ECR_PUSH_ACTIONS], resources: [this.repositoryArn] },
      { actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    ]);
  }
}

/** An extra lifecycle rule (priorities 100 and up; the library's own rules come first). */
export interface ImageLifecycleRule {
  /** Evaluation order, 100-999, unique; a rule selecting `any` must have the highest. */
  readonly priority: number;
  /** What the rule is for. @default - none */
  readonly description?: string;
  /** Which images the rule looks at. */
  readonly tagStatus: 'tagged' | 'untagged' | 'any';
  /** Tag patterns (`*` wildcards) for `tagged` rules; an image must match all of them. */
  readonly tagPatterns?: readonly string[];
  /** Expire beyond a count, or after an age in days. */
  readonly countType: 'imageCountMoreThan' | 'sinceImagePushed';
  /** The count or the number of days (1-10000). */
  readonly countNumber: number;
}

/** Props of `ModelImageRepository`. */
export interface ModelImageRepositoryProps {
  /** The key that encrypts the images. */
  readonly key: IEncryptionKey;
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

const lifecycleRuleSchema = z
  .strictObject({
    priority: intBetween(100, 999),
    description: z.string().max(256).optional(),
    tagStatus: z.enum(['tagged', 'untagged', 'any']),
    tagPatterns: z.array(tagPattern).min(1).max(4).optional(),
    countType: z.enum(['imageCountMoreThan', 'sinceImagePushed']),
    countNumber: intBetween(1, 10000),
  })
  .superRefine((rule, ctx) => {
    if (rule.tagStatus === 'tagged' && !rule.tagPatterns) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagPatterns'],
        input: undefined,
        message: "is required when tagStatus is 'tagged'",
      });
    }
    if (rule.tagStatus !== 'tagged' && rule.tagPatterns) {
      ctx.addIssue({
        code: 'custom',
        path: ['tagPatterns'],
        input: rule.tagPatterns,
        message: "is only allowed when tagStatus is 'tagged'",
      });
    }
  });

const propsSchema = z
  .strictObject({
    key: encryptionKeyProp,
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
    if (p.protectFromDestroy && p.forceDelete) {
      ctx.addIssue({
        code: 'custom',
        path: ['forceDelete'],
        input: true,
        message: 'must be false while protectFromDestroy is true',
      });
    }
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
      encryptionConfiguration: [{ encryptionType: 'KMS', kmsKey: p.key.keyArn }],
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

type ResolvedProps = z.output<typeof propsSchema>;

/**
 * Protected tags first (one rule each: an image matched by a rule is safe from later rules), in
 * sorted order whatever order they were given in.
 *
 * The policy cannot change in place: `policy` is ForceNew and `aws_ecr_lifecycle_policy` has no
 * update (terraform-provider-aws v6.25.0, internal/service/ecr/lifecycle_policy.go), so any change
 * deletes the policy and puts the new one. Sorting makes the policy depend on the set of deployed
 * tags only: a blue/green switch or a canary promotion that keeps the same versions deployed
 * leaves it unchanged. A new deployed version still replaces it; that deletes no image (ECR
 * evaluates lifecycle policies asynchronously, and without a policy nothing expires).
 */
function lifecycleRules(p: ResolvedProps): Array<Record<string, unknown>> {
  const rules: Array<Record<string, unknown>> = [];
  [...p.protectedTags].sort().forEach((tag, index) => {
    rules.push({
      rulePriority: index + 1,
      description: `Keep the deployed tag ${tag}`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: [tag],
        countType: 'imageCountMoreThan',
        countNumber: 9999,
      },
      action: { type: 'expire' },
    });
  });
  rules.push(
    {
      rulePriority: 50,
      description: `Keep the newest ${p.keepReleaseImages} release images`,
      selection: {
        tagStatus: 'tagged',
        tagPatternList: [p.releaseTagPattern],
        countType: 'imageCountMoreThan',
        countNumber: p.keepReleaseImages,
      },
      action: { type: 'expire' },
    },
    {
      rulePriority: 60,
      description: `Expire untagged images after ${p.untaggedExpiryDays} days`,
      selection: {
        tagStatus: 'untagged',
        countType: 'sinceImagePushed',
        countUnit: 'days',
        countNumber: p.untaggedExpiryDays,
      },
      action: { type: 'expire' },
    },
  );
  for (const rule of [...p.lifecycleRules].sort((a, b) => a.priority - b.priority)) {
    rules.push({
      rulePriority: rule.priority,
      description: rule.description,
      selection: {
        tagStatus: rule.tagStatus,
        tagPatternList: rule.tagPatterns,
        countType: rule.countType,
        countUnit: rule.countType === 'sinceImagePushed' ? 'days' : undefined,
        countNumber: rule.countNumber,
      },
      action: { type: 'expire' },
    });
  }
  return rules;
}

/** Where an existing repository is. */
export interface ImageRepositoryAttributes {
  /** The repository's name (2-256 characters of lowercase letters, digits, `._-` and `/`). */
  readonly repositoryName: string;
  /**
   * The account that owns it (12 digits), e.g. a central build account.
   * @default - the account Terraform deploys into
   */
  readonly accountId?: string;
  /**
   * Its region. Lambda functions and SageMaker models pull only from their own region.
   * @default - the region of the stack's AWS provider
   */
  readonly region?: string;
}

const attributesSchema = z.strictObject({
  repositoryName: matching(REPOSITORY_NAME, 'must be an ECR repository name'),
  accountId: awsAccountId.optional(),
  region: awsRegion.optional(),
});

/** An existing repository: URIs and IAM grants, nothing created. */
class ImportedImageRepository extends ImageRepositoryBase {
  public readonly repositoryName: string;
  public readonly repositoryArn: string;
  public readonly repositoryUrl: string;
  public readonly registryId: string;
  public readonly region: string;

  constructor(scope: Construct, id: string, attributes: ImageRepositoryAttributes) {
    super(scope, id);
    const a = validateProps(this, attributesSchema, attributes);
    const aws = AwsContext.of(this);
    this.repositoryName = a.repositoryName;
    this.registryId = a.accountId ?? aws.accountId;
    this.region = a.region ?? aws.region;
    this.repositoryArn = aws.arn('ecr', `repository/${a.repositoryName}`, {
      account: this.registryId,
      region: this.region,
    });
    this.repositoryUrl = `${this.registryId}.dkr.ecr.${this.region}.${aws.dnsSuffix}/${a.repositoryName}`;
  }
}

/** The prop rule for this shape: checked by shape, so imported and owned objects pass alike. */
export const imageRepositoryProp = z.custom<IModelImageRepository>(
  (r) =>
    typeof (r as PropShape)?.imageUri === 'function' && typeof (r as PropShape)?.grantPull === 'function',
  { error: 'must be an image repository (IModelImageRepository)' },
);

import { Construct } from 'constructs';
import { z } from 'zod';
import { AwsContext } from '../core/aws-context';
import { Grant, type IGrantable } from '../core/grants';
import type { PropShape } from '../core/prop-rules';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { awsAccountId, awsRegion, isToken, matching } from '../core/validation/rules';

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const DIGEST = /^sha256:[a-f0-9]{64}$/;
/** An ECR repository name. */
export const REPOSITORY_NAME =
  /^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

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

export abstract class ImageRepositoryBase extends Construct implements IModelImageRepository {
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
const attributesAgree: PropsAgree<z.input<typeof attributesSchema>, ImageRepositoryAttributes> = true;
void attributesAgree;

/** An existing repository: URIs and IAM grants, nothing created. */
export class ImportedImageRepository extends ImageRepositoryBase {
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

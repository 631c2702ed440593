import { Construct } from 'constructs';
import { z } from 'zod';
import { AwsContext } from '../core/aws-context';
import { Grant, type IEncryptionKey, type IGrantable } from '../core/grants';
import { type PropShape, modelNameProp } from '../core/prop-rules';
import { validateProps } from '../core/validation/issues';
import { modelVersion, s3BucketName } from '../core/validation/rules';

/** Where model artifacts live in the bucket: `models/<model>/<version>/...`. */
export const ARTIFACT_ROOT = 'models/';

/**
 * The key prefix of a model's artifacts: `models/<model>/`. The name follows the model name rule
 * every construct validates (`modelNameProp`); an unresolved token is let through.
 */
export function artifactPrefix(model: string): string {
  const checked = modelNameProp.safeParse(model);
  if (!checked.success) {
    throw new Error(`model name ${checked.error.issues[0].message}, got ${JSON.stringify(model)}`);
  }
  return `${ARTIFACT_ROOT}${model}/`;
}

/**
 * The key prefix of one version: `models/<model>/<version>/`. The version follows the model
 * version rule (`modelVersion`); an unresolved token is let through.
 */
export function artifactVersionPrefix(model: string, version: string): string {
  if (!modelVersion.safeParse(version).success) {
    throw new Error(`model version must be a valid version segment, got ${JSON.stringify(version)}`);
  }
  return `${artifactPrefix(model)}${version}/`;
}

/** A bucket of model artifacts, owned by this stack or imported. */
export interface IModelArtifactBucket {
  /** The bucket's name. */
  readonly bucketName: string;
  /** The bucket's ARN. */
  readonly bucketArn: string;
  /** The key that encrypts its objects, if known. */
  readonly encryptionKey?: IEncryptionKey;
  /** `models/<model>/`: where every version of a model lives. */
  prefixFor(model: string): string;
  /** `s3://<bucket>/models/<model>/<version>/`: the artifact of one version. */
  artifactUri(model: string, version: string): string;
  /**
   * Lets the grantee read objects under `prefix` (default: the whole bucket): `s3:GetObject`,
   * `s3:GetObjectVersion` on `<prefix>*`, `s3:ListBucket` limited to that prefix, and
   * `kms:Decrypt` on the bucket's key through S3.
   */
  grantRead(grantee: IGrantable, prefix?: string): Grant;
  /**
   * Lets the grantee write objects under `prefix` (default: the whole bucket): `s3:PutObject`,
   * `s3:AbortMultipartUpload` on `<prefix>*`, `s3:ListBucket` limited to that prefix, and
   * `kms:GenerateDataKey`/`kms:Decrypt` on the bucket's key through S3. No deletes.
   */
  grantWrite(grantee: IGrantable, prefix?: string): Grant;
}

/** The layout and grants every artifact bucket shares, owned or imported. */
export abstract class ArtifactBucketBase extends Construct implements IModelArtifactBucket {
  public abstract readonly bucketName: string;
  public abstract readonly bucketArn: string;
  public abstract readonly encryptionKey?: IEncryptionKey;

  public prefixFor(model: string): string {
    return artifactPrefix(model);
  }

  public artifactUri(model: string, version: string): string {
    return `s3://${this.bucketName}/${artifactVersionPrefix(model, version)}`;
  }

  public grantRead(grantee: IGrantable, prefix = ''): Grant {
    const grant = Grant.addToPrincipal(grantee, [
      {
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [`${this.bucketArn}/${prefix}*`],
      },
      this.listStatement(prefix),
    ]);
    return this.encryptionKey
      ? grant.combine(this.encryptionKey.grantDecrypt(grantee, { viaService: 's3' }))
      : grant;
  }

  public grantWrite(grantee: IGrantable, prefix = ''): Grant {
    const grant = Grant.addToPrincipal(grantee, [
      {
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [`${this.bucketArn}/${prefix}*`],
      },
      this.listStatement(prefix),
    ]);
    return this.encryptionKey
      ? grant.combine(this.encryptionKey.grantEncryptDecrypt(grantee, { viaService: 's3' }))
      : grant;
  }

  private listStatement(prefix: string) {
    return {
      actions: ['s3:ListBucket'],
      resources: [this.bucketArn],
      conditions: prefix
        ? [{ test: 'StringLike', variable: 's3:prefix', values: [`${prefix}*`] }]
        : undefined,
    };
  }
}

/** An existing bucket: the shared layout and IAM grants, nothing created. */
export class ImportedArtifactBucket extends ArtifactBucketBase {
  public readonly bucketArn: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly bucketName: string,
    public readonly encryptionKey?: IEncryptionKey,
  ) {
    super(scope, id);
    validateProps(this, z.strictObject({ bucketName: s3BucketName }), { bucketName });
    this.bucketArn = `arn:${AwsContext.of(this).partition}:s3:::${bucketName}`;
  }
}

/** The prop rule for this shape: checked by shape, so imported and owned objects pass alike. */
export const artifactBucketProp = z.custom<IModelArtifactBucket>(
  (b) => typeof (b as PropShape)?.bucketArn === 'string' && typeof (b as PropShape)?.grantRead === 'function',
  { error: 'must be a model artifact bucket (IModelArtifactBucket)' },
);

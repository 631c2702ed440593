import type { PropShape } from '../core/prop-rules';
import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { Construct } from 'constructs';
import { z } from 'zod';
import { awsRegion, intBetween, modelVersion, s3BucketName } from '../core/validation/rules';
import { artifactTransitionSchema } from '../config/spec-sections';
import type { ArtifactTransitionSpec } from '../config/types';
import { invalidProps, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import { EnvironmentKey } from '../core/environment-key';
import { Grant, type IEncryptionKey, type IGrantable } from '../core/grants';
import { NAME_LIMITS, Naming } from '../core/naming';
import { RoleTrusts, ServiceRole } from '../core/service-role';
import { HardenedBucket } from './private/hardened-bucket';
import { encryptionKeyProp, modelNameProp } from '../core/prop-rules';

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
abstract class ArtifactBucketBase extends Construct implements IModelArtifactBucket {
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

/** Cross-region replication of the `models/` prefix, for disaster recovery. */
export interface ArtifactReplication {
  /** Region of the replica; must differ from the bucket's. */
  readonly region: string;
  /**
   * Name of the replica bucket.
   * @default - `<project>-<environment>-models-<region>`
   */
  readonly bucketName?: string;
  /**
   * Deletion window of the replica's KMS key, in days (7-30).
   * @default 30
   */
  readonly keyDeletionWindowDays?: number;
}

/** Props of `ModelArtifactBucket`. */
export interface ModelArtifactBucketProps {
  /** The key that encrypts the bucket (SSE-KMS with S3 Bucket Keys). */
  readonly key: IEncryptionKey;
  /**
   * Name of the bucket (S3 naming rules).
   * @default - `<project>-<environment>-models`
   */
  readonly bucketName?: string;
  /**
   * Days after which a replaced or deleted object version is removed (1-3650).
   * @default 180
   */
  readonly noncurrentVersionExpirationDays?: number;
  /**
   * Days after which an unfinished multipart upload is aborted (1-30).
   * @default 7
   */
  readonly abortIncompleteUploadDays?: number;
  /**
   * Move objects under `models/` to a cheaper class after a while.
   * @default - objects stay in S3 Standard
   */
  readonly transition?: ArtifactTransitionSpec;
  /**
   * Days after which server access logs expire (1-3650).
   * @default 365
   */
  readonly accessLogExpirationDays?: number;
  /**
   * Replicate `models/` to a bucket in another region.
   * @default - no replica
   */
  readonly replication?: ArtifactReplication;
  /**
   * `prevent_destroy` on the buckets (and the replica's key).
   * @default true
   */
  readonly protectFromDestroy?: boolean;
  /**
   * Let `terraform destroy` delete the buckets with their objects; refused with
   * `protectFromDestroy`.
   * @default false
   */
  readonly forceDestroy?: boolean;
}

const propsSchema = z
  .strictObject({
    key: encryptionKeyProp,
    bucketName: s3BucketName.optional(),
    noncurrentVersionExpirationDays: intBetween(1, 3650, 'days').default(180),
    abortIncompleteUploadDays: intBetween(1, 30, 'days').default(7),
    transition: artifactTransitionSchema.optional(),
    accessLogExpirationDays: intBetween(1, 3650, 'days').default(365),
    replication: z
      .strictObject({
        region: awsRegion,
        bucketName: s3BucketName.optional(),
        keyDeletionWindowDays: intBetween(7, 30, 'days').default(30),
      })
      .optional(),
    protectFromDestroy: z.boolean().default(true),
    forceDestroy: z.boolean().default(false),
  })
  .superRefine((p, ctx) => {
    if (p.protectFromDestroy && p.forceDestroy) {
      ctx.addIssue({
        code: 'custom',
        path: ['forceDestroy'],
        input: true,
        message: 'must be false while protectFromDestroy is true',
      });
    }
  });

/** The props with defaults applied. */
type ResolvedProps = z.output<typeof propsSchema>;

/**
 * The environment's bucket of model artifacts, laid out as `models/<model>/<version>/...`.
 *
 * Secure by default: SSE-KMS with the environment key and S3 Bucket Keys, SSE-C blocked,
 * versioning, all public access blocked, ACLs off, a policy that refuses requests without TLS
 * and uploads that ask for another encryption or another key, server access logs to a separate
 * hardened bucket, lifecycle rules for multipart uploads and old versions, `prevent_destroy`.
 */
export class ModelArtifactBucket extends ArtifactBucketBase {
  /**
   * An existing bucket, used like an owned one: the same layout and grants (IAM statements on
   * the grantee; the bucket's own policy is not changed).
   * @param encryptionKey the bucket's KMS key, so reads and writes get `kms:Decrypt`
   */
  public static fromBucketName(
    scope: Construct,
    id: string,
    bucketName: string,
    encryptionKey?: IEncryptionKey,
  ): IModelArtifactBucket {
    return new ImportedArtifactBucket(scope, id, bucketName, encryptionKey);
  }

  /** The bucket's name. */
  public readonly bucketName: string;
  /** The bucket's ARN. */
  public readonly bucketArn: string;
  /** The key that encrypts the bucket's objects (readers get decrypt with `grantRead`). */
  public readonly encryptionKey: IEncryptionKey;
  /** The hardened artifact bucket. */
  public readonly artifacts: HardenedBucket;
  /** The bucket that receives the server access logs. */
  public readonly accessLogs: HardenedBucket;
  /** The replica in another region, when replication is on. */
  public readonly replica?: HardenedBucket;

  constructor(scope: Construct, id: string, props: ModelArtifactBucketProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const aws = AwsContext.of(this);
    const naming = Naming.of(this);
    const primaryRegion = aws.providerRegion;
    if (p.replication && p.replication.region === primaryRegion) {
      throw invalidProps(this, [
        {
          path: 'replication.region',
          message: `must differ from the bucket's own region (${primaryRegion}): a replica is for another region`,
          value: p.replication.region,
        },
      ]);
    }
    this.encryptionKey = p.key;

    const name = p.bucketName ?? naming.name('models', NAME_LIMITS.s3Bucket);
    this.artifacts = new HardenedBucket(this, 'artifacts', {
      bucketName: name,
      kmsKeyArn: p.key.keyArn,
      versioned: true,
      protectFromDestroy: p.protectFromDestroy,
      forceDestroy: p.forceDestroy,
    });
    this.bucketName = this.artifacts.bucketName;
    this.bucketArn = this.artifacts.bucketArn;
    this.artifacts.addToResourcePolicy(
      {
        sid: 'DenyOtherEncryption',
        effect: 'Deny',
        actions: ['s3:PutObject'],
        resources: [`${this.bucketArn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [
          { test: 'Null', variable: 's3:x-amz-server-side-encryption', values: ['false'] },
          { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] },
        ],
      },
      {
        sid: 'DenyOtherKmsKeys',
        effect: 'Deny',
        actions: ['s3:PutObject'],
        resources: [`${this.bucketArn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [
          {
            test: 'Null',
            variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
            values: ['false'],
          },
          {
            test: 'StringNotEquals',
            variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
            values: [p.key.keyArn],
          },
        ],
      },
    );

    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: this.artifacts.bucket.id,
      rule: [
        ...versionedBucketRules(p),
        ...(p.transition
          ? [
              {
                id: 'transition-old-models',
                status: 'Enabled',
                filter: [{ prefix: ARTIFACT_ROOT }],
                transition: [{ days: p.transition.afterDays, storageClass: p.transition.storageClass }],
              },
            ]
          : []),
      ],
      // a lifecycle configuration on an unversioned bucket would treat versions differently
      dependsOn: this.artifacts.versioning ? [this.artifacts.versioning] : undefined,
    });

    // Server access logs: S3 delivers them only to a bucket encrypted with SSE-S3. Versioned, so a
    // log deleted or overwritten stays recoverable for noncurrentVersionExpirationDays.
    this.accessLogs = new HardenedBucket(this, 'access-logs', {
      bucketName: p.bucketName
        ? `${p.bucketName.slice(0, NAME_LIMITS.s3Bucket - 5)}-logs`
        : naming.name('models-logs', NAME_LIMITS.s3Bucket),
      versioned: true,
      protectFromDestroy: p.protectFromDestroy,
      forceDestroy: p.forceDestroy,
    });
    this.accessLogs.addToResourcePolicy({
      sid: 'S3ServerAccessLogsDelivery',
      actions: ['s3:PutObject'],
      resources: [`${this.accessLogs.bucketArn}/${name}/*`],
      principals: [{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }],
      conditions: [
        { test: 'ArnLike', variable: 'aws:SourceArn', values: [this.bucketArn] },
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
      ],
    });
    new S3BucketLifecycleConfiguration(this, 'access-logs-lifecycle', {
      bucket: this.accessLogs.bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: p.accessLogExpirationDays }],
        },
        // expired logs become noncurrent versions: they go after the same delay as old artifacts
        ...versionedBucketRules(p),
      ],
      dependsOn: this.accessLogs.versioning ? [this.accessLogs.versioning] : undefined,
    });
    new S3BucketLoggingA(this, 'logging', {
      bucket: this.artifacts.bucket.id,
      targetBucket: this.accessLogs.bucket.id,
      targetPrefix: `${name}/`,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    });

    if (p.replication) {
      this.replica = this.replicate(p.replication, p, naming);
    }
  }

  private replicate(
    replication: NonNullable<ResolvedProps['replication']>,
    p: ResolvedProps,
    naming: Naming,
  ): HardenedBucket {
    const { region } = replication;
    const replicaKey = new EnvironmentKey(this, 'replica-key', {
      region,
      alias: `alias/${naming.name(['models', region], NAME_LIMITS.kmsAlias - 6)}`,
      protectFromDestroy: p.protectFromDestroy,
      deletionWindowDays: replication.keyDeletionWindowDays,
      purpose: `the model artifact replica of ${naming.prefix} in ${region}`,
    });
    const replica = new HardenedBucket(this, 'replica', {
      bucketName: replication.bucketName ?? naming.name(['models', region], NAME_LIMITS.s3Bucket),
      kmsKeyArn: replicaKey.keyArn,
      versioned: true,
      protectFromDestroy: p.protectFromDestroy,
      forceDestroy: p.forceDestroy,
      region,
    });
    new S3BucketLifecycleConfiguration(this, 'replica-lifecycle', {
      bucket: replica.bucket.id,
      region,
      // the replica receives the source's delete markers: it needs the same clean-up
      rule: versionedBucketRules(p),
      dependsOn: replica.versioning ? [replica.versioning] : undefined,
    });

    const aws = AwsContext.of(this);
    const role = new ServiceRole(this, 'replication-role', {
      assumedBy: RoleTrusts.service('s3.amazonaws.com', [
        { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
      ]),
      component: 'models-replication',
      description: `Replicates ${ARTIFACT_ROOT} of the model artifact bucket to ${region}`,
    });
    role.addToPrincipalPolicy(
      { actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [this.bucketArn] },
      {
        actions: [
          's3:GetObjectVersionForReplication',
          's3:GetObjectVersionAcl',
          's3:GetObjectVersionTagging',
        ],
        resources: [`${this.bucketArn}/${ARTIFACT_ROOT}*`],
      },
      {
        actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        resources: [`${replica.bucketArn}/${ARTIFACT_ROOT}*`],
      },
    );
    p.key.grantDecrypt(role, { viaService: 's3' });
    // S3 re-encrypts each replica with the destination key (kms:Encrypt through S3 in that region)
    replicaKey.grantEncrypt(role, { viaService: 's3' });

    new S3BucketReplicationConfigurationA(this, 'replication', {
      bucket: this.artifacts.bucket.id,
      role: role.roleArn,
      rule: [
        {
          id: 'replicate-models',
          status: 'Enabled',
          filter: { prefix: ARTIFACT_ROOT },
          deleteMarkerReplication: { status: 'Enabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: {
            bucket: replica.bucketArn,
            storageClass: 'STANDARD',
            encryptionConfiguration: { replicaKmsKeyId: replicaKey.keyArn },
          },
        },
      ],
      // replication needs versioning on both sides first
      dependsOn: [this.artifacts.versioning, replica.versioning].filter((v) => v !== undefined),
    });
    return replica;
  }
}

/**
 * The lifecycle rules the artifact bucket and its replica share: abort unfinished multipart
 * uploads, expire replaced or deleted versions, and remove the delete markers left with no version
 * behind them (they would otherwise pile up and slow listings).
 */
function versionedBucketRules(
  p: Pick<ResolvedProps, 'abortIncompleteUploadDays' | 'noncurrentVersionExpirationDays'>,
): S3BucketLifecycleConfigurationRule[] {
  return [
    {
      id: 'abort-incomplete-multipart-uploads',
      status: 'Enabled',
      filter: [{}],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: p.abortIncompleteUploadDays }],
    },
    {
      id: 'expire-noncurrent-versions',
      status: 'Enabled',
      filter: [{}],
      noncurrentVersionExpiration: [{ noncurrentDays: p.noncurrentVersionExpirationDays }],
      expiration: [{ expiredObjectDeleteMarker: true }],
    },
  ];
}

/** An existing bucket: the shared layout and IAM grants, nothing created. */
class ImportedArtifactBucket extends ArtifactBucketBase {
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

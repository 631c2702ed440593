import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketLoggingA } from '@cdktf/provider-aws/lib/s3-bucket-logging';
import type { Construct } from 'constructs';
import { z } from 'zod';
import { awsRegion, intBetween, s3BucketName } from '../core/validation/rules';
import { artifactTransitionSchema } from '../config/spec-sections';
import type { ArtifactTransitionSpec } from '../config/types';
import { type PropsAgree, invalidProps, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import type { IEncryptionKey } from '../core/grants';
import { NAME_LIMITS, Naming } from '../core/naming';
import { HardenedBucket } from './private/hardened-bucket';
import { replicateArtifacts, versionedBucketRules } from './private/artifact-replication';
import {
  ARTIFACT_ROOT,
  ArtifactBucketBase,
  type IModelArtifactBucket,
  ImportedArtifactBucket,
} from './artifact-bucket-base';

export {
  ARTIFACT_ROOT,
  type IModelArtifactBucket,
  artifactBucketProp,
  artifactPrefix,
  artifactVersionPrefix,
} from './artifact-bucket-base';
import { encryptionKeyProp, forceWhileProtected, logExpirationProp } from '../core/prop-rules';

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
  readonly encryptionKey: IEncryptionKey;
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
    encryptionKey: encryptionKeyProp,
    bucketName: s3BucketName.optional(),
    noncurrentVersionExpirationDays: intBetween(1, 3650, 'days').default(180),
    abortIncompleteUploadDays: intBetween(1, 30, 'days').default(7),
    transition: artifactTransitionSchema.optional(),
    accessLogExpirationDays: logExpirationProp,
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
    forceWhileProtected(ctx, p.protectFromDestroy, p.forceDestroy, ['forceDestroy']);
  });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ModelArtifactBucketProps> = true;
void propsAgree;

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
    this.encryptionKey = p.encryptionKey;

    const name = p.bucketName ?? naming.name('models', NAME_LIMITS.s3Bucket);
    this.artifacts = new HardenedBucket(this, 'artifacts', {
      bucketName: name,
      kmsKeyArn: p.encryptionKey.keyArn,
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
            values: [p.encryptionKey.keyArn],
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
      this.replica = replicateArtifacts(
        { scope: this, bucket: this.artifacts, bucketArn: this.bucketArn, encryptionKey: p.encryptionKey },
        p.replication,
        p,
        naming,
      );
    }
  }
}

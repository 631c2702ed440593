import {
  S3BucketLifecycleConfiguration,
  type S3BucketLifecycleConfigurationRule,
} from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import type { Construct } from 'constructs';
import { AwsContext } from '../../core/aws-context';
import { EnvironmentKey } from '../../core/environment-key';
import type { IEncryptionKey } from '../../core/grants';
import { NAME_LIMITS, type Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import { ARTIFACT_ROOT } from '../artifact-bucket-base';
import { HardenedBucket } from './hardened-bucket';

/** The bucket whose `models/` prefix is replicated. */
export interface ReplicationSource {
  /** The construct the replication's resources are created in (the artifact bucket). */
  readonly scope: Construct;
  /** The source bucket. */
  readonly bucket: HardenedBucket;
  /** The source bucket's ARN. */
  readonly bucketArn: string;
  /** The key that encrypts the source bucket. */
  readonly encryptionKey: IEncryptionKey;
}

/** Where the replica goes (the resolved `ArtifactReplication`). */
export interface ReplicationSettings {
  readonly region: string;
  readonly bucketName?: string;
  readonly keyDeletionWindowDays: number;
}

/** The artifact bucket's policy the replica follows. */
export interface ReplicationPolicy extends VersionedBucketSettings {
  readonly protectFromDestroy: boolean;
  readonly forceDestroy: boolean;
}

/** The settings of the lifecycle rules versioned artifact buckets share. */
export interface VersionedBucketSettings {
  readonly abortIncompleteUploadDays: number;
  readonly noncurrentVersionExpirationDays: number;
}

/**
 * Replicates the `models/` prefix to a bucket in another region, encrypted with a key of that
 * region: the replica key and bucket, their lifecycle, the replication role and configuration.
 */
export function replicateArtifacts(
  source: ReplicationSource,
  replication: ReplicationSettings,
  p: ReplicationPolicy,
  naming: Naming,
): HardenedBucket {
  const scope = source.scope;
  const { region } = replication;
  const replicaKey = new EnvironmentKey(scope, 'replica-key', {
    region,
    alias: `alias/${naming.name(['models', region], NAME_LIMITS.kmsAlias - 6)}`,
    protectFromDestroy: p.protectFromDestroy,
    deletionWindowDays: replication.keyDeletionWindowDays,
    purpose: `the model artifact replica of ${naming.prefix} in ${region}`,
  });
  const replica = new HardenedBucket(scope, 'replica', {
    bucketName: replication.bucketName ?? naming.name(['models', region], NAME_LIMITS.s3Bucket),
    kmsKeyArn: replicaKey.keyArn,
    versioned: true,
    protectFromDestroy: p.protectFromDestroy,
    forceDestroy: p.forceDestroy,
    region,
  });
  new S3BucketLifecycleConfiguration(scope, 'replica-lifecycle', {
    bucket: replica.bucket.id,
    region,
    // the replica receives the source's delete markers: it needs the same clean-up
    rule: versionedBucketRules(p),
    dependsOn: replica.versioning ? [replica.versioning] : undefined,
  });

  const aws = AwsContext.of(scope);
  const role = new ServiceRole(scope, 'replication-role', {
    assumedBy: RoleTrusts.service('s3.amazonaws.com', [
      { test: 'StringEquals', variable: 'aws:SourceAccount', values: [aws.accountId] },
    ]),
    component: 'models-replication',
    description: `Replicates ${ARTIFACT_ROOT} of the model artifact bucket to ${region}`,
  });
  role.addToPrincipalPolicy(
    { actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'], resources: [source.bucketArn] },
    {
      actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
      resources: [`${source.bucketArn}/${ARTIFACT_ROOT}*`],
    },
    {
      actions: ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
      resources: [`${replica.bucketArn}/${ARTIFACT_ROOT}*`],
    },
  );
  source.encryptionKey.grantDecrypt(role, { viaService: 's3' });
  // S3 re-encrypts each replica with the destination key (kms:Encrypt through S3 in that region)
  replicaKey.grantEncrypt(role, { viaService: 's3' });

  new S3BucketReplicationConfigurationA(scope, 'replication', {
    bucket: source.bucket.bucket.id,
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
    dependsOn: [source.bucket.versioning, replica.versioning].filter((v) => v !== undefined),
  });
  return replica;
}

/**
 * The lifecycle rules the artifact bucket and its replica share: abort unfinished multipart
 * uploads, expire replaced or deleted versions, and remove the delete markers left with no version
 * behind them (they would otherwise pile up and slow listings).
 */
export function versionedBucketRules(p: VersionedBucketSettings): S3BucketLifecycleConfigurationRule[] {
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

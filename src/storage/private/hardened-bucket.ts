import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { PolicyDocument, type PolicyStatement } from '../../core/policy';

/** Options of a `HardenedBucket`. */
export interface HardenedBucketOptions {
  /** The bucket's name. */
  readonly bucketName: string;
  /** SSE-KMS with this key and S3 Bucket Keys; `undefined` means SSE-S3 (AES256). */
  readonly kmsKeyArn?: string;
  /** Turn versioning on. */
  readonly versioned: boolean;
  /** `prevent_destroy` on the bucket. */
  readonly protectFromDestroy: boolean;
  /** `force_destroy` on the bucket. */
  readonly forceDestroy: boolean;
  /** Region of the bucket; `undefined` means the provider's. */
  readonly region?: string;
}

/**
 * A bucket with the hardening every bucket of the library shares: all four public access
 * blocks, ACLs off (`BucketOwnerEnforced`), default encryption with SSE-C uploads blocked,
 * optional versioning, and a bucket policy that refuses requests without TLS 1.2 or later.
 * Callers add their own statements to the policy.
 */
export class HardenedBucket extends Construct {
  public readonly bucket: S3Bucket;
  public readonly bucketName: string;
  public readonly bucketArn: string;
  /** The versioning configuration (replication must wait for it). */
  public readonly versioning?: S3BucketVersioningA;
  private readonly policy: PolicyDocument;

  constructor(scope: Construct, id: string, options: HardenedBucketOptions) {
    super(scope, id);
    const region = options.region;
    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: options.bucketName,
      forceDestroy: options.forceDestroy,
      region,
      lifecycle: options.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.bucketName = this.bucket.bucket;
    this.bucketArn = this.bucket.arn;

    const publicAccess = new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket: this.bucket.id,
      region,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket: this.bucket.id,
      region,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket: this.bucket.id,
      region,
      rule: [
        {
          applyServerSideEncryptionByDefault: options.kmsKeyArn
            ? { sseAlgorithm: 'aws:kms', kmsMasterKeyId: options.kmsKeyArn }
            : { sseAlgorithm: 'AES256' },
          bucketKeyEnabled: options.kmsKeyArn ? true : undefined,
          blockedEncryptionTypes: ['SSE-C'],
        },
      ],
    });
    if (options.versioned) {
      this.versioning = new S3BucketVersioningA(this, 'versioning', {
        bucket: this.bucket.id,
        region,
        versioningConfiguration: { status: 'Enabled' },
      });
    }

    this.policy = new PolicyDocument(this, 'policy', [
      {
        sid: 'DenyInsecureTransport',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [this.bucketArn, `${this.bucketArn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      },
      {
        sid: 'DenyOutdatedTls',
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [this.bucketArn, `${this.bucketArn}/*`],
        principals: [{ type: '*', identifiers: ['*'] }],
        conditions: [{ test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] }],
      },
    ]);
    new S3BucketPolicy(this, 'bucket-policy', {
      bucket: this.bucket.id,
      region,
      policy: this.policy.json,
      // the public access block first: a policy write races it otherwise
      dependsOn: [publicAccess],
    });
  }

  /** Adds statements to the bucket policy. */
  public addToResourcePolicy(...statements: PolicyStatement[]): void {
    this.policy.addStatements(...statements);
  }
}

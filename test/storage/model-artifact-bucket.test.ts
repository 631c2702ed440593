import { type TerraformStack, Token } from 'cdktf';
import {
  EnvironmentKey,
  artifactPrefix,
  artifactVersionPrefix,
  ModelArtifactBucket,
  RoleTrusts,
  ServiceRole,
  SpecValidationError,
  type ModelArtifactBucketProps,
} from '../../src';
import { type Synthesized, errorOf, plainStack, synthScope, focused } from '../helpers';

function bucketIn(stack: TerraformStack, props: Partial<ModelArtifactBucketProps> = {}): ModelArtifactBucket {
  const key = new EnvironmentKey(stack, 'key');
  return new ModelArtifactBucket(stack, 'artifacts', { encryptionKey: key, ...props });
}

function synthBucket(props: Partial<ModelArtifactBucketProps> = {}): Synthesized {
  return synthScope((scope) => bucketIn(scope as TerraformStack, props));
}

/** The `depends_on` entry (`<type>.<logical id>`) for the resource at `path`. */
const dependencyOn = (out: Synthesized, type: string, path: string) =>
  out.ref(type, path, 'id').replace(/^\$\{(.+)\.id\}$/, '$1');

describe('ModelArtifactBucket', () => {
  const out = synthBucket();

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out)).toMatchSnapshot();
  });
  const buckets = out.resources('aws_s3_bucket');
  const KEY_ARN = out.ref('aws_kms_key', 'key', 'arn');
  const BUCKET_ARN = out.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
  const LOG_BUCKET_ARN = out.ref('aws_s3_bucket', 'access-logs/bucket', 'arn');

  it('is named after the environment and protected from destroy by default', () => {
    expect(out.resource('aws_s3_bucket', '/artifacts/bucket')).toEqual({
      bucket: 'test-models',
      force_destroy: false,
      lifecycle: { prevent_destroy: true },
    });
  });

  it('encrypts with the environment key through S3 Bucket Keys and blocks SSE-C', () => {
    expect(
      out.resource('aws_s3_bucket_server_side_encryption_configuration', 'artifacts/encryption').rule,
    ).toEqual([
      {
        apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: KEY_ARN },
        bucket_key_enabled: true,
        blocked_encryption_types: ['SSE-C'],
      },
    ]);
  });

  it('keeps versions', () => {
    expect(out.resource('aws_s3_bucket_versioning', 'artifacts/versioning').versioning_configuration).toEqual(
      {
        status: 'Enabled',
      },
    );
  });

  it('blocks all public access and turns ACLs off on both of its buckets', () => {
    expect(buckets).toHaveLength(2);
    for (const block of out.resources('aws_s3_bucket_public_access_block')) {
      expect(block.props).toMatchObject({
        block_public_acls: true,
        block_public_policy: true,
        ignore_public_acls: true,
        restrict_public_buckets: true,
      });
    }
    expect(out.resources('aws_s3_bucket_public_access_block')).toHaveLength(2);
    const ownership = out.resources('aws_s3_bucket_ownership_controls');
    expect(ownership.map((o) => o.props.rule.object_ownership)).toEqual([
      'BucketOwnerEnforced',
      'BucketOwnerEnforced',
    ]);
  });

  describe('bucket policy', () => {
    const policy = out.resource('aws_s3_bucket_policy', 'artifacts/bucket-policy');

    it('waits for the public access block', () => {
      const block = out
        .resources('aws_s3_bucket_public_access_block')
        .find((b) => b.path === '/artifacts/public-access');
      expect(policy.depends_on).toEqual([`aws_s3_bucket_public_access_block.${block?.id}`]);
    });

    it('refuses requests without TLS and with TLS older than 1.2', () => {
      expect(out.statement(policy.policy, 'DenyInsecureTransport')).toMatchObject({
        effect: 'Deny',
        actions: ['s3:*'],
        resources: [BUCKET_ARN, `${BUCKET_ARN}/*`],
        condition: [{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }],
      });
      expect(out.statement(policy.policy, 'DenyOutdatedTls').condition).toEqual([
        { test: 'NumericLessThan', variable: 's3:TlsVersion', values: ['1.2'] },
      ]);
    });

    it('refuses uploads that ask for another encryption', () => {
      expect(out.statement(policy.policy, 'DenyOtherEncryption')).toMatchObject({
        effect: 'Deny',
        actions: ['s3:PutObject'],
        resources: [`${BUCKET_ARN}/*`],
        condition: [
          { test: 'Null', variable: 's3:x-amz-server-side-encryption', values: ['false'] },
          { test: 'StringNotEquals', variable: 's3:x-amz-server-side-encryption', values: ['aws:kms'] },
        ],
      });
    });

    it('refuses uploads that name another KMS key', () => {
      expect(out.statement(policy.policy, 'DenyOtherKmsKeys').condition).toEqual([
        { test: 'Null', variable: 's3:x-amz-server-side-encryption-aws-kms-key-id', values: ['false'] },
        {
          test: 'StringNotEquals',
          variable: 's3:x-amz-server-side-encryption-aws-kms-key-id',
          values: [KEY_ARN],
        },
      ]);
    });
  });

  it('aborts incomplete uploads after 7 days and removes old versions after 180 days', () => {
    const lifecycle = out.resource('aws_s3_bucket_lifecycle_configuration', 'artifacts/lifecycle');
    expect(lifecycle.rule).toEqual([
      {
        id: 'abort-incomplete-multipart-uploads',
        status: 'Enabled',
        filter: [{}],
        abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
      },
      {
        id: 'expire-noncurrent-versions',
        status: 'Enabled',
        filter: [{}],
        noncurrent_version_expiration: [{ noncurrent_days: 180 }],
        expiration: [{ expired_object_delete_marker: true }],
      },
    ]);
    expect(lifecycle.depends_on).toEqual([
      out.ref('aws_s3_bucket_versioning', 'artifacts/versioning', 'id').replace(/^\$\{(.+)\.id\}$/, '$1'),
    ]);
  });

  describe('server access logs', () => {
    it('go to a separate bucket encrypted with SSE-S3 (the only encryption log delivery supports)', () => {
      expect(out.resource('aws_s3_bucket', 'access-logs/bucket')).toMatchObject({
        bucket: 'test-models-logs',
      });
      expect(
        out.resource('aws_s3_bucket_server_side_encryption_configuration', 'access-logs/encryption').rule[0]
          .apply_server_side_encryption_by_default,
      ).toEqual({ sse_algorithm: 'AES256' });
      expect(out.resource('aws_s3_bucket_logging')).toEqual({
        bucket: out.ref('aws_s3_bucket', '/artifacts/bucket', 'id'),
        target_bucket: out.ref('aws_s3_bucket', 'access-logs/bucket', 'id'),
        target_prefix: 'test-models/',
        target_object_key_format: { partitioned_prefix: { partition_date_source: 'EventTime' } },
      });
    });

    it('are written only by the S3 logging service for this bucket and account', () => {
      const policy = out.resource('aws_s3_bucket_policy', 'access-logs/bucket-policy').policy;
      const statement = out.statement(policy, 'S3ServerAccessLogsDelivery');
      expect(statement.principals).toEqual([{ type: 'Service', identifiers: ['logging.s3.amazonaws.com'] }]);
      expect(statement.resources).toEqual([`${LOG_BUCKET_ARN}/test-models/*`]);
      expect(statement.condition[0]).toEqual({
        test: 'ArnLike',
        variable: 'aws:SourceArn',
        values: [BUCKET_ARN],
      });
    });

    it('expire, and stay recoverable as old versions for as long as old artifacts', () => {
      const lifecycle = out.resource('aws_s3_bucket_lifecycle_configuration', 'access-logs-lifecycle');
      expect(lifecycle.rule).toEqual([
        { id: 'expire-access-logs', status: 'Enabled', filter: [{}], expiration: [{ days: 365 }] },
        {
          id: 'abort-incomplete-multipart-uploads',
          status: 'Enabled',
          filter: [{}],
          abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
        },
        {
          id: 'expire-noncurrent-versions',
          status: 'Enabled',
          filter: [{}],
          noncurrent_version_expiration: [{ noncurrent_days: 180 }],
          expiration: [{ expired_object_delete_marker: true }],
        },
      ]);
      expect(lifecycle.depends_on).toEqual([
        out.ref('aws_s3_bucket_versioning', 'access-logs/versioning', 'id').replace(/^\$\{(.+)\.id\}$/, '$1'),
      ]);
    });

    it('are versioned', () => {
      expect(out.resource('aws_s3_bucket_versioning', 'access-logs/versioning')).toEqual({
        bucket: out.ref('aws_s3_bucket', 'access-logs/bucket', 'id'),
        versioning_configuration: { status: 'Enabled' },
      });
    });
  });

  it('lays artifacts out as models/<model>/<version>/', () => {
    const { stack } = plainStack();
    const bucket = bucketIn(stack);
    expect(bucket.prefixFor('fraud')).toBe('models/fraud/');
    expect(bucket.artifactUri('fraud', 'v1.3.0')).toBe(`s3://${bucket.bucketName}/models/fraud/v1.3.0/`);
    expect(() => bucket.prefixFor('../etc')).toThrow(
      `model name must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "../etc"`,
    );
    expect(() => bucket.artifactUri('fraud', 'v1/..')).toThrow(
      'model version must be a valid version segment, got "v1/.."',
    );
  });

  it('takes the model names and versions every construct takes, and nothing else', () => {
    // the library's model name rule: at most 20 characters
    expect(artifactPrefix('a'.repeat(20))).toBe(`models/${'a'.repeat(20)}/`);
    expect(() => artifactPrefix('a'.repeat(21))).toThrow(
      `model name must be a lowercase DNS label of 1-20 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-'), got "${'a'.repeat(21)}"`,
    );
    expect(() => artifactPrefix('fraud--v2')).toThrow(/^model name must be a lowercase DNS label/);
    // the model version rule: 1-63 characters, letters or digits at both ends
    expect(artifactVersionPrefix('fraud', `v${'1'.repeat(62)}`)).toBe(`models/fraud/v${'1'.repeat(62)}/`);
    expect(() => artifactVersionPrefix('fraud', `v${'1'.repeat(63)}`)).toThrow(
      'model version must be a valid version segment',
    );
    expect(() => artifactVersionPrefix('fraud', 'v1.')).toThrow(
      'model version must be a valid version segment',
    );
    // values known only at apply time pass
    const token = Token.asString({ Ref: 'version' });
    expect(artifactVersionPrefix(Token.asString({ Ref: 'model' }), token)).toMatch(/^models\/.+\/.+\/$/);
  });

  describe('grants', () => {
    const granted = synthScope((scope) => {
      const bucket = bucketIn(scope as TerraformStack);
      const reader = new ServiceRole(scope, 'reader', {
        assumedBy: RoleTrusts.service('sagemaker.amazonaws.com'),
      });
      const writer = new ServiceRole(scope, 'writer', {
        assumedBy: RoleTrusts.service('codebuild.amazonaws.com'),
      });
      bucket.grantRead(reader, bucket.prefixFor('fraud'));
      bucket.grantWrite(writer, bucket.prefixFor('fraud'));
    });
    const BUCKET = granted.ref('aws_s3_bucket', '/artifacts/bucket', 'arn');
    const KEY = granted.ref('aws_kms_key', 'key', 'arn');
    const statementsOf = (role: string) =>
      granted.policyStatements(granted.resource('aws_iam_role_policy', `${role}/inline-policy`).policy);
    const viaS3 = {
      test: 'StringEquals',
      variable: 'kms:ViaService',
      values: [
        's3.${data.aws_region.aws-context_region_DEC3537F.region}.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}',
      ],
    };

    it('read: objects under the prefix, listing limited to it, decrypt through S3', () => {
      expect(statementsOf('reader')).toEqual([
        {
          effect: 'Allow',
          actions: ['s3:GetObject', 's3:GetObjectVersion'],
          resources: [`${BUCKET}/models/fraud/*`],
        },
        {
          effect: 'Allow',
          actions: ['s3:ListBucket'],
          resources: [BUCKET],
          condition: [{ test: 'StringLike', variable: 's3:prefix', values: ['models/fraud/*'] }],
        },
        { effect: 'Allow', actions: ['kms:Decrypt'], resources: [KEY], condition: [viaS3] },
      ]);
    });

    it('write: put and abort under the prefix, no delete, data keys through S3', () => {
      const statements = statementsOf('writer');
      expect(statements[0]).toEqual({
        effect: 'Allow',
        actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
        resources: [`${BUCKET}/models/fraud/*`],
      });
      expect(statements[2]).toEqual({
        effect: 'Allow',
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: [KEY],
        condition: [viaS3],
      });
      expect(JSON.stringify(statements)).not.toContain('Delete');
    });

    it('work the same on an imported bucket, on the IAM side only', () => {
      const imported = synthScope((scope) => {
        const bucket = ModelArtifactBucket.fromBucketName(scope, 'existing', 'shared-models');
        const role = new ServiceRole(scope, 'reader', {
          assumedBy: RoleTrusts.service('sagemaker.amazonaws.com'),
        });
        bucket.grantRead(role, bucket.prefixFor('nlp'));
        expect(bucket.artifactUri('nlp', 'v2')).toBe('s3://shared-models/models/nlp/v2/');
      });
      expect(imported.resources('aws_s3_bucket')).toHaveLength(0);
      const statements = imported.policyStatements(imported.resource('aws_iam_role_policy').policy);
      expect(statements[0].resources).toEqual([
        'arn:${data.aws_partition.aws-context_partition_9ECE3875.partition}:s3:::shared-models/models/nlp/*',
      ]);
    });
  });

  it('lets a disposable environment destroy its buckets', () => {
    const disposable = synthBucket({ protectFromDestroy: false, forceDestroy: true });
    for (const bucket of disposable.resources('aws_s3_bucket')) {
      expect(bucket.props.force_destroy).toBe(true);
      expect(bucket.props.lifecycle).toBeUndefined();
    }
  });

  it('moves old models to a cheaper class that still serves reads', () => {
    const tiered = synthBucket({ transition: { afterDays: 60 } });
    const rules = tiered.resource('aws_s3_bucket_lifecycle_configuration', 'artifacts/lifecycle').rule;
    expect(rules[2]).toEqual({
      id: 'transition-old-models',
      status: 'Enabled',
      filter: [{ prefix: 'models/' }],
      transition: [{ days: 60, storage_class: 'INTELLIGENT_TIERING' }],
    });
  });

  describe('replication', () => {
    const replicated = synthBucket({ replication: { region: 'us-west-2' } });

    it('copies models/ to a versioned bucket in the other region, encrypted with a key of that region', () => {
      const replica = replicated.resource('aws_s3_bucket', 'replica/bucket');
      expect(replica).toMatchObject({ bucket: 'test-models-us-west-2', region: 'us-west-2' });
      const REPLICA_ARN = replicated.ref('aws_s3_bucket', 'replica/bucket', 'arn');
      expect(replicated.resource('aws_kms_key', 'replica-key')).toMatchObject({
        region: 'us-west-2',
        enable_key_rotation: true,
      });
      expect(replicated.resource('aws_s3_bucket_versioning', 'replica/versioning').region).toBe('us-west-2');
      const config = replicated.resource('aws_s3_bucket_replication_configuration');
      expect(config.rule).toEqual([
        {
          id: 'replicate-models',
          status: 'Enabled',
          filter: { prefix: 'models/' },
          delete_marker_replication: { status: 'Enabled' },
          source_selection_criteria: { sse_kms_encrypted_objects: { status: 'Enabled' } },
          destination: {
            bucket: REPLICA_ARN,
            storage_class: 'STANDARD',
            encryption_configuration: {
              replica_kms_key_id: replicated.ref('aws_kms_key', 'replica-key', 'arn'),
            },
          },
        },
      ]);
      expect(config.depends_on).toHaveLength(2);
      // replication needs versioning on both sides first
      expect(config.depends_on).toEqual([
        dependencyOn(replicated, 'aws_s3_bucket_versioning', 'artifacts/versioning'),
        dependencyOn(replicated, 'aws_s3_bucket_versioning', 'replica/versioning'),
      ]);
      expect(config).toMatchObject({
        bucket: replicated.ref('aws_s3_bucket', '/artifacts/bucket', 'id'),
        role: replicated.ref('aws_iam_role', 'replication-role', 'arn'),
      });
    });

    it('cleans the replica up like the source: old uploads, old versions and replicated delete markers', () => {
      const lifecycle = replicated.resource('aws_s3_bucket_lifecycle_configuration', 'replica-lifecycle');
      expect(lifecycle).toEqual({
        bucket: replicated.ref('aws_s3_bucket', 'replica/bucket', 'id'),
        region: 'us-west-2',
        rule: [
          {
            id: 'abort-incomplete-multipart-uploads',
            status: 'Enabled',
            filter: [{}],
            abort_incomplete_multipart_upload: [{ days_after_initiation: 7 }],
          },
          {
            id: 'expire-noncurrent-versions',
            status: 'Enabled',
            filter: [{}],
            noncurrent_version_expiration: [{ noncurrent_days: 180 }],
            expiration: [{ expired_object_delete_marker: true }],
          },
        ],
        depends_on: [dependencyOn(replicated, 'aws_s3_bucket_versioning', 'replica/versioning')],
      });
      // the same rules as the source's, with its settings
      const custom = synthBucket({
        replication: { region: 'us-west-2' },
        noncurrentVersionExpirationDays: 30,
        abortIncompleteUploadDays: 2,
      });
      const rules = (path: string) => custom.resource('aws_s3_bucket_lifecycle_configuration', path).rule;
      expect(rules('replica-lifecycle')).toEqual(rules('artifacts/lifecycle'));
      expect(rules('replica-lifecycle')[1].noncurrent_version_expiration).toEqual([{ noncurrent_days: 30 }]);
      expect(rules('replica-lifecycle')[0].abort_incomplete_multipart_upload).toEqual([
        { days_after_initiation: 2 },
      ]);
    });

    it('uses a role that reads the source prefix and writes the replica prefix only', () => {
      const statements = replicated.policyStatements(
        replicated.resource('aws_iam_role_policy', 'replication-role/inline-policy').policy,
      );
      expect(statements.map((s) => s.actions)).toEqual([
        ['s3:GetReplicationConfiguration', 's3:ListBucket'],
        ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
        ['s3:ReplicateObject', 's3:ReplicateDelete', 's3:ReplicateTags'],
        ['kms:Decrypt'],
        ['kms:Encrypt', 'kms:GenerateDataKey'],
      ]);
      // the replica key is used through S3 in the replica's region only
      expect(statements[4].resources).toEqual([replicated.ref('aws_kms_key', 'replica-key', 'arn')]);
      expect(statements[4].condition).toEqual([
        {
          test: 'StringEquals',
          variable: 'kms:ViaService',
          values: ['s3.us-west-2.${data.aws_partition.aws-context_partition_9ECE3875.dns_suffix}'],
        },
      ]);
      expect(statements[2].resources).toEqual([
        `${replicated.ref('aws_s3_bucket', 'replica/bucket', 'arn')}/models/*`,
      ]);
    });
  });

  describe('rejects', () => {
    it.each<[string, Partial<ModelArtifactBucketProps>, string]>([
      [
        'a bucket name with capitals',
        { bucketName: 'Models' },
        `bucketName: must be an S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit, without '..', an IP address form, an 'xn--' prefix or a reserved suffix, got "Models"`,
      ],
      [
        'noncurrent versions kept 0 days',
        { noncurrentVersionExpirationDays: 0 },
        'noncurrentVersionExpirationDays: must be a whole number between 1 and 3650 days, got 0',
      ],
      [
        'multipart uploads kept 60 days',
        { abortIncompleteUploadDays: 60 },
        'abortIncompleteUploadDays: must be a whole number between 1 and 30 days, got 60',
      ],
      [
        'a transition to STANDARD_IA before 30 days',
        { transition: { afterDays: 10, storageClass: 'STANDARD_IA' } },
        'transition.afterDays: must be at least 30 days for STANDARD_IA (an S3 lifecycle rule), got 10',
      ],
      [
        'access logs kept 0 days',
        { accessLogExpirationDays: 0 },
        'accessLogExpirationDays: must be a whole number between 1 and 3650 days, got 0',
      ],
      [
        'forceDestroy on a protected bucket',
        { forceDestroy: true },
        'forceDestroy: must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it), got true',
      ],
      [
        'a replica in the same region',
        { replication: { region: 'us-east-1' } },
        `replication.region: must differ from the bucket's own region (us-east-1): a replica is for another region, got "us-east-1"`,
      ],
    ])('%s', (_title, props, line) => {
      const { stack } = plainStack();
      const error = errorOf(() => bucketIn(stack, props));
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(`[test/artifacts] invalid props (1 problem):\n  - ${line}`);
    });
  });
});

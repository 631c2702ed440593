import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { production } from '../stacks/production';
import { staging } from '../stacks/staging';
import { stagingSpec, synthEnvironment } from './helpers';

describe.each([
  ['staging', staging, { deletionWindow: 7, protectedFromDestroy: false, account: '111111111111' }],
  ['production', production, { deletionWindow: 30, protectedFromDestroy: true, account: '222222222222' }],
])('the %s environment', (name, spec, expected) => {
  const { out } = synthEnvironment(name, spec);

  it('deploys to its region and account only, tagging every resource', () => {
    expect(out.raw).toHaveProviderWithProperties(AwsProvider, {
      region: 'us-east-1',
      allowed_account_ids: [expected.account],
      default_tags: [
        {
          tags: {
            Project: 'acme-ml',
            Environment: name,
            ManagedBy: 'cdktf-model-serving',
            CostCenter: 'ml-platform',
            Owner: 'ml-platform-team',
          },
        },
      ],
    });
  });

  it('keeps its state in S3, encrypted and locked with a lock file, under a key of its own', () => {
    expect(out.json.terraform.backend).toEqual({
      s3: {
        bucket: 'acme-ml-terraform-state',
        key: `acme-ml/${name}/terraform.tfstate`,
        region: 'us-east-1',
        encrypt: true,
        use_lockfile: true,
      },
    });
    expect(out.json.terraform.required_version).toBe('>= 1.10.0');
  });

  it('has one KMS key with rotation and its deletion window', () => {
    expect(out.resources('aws_kms_key')).toHaveLength(1);
    const key = out.resource('aws_kms_key');
    expect(key.enable_key_rotation).toBe(true);
    expect(key.deletion_window_in_days).toBe(expected.deletionWindow);
    expect(key.lifecycle?.prevent_destroy ?? false).toBe(expected.protectedFromDestroy);
    expect(out.resource('aws_kms_alias').name).toBe(`alias/acme-ml-${name}`);
  });

  it('sends alerts to a topic encrypted with that key', () => {
    expect(out.resource('aws_sns_topic')).toMatchObject({
      name: `acme-ml-${name}-alerts`,
      kms_master_key_id: out.ref('aws_kms_key', 'key', 'arn'),
    });
    expect(out.resources('aws_sns_topic_subscription')).toHaveLength(1);
  });

  it('outputs the key and the alert topic', () => {
    expect(out.json.output['key-arn'].value).toBe(out.ref('aws_kms_key', 'key', 'arn'));
    expect(out.json.output['alert-topic-arn'].value).toBe(out.ref('aws_sns_topic', 'alerts/topic', 'arn'));
  });

  it('synthesizes the same Terraform as reviewed', () => {
    expect(out.json).toMatchSnapshot();
  });
});

describe('an environment without a remote backend', () => {
  it('keeps local state (allowed for unprotected environments only)', () => {
    const { out } = synthEnvironment('dev', stagingSpec());
    expect(out.json.terraform.backend).toBeUndefined();
    expect(out.json.terraform.required_version).toBe('>= 1.10.0');
  });
});

describe('an environment with a custom state location', () => {
  it('uses the given key, region, KMS key and role', () => {
    const { out } = synthEnvironment(
      'staging',
      stagingSpec({
        backend: {
          s3: {
            bucket: 'state',
            key: 'ml/staging.tfstate',
            region: 'eu-west-1',
            kmsKeyId: 'arn:aws:kms:eu-west-1:123456789012:key/0f0f0f0f-1111-2222-3333-444455556666',
            roleArn: 'arn:aws:iam::123456789012:role/terraform-state',
          },
        },
      }),
    );
    expect(out.json.terraform.backend.s3).toEqual({
      bucket: 'state',
      key: 'ml/staging.tfstate',
      region: 'eu-west-1',
      encrypt: true,
      kms_key_id: 'arn:aws:kms:eu-west-1:123456789012:key/0f0f0f0f-1111-2222-3333-444455556666',
      assume_role: { role_arn: 'arn:aws:iam::123456789012:role/terraform-state' },
      use_lockfile: true,
    });
  });
});

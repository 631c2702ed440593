import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Testing, TerraformStack } from 'cdktf';
import { LoadBalancerLogBucket, SpecValidationError } from '../../src';
import { Synthesized, errorOf, plainStack, synthScope, focused } from '../helpers';

describe('LoadBalancerLogBucket', () => {
  const out = synthScope((scope) => new LoadBalancerLogBucket(scope, 'logs', { expirationDays: 90 }));

  it('synthesizes the reviewed resources (focused snapshot, beside the assertions below)', () => {
    expect(focused(out)).toMatchSnapshot();
  });
  const statements = () => out.dataSource('aws_iam_policy_document', 'logs/bucket/policy').statement;

  it('encrypts with SSE-S3, which ALB log delivery supports (not SSE-KMS)', () => {
    expect(
      out.resource('aws_s3_bucket_server_side_encryption_configuration').rule[0]
        .apply_server_side_encryption_by_default,
    ).toEqual({ sse_algorithm: 'AES256' });
  });

  it('lets ELB log delivery put objects under AWSLogs/<account>/ only, as the service principal and the regional account', () => {
    const delivery = statements().filter((s: { sid?: string }) => s.sid?.includes('LogDelivery'));
    expect(delivery.map((s: Record<string, any>) => [s.sid, s.actions, s.principals])).toEqual([
      [
        'ElbLogDelivery',
        ['s3:PutObject'],
        [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
      ],
      [
        'ElbRegionalAccountLogDelivery',
        ['s3:PutObject'],
        [
          {
            type: 'AWS',
            identifiers: [`\${${out.dataRef('aws_elb_service_account', 'logs/elb-account', 'arn')}}`],
          },
        ],
      ],
    ]);
    for (const s of delivery)
      expect(s.resources[0]).toMatch(/\/\*\/AWSLogs\/\$\{data\.aws_caller_identity\..+\.account_id\}\/\*$/);
  });

  it('names only the service principal in a region opened after August 2022', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    new AwsProvider(stack, 'aws', { region: 'me-central-1' });
    new LoadBalancerLogBucket(stack, 'logs');
    const synthesized = Synthesized.of(stack);
    expect(synthesized.dataSources('aws_elb_service_account')).toEqual([]);
  });

  it('expires the logs', () => {
    expect(out.resource('aws_s3_bucket_lifecycle_configuration').rule[0].expiration).toEqual([{ days: 90 }]);
  });

  it('rejects an expiry out of range', () => {
    const error = errorOf(() => new LoadBalancerLogBucket(plainStack().stack, 'logs', { expirationDays: 0 }));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toContain(
      '  - expirationDays: must be a whole number between 1 and 3650 days, got 0',
    );
  });
});

describe('LoadBalancerLogBucket protection', () => {
  it('is protected from destroy by default', () => {
    const out = synthScope((scope) => new LoadBalancerLogBucket(scope, 'logs'));
    expect(out.resource('aws_s3_bucket').lifecycle).toEqual({ prevent_destroy: true });
  });

  it('refuses forceDestroy while protected, with the rule every bucket shares', () => {
    const { stack } = plainStack();
    const error = errorOf(() => new LoadBalancerLogBucket(stack, 'logs', { forceDestroy: true }));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toContain(
      'forceDestroy: must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it), got true',
    );
  });
});

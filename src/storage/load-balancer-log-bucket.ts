import { DataAwsElbServiceAccount } from '@cdktf/provider-aws/lib/data-aws-elb-service-account';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { Construct } from 'constructs';
import { forceWhileProtected, logExpirationProp } from '../core/prop-rules';
import { z } from 'zod';
import { type PropsAgree, validateProps } from '../core/validation/issues';
import { AwsContext } from '../core/aws-context';
import { NAME_LIMITS, Naming } from '../core/naming';
import { HardenedBucket } from './private/hardened-bucket';

/**
 * Regions where ELB delivers access logs as a regional AWS account, which the bucket policy must
 * name (regions opened before August 2022); regions opened since use the service principal
 * `logdelivery.elasticloadbalancing.amazonaws.com`
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html).
 * Exactly the regions the AWS provider's `aws_elb_service_account` knows
 * (terraform-provider-aws, internal/service/elb/service_account_data_source.go): for any other the
 * data source fails, so it is read only for these.
 */
export const ELB_ACCOUNT_REGIONS: readonly string[] = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'af-south-1', 'ap-east-1', 'ap-south-1',
  'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-southeast-1', 'ap-southeast-2',
  'ap-southeast-3', 'ca-central-1', 'eu-central-1', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'eu-south-1', 'eu-north-1', 'me-south-1', 'sa-east-1', 'us-gov-west-1', 'us-gov-east-1',
  'cn-north-1', 'cn-northwest-1',
]; // prettier-ignore

/** Props of `LoadBalancerLogBucket`. */
export interface LoadBalancerLogBucketProps {
  /** Days access logs are kept (1-3650). @default 365 */
  readonly expirationDays?: number;
  /** `prevent_destroy` on the bucket. @default true */
  readonly protectFromDestroy?: boolean;
  /** Let `terraform destroy` delete a non-empty bucket; refused with `protectFromDestroy`. @default false */
  readonly forceDestroy?: boolean;
}

const propsSchema = z
  .strictObject({
    expirationDays: logExpirationProp,
    protectFromDestroy: z.boolean().default(true),
    forceDestroy: z.boolean().default(false),
  })
  .superRefine((p, ctx) => forceWhileProtected(ctx, p.protectFromDestroy, p.forceDestroy, ['forceDestroy']));
const propsAgree: PropsAgree<z.input<typeof propsSchema>, LoadBalancerLogBucketProps> = true;
void propsAgree;

/**
 * The bucket Application Load Balancers write access logs to (`<project>-<environment>-alb-logs`):
 * SSE-S3 (ALB log delivery does not support SSE-KMS), hardened like every bucket of the library,
 * its policy letting ELB log delivery put objects under `AWSLogs/<account>/` only, logs expiring.
 */
export class LoadBalancerLogBucket extends Construct {
  /** The bucket's name. */
  public readonly bucketName: string;
  /** The bucket's ARN. */
  public readonly bucketArn: string;

  constructor(scope: Construct, id: string, props: LoadBalancerLogBucketProps = {}) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const aws = AwsContext.of(this);
    const bucket = new HardenedBucket(this, 'bucket', {
      bucketName: Naming.of(this).name('alb-logs', NAME_LIMITS.s3Bucket),
      versioned: false,
      protectFromDestroy: p.protectFromDestroy,
      forceDestroy: p.forceDestroy,
    });
    this.bucketName = bucket.bucketName;
    this.bucketArn = bucket.bucketArn;
    const logs = `${bucket.bucketArn}/*/AWSLogs/${aws.accountId}/*`;
    bucket.addToResourcePolicy({
      sid: 'ElbLogDelivery',
      effect: 'Allow',
      actions: ['s3:PutObject'],
      resources: [logs],
      principals: [{ type: 'Service', identifiers: ['logdelivery.elasticloadbalancing.amazonaws.com'] }],
    });
    // an unknown region (a token) gets only the service principal
    const region = aws.providerRegion;
    if (region !== undefined && ELB_ACCOUNT_REGIONS.includes(region)) {
      const account = new DataAwsElbServiceAccount(this, 'elb-account', {});
      bucket.addToResourcePolicy({
        sid: 'ElbRegionalAccountLogDelivery',
        effect: 'Allow',
        actions: ['s3:PutObject'],
        resources: [logs],
        principals: [{ type: 'AWS', identifiers: [account.arn] }],
      });
    }
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket: bucket.bucket.id,
      rule: [
        {
          id: 'expire-access-logs',
          status: 'Enabled',
          filter: [{}],
          expiration: [{ days: p.expirationDays }],
        },
      ],
    });
  }
}

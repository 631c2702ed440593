/**
 * The AWS Regions a spec may name, by partition. Source: "AWS Regions" in the AWS Regions and
 * Availability Zones guide, https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
 * (commercial Regions, opt-in ones included, as of December 2026: the list ends with ap-east-2,
 * ap-southeast-6, ap-southeast-7 and mx-central-1), and the China and AWS GovCloud (US) Regions
 * of the same guide. A Region AWS opens later is added here.
 */
export const AWS_REGIONS_BY_PARTITION = {
  aws: [
    'af-south-1',
    'ap-east-1',
    'ap-east-2',
    'ap-northeast-1',
    'ap-northeast-2',
    'ap-northeast-3',
    'ap-south-1',
    'ap-south-2',
    'ap-southeast-1',
    'ap-southeast-2',
    'ap-southeast-3',
    'ap-southeast-4',
    'ap-southeast-5',
    'ap-southeast-6',
    'ap-southeast-7',
    'ca-central-1',
    'ca-west-1',
    'eu-central-1',
    'eu-central-2',
    'eu-north-1',
    'eu-south-1',
    'eu-south-2',
    'eu-west-1',
    'eu-west-2',
    'eu-west-3',
    'il-central-1',
    'me-central-1',
    'me-south-1',
    'mx-central-1',
    'sa-east-1',
    'us-east-1',
    'us-east-2',
    'us-west-1',
    'us-west-2',
  ],
  'aws-cn': ['cn-north-1', 'cn-northwest-1'],
  'aws-us-gov': ['us-gov-east-1', 'us-gov-west-1'],
} as const;

/** An AWS partition: `aws`, `aws-cn` or `aws-us-gov`. */
export type AwsPartition = keyof typeof AWS_REGIONS_BY_PARTITION;

/** Every Region of the table. */
export const AWS_REGIONS: readonly string[] = Object.values(AWS_REGIONS_BY_PARTITION).flat();

/** The partition a Region belongs to; `undefined` for a code the table does not have. */
export function partitionOf(region: string): AwsPartition | undefined {
  for (const [partition, regions] of Object.entries(AWS_REGIONS_BY_PARTITION)) {
    if ((regions as readonly string[]).includes(region)) return partition as AwsPartition;
  }
  return undefined;
}

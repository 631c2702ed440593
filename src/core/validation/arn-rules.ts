import { z } from 'zod';
import { AWS_REGIONS, AWS_REGIONS_BY_PARTITION, type AwsPartition } from '../aws-regions';
import { didYouMean } from './suggest';
import { matching, isToken } from './primitives';

/** Rules for AWS identifiers: Regions, account IDs and ARNs. */

/**
 * An AWS Region code from the table of `aws-regions.ts` (commercial Regions, opt-in ones
 * included, China and GovCloud); a near miss is named (`us-east-7` → `us-east-1`).
 */
export const awsRegion = z.string().superRefine((v, ctx) => {
  if (isToken(v) || AWS_REGIONS.includes(v)) return;
  ctx.addIssue({
    code: 'custom',
    input: v,
    message:
      `must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the ${AWS_REGIONS.length} Regions ` +
      `listed in the README, opt-in ones included)${didYouMean(v, AWS_REGIONS)}`,
  });
});

/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  readonly resource: string;
}

/** Splits an ARN into its parts; `undefined` when it does not have six `:`-separated parts. */
export function parseArn(arn: string): ArnParts | undefined {
  const match = /^arn:([^:]*):([^:]*):([^:]*):([^:]*):(.+)$/s.exec(arn);
  if (!match) return undefined;
  const [, partition, service, region, account, resource] = match;
  return { partition, service, region, account, resource };
}

/** What an ARN of one kind of resource looks like. */
export interface ArnShape {
  /** What it names, e.g. 'an ACM certificate ARN'. */
  readonly what: string;
  /** Its service, e.g. 'acm'. */
  readonly service: string;
  /** Whether the ARN names a Region (IAM ARNs do not). */
  readonly regional: boolean;
  /** Whether `aws` may stand for the account (AWS-managed IAM policies). */
  readonly awsAccount?: boolean;
  /** The resource part. */
  readonly resource: RegExp;
  /** The resource part in words, e.g. 'certificate/<uuid>'. */
  readonly resourceForm: string;
}

/**
 * What is wrong with an ARN, naming the first part that is (partition, service, Region, account,
 * resource); `undefined` for a valid one. The Region must be one of the partition's.
 */
export function arnProblem(arn: string, shape: ArnShape): string | undefined {
  const form = `arn:<partition>:${shape.service}:${shape.regional ? '<region>' : ''}:<account>:${shape.resourceForm}`;
  const lead = `must be ${shape.what} '${form}'`;
  const parts = parseArn(arn);
  if (!parts) return `${lead}`;
  const partitions = Object.keys(AWS_REGIONS_BY_PARTITION);
  if (!partitions.includes(parts.partition))
    return `${lead}: the partition must be ${partitions.join(', ')} (not '${parts.partition}')`;
  if (parts.service !== shape.service)
    return `${lead}: the service must be '${shape.service}' (not '${parts.service}')`;
  if (shape.regional) {
    const regions = AWS_REGIONS_BY_PARTITION[parts.partition as AwsPartition] as readonly string[];
    if (!regions.includes(parts.region))
      return `${lead}: '${parts.region}' is not a Region of the ${parts.partition} partition${didYouMean(parts.region, regions)}`;
  } else if (parts.region !== '') {
    return `${lead}: ${shape.service} ARNs name no Region (not '${parts.region}')`;
  }
  if (!/^\d{12}$/.test(parts.account) && !(shape.awsAccount && parts.account === 'aws'))
    return `${lead}: the account must be a 12-digit account ID${shape.awsAccount ? " or 'aws'" : ''} (not '${parts.account}')`;
  if (!shape.resource.test(parts.resource))
    return `${lead}: the resource must be '${shape.resourceForm}' (not '${parts.resource}')`;
  return undefined;
}

/** An ARN of the shape given (tokens pass). */
export function arnOf(shape: ArnShape) {
  return z.string().superRefine((v, ctx) => {
    if (isToken(v)) return;
    const problem = arnProblem(v, shape);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', input: v, message: problem });
  });
}

/** A 12-digit AWS account ID. */
export const awsAccountId = matching(/^\d{12}$/, 'must be a 12-digit AWS account ID');

/** An IAM role ARN. */
export const iamRoleArn = arnOf({
  what: 'an IAM role ARN',
  service: 'iam',
  regional: false,
  resource: /^role\/[\w+=,.@/-]{1,512}$/,
  resourceForm: 'role/<name>',
});

/** A KMS key ARN or alias ARN. */
export const kmsKeyArn = arnOf({
  what: 'a KMS key or alias ARN',
  service: 'kms',
  regional: true,
  resource: /^(?:key\/[0-9a-f-]{36}|alias\/[\w/-]+)$/,
  resourceForm: 'key/<id>|alias/<name>',
});

/** An IAM managed policy ARN (AWS-managed or customer-managed). */
export const iamPolicyArn = arnOf({
  what: 'an IAM policy ARN',
  service: 'iam',
  regional: false,
  awsAccount: true,
  resource: /^policy\/[\w+=,.@/-]{1,128}$/,
  resourceForm: 'policy/<name>',
});

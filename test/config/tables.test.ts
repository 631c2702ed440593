import { type SpecValidationError, validateEnvironmentSpec } from '../../src';
import { AWS_REGIONS } from '../../src/core/aws-regions';
import { stagingSpec, stagingSpecIssues } from '../helpers';

const issuesOf = stagingSpecIssues;

const REGION =
  "must be an AWS Region code such as 'us-east-1' or 'eu-west-2' (one of the 38 Regions listed in the README, opt-in ones included)";
const ACCOUNT = '123456789012';
const CERT_ID = '6f1c2d3e-4a5b-4c6d-8e7f-901234567890';
const cluster = {
  adminRoleArns: [`arn:aws:iam::${ACCOUNT}:role/admin`],
  privateAccessCidrs: ['10.20.0.0/16'],
};
const withCertificate = (certificateArn: string) => ({
  cluster,
  models: [
    {
      name: 'fraud',
      version: 'v1',
      serving: { kind: 'kubernetes', ingress: { certificateArn, host: 'f.example.com' } },
    },
  ],
});

describe('the Region table', () => {
  it('refuses a well-formed code that is not a Region, naming the closest one', () => {
    expect(issuesOf({ region: 'us-east-7' })).toEqual([
      { path: 'region', message: `${REGION} (did you mean 'us-east-1'?)`, value: 'us-east-7' },
    ]);
  });

  it.each(['ap-southeast-7', 'mx-central-1', 'il-central-1', 'ca-west-1', 'us-gov-west-1', 'cn-north-1'])(
    'accepts %s (opt-in, China and GovCloud Regions included)',
    (region) => {
      expect(issuesOf({ region })).toEqual([]);
    },
  );

  it('lists 34 commercial, 2 China and 2 GovCloud Regions', () => {
    expect(AWS_REGIONS).toHaveLength(38);
    expect(new Set(AWS_REGIONS).size).toBe(38);
  });
});

describe('ARNs', () => {
  const FORM =
    "must be a KMS key or alias ARN 'arn:<partition>:kms:<region>:<account>:key/<id>|alias/<name>'";
  const kms = (kmsKeyId: string) => issuesOf({ backend: { s3: { bucket: 'acme-state', kmsKeyId } } });
  const KEY = 'key/1234abcd-12ab-34cd-56ef-1234567890ab';

  it.each([
    [
      'arn:aws:kms:us-east-1:123456789012:key',
      `${FORM}: the resource must be 'key/<id>|alias/<name>' (not 'key')`,
    ],
    [
      `arn:aws-mars:kms:us-east-1:${ACCOUNT}:${KEY}`,
      `${FORM}: the partition must be aws, aws-cn, aws-us-gov (not 'aws-mars')`,
    ],
    [`arn:aws:s3:us-east-1:${ACCOUNT}:${KEY}`, `${FORM}: the service must be 'kms' (not 's3')`],
    [
      `arn:aws:kms:us-east-7:${ACCOUNT}:${KEY}`,
      `${FORM}: 'us-east-7' is not a Region of the aws partition (did you mean 'us-east-1'?)`,
    ],
    [
      `arn:aws-cn:kms:us-east-1:${ACCOUNT}:${KEY}`,
      `${FORM}: 'us-east-1' is not a Region of the aws-cn partition`,
    ],
    [`arn:aws:kms:us-east-1:1234:${KEY}`, `${FORM}: the account must be a 12-digit account ID (not '1234')`],
    ['my-key', FORM],
  ])('refuses %s naming the part that is wrong', (arn, message) => {
    expect(kms(arn)).toEqual([{ path: 'backend.s3.kmsKeyId', message, value: arn }]);
  });

  it('refuses an IAM role ARN that names a Region', () => {
    const arn = `arn:aws:iam:us-east-1:${ACCOUNT}:role/admin`;
    expect(issuesOf({ backend: { s3: { bucket: 'acme-state', roleArn: arn } } })).toEqual([
      {
        path: 'backend.s3.roleArn',
        message:
          "must be an IAM role ARN 'arn:<partition>:iam::<account>:role/<name>': iam ARNs name no Region (not 'us-east-1')",
        value: arn,
      },
    ]);
  });

  it("refuses an ingress certificate of another Region than the environment's", () => {
    const arn = `arn:aws:acm:eu-west-1:${ACCOUNT}:certificate/${CERT_ID}`;
    expect(issuesOf(withCertificate(arn))).toEqual([
      {
        path: 'models[0] (fraud).serving.ingress.certificateArn',
        message:
          "must be a certificate of the environment's region (us-east-1): the load balancer uses only ACM certificates of its own region, and this one is in 'eu-west-1'",
        value: arn,
      },
    ]);
  });

  it('refuses an ingress certificate ARN with a bad partition, service, account or resource, naming the part', () => {
    const form = "must be an ACM certificate ARN 'arn:<partition>:acm:<region>:<account>:certificate/<uuid>'";
    const cases: Array<[string, string]> = [
      [
        `arn:aws-xx:acm:us-east-1:${ACCOUNT}:certificate/${CERT_ID}`,
        `${form}: the partition must be aws, aws-cn, aws-us-gov (not 'aws-xx')`,
      ],
      [
        `arn:aws:iam:us-east-1:${ACCOUNT}:certificate/${CERT_ID}`,
        `${form}: the service must be 'acm' (not 'iam')`,
      ],
      [
        `arn:aws:acm:us-east-1:12345:certificate/${CERT_ID}`,
        `${form}: the account must be a 12-digit account ID (not '12345')`,
      ],
      [
        `arn:aws:acm:us-east-1:${ACCOUNT}:cert/${CERT_ID}`,
        `${form}: the resource must be 'certificate/<uuid>' (not 'cert/${CERT_ID}')`,
      ],
    ];
    for (const [arn, message] of cases) {
      expect(issuesOf(withCertificate(arn))).toContainEqual({
        path: 'models[0] (fraud).serving.ingress.certificateArn',
        message,
        value: arn,
      });
    }
  });

  it("accepts a certificate of the environment's Region", () => {
    expect(issuesOf(withCertificate(`arn:aws:acm:us-east-1:${ACCOUNT}:certificate/${CERT_ID}`))).toEqual([]);
  });
});

describe('SageMaker instance types', () => {
  const sagemaker = (instanceType: string) =>
    issuesOf({
      models: [{ name: 'ranker', version: 'v1', serving: { kind: 'sagemaker', instanceType } }],
    });

  it('refuses a size the family does not have, listing the sizes and the closest type', () => {
    expect(sagemaker('ml.m5.xlarg')).toEqual([
      {
        path: 'models[0] (ranker).serving.instanceType',
        message:
          "must be a size of the ml.m5 family SageMaker hosts (large, xlarge, 2xlarge, 4xlarge, 12xlarge, 24xlarge) (did you mean 'ml.m5.xlarge'?)",
        value: 'ml.m5.xlarg',
      },
    ]);
  });

  it.each(['ml.m5.large', 'ml.c7i.48xlarge', 'ml.inf2.48xlarge', 'ml.trn1.32xlarge', 'ml.p5.48xlarge'])(
    'accepts %s',
    (type) => {
      expect(sagemaker(type)).toEqual([]);
    },
  );
});

describe('numbers', () => {
  it.each([
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
  ])('shows %s as such and asks for a finite number', (value, shown) => {
    let error: unknown;
    try {
      validateEnvironmentSpec('staging', stagingSpec({ logRetentionDays: value }));
    } catch (caught) {
      error = caught;
    }
    expect((error as SpecValidationError).issues).toEqual([
      { path: 'logRetentionDays', message: 'must be a finite number', value },
    ]);
    expect((error as Error).message).toContain(`logRetentionDays: must be a finite number, got ${shown}`);
  });
});

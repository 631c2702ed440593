import { presets, type ModelServingEnvironmentProps } from '../src';

/** The staging environment: same code as production, staging policy. */
export const staging: ModelServingEnvironmentProps = {
  ...presets.staging,
  project: 'acme-ml',
  region: 'us-east-1',
  allowedAccountIds: ['111111111111'],
  tags: { CostCenter: 'ml-platform', Owner: 'ml-platform-team' },
  backend: { s3: { bucket: 'acme-ml-terraform-state' } },
  alerting: { emails: ['ml-platform-alerts@example.com'] },
  network: { cidr: '10.30.0.0/16' },
  cluster: {
    adminRoleArns: [
      'arn:aws:iam::111111111111:role/ml-platform-admin',
      'arn:aws:iam::111111111111:role/terraform-deployer',
    ],
    deployerRoleArn: 'arn:aws:iam::111111111111:role/terraform-deployer',
    publicAccessCidrs: ['203.0.113.0/24'],
    gpuNodeGroups: [{ name: 'a10g', instanceTypes: ['g5.xlarge'], minSize: 0, maxSize: 2 }],
  },
  models: [
    {
      name: 'recommender',
      version: 'v2.2.0-rc1',
      serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge', instances: { min: 1, max: 2 } },
    },
    { name: 'sentiment', version: 'v1.1.0', serving: { kind: 'lambda', memoryMiB: 3008 } },
  ],
};

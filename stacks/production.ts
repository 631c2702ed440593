import { presets, type ModelServingEnvironmentProps } from '../src';

/** The production environment. */
export const production: ModelServingEnvironmentProps = {
  ...presets.production,
  project: 'acme-ml',
  region: 'us-east-1',
  allowedAccountIds: ['222222222222'],
  tags: { CostCenter: 'ml-platform', Owner: 'ml-platform-team' },
  backend: { s3: { bucket: 'acme-ml-terraform-state' } },
  alerting: { emails: ['ml-platform-oncall@example.com'] },
  artifacts: {
    transition: { afterDays: 90, storageClass: 'INTELLIGENT_TIERING' },
    replicaRegion: 'us-west-2',
  },
  images: { enhancedScanning: true },
  network: { cidr: '10.40.0.0/16' },
  cluster: {
    adminRoleArns: [
      'arn:aws:iam::222222222222:role/ml-platform-admin',
      'arn:aws:iam::222222222222:role/terraform-deployer',
    ],
    deployerRoleArn: 'arn:aws:iam::222222222222:role/terraform-deployer',
    publicAccessCidrs: ['203.0.113.0/24'],
    gpuNodeGroups: [
      { name: 'a10g', instanceTypes: ['g5.2xlarge'], minSize: 1, maxSize: 8 },
      {
        name: 'l40s',
        instanceTypes: ['g6e.xlarge', 'g6e.2xlarge'],
        minSize: 0,
        maxSize: 4,
        amiType: 'BOTTLEROCKET_x86_64_NVIDIA',
      },
    ],
    addons: { dcgmExporter: { enabled: true } },
  },
  models: [
    {
      name: 'recommender',
      version: 'v2.1.0',
      serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge', instances: { min: 2, max: 10 } },
    },
    { name: 'sentiment', version: 'v1.0.0', serving: { kind: 'lambda', memoryMiB: 3008 } },
  ],
};

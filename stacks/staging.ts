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
  models: [
    {
      name: 'recommender',
      version: 'v2.2.0-rc1',
      serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge', instances: { min: 1, max: 2 } },
    },
    {
      name: 'sentiment',
      version: 'v1.1.0',
      serving: {
        kind: 'lambda',
        memoryMiB: 3008,
        architecture: 'arm64',
        timeoutSeconds: 10,
        ephemeralStorageMiB: 2048,
        reservedConcurrency: 10,
        provisionedConcurrency: { min: 1, max: 5 },
        rollout: { strategy: 'predefined', config: 'CodeDeployDefault.LambdaLinear10PercentEvery1Minute' },
        api: { kind: 'http-api', auth: { type: 'iam' }, throttling: { ratePerSecond: 20, burst: 40 } },
      },
    },
  ],
};

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
  models: [
    {
      name: 'recommender',
      version: 'v2.1.0',
      serving: { kind: 'sagemaker', instanceType: 'ml.g5.xlarge', instances: { min: 2, max: 10 } },
    },
    {
      name: 'sentiment',
      version: 'v1.0.0',
      serving: {
        kind: 'lambda',
        memoryMiB: 3008,
        architecture: 'arm64',
        timeoutSeconds: 10,
        ephemeralStorageMiB: 2048,
        reservedConcurrency: 100,
        provisionedConcurrency: {
          min: 2,
          max: 50,
          utilizationTarget: 0.7,
          scheduledActions: [
            {
              name: 'business-hours',
              schedule: 'cron(0 7 ? * MON-FRI *)',
              timezone: 'America/New_York',
              min: 10,
              max: 50,
            },
            {
              name: 'off-hours',
              schedule: 'cron(0 20 ? * MON-FRI *)',
              timezone: 'America/New_York',
              min: 2,
              max: 50,
            },
          ],
        },
        rollout: { strategy: 'canary', percent: 10 },
        api: { kind: 'http-api', auth: { type: 'iam' }, throttling: { ratePerSecond: 500, burst: 1000 } },
      },
    },
  ],
};

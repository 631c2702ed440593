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
      serving: {
        kind: 'sagemaker',
        instanceType: 'ml.g5.xlarge',
        instances: { min: 1, max: 2 },
        rollout: { strategy: 'allAtOnce', waitSeconds: 60 },
        alarms: { p99LatencyMs: 300 },
        // one instance at night and on weekends, up to two on weekdays
        scheduledActions: [
          { name: 'night', schedule: 'cron(0 20 ? * MON-FRI *)', timezone: 'America/New_York', max: 1 },
          { name: 'morning', schedule: 'cron(0 7 ? * MON-FRI *)', timezone: 'America/New_York', max: 2 },
        ],
      },
    },
    { name: 'sentiment', version: 'v1.1.0', serving: { kind: 'lambda', memoryMiB: 3008 } },
  ],
};

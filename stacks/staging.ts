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
    gpuNodeGroups: [{ name: 'a10g', instanceTypes: ['g5.xlarge'], minSize: 0, maxSize: 3 }],
  },
  models: [
    {
      name: 'fraud',
      version: 'v1.4.0',
      serving: {
        kind: 'kubernetes',
        gpu: 1,
        replicas: { min: 1, max: 2 },
        cpu: '4',
        memory: '16Gi',
        ingress: {
          certificateArn:
            'arn:aws:acm:us-east-1:111111111111:certificate/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
          host: 'fraud.staging.ml.acme.example',
        },
        // green (v1.4.0) takes live traffic; blue keeps v1.3.0 warm for a switch back
        rollout: { strategy: 'blueGreen', active: 'green', blueVersion: 'v1.3.0', greenVersion: 'v1.4.0' },
      },
    },
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

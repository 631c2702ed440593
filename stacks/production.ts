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
      { name: 'a10g', instanceTypes: ['g5.2xlarge'], minSize: 1, maxSize: 10 },
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
      name: 'fraud',
      version: 'v1.4.0',
      serving: {
        kind: 'kubernetes',
        gpu: 1,
        gpuNodeGroup: 'a10g',
        replicas: { min: 2, max: 8 },
        cpu: '4',
        memory: '16Gi',
        sharedMemory: '4Gi',
        modelLoadSeconds: 600,
        ingress: {
          certificateArn:
            'arn:aws:acm:us-east-1:222222222222:certificate/6f1c2d3e-4a5b-4c6d-8e7f-901234567890',
          host: 'fraud.ml.acme.example',
        },
        // 10% of requests go to v1.4.0; promote with stableVersion: 'v1.4.0'
        rollout: { strategy: 'canary', stableVersion: 'v1.3.0', canaryWeight: 10 },
      },
    },
    {
      name: 'recommender',
      version: 'v2.1.0',
      serving: {
        kind: 'sagemaker',
        instanceType: 'ml.g5.xlarge',
        instances: { min: 2, max: 10 },
        // A/B test: the challenger gets a tenth of the traffic; promote it by setting `version`
        variants: [
          { name: 'current', weight: 90 },
          { name: 'challenger', version: 'v2.2.0', weight: 10 },
        ],
        rollout: {
          strategy: 'canary',
          canaryPercent: 10,
          waitSeconds: 600,
          terminationWaitSeconds: 300,
          maxExecutionTimeoutSeconds: 3600,
        },
        alarms: { p99LatencyMs: 300 },
        dataCapture: { samplingPercent: 5 },
      },
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

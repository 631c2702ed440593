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
    { name: 'sentiment', version: 'v1.0.0', serving: { kind: 'lambda', memoryMiB: 3008 } },
  ],
};

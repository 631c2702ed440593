// The consumer's environment, in a function so the app (main.ts) and the tests (staging.test.ts)
// build the same stack.
import type { App } from 'cdktf';
import { ModelServingEnvironment, presets } from 'cdktf-model-serving';

export function addStaging(app: App): ModelServingEnvironment {
  return new ModelServingEnvironment(app, 'staging', {
    ...presets.staging,
    project: 'shop-ml',
    region: 'eu-west-1',
    allowedAccountIds: ['111122223333'],
    backend: { s3: { bucket: 'shop-ml-terraform-state' } },
    alerting: { emails: ['ml-oncall@example.com'] },
    models: [
      {
        name: 'churn',
        version: 'v1.0.0',
        serving: {
          kind: 'sagemaker',
          instanceType: 'ml.c5.xlarge',
          instances: { min: 1, max: 2 },
          rollout: { strategy: 'allAtOnce' },
        },
      },
    ],
  });
}

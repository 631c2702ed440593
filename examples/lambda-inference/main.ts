// Lambda inference on its own, in a plain TerraformStack: a container-image function with
// provisioned concurrency on its `live` alias, alarms, CodeDeploy traffic shifting that rolls
// back on them, and an HTTP API that only accepts JWTs from the team's Cognito user pool.
// After `cdktf deploy`, release a new version with the `release-command` output.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import {
  AlertTopic,
  EnvironmentKey,
  InferenceHttpApi,
  LambdaInferenceFunction,
  LambdaServingAlarms,
  LambdaTrafficShifting,
  ModelArtifactBucket,
  ModelImageRepository,
} from 'cdktf-model-serving';

const app = new App();
const stack = new TerraformStack(app, 'churn-inference');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });

const key = new EnvironmentKey(stack, 'key', { deletionWindowDays: 14 });
const artifacts = new ModelArtifactBucket(stack, 'artifacts', {
  encryptionKey: key,
  bucketName: 'acme-churn-inference-artifacts',
});
const repository = new ModelImageRepository(stack, 'churn', {
  encryptionKey: key,
  repositoryName: 'churn-inference/churn',
  protectedTags: ['v3.2.0'],
});
const alerts = new AlertTopic(stack, 'alerts', { encryptionKey: key, emails: ['churn-oncall@example.com'] });

const churn = new LambdaInferenceFunction(stack, 'churn-function', {
  modelName: 'churn',
  modelVersion: 'v3.2.0',
  artifacts,
  repository,
  encryptionKey: key,
  architecture: 'arm64',
  memoryMiB: 4096,
  timeoutSeconds: 15,
  provisionedConcurrency: { min: 1, max: 10, utilizationTarget: 0.6 },
  logRetentionDays: 90,
});
const alarms = new LambdaServingAlarms(stack, 'churn-alarms', {
  target: churn,
  alertTopic: alerts,
  thresholds: { errorRatePercent: 0.5 },
});
const shifting = new LambdaTrafficShifting(stack, 'churn-shifting', {
  target: churn,
  rollout: { strategy: 'linear', percent: 20, intervalMinutes: 2 },
  rollbackAlarms: alarms.rollbackAlarms,
});
const api = new InferenceHttpApi(stack, 'churn-api', {
  target: churn,
  encryptionKey: key,
  auth: {
    type: 'jwt',
    issuer: 'https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_EXAMPLE',
    audience: ['churn-web'],
  },
  throttling: { ratePerSecond: 50, burst: 100 },
  logRetentionDays: 90,
});

new TerraformOutput(stack, 'api-url', { value: api.url });
new TerraformOutput(stack, 'function-arn', { value: churn.functionArn });
new TerraformOutput(stack, 'alias-arn', { value: churn.aliasArn });
new TerraformOutput(stack, 'release-command', { value: shifting.releaseCommand });

app.synth();

// A SageMaker endpoint on its own, in a plain TerraformStack: the key, the artifact bucket and the
// image repository it needs, then the endpoint with an A/B pair, a linear rollout guarded by its
// alarms, and data capture. Upload each version to models/fraud/<version>/ and push the image
// tagged <version> before `cdktf deploy`.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import {
  AlertTopic,
  EnvironmentKey,
  ModelArtifactBucket,
  ModelImageRepository,
  SageMakerModelServing,
} from 'cdktf-model-serving';

const app = new App();
const stack = new TerraformStack(app, 'fraud-scoring');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });

const key = new EnvironmentKey(stack, 'key', { deletionWindowDays: 14 });
const bucket = new ModelArtifactBucket(stack, 'artifacts', {
  encryptionKey: key,
  bucketName: 'acme-fraud-scoring-models',
});
const repository = new ModelImageRepository(stack, 'fraud', {
  encryptionKey: key,
  repositoryName: 'fraud-scoring/fraud',
  protectedTags: ['v4.0.0', 'v4.1.0'],
});
// the library's alert topic: encrypted with the key, TLS only, CloudWatch alarms of the account publish;
// an existing on-call topic would do as well: AlertTopic.fromTopicArn(arn)
const alerts = new AlertTopic(stack, 'alerts', { encryptionKey: key, emails: ['fraud-oncall@example.com'] });

const endpoint = new SageMakerModelServing(stack, 'endpoint', {
  modelName: 'fraud',
  modelVersion: 'v4.0.0',
  artifacts: bucket,
  repository,
  encryptionKey: key,
  alertTopic: alerts,
  serving: {
    instanceType: 'ml.c5.xlarge',
    instances: { min: 2, max: 6 },
    variants: [
      { name: 'a', weight: 80 },
      { name: 'b', version: 'v4.1.0', weight: 20 },
    ],
    rollout: { strategy: 'linear', stepPercent: 25, waitSeconds: 300, maxExecutionTimeoutSeconds: 3600 },
    alarms: { p99LatencyMs: 150, errorRatePercent: 0.5 },
    dataCapture: { samplingPercent: 10 },
    environment: { SM_MODEL_SERVER_WORKERS: '4' },
  },
  logRetentionDays: 90,
});

new TerraformOutput(stack, 'endpoint-name', { value: endpoint.endpointName });
new TerraformOutput(stack, 'invoke-url', { value: endpoint.invokeUrl });

app.synth();

// The artifact bucket and an image repository on their own, in a plain TerraformStack: a build
// role may publish the model, a runtime role may only read and pull it.
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformOutput, TerraformStack } from 'cdktf';
import {
  EnvironmentKey,
  ModelArtifactBucket,
  ModelImageRepository,
  RoleTrusts,
  ServiceRole,
} from 'cdktf-model-serving';

const app = new App();
const stack = new TerraformStack(app, 'model-store');
new AwsProvider(stack, 'aws', { region: 'eu-central-1' });

const key = new EnvironmentKey(stack, 'key', { deletionWindowDays: 14 });
const bucket = new ModelArtifactBucket(stack, 'artifacts', {
  encryptionKey: key,
  bucketName: 'acme-model-store-artifacts',
  noncurrentVersionExpirationDays: 60,
  transition: { afterDays: 30 },
});
const repository = new ModelImageRepository(stack, 'churn', {
  encryptionKey: key,
  repositoryName: 'model-store/churn',
  keepReleaseImages: 20,
  protectedTags: ['v3.2.0'],
});

const publisher = new ServiceRole(stack, 'publisher', {
  assumedBy: RoleTrusts.service('codebuild.amazonaws.com'),
  description: 'Builds and publishes the churn model',
});
bucket.grantWrite(publisher, bucket.prefixFor('churn'));
repository.grantPush(publisher);

const runtime = new ServiceRole(stack, 'runtime', {
  assumedBy: RoleTrusts.service('sagemaker.amazonaws.com'),
  description: 'Serves the churn model',
});
bucket.grantRead(runtime, bucket.prefixFor('churn'));
repository.grantPull(runtime);

new TerraformOutput(stack, 'artifact-uri', { value: bucket.artifactUri('churn', 'v3.2.0') });
new TerraformOutput(stack, 'image-uri', { value: repository.imageUri('v3.2.0') });

app.synth();

// A consumer's tests of its own environment (see "Testing your stacks" in the README).
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { Testing } from 'cdktf';
// the matchers' types (toHaveResourceWithProperties, ...); jest.setup.ts registers them
import 'cdktf/lib/testing/adapters/jest';
import { ModelServingEnvironment, SpecValidationError, presets } from 'cdktf-model-serving';
import { addStaging } from './environment';

function synthStaging(): string {
  // `true`: run the constructs' validations, as `cdktf synth` does (the default skips them)
  return Testing.synth(addStaging(Testing.app()), true);
}

describe('the staging environment', () => {
  const synthesized = synthStaging();
  const json = JSON.parse(synthesized);

  it('keeps model artifacts in a bucket named after the project and environment', () => {
    expect(synthesized).toHaveResourceWithProperties(S3Bucket, { bucket: 'shop-ml-staging-models' });
  });

  it('serves churn from a SageMaker endpoint', () => {
    expect(synthesized).toHaveResourceWithProperties(SagemakerEndpoint, { name: 'shop-ml-staging-churn' });
  });

  it('deploys only into the allowed account, with state in the S3 backend', () => {
    expect(json.provider.aws[0].allowed_account_ids).toEqual(['111122223333']);
    expect(json.terraform.backend.s3).toMatchObject({
      bucket: 'shop-ml-terraform-state',
      use_lockfile: true,
    });
  });

  it('synthesizes the same JSON as last time (a changed snapshot is a reviewed infrastructure change)', () => {
    expect(json).toMatchSnapshot();
  });

  it('refuses a bad spec before anything is created, naming the field', () => {
    const build = () =>
      new ModelServingEnvironment(Testing.app(), 'staging', {
        ...presets.staging,
        project: 'Shop ML',
        region: 'eu-west-1',
      });
    expect(build).toThrow(SpecValidationError);
    expect(build).toThrow(/project/);
  });
});

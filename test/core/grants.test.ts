import { Testing } from 'cdktf';
import { Construct } from 'constructs';
import {
  AlertTopic,
  EnvironmentKey,
  type Grant,
  ModelArtifactBucket,
  ModelImageRepository,
  RoleTrusts,
  ServiceRole,
  SpecValidationError,
} from '../../src';
import { SagemakerModel } from '@cdktf/provider-aws/lib/sagemaker-model';
import { errorOf, plainStack } from '../helpers';

describe('Grant', () => {
  function setup() {
    const { stack } = plainStack();
    const scope = new Construct(stack, 'grants');
    const key = new EnvironmentKey(scope, 'key');
    const role = new ServiceRole(scope, 'role', { assumedBy: RoleTrusts.service('sagemaker.amazonaws.com') });
    const other = new ServiceRole(scope, 'other', { assumedBy: RoleTrusts.service('lambda.amazonaws.com') });
    return { stack, scope, key, role, other };
  }

  it("is what a bucket's grantRead returns: the S3 statements, then the key statement through S3", () => {
    const { scope, key, role } = setup();
    const bucket = new ModelArtifactBucket(scope, 'artifacts', {
      encryptionKey: key,
      bucketName: 'acme-models',
    });
    const grant = bucket.grantRead(role, 'models/fraud/');
    expect(grant.grantee).toBe(role);
    expect(grant.statements.map((s) => s.actions)).toEqual([
      ['s3:GetObject', 's3:GetObjectVersion'],
      ['s3:ListBucket'],
      ['kms:Decrypt'],
    ]);
    expect(grant.statements).toEqual(role.grantedStatements);
    expect(grant.dependables).toEqual([role.inlinePolicy]);
  });

  it("is what a repository's grantPull and the alert topic's grantPublish return", () => {
    const { scope, key, role } = setup();
    const repository = new ModelImageRepository(scope, 'image', {
      encryptionKey: key,
      repositoryName: 'acme/fraud',
    });
    expect(repository.grantPull(role).statements.map((s) => s.actions[0])).toEqual([
      'ecr:BatchGetImage',
      'ecr:GetAuthorizationToken',
    ]);
    const topic = new AlertTopic(scope, 'alerts', { encryptionKey: key });
    expect(topic.grantPublish(role).statements.map((s) => s.actions)).toEqual([
      ['sns:Publish'],
      ['kms:Decrypt', 'kms:GenerateDataKey'],
    ]);
  });

  it('makes a resource wait for the permissions with applyBefore (depends_on the inline policy)', () => {
    const { stack, scope, key, role } = setup();
    const bucket = new ModelArtifactBucket(scope, 'artifacts', {
      encryptionKey: key,
      bucketName: 'acme-models',
    });
    const model = new SagemakerModel(scope, 'model', {
      executionRoleArn: role.roleArn,
      primaryContainer: { image: 'example' },
    });
    bucket.grantRead(role).applyBefore(model);
    const json = JSON.parse(Testing.synth(stack));
    const dependsOn: string[] = Object.values<any>(json.resource.aws_sagemaker_model)[0].depends_on;
    const policyName = Object.keys(json.resource.aws_iam_role_policy).find((n) => n.includes('grants_role'));
    expect(dependsOn).toEqual([`aws_iam_role_policy.${policyName}`]);
  });

  it('applies twice without repeating a dependency, and keeps the ones a resource had', () => {
    const { scope, key, role } = setup();
    const repository = new ModelImageRepository(scope, 'image', {
      encryptionKey: key,
      repositoryName: 'acme/fraud',
    });
    const resource: { dependsOn?: string[] } = { dependsOn: ['aws_s3_bucket.other'] };
    const grant = repository.grantPull(role);
    grant.applyBefore(resource);
    grant.applyBefore(resource);
    expect(resource.dependsOn).toHaveLength(2);
    expect(resource.dependsOn?.[0]).toBe('aws_s3_bucket.other');
  });

  it('combines only grants to the same grantee', () => {
    const { scope, key, role, other } = setup();
    const repository = new ModelImageRepository(scope, 'image', {
      encryptionKey: key,
      repositoryName: 'acme/fraud',
    });
    const a: Grant = repository.grantPull(role);
    const b: Grant = repository.grantPull(other);
    expect(() => a.combine(b)).toThrow('Grant.combine: both grants must be to the same grantee');
  });
});

describe('AlertTopic.fromTopicArn', () => {
  it('imports an existing topic by its ARN', () => {
    expect(AlertTopic.fromTopicArn('arn:aws:sns:us-east-1:123456789012:ops-alerts').topicArn).toBe(
      'arn:aws:sns:us-east-1:123456789012:ops-alerts',
    );
  });

  it('refuses something that is not an SNS topic ARN, naming what is allowed', () => {
    const error = errorOf(() => AlertTopic.fromTopicArn('arn:aws:sqs:us-east-1:123456789012:queue'));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toContain(
      `topicArn: must be an SNS topic ARN such as 'arn:aws:sns:us-east-1:123456789012:alerts', got "arn:aws:sqs:us-east-1:123456789012:queue"`,
    );
  });
});

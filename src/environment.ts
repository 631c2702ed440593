import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Backend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import type { ResolvedEnvironmentSpec } from './config/schema';
import type { EnvironmentSpec } from './config/types';
import { validateEnvironmentSpec } from './config/validate';
import { AlertTopic } from './core/alert-topic';
import { EnvironmentKey } from './core/environment-key';
import { Naming } from './core/naming';

/** The value of the `ManagedBy` tag on every resource. */
export const MANAGED_BY = 'cdktf-model-serving';

/** The Terraform version the synthesized configuration needs (S3 lock files). */
export const REQUIRED_TERRAFORM_VERSION = '>= 1.10.0';

/** Props of `ModelServingEnvironment`: the environment spec. */
export interface ModelServingEnvironmentProps extends EnvironmentSpec {}

/**
 * One model-serving environment as a Terraform stack, composed from a validated spec: the AWS
 * provider with default tags, encrypted and locked remote state, the environment's KMS key and
 * alert topic, and everything the spec asks for.
 *
 * The spec is validated before anything is created; an invalid spec throws a
 * `SpecValidationError` that lists every problem.
 */
export class ModelServingEnvironment extends TerraformStack {
  /** The spec with every default applied. */
  public readonly spec: ResolvedEnvironmentSpec;
  /** The environment's name (the stack id). */
  public readonly environmentName: string;
  /** Names of the environment's resources: `<project>-<environment>-...`. */
  public readonly naming: Naming;
  /** The KMS key that encrypts the environment's data. */
  public readonly key: EnvironmentKey;
  /** The SNS topic every alarm notifies. */
  public readonly alerts: AlertTopic;

  constructor(scope: Construct, id: string, props: ModelServingEnvironmentProps) {
    // validate before the stack joins the app: an invalid spec leaves nothing behind
    const { spec } = validateEnvironmentSpec(id, props);
    super(scope, id);
    this.spec = spec;
    this.environmentName = id;
    this.naming = Naming.install(this, { project: spec.project, environment: id });

    new AwsProvider(this, 'aws', {
      region: spec.region,
      allowedAccountIds: spec.allowedAccountIds ? [...spec.allowedAccountIds] : undefined,
      defaultTags: [
        {
          tags: {
            ...spec.tags,
            Project: spec.project,
            Environment: id,
            ManagedBy: MANAGED_BY,
          },
        },
      ],
    });
    this.configureState();

    this.key = new EnvironmentKey(this, 'key', {
      deletionWindowDays: spec.keyDeletionWindowDays,
      protectFromDestroy: spec.protectFromDestroy,
    });
    this.alerts = new AlertTopic(this, 'alerts', { key: this.key, emails: spec.alerting.emails });

    new TerraformOutput(this, 'key-arn', {
      value: this.key.keyArn,
      description: 'ARN of the KMS key that encrypts the environment',
    });
    new TerraformOutput(this, 'alert-topic-arn', {
      value: this.alerts.topicArn,
      description: 'ARN of the SNS topic that receives every alarm',
    });
  }

  private configureState(): void {
    this.addOverride('terraform.required_version', REQUIRED_TERRAFORM_VERSION);
    const s3 = this.spec.backend?.s3;
    if (!s3) return; // local state: allowed only for unprotected, non-production environments
    new S3Backend(this, {
      bucket: s3.bucket,
      key: s3.key ?? `${this.spec.project}/${this.environmentName}/terraform.tfstate`,
      region: s3.region ?? this.spec.region,
      encrypt: true,
      kmsKeyId: s3.kmsKeyId,
      assumeRole: s3.roleArn ? { roleArn: s3.roleArn } : undefined,
    });
    // cdktf 0.21's S3Backend has no typed option for S3 lock files (Terraform >= 1.10)
    this.addOverride('terraform.backend.s3.use_lockfile', true);
  }
}

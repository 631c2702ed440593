import type { ITerraformDependable } from 'cdktf';
import { z } from 'zod';
import { intBetween, logRetentionDays, matching, modelName } from './validation/rules';
import type { IEncryptionKey, IGrantable } from './grants';

/**
 * Prop rules the constructs share for the objects they take: each object is checked by its shape,
 * so an imported bucket or repository passes like an owned one.
 */

export type PropShape = Record<string, unknown> | null | undefined;

export const modelNameProp = modelName;

export const encryptionKeyProp = z.custom<IEncryptionKey>(
  (k) => typeof (k as PropShape)?.keyArn === 'string' && typeof (k as PropShape)?.grantDecrypt === 'function',
  { error: 'must be an encryption key (IEncryptionKey)' },
);

/** Something Terraform can depend on (a resource, a data source, or a construct with an `fqn`). */
export const dependableProp = z.custom<ITerraformDependable>(
  (d) => typeof (d as PropShape)?.fqn === 'string',
  {
    error: 'must be something Terraform can depend on (ITerraformDependable)',
  },
);

export const grantableProp = z.custom<IGrantable>(
  (g) =>
    typeof (g as PropShape)?.roleArn === 'string' &&
    typeof (g as PropShape)?.addToPrincipalPolicy === 'function',
  { error: 'must be a role (IGrantable)' },
);

export const topicArnProp = matching(
  /^arn:aws(?:-cn|-us-gov)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
  "must be an SNS topic ARN such as 'arn:aws:sns:us-east-1:123456789012:alerts'",
);

/** Days CloudWatch keeps a log group's events: one of CloudWatch's values, a year by default. */
export const logRetentionProp = logRetentionDays.default(365);

/** Days access logs written to S3 are kept (1-3650), a year by default, as the log groups. */
export const logExpirationProp = intBetween(1, 3650, 'days').default(365);

/**
 * The one rule between `protectFromDestroy` and the flag that lets `terraform destroy` delete
 * data (`forceDestroy`, `forceDelete`): both cannot hold. `protect` defaults to true when absent.
 */
export function forceWhileProtected(
  ctx: z.RefinementCtx,
  protect: unknown,
  force: unknown,
  path: readonly PropertyKey[],
): void {
  if (protect !== false && force === true) {
    ctx.addIssue({
      code: 'custom',
      path: [...path],
      input: force,
      message: 'must be false while protectFromDestroy is true (set protectFromDestroy: false to allow it)',
    });
  }
}

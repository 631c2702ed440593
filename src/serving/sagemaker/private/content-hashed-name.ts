import { Fn } from 'cdktf';
import { NAME_LIMITS, type Naming } from '../../../core/naming';

/** Hex digits of the content hash at the end of a name. */
const HASH_DIGITS = 8;

/**
 * A SageMaker name that changes whenever `content` does, as Terraform resolves it:
 * `<prefix>-<parts>-<8 hex digits>`, the digits the start of `sha256(jsonencode(content))`
 * computed by Terraform at plan time.
 *
 * SageMaker models and endpoint configurations cannot be changed in place (the API has no update
 * for either; `aws_sagemaker_model` has no `name_prefix` in the 6.25.0 bindings of
 * @cdktf/provider-aws 21.22.1, and `name_prefix` on the configuration would change its name on
 * every replacement but hide the content from reviewers):
 * with a name that follows the content and `create_before_destroy`, a change creates a new one
 * next to the old, the endpoint moves to it, and only then is the old one deleted.
 *
 * The hash is Terraform's, over the resolved values, not the synthesizer's over the `${...}`
 * expressions: when a referenced resource is replaced (the security group, a subnet, the role),
 * its new ID is unknown at plan time, so is the name, and the replacement gets a new name instead
 * of colliding with the model it replaces (CreateModel refuses an existing name).
 */
export function contentHashedName(naming: Naming, parts: readonly string[], content: unknown): string {
  const head = naming.name(parts, NAME_LIMITS.sageMaker - HASH_DIGITS - 1);
  return `${head}-${Fn.substr(Fn.sha256(Fn.jsonencode(defined(content))), 0, HASH_DIGITS)}`;
}

/** `value` without its undefined fields (Terraform has no undefined). */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) {
    return value;
  }
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, defined(v)]),
  );
}

import { createHash } from 'node:crypto';
import { Lazy } from 'cdktf';
import { NAME_LIMITS, type Naming } from '../../../core/naming';

/** Hex digits of the content hash at the end of a name. */
const HASH_DIGITS = 8;

/**
 * A SageMaker name that changes whenever `content` does, as Terraform resolves it:
 * `<prefix>-<parts>-<8 hex digits>`, the digits computed by Terraform at plan time from a hash of
 * the content's fixed text (taken at synth) and the values of every reference in it.
 *
 * SageMaker models and endpoint configurations cannot be changed in place (the API has no update
 * for either; `aws_sagemaker_model` has no `name_prefix` in the 6.25.0 bindings of
 * @cdktf/provider-aws 21.22.1, and `name_prefix` on the configuration would change its name on
 * every replacement but hide the content from reviewers): with a name that follows the content
 * and `create_before_destroy`, a change creates a new one next to the old, the endpoint moves to
 * it, and only then is the old one deleted.
 *
 * The references are hashed by value, not as their `${...}` expressions: when a referenced
 * resource is replaced (the security group, a subnet), its new ID is unknown at plan time, so is
 * the name, and the replacement gets a new name instead of colliding with the model it replaces
 * (CreateModel refuses an existing name).
 */
export function contentHashedName(naming: Naming, parts: readonly string[], content: unknown): string {
  const head = naming.name(parts, NAME_LIMITS.sageMaker - HASH_DIGITS - 1);
  return Lazy.stringValue({
    produce: (context) => {
      const text = JSON.stringify(context.resolve(content));
      const references = referencesIn(text);
      // the fixed text with the references cut out, then each reference's value
      let fixed = text;
      for (const reference of references) fixed = fixed.split(`\${${reference}}`).join('${}');
      const digest = createHash('sha256').update(fixed).digest('hex');
      const values = [JSON.stringify(digest), ...references].join(', ');
      return `${head}-\${substr(sha256(jsonencode([${values}])), 0, ${HASH_DIGITS})}`;
    },
  });
}

/**
 * The Terraform expressions interpolated in `text` (the bodies of its `${...}`), each once, in
 * order of appearance; braces inside an expression are balanced.
 */
export function referencesIn(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf('${');
  while (at >= 0) {
    let depth = 1;
    let end = at + 2;
    while (end < text.length && depth > 0) {
      if (text[end] === '{') depth++;
      if (text[end] === '}') depth--;
      end++;
    }
    const body = text.slice(at + 2, end - 1);
    if (depth === 0 && !found.includes(body)) found.push(body);
    at = text.indexOf('${', end);
  }
  return found;
}

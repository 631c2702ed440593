import { createHash } from 'node:crypto';
import { Lazy } from 'cdktf';
import { NAME_LIMITS, type Naming } from '../../../core/naming';

/**
 * A SageMaker name that changes whenever `content` does: `<prefix>-<parts>-<8 hex digits>`, the
 * digits hashed from `content` as Terraform will receive it (references resolved to their
 * `${...}` expressions, so the hash is stable across synths and changes only with the content).
 *
 * SageMaker models and endpoint configurations cannot be changed in place: with a content-hashed
 * name and `create_before_destroy`, a change creates a new one next to the old, the endpoint moves
 * to it, and only then is the old one deleted.
 */
export function contentHashedName(naming: Naming, parts: readonly string[], content: unknown): string {
  return Lazy.stringValue({
    produce: (context) => {
      const hash = createHash('sha256')
        .update(JSON.stringify(context.resolve(content)))
        .digest('hex')
        .slice(0, 8);
      return naming.name([...parts, hash], NAME_LIMITS.sageMaker);
    },
  });
}

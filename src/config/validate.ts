import { environmentNameSchema, environmentSpecSchema, type ResolvedEnvironmentSpec } from './schema';
import type { EnvironmentSpec } from './types';
import { SpecValidationError, collectIssues, formatValue, type SpecIssue } from '../core/validation/issues';

/** A validated environment: its name and its spec with every default applied. */
export interface ValidatedEnvironment {
  /** The environment's name (the stack id), e.g. `production`. */
  readonly name: string;
  /** The spec with defaults applied. */
  readonly spec: ResolvedEnvironmentSpec;
}

/**
 * Validates an environment spec and applies its defaults. Every problem is reported at once in
 * one `SpecValidationError`; nothing is returned for an invalid spec.
 *
 * @param name the environment's name (the stack id): a lowercase DNS label of 2-12 characters
 * @param spec the environment spec
 */
export function validateEnvironmentSpec(name: string, spec: EnvironmentSpec): ValidatedEnvironment {
  const issues: SpecIssue[] = collectIssues(environmentNameSchema, name).issues.map((issue) => ({
    ...issue,
    path: 'environment (the stack id)',
  }));
  const parsed = collectIssues(environmentSpecSchema, spec);
  issues.push(...parsed.issues);

  // Remote state: the production environment and every protected one keep state in S3.
  // a spec that is not an object has that one problem
  const isObject = typeof spec === 'object' && spec !== null && !Array.isArray(spec);
  const given = isObject ? spec : ({} as Partial<EnvironmentSpec>);
  if (isObject && given.backend === undefined) {
    if (name === 'production') {
      issues.push({
        path: 'backend',
        message:
          "is required for the 'production' environment: its state must be remote, encrypted and locked (backend: { s3: { bucket } })",
        value: undefined,
      });
    } else if (given.protectFromDestroy !== false) {
      issues.push({
        path: 'backend',
        message:
          'is required when protectFromDestroy is true (the default): protected environments keep their state remotely (backend: { s3: { bucket } })',
        value: undefined,
      });
    }
  }

  if (issues.length > 0 || parsed.data === undefined) {
    const models = Array.isArray(given.models) ? (given.models as unknown[]) : [];
    issues.splice(
      0,
      issues.length,
      ...issues.map((issue) => ({ ...issue, path: withModelName(issue.path, models) })),
    );
    const subject = typeof name === 'string' ? `'${name}'` : formatValue(name);
    throw new SpecValidationError(`Invalid environment spec for ${subject}`, issues);
  }
  return { name, spec: parsed.data };
}

/**
 * `models[2] (fraud).serving.cpu` for `models[2].serving.cpu`: a path into a model names it, when
 * the model's name is a plausible one (the name's own problems are reported with its path).
 */
function withModelName(path: string, models: readonly unknown[]): string {
  if (/^models\[\d+\]\.name$/.test(path)) return path; // the name's own problem shows it
  return path.replace(/^models\[(\d+)\]/, (whole, index: string) => {
    const model = models[Number(index)];
    const name = typeof model === 'object' && model !== null ? (model as { name?: unknown }).name : undefined;
    return typeof name === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(name) ? `${whole} (${name})` : whole;
  });
}

import { environmentNameSchema, environmentSpecSchema, type ResolvedEnvironmentSpec } from './schema';
import type { EnvironmentSpec } from './types';
import { SpecValidationError, collectIssues, formatValue, type SpecIssue } from './validation';

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
  const given = typeof spec === 'object' && spec !== null ? spec : ({} as Partial<EnvironmentSpec>);
  if (given.backend === undefined) {
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
    const subject = typeof name === 'string' ? `'${name}'` : formatValue(name);
    throw new SpecValidationError(`Invalid environment spec for ${subject}`, issues);
  }
  return { name, spec: parsed.data };
}

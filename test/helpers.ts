import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { type App, Testing, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import {
  ModelServingEnvironment,
  SpecValidationError,
  presets,
  validateEnvironmentSpec,
  type EnvironmentSpec,
  type ModelServingEnvironmentProps,
  type SpecIssue,
} from '../src';

/** A synthesized block: its logical id, construct path (below the stack) and properties. */
export interface Block {
  readonly id: string;
  readonly path: string;
  readonly props: Record<string, any>;
}

type Section = Record<string, Record<string, Record<string, any>>>;

/**
 * The Terraform JSON of a stack, synthesized with construct validations on, with lookups by
 * resource type and construct path.
 */
export class Synthesized {
  /** Synthesizes `stack` (validations on: `Testing.synth` skips them by default). */
  public static of(stack: TerraformStack): Synthesized {
    return new Synthesized(Testing.synth(stack, true));
  }

  public readonly json: Record<string, any>;

  constructor(public readonly raw: string) {
    this.json = JSON.parse(raw);
  }

  /** Every resource of a type. */
  public resources(type: string): Block[] {
    return blocks(this.json.resource as Section | undefined, type);
  }

  /** Every data source of a type. */
  public dataSources(type: string): Block[] {
    return blocks(this.json.data as Section | undefined, type);
  }

  /** The one resource of `type` whose construct path ends with `pathSuffix`. */
  public resource(type: string, pathSuffix = ''): Record<string, any> {
    return only(this.resources(type), type, pathSuffix).props;
  }

  /** The one data source of `type` whose construct path ends with `pathSuffix`. */
  public dataSource(type: string, pathSuffix = ''): Record<string, any> {
    return only(this.dataSources(type), type, pathSuffix).props;
  }

  /**
   * The statements of a policy given by reference (`${data.aws_iam_policy_document.x.json}`), as
   * rendered for Terraform.
   */
  public policyStatements(reference: string): Array<Record<string, any>> {
    const match = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(reference);
    if (!match) throw new Error(`not a policy document reference: ${reference}`);
    const doc = this.json.data?.aws_iam_policy_document?.[match[1]];
    if (!doc) throw new Error(`no policy document ${match[1]}`);
    return doc.statement as Array<Record<string, any>>;
  }

  /** The statement with `sid` in the referenced policy. */
  public statement(reference: string, sid: string): Record<string, any> {
    const found = this.policyStatements(reference).find((s) => s.sid === sid);
    if (!found) throw new Error(`no statement ${sid} in ${reference}`);
    return found;
  }

  /** A `data.<type>.<id>.<attribute>` expression (without `${}`) for the data source at `pathSuffix`. */
  public dataRef(type: string, pathSuffix: string, attribute: string): string {
    const block = only(this.dataSources(type), type, pathSuffix);
    return `data.${type}.${block.id}.${attribute}`;
  }

  /** A `${type.id.attribute}` reference to the resource of `type` at `pathSuffix`. */
  public ref(type: string, pathSuffix: string, attribute: string): string {
    const block = only(this.resources(type), type, pathSuffix);
    return `\${${type}.${block.id}.${attribute}}`;
  }
}

function blocks(section: Section | undefined, type: string): Block[] {
  const entries = Object.entries(section?.[type] ?? {});
  // Testing.synth drops the construct-path metadata: rebuild the path from the logical id
  // (`alerts_topic-policy_722709C9` is the construct at `<stack>/alerts/topic-policy`; cdktf
  // drops a component that repeats the end of its parent's, so `<stack>/key/key` becomes
  // `key_F64E54E4` and `ebs-csi-role/role` becomes `ebs-csi-role`)
  return entries.map(([id, props]) => ({
    id,
    path: `/${id.replace(/_[0-9A-F]{8}$/, '').replace(/_/g, '/')}`,
    props,
  }));
}

function only(list: Block[], type: string, pathSuffix: string): Block {
  const suffix = pathSuffix && !pathSuffix.startsWith('/') ? `/${pathSuffix}` : pathSuffix;
  const matches = list.filter((b) => b.path.endsWith(suffix));
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} at '*${pathSuffix}', found ${matches.length}: ${list.map((b) => b.path).join(', ')}`,
    );
  }
  return matches[0];
}

/** A valid staging spec for tests; override fields per test. */
export function stagingSpec(
  overrides: Partial<ModelServingEnvironmentProps> = {},
): ModelServingEnvironmentProps {
  return { ...presets.staging, project: 'acme-ml', region: 'us-east-1', ...overrides };
}

/** A valid production spec for tests; override fields per test. */
export function productionSpec(
  overrides: Partial<ModelServingEnvironmentProps> = {},
): ModelServingEnvironmentProps {
  return {
    ...presets.production,
    project: 'acme-ml',
    region: 'us-east-1',
    backend: { s3: { bucket: 'acme-tf-state' } },
    ...overrides,
  };
}

/** Builds an environment in a fresh app and synthesizes it. */
export function synthEnvironment(
  name: string,
  spec: ModelServingEnvironmentProps,
): { stack: ModelServingEnvironment; out: Synthesized } {
  const stack = new ModelServingEnvironment(Testing.app(), name, spec);
  return { stack, out: Synthesized.of(stack) };
}

/** A plain stack with an AWS provider (no environment), for constructs used on their own. */
export function plainStack(id = 'test'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  new AwsProvider(stack, 'aws', { region: 'us-east-1' });
  return { app, stack };
}

/** Runs `build` in a plain stack and synthesizes it. */
export function synthScope(build: (scope: Construct) => void, id = 'test'): Synthesized {
  const { stack } = plainStack(id);
  build(stack);
  return Synthesized.of(stack);
}

/** The error `fn` throws (fails the test when it throws nothing). */
export function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, but nothing was thrown');
}

/**
 * Builds an environment from an invalid spec and returns the validation error, checking that it is
 * a `SpecValidationError` and that nothing was added to the app.
 */
export function rejectSpec(name: string, spec: unknown): SpecValidationError {
  const app = Testing.app();
  const error = errorOf(() => new ModelServingEnvironment(app, name, spec as EnvironmentSpec));
  expect(error).toBeInstanceOf(SpecValidationError);
  // validation runs before the stack joins the app: nothing exists to synthesize
  expect(app.node.children).toHaveLength(0);
  return error as SpecValidationError;
}

/** The problems validation reports for a staging spec with `overrides` (none for a valid one). */
export function stagingSpecIssues(overrides: object): readonly SpecIssue[] {
  try {
    validateEnvironmentSpec('staging', stagingSpec(overrides));
  } catch (error) {
    if (error instanceof SpecValidationError) return error.issues;
    throw error;
  }
  return [];
}

/**
 * A construct's resources and data sources for a focused snapshot: the `resource` and `data`
 * sections without cdktf's `//` metadata, so the snapshot shows only what Terraform receives.
 * With `under`, only the blocks of the construct at that id path below the stack (e.g. `fraud`),
 * not those of the collaborators a test builds around it.
 */
export function focused(out: Synthesized, under?: string): Record<string, unknown> {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .filter(([key]) => key !== '//')
        .map(([key, v]) => [key, strip(v)]),
    );
  };
  // a block's logical id starts with its construct path below the stack, joined with `_`
  const inside = (name: string): boolean =>
    under === undefined || name.startsWith(`${under.replace(/\//g, '_')}_`);
  const section = (blocks: Record<string, Record<string, unknown>> = {}) =>
    Object.fromEntries(
      Object.entries(blocks)
        .map(([type, byName]) => [
          type,
          Object.fromEntries(Object.entries(byName).filter(([name]) => inside(name))),
        ])
        .filter(([, byName]) => Object.keys(byName as object).length > 0),
    );
  return strip({ data: section(out.json.data), resource: section(out.json.resource) }) as Record<
    string,
    unknown
  >;
}

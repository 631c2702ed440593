import type { IConstruct } from 'constructs';
import type { z } from 'zod';
import { closest } from './suggest';

/** One problem found in a spec or in a construct's props. */
export interface SpecIssue {
  /** Where the problem is, e.g. `models[2].serving.replicas.min`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
  /** The value that was given (`undefined` when the field is missing). */
  readonly value: unknown;
}

/**
 * Thrown when a spec or a construct's props are invalid. The message lists every problem,
 * one per line, each with its path, what is allowed and the value given.
 */
export class SpecValidationError extends Error {
  /** Every problem found. */
  public readonly issues: readonly SpecIssue[];

  constructor(subject: string, issues: readonly SpecIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`${subject} (${count}):\n${issues.map((i) => `  - ${formatIssue(i)}`).join('\n')}`);
    this.name = 'SpecValidationError';
    this.issues = issues;
  }
}

/** `models[2].serving.replicas.min` from `['models', 2, 'serving', 'replicas', 'min']`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else if (typeof part === 'string' && /^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out || '(root)';
}

/**
 * A short rendering of a value for an error message: JSON where it can be, with the numbers JSON
 * cannot show (`NaN`, `Infinity`, `-Infinity`, `-0`) shown as such, a cycle as `[cycle]`, and
 * anything else (a function, a symbol, a big integer) by its kind. Never throws.
 */
export function formatValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = render(value, new Set(), 0);
  } catch {
    text = `[${typeof value}]`;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function render(value: unknown, seen: Set<object>, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}...` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return '[symbol]';
    case 'function':
      return '[function]';
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[cycle]';
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? '[invalid date]' : JSON.stringify(value);
  if (depth > 3) return Array.isArray(value) ? '[...]' : '{...}';
  seen.add(object);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value
      .slice(0, 30)
      .map((item) => render(item, seen, depth + 1))
      .join(',')}${value.length > 30 ? ',...' : ''}]`;
  } else {
    const keys = Object.keys(object);
    out = `{${keys
      .slice(0, 10)
      .map(
        (key) =>
          `${JSON.stringify(key)}:${render((object as Record<string, unknown>)[key], seen, depth + 1)}`,
      )
      .join(',')}${keys.length > 30 ? ',...' : ''}}`;
  }
  seen.delete(object);
  return out;
}

/** A control character or a line or paragraph separator. */
function isLineBreaking(c: string): boolean {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f || code === 0x2028 || code === 0x2029;
}

function formatIssue(issue: SpecIssue): string {
  const got = issue.value === undefined ? '' : `, got ${formatValue(issue.value)}`;
  // one line per problem: a control character in a message (from a value) is shown escaped
  const message = [...issue.message]
    .map((c) => (isLineBreaking(c) ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c))
    .join('');
  return `${issue.path}: ${message}${got}`;
}

const ARTICLES: Record<string, string> = {
  array: 'an array',
  object: 'an object',
  record: 'an object',
  string: 'a string',
  number: 'a number',
  boolean: 'true or false',
  int: 'a whole number',
};

const ALLOWED_FIELDS = '; allowed fields: ';

type SchemaDef = { _zod?: { def?: { type?: string; innerType?: unknown } } } | undefined;

/** Whether a field's schema refuses every value (`never`, optional or not): not an allowed field. */
function refused(schema: unknown): boolean {
  let def = (schema as SchemaDef)?._zod?.def;
  while (def?.type === 'optional') def = (def.innerType as SchemaDef)?._zod?.def;
  return def?.type === 'never';
}

/** Messages for zod's built-in checks, worded as "what is allowed". */
const messages: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) return 'must be a finite number';
      return `must be ${ARTICLES[issue.expected] ?? issue.expected}`;
    case 'too_small':
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string') return `must be at least ${String(issue.minimum)} characters long`;
      return `must be ${issue.inclusive ? '>=' : '>'} ${String(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'set')
        return `must have at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `must be at most ${String(issue.maximum)} characters long`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${String(issue.maximum)}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_union':
      if ('options' in issue && Array.isArray(issue.options))
        return `must be one of ${(issue.options as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
      return 'does not match any of the allowed forms';
    case 'unrecognized_keys': {
      const shape = (issue.inst as { _zod?: { def?: { shape?: Record<string, unknown> } } } | undefined)?._zod
        ?.def?.shape;
      const fields = shape ? Object.keys(shape).filter((key) => !refused(shape[key])) : [];
      const allowed = shape ? `${ALLOWED_FIELDS}${fields.join(', ')}` : '';
      return `is not a known field${allowed}`;
    }
    case 'invalid_format':
      return `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
};

type RawIssue = z.core.$ZodIssue & { input?: unknown };

function toSpecIssues(raw: readonly RawIssue[], base: readonly PropertyKey[] = []): SpecIssue[] {
  const out: SpecIssue[] = [];
  for (const issue of raw) {
    const path = [...base, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const allowed = issue.message.split(ALLOWED_FIELDS)[1]?.split(', ') ?? [];
      for (const key of issue.keys) {
        const input = issue.input as Record<string, unknown> | undefined;
        const suggestion = closest(key, allowed);
        const message =
          suggestion === undefined
            ? issue.message
            : issue.message.replace(ALLOWED_FIELDS, ` (did you mean \`${suggestion}\`?)${ALLOWED_FIELDS}`);
        out.push({ path: formatPath([...path, key]), message, value: input?.[key] });
      }
    } else if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
      // zod reports a bad discriminator with the whole object as input; show the field's value
      const input = issue.input as Record<string, unknown> | undefined;
      out.push({ path: formatPath(path), message: issue.message, value: input?.[issue.discriminator] });
    } else if (issue.code === 'invalid_key' || issue.code === 'invalid_element') {
      const nested = issue.issues as RawIssue[];
      const key = issue.code === 'invalid_key' ? issue.input : undefined;
      for (const inner of nested) {
        out.push({
          // zod already ends the path of a record key problem with the key
          path: formatPath(key !== undefined ? path : [...path, ...inner.path]),
          message: inner.message,
          value: key ?? inner.input,
        });
      }
    } else {
      out.push({ path: formatPath(path), message: issue.message, value: issue.input });
    }
  }
  return out;
}

/**
 * Drops the echoes of a problem: a repeated message on one path, and a complaint that a field is
 * missing where the field was given but refused (a rule across fields reads a refused value as
 * absent).
 */
function oneMessagePerCause(issues: readonly SpecIssue[]): SpecIssue[] {
  const given = new Set(issues.filter((i) => i.value !== undefined).map((i) => i.path));
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return issue.value !== undefined || !given.has(issue.path);
  });
}

/**
 * Parses `input` with `schema`, collecting every problem. The rules in `rules.ts` let
 * unresolved cdktf tokens through: a token is only known at apply time.
 */
export function collectIssues<S extends z.ZodType>(
  schema: S,
  input: unknown,
): { data?: z.output<S>; issues: SpecIssue[] } {
  const result = schema.safeParse(input, { reportInput: true, error: messages });
  if (result.success) return { data: result.data, issues: [] };
  return { issues: oneMessagePerCause(toSpecIssues(result.error.issues as RawIssue[])) };
}

/**
 * Validates a construct's props in its constructor; the error names the construct's path.
 * Returns the props with the schema's defaults applied.
 */
export function validateProps<S extends z.ZodType>(
  construct: IConstruct,
  schema: S,
  props: unknown,
): z.output<S> {
  const { data, issues } = collectIssues(schema, props);
  if (issues.length > 0) throw invalidProps(construct, issues);
  return data as z.output<S>;
}

/** The error for problems a construct finds beyond its schema (e.g. against its stack). */
export function invalidProps(construct: IConstruct, issues: readonly SpecIssue[]): SpecValidationError {
  return new SpecValidationError(`[${construct.node.path}] invalid props`, issues);
}

/** Whether every member of a union has exactly the keys of `P`. */
type KeysMatch<I, P> = I extends unknown
  ? [keyof I] extends [keyof P]
    ? [keyof P] extends [keyof I]
      ? true
      : false
    : false
  : never;

/**
 * Compile-time check that a construct's props schema and its props interface agree: whatever the
 * schema accepts is a value of the interface, and the schema knows every field the interface
 * documents (a strict schema refuses a field it lacks). Use as
 * `const agree: PropsAgree<z.input<typeof propsSchema>, XxxProps> = true;`.
 */
export type PropsAgree<Input, Props> = [Input] extends [Props]
  ? false extends KeysMatch<Input, Props>
    ? false
    : true
  : false;

/** A problem zod found, as a refinement sees it (`ctx.issues`). */
interface FoundIssue {
  readonly code?: string;
  readonly path?: readonly PropertyKey[];
}

/**
 * `value` as the rules across fields may read it: every value a shape check refused (reported
 * already) is removed, so a rule sees only values of the expected shape, or nothing. Only the
 * objects on the way to a refused value are copied; `undefined` when the value itself was refused.
 */
export function soundPart<T>(value: T, issues: readonly FoundIssue[]): T | undefined {
  let sound: unknown = value;
  for (const issue of issues) {
    // an unknown field is not read by any rule
    if (issue.code === 'unrecognized_keys') continue;
    sound = without(sound, issue.path ?? []);
    if (sound === undefined) return undefined;
  }
  return sound as T;
}

function without(node: unknown, path: readonly PropertyKey[]): unknown {
  if (path.length === 0) return undefined;
  if (typeof node !== 'object' || node === null) return node;
  const [head, ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(node, head)) return node;
  const copy = (Array.isArray(node) ? [...(node as unknown[])] : { ...node }) as Record<PropertyKey, unknown>;
  const inner = without(copy[head], rest);
  if (inner === undefined && !Array.isArray(copy)) delete copy[head];
  else copy[head] = inner;
  return copy;
}

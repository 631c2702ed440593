import fc from 'fast-check';
import { SpecValidationError, validateEnvironmentSpec } from '../../src';
import { production } from '../../stacks/production';
import { staging } from '../../stacks/staging';

/**
 * Property: whatever the input, validation either accepts it or throws a `SpecValidationError`
 * listing its problems; never a TypeError, RangeError or any other exception.
 */

const SPECS = [
  { name: 'staging', spec: staging },
  { name: 'production', spec: production },
] as const;

type Path = readonly (string | number)[];

/** Every path of a JSON-like value (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) pathsOf(item, [...prefix, key], out);
  return out;
}

/** A deep copy of `value` with the node at `path` replaced by `replacement`. */
function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = replaceAt(copy[head as number], rest, replacement);
    return copy;
  }
  const copy = { ...(value as Record<string, unknown>) };
  copy[head as string] = replaceAt(copy[head as string], rest, replacement);
  return copy;
}

function cyclic(): unknown {
  const node: Record<string, unknown> = { name: 'loop' };
  node.self = node;
  return node;
}

function reservedKeys(): unknown[] {
  const defined = {};
  Object.defineProperty(defined, '__proto__', { value: 'x', enumerable: true });
  return [
    JSON.parse('{"__proto__": "x"}'),
    JSON.parse('{"__proto__": {"polluted": true}}'),
    { constructor: 'x' },
    { prototype: 'x' },
    defined,
  ];
}

/** Values that break assumptions: wrong types, special numbers, huge strings, cycles. */
const hostile = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    undefined,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    -0,
    0,
    -1,
    1.5,
    2 ** 53,
    '',
    ' ',
    'x'.repeat(100_000),
    true,
    false,
    [],
    {},
    [null],
    [{}],
    [1, 'a', null],
    { kind: 'kubernetes' },
    { kind: 'sagemaker' },
    { kind: 'lambda' },
    Symbol('s'),
    () => 1,
    new Date(0),
    BigInt(1),
    Object.create(null),
  ),
  fc.constantFrom(...reservedKeys()),
  fc.constant(null).map(() => cyclic()),
  fc.jsonValue({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2, withNullPrototype: true, withBigInt: true, withDate: true }),
);

/** A repository spec with one to three nodes replaced by hostile values. */
const mutatedSpec = fc.constantFrom(...SPECS).chain(({ name, spec }) => {
  const paths = pathsOf(spec);
  return fc
    .array(fc.tuple(fc.constantFrom(...paths), hostile), { minLength: 1, maxLength: 3 })
    .map((edits) => ({
      name,
      spec: edits.reduce<unknown>((acc, [path, value]) => {
        try {
          return replaceAt(acc, path, value);
        } catch {
          return acc; // an earlier edit removed the path's parent
        }
      }, spec),
    }));
});

/** Runs validation; returns what was thrown that is not a SpecValidationError. */
function unexpectedFailure(name: unknown, spec: unknown): unknown {
  try {
    validateEnvironmentSpec(name as string, spec as never);
    return undefined;
  } catch (error) {
    return error instanceof SpecValidationError ? undefined : error;
  }
}

const counts = { mutated: 0, arbitrary: 0 };

describe('validation of any input', () => {
  it('reports a mutated repository spec with a SpecValidationError, never another exception', () => {
    fc.assert(
      fc.property(mutatedSpec, ({ name, spec }) => {
        counts.mutated += 1;
        const failure = unexpectedFailure(name, spec);
        if (failure !== undefined) throw failure;
      }),
      { numRuns: 1000, seed: 12 },
    );
  });

  it('reports arbitrary JSON and hostile values with a SpecValidationError', () => {
    fc.assert(
      fc.property(
        fc.oneof(hostile, fc.jsonValue({ maxDepth: 5 })),
        fc.oneof(fc.string(), hostile),
        (spec, name) => {
          counts.arbitrary += 1;
          const failure = unexpectedFailure(name, spec);
          if (failure !== undefined) throw failure;
        },
      ),
      { numRuns: 1000, seed: 12 },
    );
  });

  it('ran the cases it claims', () => {
    expect(counts).toEqual({ mutated: 1000, arbitrary: 1000 });
  });
});

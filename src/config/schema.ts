import type { z } from 'zod';
import { NAME_LENGTHS, dnsLabel } from '../core/validation/rules';
import { environmentRules } from './environment-rules';
import { environmentSpecShapeSchema, type modelSchema } from './spec-sections';
import type { EnvironmentSpec } from './types';

/**
 * The environment spec's schema: the shape of every section (`spec-sections.ts`, with the
 * defaults) and the rules across fields (`environment-rules.ts`, `capacity-rules.ts`).
 */
export const environmentSpecSchema = environmentSpecShapeSchema.superRefine(environmentRules, {
  when: () => true,
});

/** The environment spec with every default applied, as the constructs receive it. */
export type ResolvedEnvironmentSpec = z.output<typeof environmentSpecSchema>;
/** One model with defaults applied. */
export type ResolvedModelSpec = z.output<typeof modelSchema>;

/** Name of an environment (the stack's id). */
export const environmentNameSchema = dnsLabel(NAME_LENGTHS.environment.min, NAME_LENGTHS.environment.max);

// Compile-time guard: the schema accepts exactly the documented spec types (`types.ts`).
type DeepReadonly<T> =
  T extends ReadonlyArray<infer E>
    ? ReadonlyArray<DeepReadonly<E>>
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const schemaMatchesSpec: Same<DeepReadonly<z.input<typeof environmentSpecSchema>>, EnvironmentSpec> = true;
void schemaMatchesSpec;

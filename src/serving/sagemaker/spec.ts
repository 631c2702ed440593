/**
 * The SageMaker serving spec, beside the constructs that serve it: the documented interfaces
 * (`spec/types.ts`), the field schemas with their defaults (`spec/shape.ts`), resolution
 * (`spec/resolve.ts`), the rules across fields (`spec/rules.ts`) and the schemas (`spec/schema.ts`).
 */
export * from './spec/types';
export * from './spec/shape';
export * from './spec/resolve';
export * from './spec/rules';
export * from './spec/schema';

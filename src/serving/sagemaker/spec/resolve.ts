/** Resolution of the SageMaker settings: the variants with their defaults, the versions served. */
import { describeInstanceType } from './instances';
import type { SageMakerInstanceRange } from './types';
import { DEFAULT_INSTANCES, type ResolvedSageMakerServingSettings } from './shape';

type Settings = ResolvedSageMakerServingSettings;

/** A production variant with every default applied. */
export interface ResolvedSageMakerVariant {
  /** The variant's name. */
  readonly name: string;
  /** The version it serves. */
  readonly version: string;
  /** Its weight. */
  readonly weight: number;
  /** Its instance type (`undefined` for a serverless variant). */
  readonly instanceType?: string;
  /** Its instance counts (`undefined` for a serverless variant). */
  readonly instances?: Required<SageMakerInstanceRange>;
  /** Where its instance type and counts come from in the settings, for messages. */
  readonly paths: {
    /** Where the variant's instance type was set (its own field or the model's). */
    readonly instanceType: PropertyKey[];
    /** Where the variant's instance range was set (its own field or the model's). */
    readonly instances: PropertyKey[];
  };
}

/**
 * The production variants of `settings` with every default applied: the listed variants, or one
 * named `primary` serving `version`.
 */
export function sageMakerVariants(version: string, settings: Settings): ResolvedSageMakerVariant[] {
  const serverless = settings.serverless !== undefined;
  const listed = Array.isArray(settings.variants)
    ? settings.variants
    : [{ name: 'primary', weight: 1, version: undefined, instanceType: undefined, instances: undefined }];
  return listed.map((v, index) => {
    const base: PropertyKey[] = Array.isArray(settings.variants) ? ['variants', index] : [];
    const ownType = v?.instanceType !== undefined;
    const ownInstances = v?.instances !== undefined;
    const range = (ownInstances ? v.instances : settings.instances) ?? DEFAULT_INSTANCES;
    return {
      name: v?.name,
      version: v?.version ?? version,
      weight: v?.weight,
      instanceType: serverless ? undefined : ownType ? v.instanceType : settings.instanceType,
      instances: serverless
        ? undefined
        : {
            min: range.min,
            max: range.max,
            initial: range.initial ?? (typeof range.min === 'number' ? Math.max(range.min, 1) : range.min),
          },
      paths: {
        instanceType: ownType ? [...base, 'instanceType'] : ['instanceType'],
        instances: ownInstances ? [...base, 'instances'] : ['instances'],
      },
    };
  });
}

/** The settings of a SageMaker serving spec: the spec without its `kind`. */
export function sageMakerSettings<T extends { readonly kind: 'sagemaker' }>(spec: T): Omit<T, 'kind'> {
  const settings: { kind?: unknown } = { ...spec };
  delete settings.kind;
  return settings as Omit<T, 'kind'>;
}

/** Every version an endpoint serves: its variants' and its shadow's, each once. */
export function sageMakerVersions(version: string, settings: Settings): string[] {
  const versions = sageMakerVariants(version, settings).map((v) => v.version);
  if (settings.shadow) versions.push(settings.shadow.version);
  return [...new Set(versions)];
}

/** Whether a variant's instance count is managed by Application Auto Scaling. */
export function autoScales(variant: ResolvedSageMakerVariant, settings: Settings): boolean {
  const instances = variant.instances;
  if (!instances) return false;
  return instances.max > instances.min || (settings.scheduledActions?.length ?? 0) > 0;
}

/** GPUs on one instance of a variant: 0 for a type without GPUs (or unknown), and for a serverless variant. */
export function variantGpus(variant: Pick<ResolvedSageMakerVariant, 'instanceType'>): number {
  return variant.instanceType ? (describeInstanceType(variant.instanceType)?.gpus ?? 0) : 0;
}

import { createHash } from 'node:crypto';
import { TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';

/** Length limits of AWS names the library derives. */
export const NAME_LIMITS = {
  s3Bucket: 63,
  iamRole: 64,
  iamPolicy: 128,
  lambdaFunction: 64,
  sageMaker: 63,
  albName: 32,
  albTargetGroup: 32,
  ecrRepository: 256,
  eksCluster: 100,
  eksNodeGroup: 63,
  snsTopic: 256,
  kmsAlias: 256,
  logGroup: 512,
  cloudWatchAlarm: 255,
  kubernetes: 63,
} as const;

const CONTEXT_KEY = 'cdktf-model-serving:naming';

/** Length of the hash suffix that marks a shortened name. */
const HASH_LENGTH = 8;

/**
 * Shortens `name` to `maxLength` by cutting it and appending a stable 8-character hash of the
 * whole name, so two long names that share a prefix stay distinct. Names within the limit are
 * returned unchanged.
 */
export function truncateWithHash(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  if (maxLength < HASH_LENGTH + 2) throw new Error(`maxLength ${maxLength} is too short for a hashed name`);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, HASH_LENGTH);
  const head = name.slice(0, maxLength - HASH_LENGTH - 1).replace(/[-_./]+$/, '');
  return `${head}-${hash}`;
}

/** What a naming scheme is made from. */
export interface NamingProps {
  /** The project name. */
  readonly project: string;
  /** The environment name. */
  readonly environment: string;
}

/**
 * Deterministic names: `<project>-<environment>-<component...>`, shortened with a stable hash
 * when over a service's limit.
 *
 * A `ModelServingEnvironment` installs its naming on its construct tree; constructs used on
 * their own in another stack name their resources after that stack (see `Naming.of`).
 */
export class Naming {
  /**
   * Installs a naming scheme on `scope`: every construct below it names its resources with it.
   * Call before adding children to `scope`.
   */
  public static install(scope: IConstruct, props: NamingProps): Naming {
    scope.node.setContext(CONTEXT_KEY, { project: props.project, environment: props.environment });
    return new Naming(`${props.project}-${props.environment}`);
  }

  /**
   * The naming scheme in effect at `scope`: the one installed by the nearest
   * `ModelServingEnvironment` (or `Naming.install`) above it, else one prefixed with the
   * stack's name turned into a DNS label.
   */
  public static of(scope: IConstruct): Naming {
    const props = scope.node.tryGetContext(CONTEXT_KEY) as NamingProps | undefined;
    if (props) return new Naming(`${props.project}-${props.environment}`);
    const stackName = TerraformStack.of(scope).node.id;
    const label =
      stackName
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-')
        .replace(/-+/g, '-')
        .replace(/^[^a-z]+|-+$/g, '') || 'stack';
    return new Naming(truncateWithHash(label, 29));
  }

  /** @param prefix every name starts with it, e.g. `acme-ml-production` */
  constructor(public readonly prefix: string) {}

  /**
   * `<prefix>-<parts joined by '-'>`, shortened to `maxLength` with a stable hash.
   * @param parts the component parts, e.g. `['fraud', 'sagemaker']`
   * @param maxLength the service's limit (see `NAME_LIMITS`)
   */
  public name(parts: string | readonly string[], maxLength: number): string {
    const list = typeof parts === 'string' ? [parts] : parts;
    return truncateWithHash([this.prefix, ...list].filter((p) => p.length > 0).join('-'), maxLength);
  }
}

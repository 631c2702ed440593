import type { ITerraformDependable } from 'cdktf';
import type { PolicyStatement } from '../../../core/policy';
import type { IModelImageRepository } from '../../../registry/model-image-repository';

/**
 * A repository whose policy this stack owns (a `ModelImageRepository`): statements can be added
 * to it, and what holds them can be waited for. An imported repository has no such methods.
 */
export interface RepositoryWithOwnPolicy extends IModelImageRepository {
  /** Adds statements to the repository policy. */
  addToResourcePolicy(...statements: PolicyStatement[]): void;
  /** The repository policy resource, once a statement is added. */
  readonly repositoryPolicy?: ITerraformDependable;
}

/** Whether the stack owns the repository's policy (it can take statements), by what it offers. */
export function ownsRepositoryPolicy(
  repository: IModelImageRepository,
): repository is RepositoryWithOwnPolicy {
  return typeof (repository as Partial<RepositoryWithOwnPolicy>).addToResourcePolicy === 'function';
}

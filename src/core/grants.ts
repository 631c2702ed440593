import { type ITerraformDependable, dependable } from 'cdktf';
import type { PolicyStatement } from './policy';

/**
 * Something that can be granted permissions: an IAM role owned by the library or an existing
 * one. `grant*` methods of buckets, repositories and keys add their statements through it, so
 * callers never write IAM JSON.
 */
export interface IGrantable {
  /** The role's ARN. */
  readonly roleArn: string;
  /** The role's name. */
  readonly roleName: string;
  /**
   * Adds statements to the role's identity policy (identical statements are kept once) and
   * returns the resource that holds them, when the role owns one.
   */
  addToPrincipalPolicy(...statements: PolicyStatement[]): ITerraformDependable | void;
}

/** Options of a key grant. */
export interface KeyGrantOptions {
  /**
   * Allow the key only in requests made through this AWS service in the key's region
   * (`kms:ViaService`), e.g. `s3`.
   * @default - any caller path
   */
  readonly viaService?: string;
}

/** A KMS key other resources encrypt with. */
export interface IEncryptionKey {
  /** The key's ARN. */
  readonly keyArn: string;
  /** Lets the grantee decrypt data encrypted with the key (`kms:Decrypt`). */
  grantDecrypt(grantee: IGrantable, options?: KeyGrantOptions): Grant;
  /** Lets the grantee encrypt and decrypt (`kms:Decrypt`, `kms:GenerateDataKey`). */
  grantEncryptDecrypt(grantee: IGrantable, options?: KeyGrantOptions): Grant;
}

/**
 * Permissions given to a grantee by a `grant*` method: the statements added to its identity
 * policy (with the key statements that came along), and what holds them, so a caller can make a
 * resource wait until the permissions exist (`applyBefore`), as `Grant` does in aws-cdk-lib.
 */
export class Grant {
  /**
   * Adds the statements to the grantee's identity policy and returns the grant; `combine` adds
   * the grants that come along (for example the key grant of a bucket grant).
   */
  public static addToPrincipal(grantee: IGrantable, statements: readonly PolicyStatement[]): Grant {
    const holder = grantee.addToPrincipalPolicy(...statements);
    return new Grant(grantee, statements, holder ? [holder] : []);
  }

  private constructor(
    /** The role that received the permissions. */
    public readonly grantee: IGrantable,
    /** Every statement the grant added, in order. */
    public readonly statements: readonly PolicyStatement[],
    /** The resources that hold the statements (the grantee's inline policy, when it owns one). */
    public readonly dependables: readonly ITerraformDependable[],
  ) {}

  /** This grant and another one to the same grantee, as one. */
  public combine(other: Grant): Grant {
    if (other.grantee !== this.grantee) {
      throw new Error('Grant.combine: both grants must be to the same grantee');
    }
    const dependables = [...this.dependables];
    for (const d of other.dependables) if (!dependables.includes(d)) dependables.push(d);
    return new Grant(this.grantee, [...this.statements, ...other.statements], dependables);
  }

  /**
   * Makes each resource wait for the permissions (`depends_on` on what holds the statements), for
   * a resource that AWS checks against the grantee's permissions when it is created.
   */
  public applyBefore(...resources: readonly { dependsOn?: string[] }[]): void {
    for (const resource of resources) {
      const dependsOn = [...(resource.dependsOn ?? [])];
      for (const d of this.dependables) {
        const token = dependencyOf(d);
        if (!dependsOn.includes(token)) dependsOn.push(token);
      }
      resource.dependsOn = dependsOn;
    }
  }
}

/** One `depends_on` entry per dependable, so a second `applyBefore` finds the first one's. */
const dependencies = new WeakMap<ITerraformDependable, string>();
function dependencyOf(d: ITerraformDependable): string {
  let token = dependencies.get(d);
  if (token === undefined) {
    token = dependable(d);
    dependencies.set(d, token);
  }
  return token;
}

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
  /** Adds statements to the role's identity policy (identical statements are kept once). */
  addToPrincipalPolicy(...statements: PolicyStatement[]): void;
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
  grantDecrypt(grantee: IGrantable, options?: KeyGrantOptions): void;
  /** Lets the grantee encrypt and decrypt (`kms:Decrypt`, `kms:GenerateDataKey`). */
  grantEncryptDecrypt(grantee: IGrantable, options?: KeyGrantOptions): void;
}

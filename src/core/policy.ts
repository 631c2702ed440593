import { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document';
import { Lazy } from 'cdktf';
import type { Construct } from 'constructs';

/** A condition of a policy statement, e.g. `{ test: 'Bool', variable: 'aws:SecureTransport', values: ['false'] }`. */
export interface PolicyCondition {
  /** The condition operator, e.g. `StringEquals`. */
  readonly test: string;
  /** The context key, e.g. `aws:SourceAccount`. */
  readonly variable: string;
  /** The values compared with the key. */
  readonly values: readonly string[];
}

/** A principal of a resource policy statement. */
export interface PolicyPrincipal {
  /** `AWS`, `Service`, `Federated` or `*`. */
  readonly type: 'AWS' | 'Service' | 'Federated' | '*';
  /** ARNs, service principals or `*`. */
  readonly identifiers: readonly string[];
}

/** One IAM policy statement. */
export interface PolicyStatement {
  /** Statement ID: letters and digits only. */
  readonly sid?: string;
  /** @default 'Allow' */
  readonly effect?: 'Allow' | 'Deny';
  /** The actions allowed or denied. */
  readonly actions: readonly string[];
  /** The resources the actions apply to. */
  readonly resources?: readonly string[];
  /** Principals, for resource policies only. */
  readonly principals?: readonly PolicyPrincipal[];
  /** Conditions, all of which must hold. */
  readonly conditions?: readonly PolicyCondition[];
}

function render(statement: PolicyStatement): Record<string, unknown> {
  return {
    sid: statement.sid,
    effect: statement.effect ?? 'Allow',
    actions: [...statement.actions],
    resources: statement.resources ? [...statement.resources] : undefined,
    principals: statement.principals?.map((p) => ({ type: p.type, identifiers: [...p.identifiers] })),
    condition: statement.conditions?.map((c) => ({
      test: c.test,
      variable: c.variable,
      values: [...c.values],
    })),
  };
}

/**
 * An IAM policy document (`aws_iam_policy_document`, evaluated by Terraform without calling
 * AWS) whose statements may still be added after it is created: `json` renders them all.
 */
export class PolicyDocument {
  private readonly statements: PolicyStatement[];
  private readonly data: DataAwsIamPolicyDocument;

  constructor(scope: Construct, id: string, statements: readonly PolicyStatement[] = []) {
    this.statements = [...statements];
    this.data = new DataAwsIamPolicyDocument(scope, id, {
      statement: Lazy.anyValue({ produce: () => this.statements.map(render) }),
    });
  }

  /** Adds a statement. */
  public addStatements(...statements: PolicyStatement[]): void {
    this.statements.push(...statements);
  }

  /** The rendered policy JSON (a token). */
  public get json(): string {
    return this.data.json;
  }
}

import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { IamRolePolicyAttachment } from '@cdktf/provider-aws/lib/iam-role-policy-attachment';
import { Construct } from 'constructs';
import { z } from 'zod';
import { iamPolicyArn, matching } from './validation/rules';
import { type PropsAgree, validateProps } from './validation/issues';
import type { IGrantable } from './grants';
import { NAME_LIMITS, Naming } from './naming';
import { PolicyDocument, type PolicyCondition, type PolicyPrincipal, type PolicyStatement } from './policy';

/** Who may assume a role, and on which conditions. */
export interface RoleTrust {
  /** The principal. */
  readonly principal: PolicyPrincipal;
  /** @default ['sts:AssumeRole'] */
  readonly actions?: readonly string[];
  /** Conditions on the assumption (for example the federated subject). */
  readonly conditions?: readonly PolicyCondition[];
}

/** Common role trusts. */
export const RoleTrusts = {
  /** An AWS service, e.g. `sagemaker.amazonaws.com`; conditions guard against confused deputies. */
  service(servicePrincipal: string, conditions: readonly PolicyCondition[] = []): RoleTrust {
    return { principal: { type: 'Service', identifiers: [servicePrincipal] }, conditions };
  },
  /** Pods of an EKS cluster through EKS Pod Identity (`pods.eks.amazonaws.com`). */
  eksPodIdentity(): RoleTrust {
    return {
      principal: { type: 'Service', identifiers: ['pods.eks.amazonaws.com'] },
      actions: ['sts:AssumeRole', 'sts:TagSession'],
    };
  },
  /** A web identity (IRSA): the OIDC provider's ARN and the conditions on its claims. */
  webIdentity(providerArn: string, conditions: readonly PolicyCondition[]): RoleTrust {
    return {
      principal: { type: 'Federated', identifiers: [providerArn] },
      actions: ['sts:AssumeRoleWithWebIdentity'],
      conditions,
    };
  },
};

/** Props of `ServiceRole`. */
export interface ServiceRoleProps {
  /** Who may assume the role. */
  readonly assumedBy: RoleTrust;
  /**
   * Name of the role, 1-64 characters.
   * @default - `<project>-<environment>-<component>`
   */
  readonly roleName?: string;
  /** Component part of the default name, e.g. `fraud-sagemaker`. @default - the construct id */
  readonly component?: string;
  /** What the role is for. @default - none */
  readonly description?: string;
  /**
   * AWS-managed policies to attach (only where a service requires them, e.g. EKS).
   * @default - none
   */
  readonly managedPolicyArns?: readonly string[];
  /**
   * Permissions boundary every role must carry in some organisations.
   * @default - none
   */
  readonly permissionsBoundaryArn?: string;
}

const propsSchema = z.strictObject({
  assumedBy: z.custom<RoleTrust>((t) => typeof (t as RoleTrust | undefined)?.principal === 'object', {
    error: 'must be a RoleTrust (see RoleTrusts)',
  }),
  roleName: matching(
    /^[\w+=,.@-]{1,64}$/,
    'must be 1-64 characters of A-Z a-z 0-9 and + = , . @ _ -',
  ).optional(),
  component: z.string().optional(),
  description: z.string().max(1000).optional(),
  managedPolicyArns: z.array(iamPolicyArn).max(20).default([]),
  permissionsBoundaryArn: iamPolicyArn.optional(),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, ServiceRoleProps> = true;
void propsAgree;

/**
 * An IAM role assumed by one service or workload, with one inline policy that collects every
 * statement granted to it. Grants come from the resources (`bucket.grantRead(role)`), never
 * from hand-written JSON; the inline policy exists once the first statement is granted.
 */
export class ServiceRole extends Construct implements IGrantable {
  /** The role resource. */
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;
  private readonly statements = new Map<string, PolicyStatement>();
  private readonly attachments: IamRolePolicyAttachment[] = [];
  private permissions?: PolicyDocument;
  private inline?: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ServiceRoleProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const trust = new PolicyDocument(this, 'trust', [
      {
        actions: [...(p.assumedBy.actions ?? ['sts:AssumeRole'])],
        principals: [p.assumedBy.principal],
        conditions: p.assumedBy.conditions?.length ? p.assumedBy.conditions : undefined,
      },
    ]);
    this.role = new IamRole(this, 'role', {
      name: p.roleName ?? Naming.of(this).name(p.component ?? id, NAME_LIMITS.iamRole),
      description: p.description,
      assumeRolePolicy: trust.json,
      permissionsBoundary: p.permissionsBoundaryArn,
    });
    this.roleArn = this.role.arn;
    this.roleName = this.role.name;
    p.managedPolicyArns.forEach((arn) => this.attachManagedPolicy(arn));
  }

  public addToPrincipalPolicy(...statements: PolicyStatement[]): IamRolePolicy | undefined {
    for (const statement of statements) {
      const key = JSON.stringify(statement);
      if (this.statements.has(key)) continue;
      this.statements.set(key, statement);
      this.policy().addStatements(statement);
    }
    return this.inline;
  }

  /**
   * Attaches an AWS-managed policy (only where a service requires its own, e.g. EKS); one
   * attachment resource per policy, keyed by the policy's name.
   */
  public attachManagedPolicy(policyArn: string): IamRolePolicyAttachment {
    const attachment = new IamRolePolicyAttachment(this, `managed-${policyArn.split('/').pop()}`, {
      role: this.role.name,
      policyArn,
    });
    this.attachments.push(attachment);
    return attachment;
  }

  /**
   * The managed policy attachments so far, in the order they were attached: what uses the role
   * must wait for them as it waits for the inline policy.
   */
  public get managedPolicyAttachments(): readonly IamRolePolicyAttachment[] {
    return [...this.attachments];
  }

  /**
   * The inline policy holding the granted statements (once something is granted): resources
   * that AWS checks against the role's permissions when they are created (a SageMaker model, a
   * Lambda function) depend on it.
   */
  public get inlinePolicy(): IamRolePolicy | undefined {
    return this.inline;
  }

  /** The statements granted so far. */
  public get grantedStatements(): readonly PolicyStatement[] {
    return [...this.statements.values()];
  }

  private policy(): PolicyDocument {
    if (!this.permissions) {
      this.permissions = new PolicyDocument(this, 'permissions');
      this.inline = new IamRolePolicy(this, 'inline-policy', {
        name: 'permissions',
        role: this.role.name,
        policy: this.permissions.json,
      });
    }
    return this.permissions;
  }
}

import { LambdaFunctionUrl } from '@cdktf/provider-aws/lib/lambda-function-url';
import { Construct } from 'constructs';
import { z } from 'zod';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { Grant, type IGrantable } from '../../core/grants';
import type { LambdaInferenceFunction } from './lambda-inference-function';
import { inferenceTargetProp } from './private/target-prop';

/** Props of `InferenceFunctionUrl`. */
export interface InferenceFunctionUrlProps {
  /** The function whose `live` alias the URL invokes. */
  readonly target: LambdaInferenceFunction;
  /**
   * `prevent_destroy` on the function URL (the URL callers use): Terraform refuses a plan that would destroy or replace it.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
}

const propsSchema = z.strictObject({
  target: inferenceTargetProp,
  protectFromDestroy: z.boolean().default(true),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, InferenceFunctionUrlProps> = true;
void propsAgree;

/**
 * A Lambda function URL on the `live` alias with `AWS_IAM` authorization: callers sign with
 * SigV4 and need `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction` on the alias
 * (`grantInvoke`). There is no anonymous form. A function URL has no throttling of its own:
 * the function's reserved concurrency limits it. Requests may run up to the function's timeout.
 */
export class InferenceFunctionUrl extends Construct {
  /** The function URL resource. */
  public readonly functionUrl: LambdaFunctionUrl;
  /** `https://<url id>.lambda-url.<region>.on.aws/`. */
  public readonly url: string;
  private readonly target: LambdaInferenceFunction;

  constructor(scope: Construct, id: string, props: InferenceFunctionUrlProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    this.target = p.target;
    this.functionUrl = new LambdaFunctionUrl(this, 'url', {
      functionName: p.target.function.functionName,
      qualifier: p.target.alias.name,
      authorizationType: 'AWS_IAM',
      invokeMode: 'BUFFERED',
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });
    this.url = this.functionUrl.functionUrl;
  }

  /**
   * Lets the grantee call the URL: `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`
   * (both required for function URLs created since October 2025) on the `live` alias; returns
   * the grant (its statements, and what holds them for `applyBefore`).
   */
  public grantInvoke(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [
      { actions: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], resources: [this.target.aliasArn] },
    ]);
  }
}

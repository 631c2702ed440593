import { InferenceFunctionUrl, RoleTrusts, ServiceRole, SpecValidationError } from '../../../src';
import { errorOf, plainStack, synthScope } from '../../helpers';
import { inferenceFunction } from './fixtures';

describe('InferenceFunctionUrl', () => {
  const out = synthScope((scope) => {
    const url = new InferenceFunctionUrl(scope, 'url', { target: inferenceFunction(scope) });
    url.grantInvoke(
      new ServiceRole(scope, 'caller', { assumedBy: RoleTrusts.service('ecs-tasks.amazonaws.com') }),
    );
  });

  it('is on the live alias with AWS_IAM authorization (there is no anonymous form)', () => {
    expect(out.resource('aws_lambda_function_url')).toEqual({
      function_name: out.ref('aws_lambda_function', '/inference/function', 'function_name'),
      qualifier: out.ref('aws_lambda_alias', 'inference/alias', 'name'),
      authorization_type: 'AWS_IAM',
      invoke_mode: 'BUFFERED',
      lifecycle: { prevent_destroy: true },
    });
    expect(out.resources('aws_lambda_permission')).toHaveLength(0);
  });

  it('is protected from destroy unless told otherwise (the URL is what callers use)', () => {
    const unprotected = synthScope((scope) => {
      new InferenceFunctionUrl(scope, 'url', { target: inferenceFunction(scope), protectFromDestroy: false });
    });
    expect(unprotected.resource('aws_lambda_function_url').lifecycle).toBeUndefined();
  });

  it('grants callers both actions a function URL needs, on the alias only', () => {
    expect(out.policyStatements(out.resource('aws_iam_role_policy', 'caller/inline-policy').policy)).toEqual([
      {
        effect: 'Allow',
        actions: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'],
        resources: [out.ref('aws_lambda_alias', 'inference/alias', 'arn')],
      },
    ]);
  });

  it("returns the invoke grant: its statement, held by the caller role's inline policy", () => {
    const { stack } = plainStack();
    const target = inferenceFunction(stack);
    const url = new InferenceFunctionUrl(stack, 'url', { target });
    const caller = new ServiceRole(stack, 'caller', {
      assumedBy: RoleTrusts.service('ecs-tasks.amazonaws.com'),
    });
    const grant = url.grantInvoke(caller);
    expect(grant.grantee).toBe(caller);
    expect(grant.statements).toEqual([
      { actions: ['lambda:InvokeFunctionUrl', 'lambda:InvokeFunction'], resources: [target.aliasArn] },
    ]);
    expect(grant.dependables).toEqual([caller.inlinePolicy]);
  });

  it('rejects a target that is not a LambdaInferenceFunction', () => {
    const { stack } = plainStack();
    const error = errorOf(() => new InferenceFunctionUrl(stack, 'url', { target: {} as never }));
    expect(error).toBeInstanceOf(SpecValidationError);
    expect(error.message).toBe(
      '[test/url] invalid props (1 problem):\n  - target: must be a LambdaInferenceFunction, got {}',
    );
  });
});

import {
  InferenceHttpApi,
  RoleTrusts,
  ServiceRole,
  SpecValidationError,
  type InferenceHttpApiProps,
} from '../../../src';
import { type Synthesized, errorOf, plainStack, synthScope } from '../../helpers';
import { lambdaModel } from './fixtures';

function synthApi(props: Partial<InferenceHttpApiProps> = {}): Synthesized {
  return synthScope((scope) => {
    const { target, encryptionKey } = lambdaModel(scope);
    new InferenceHttpApi(scope, 'api', { target, encryptionKey, ...props });
  });
}

describe('InferenceHttpApi', () => {
  const out = synthApi();
  const API = (attribute: string) => out.ref('aws_apigatewayv2_api', 'api', attribute);
  const route = out.resource('aws_apigatewayv2_route');
  const stage = out.resource('aws_apigatewayv2_stage');

  it('is an HTTP API named after the model', () => {
    expect(out.resource('aws_apigatewayv2_api')).toEqual({
      name: 'test-sentiment',
      protocol_type: 'HTTP',
      description: 'Inference for the sentiment model',
      lifecycle: { prevent_destroy: true },
    });
  });

  it('is protected from destroy unless told otherwise (its ID is in the URL callers use)', () => {
    expect(
      synthApi({ protectFromDestroy: false }).resource('aws_apigatewayv2_api').lifecycle,
    ).toBeUndefined();
  });

  it('sends POST /predict to the live alias with the 30 s integration timeout', () => {
    expect(out.resource('aws_apigatewayv2_integration')).toEqual({
      api_id: API('id'),
      integration_type: 'AWS_PROXY',
      integration_method: 'POST',
      integration_uri: out.ref('aws_lambda_alias', 'inference/alias', 'arn'),
      payload_format_version: '2.0',
      timeout_milliseconds: 30000,
    });
    expect(route).toMatchObject({
      route_key: 'POST /predict',
      target: `integrations/${out.ref('aws_apigatewayv2_integration', 'api/integration', 'id')}`,
    });
  });

  it('authorizes the route with IAM by default', () => {
    expect(route.authorization_type).toBe('AWS_IAM');
    expect(route.authorizer_id).toBeUndefined();
    expect(out.resources('aws_apigatewayv2_authorizer')).toHaveLength(0);
  });

  it('throttles the stage and logs every request to a log group encrypted with the key', () => {
    expect(stage).toMatchObject({
      api_id: API('id'),
      name: '$default',
      auto_deploy: true,
      default_route_settings: {
        throttling_rate_limit: 100,
        throttling_burst_limit: 200,
        detailed_metrics_enabled: true,
      },
      access_log_settings: {
        destination_arn: out.ref('aws_cloudwatch_log_group', 'api/access-logs/log-group', 'arn'),
      },
    });
    expect(JSON.parse(stage.access_log_settings.format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
      routeKey: '$context.routeKey',
      authorizerError: '$context.authorizer.error',
    });
    expect(out.resource('aws_cloudwatch_log_group', 'api/access-logs/log-group')).toEqual({
      name: '/aws/apigateway/test-sentiment',
      retention_in_days: 365,
      kms_key_id: out.ref('aws_kms_key', 'key', 'arn'),
    });
  });

  it('lets only this API, through the predict route, invoke the live alias', () => {
    expect(out.resource('aws_lambda_permission')).toEqual({
      statement_id: 'HttpApiInvokesLiveAlias',
      action: 'lambda:InvokeFunction',
      function_name: out.ref('aws_lambda_function', '/inference/function', 'function_name'),
      qualifier: out.ref('aws_lambda_alias', 'inference/alias', 'name'),
      principal: 'apigateway.amazonaws.com',
      source_arn: `${API('execution_arn')}/*/POST/predict`,
    });
  });

  it('authorizes with a JWT authorizer, with scopes', () => {
    const jwt = synthApi({
      auth: {
        type: 'jwt',
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc',
        audience: ['client-1'],
        scopes: ['predict'],
      },
      throttling: { ratePerSecond: 5.5, burst: 10 },
    });
    expect(jwt.resource('aws_apigatewayv2_authorizer')).toEqual({
      api_id: jwt.ref('aws_apigatewayv2_api', 'api', 'id'),
      name: 'test-sentiment-jwt',
      authorizer_type: 'JWT',
      identity_sources: ['$request.header.Authorization'],
      jwt_configuration: {
        issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_abc',
        audience: ['client-1'],
      },
    });
    expect(jwt.resource('aws_apigatewayv2_route')).toMatchObject({
      authorization_type: 'JWT',
      authorizer_id: jwt.ref('aws_apigatewayv2_authorizer', 'api/authorizer', 'id'),
      authorization_scopes: ['predict'],
    });
    expect(jwt.resource('aws_apigatewayv2_stage').default_route_settings).toMatchObject({
      throttling_rate_limit: 5.5,
      throttling_burst_limit: 10,
    });
  });

  it("returns the invoke grant: its statement, held by the caller role's inline policy", () => {
    const { stack } = plainStack();
    const { target, encryptionKey } = lambdaModel(stack);
    const api = new InferenceHttpApi(stack, 'api', { target, encryptionKey });
    const caller = new ServiceRole(stack, 'caller', {
      assumedBy: RoleTrusts.service('ecs-tasks.amazonaws.com'),
    });
    const grant = api.grantInvoke(caller);
    expect(grant.grantee).toBe(caller);
    // the route's ARN is a token of the API's execution ARN (each read is a new token)
    expect(grant.statements).toEqual([
      {
        actions: ['execute-api:Invoke'],
        resources: [expect.stringMatching(/^\$\{TfToken\[TOKEN\.\d+\]\}\/\*\/POST\/predict$/)],
      },
    ]);
    expect(grant.dependables).toEqual([caller.inlinePolicy]);
  });

  it('has an anonymous route only with the explicit opt-out', () => {
    const open = synthApi({ auth: { type: 'none' }, allowAnonymousAccess: true });
    expect(open.resource('aws_apigatewayv2_route').authorization_type).toBe('NONE');
  });

  it('grants callers execute-api:Invoke on the predict route only', () => {
    const granted = synthScope((scope) => {
      const { target, encryptionKey } = lambdaModel(scope);
      const api = new InferenceHttpApi(scope, 'api', { target, encryptionKey });
      api.grantInvoke(
        new ServiceRole(scope, 'caller', { assumedBy: RoleTrusts.service('ecs-tasks.amazonaws.com') }),
      );
    });
    expect(
      granted.policyStatements(granted.resource('aws_iam_role_policy', 'caller/inline-policy').policy),
    ).toEqual([
      {
        effect: 'Allow',
        actions: ['execute-api:Invoke'],
        resources: [`${granted.ref('aws_apigatewayv2_api', 'api', 'execution_arn')}/*/POST/predict`],
      },
    ]);
  });

  describe('rejects', () => {
    it('an anonymous route without the opt-out', () => {
      const { stack } = plainStack();
      const { target, encryptionKey } = lambdaModel(stack);
      const error = errorOf(
        () => new InferenceHttpApi(stack, 'api', { target, encryptionKey, auth: { type: 'none' } }),
      );
      expect(error).toBeInstanceOf(SpecValidationError);
      expect(error.message).toBe(
        `[test/api] invalid props (1 problem):\n  - auth.type: must be 'iam' or 'jwt': an anonymous route needs the explicit opt-out allowAnonymousAccess: true, got "none"`,
      );
    });

    it('a function that may run longer than the integration timeout', () => {
      const { stack } = plainStack();
      const { target, encryptionKey } = lambdaModel(stack, { timeoutSeconds: 120 });
      const error = errorOf(() => new InferenceHttpApi(stack, 'api', { target, encryptionKey }));
      expect(error.message).toBe(
        `[test/api] invalid props (1 problem):\n  - target: must time out within 30 seconds: the HTTP API's integration timeout is 30 s (the function's timeoutSeconds is 120), got "test-sentiment"`,
      );
    });

    it('throttling that is not positive', () => {
      const { stack } = plainStack();
      const { target, encryptionKey } = lambdaModel(stack);
      const error = errorOf(
        () =>
          new InferenceHttpApi(stack, 'api', {
            target,
            encryptionKey,
            throttling: { ratePerSecond: -1, burst: 0.5 },
          }),
      );
      expect(error.message).toBe(
        [
          '[test/api] invalid props (2 problems):',
          '  - throttling.ratePerSecond: must be a positive number of requests per second, got -1',
          '  - throttling.burst: must be a positive whole number of requests, got 0.5',
        ].join('\n'),
      );
    });
  });
});

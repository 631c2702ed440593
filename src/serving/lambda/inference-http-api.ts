import { EncryptedLogGroup } from '../../core/encrypted-log-group';
import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Authorizer } from '@cdktf/provider-aws/lib/apigatewayv2-authorizer';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import type { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { z } from 'zod';
import { anonymousAccessRule } from './spec/rules';
import { lambdaHttpApiShape } from './spec/schema';
import { HTTP_API_TIMEOUT_SECONDS, type LambdaApiAuthSpec, type LambdaApiThrottlingSpec } from './spec/types';
import { type PropsAgree, invalidProps, validateProps } from '../../core/validation/issues';
import { Grant, type IEncryptionKey, type IGrantable } from '../../core/grants';
import { Naming } from '../../core/naming';
import type { LambdaInferenceFunction } from './lambda-inference-function';
import { inferenceTargetProp } from './private/target-prop';
import { encryptionKeyProp, logRetentionProp } from '../../core/prop-rules';

/** The one route of the API. */
export const PREDICT_ROUTE = 'POST /predict';

/** Props of `InferenceHttpApi`. */
export interface InferenceHttpApiProps {
  /** The function whose `live` alias serves the route (timeout at most 30 s). */
  readonly target: LambdaInferenceFunction;
  /** The key that encrypts the access logs. */
  readonly encryptionKey: IEncryptionKey;
  /**
   * Who may call.
   * @default { type: 'iam' }
   */
  readonly auth?: LambdaApiAuthSpec;
  /**
   * The explicit opt-out that allows `auth: { type: 'none' }`.
   * @default false
   */
  readonly allowAnonymousAccess?: boolean;
  /**
   * Stage throttling.
   * @default { ratePerSecond: 100, burst: 200 }
   */
  readonly throttling?: LambdaApiThrottlingSpec;
  /**
   * Retention of the access logs, in days (a CloudWatch retention value).
   * @default 365
   */
  readonly logRetentionDays?: number;
  /**
   * `prevent_destroy` on the API (its ID is in the URL callers use): Terraform refuses a plan that would destroy or replace it.
   * @default true
   */
  readonly protectFromDestroy?: boolean;
}

const propsSchema = z
  .strictObject({
    target: inferenceTargetProp,
    encryptionKey: encryptionKeyProp,
    ...lambdaHttpApiShape,
    logRetentionDays: logRetentionProp,
    protectFromDestroy: z.boolean().default(true),
  })
  .superRefine(anonymousAccessRule, { when: () => true });
const propsAgree: PropsAgree<z.input<typeof propsSchema>, InferenceHttpApiProps> = true;
void propsAgree;

const AUTHORIZATION_TYPES = { iam: 'AWS_IAM', jwt: 'JWT', none: 'NONE' } as const;

/** One JSON line per request in the access log. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  user: '$context.identity.user',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  integrationLatency: '$context.integrationLatency',
  integrationStatus: '$context.integrationStatus',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
});

/**
 * An API Gateway HTTP API in front of a model served on Lambda: `POST /predict` to the `live`
 * alias, authorized by IAM (SigV4) or a JWT authorizer (anonymous only with the explicit
 * `allowAnonymousAccess` opt-out), the `$default` stage throttled and writing access logs to a
 * log group encrypted with the key. Only this API may invoke the alias through the route.
 */
export class InferenceHttpApi extends Construct {
  /** The API. */
  public readonly api: Apigatewayv2Api;
  /** The `$default` stage. */
  public readonly stage: Apigatewayv2Stage;
  /** The `POST /predict` route. */
  public readonly route: Apigatewayv2Route;
  /** The access log group. */
  public readonly accessLogs: CloudwatchLogGroup;
  /** `https://<api id>.execute-api.<region>.amazonaws.com/predict`. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: InferenceHttpApiProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const fn = p.target;
    if (fn.timeoutSeconds > HTTP_API_TIMEOUT_SECONDS) {
      throw invalidProps(this, [
        {
          path: 'target',
          message: `must time out within ${HTTP_API_TIMEOUT_SECONDS} seconds: the HTTP API's integration timeout is ${HTTP_API_TIMEOUT_SECONDS} s (the function's timeoutSeconds is ${fn.timeoutSeconds})`,
          value: fn.functionName,
        },
      ]);
    }
    const name = Naming.of(this).name(fn.modelName, 128);

    this.api = new Apigatewayv2Api(this, 'api', {
      name,
      protocolType: 'HTTP',
      description: `Inference for the ${fn.modelName} model`,
      lifecycle: p.protectFromDestroy ? { preventDestroy: true } : undefined,
    });

    this.accessLogs = new EncryptedLogGroup(this, 'access-logs', {
      logGroupName: `/aws/apigateway/${name}`,
      encryptionKey: p.encryptionKey,
      retentionDays: p.logRetentionDays,
    }).logGroup;

    const integration = new Apigatewayv2Integration(this, 'integration', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationMethod: 'POST',
      integrationUri: fn.aliasArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: HTTP_API_TIMEOUT_SECONDS * 1000,
    });

    const auth = p.auth;
    const authorizer =
      auth.type === 'jwt'
        ? new Apigatewayv2Authorizer(this, 'authorizer', {
            apiId: this.api.id,
            name: `${name}-jwt`,
            authorizerType: 'JWT',
            identitySources: ['$request.header.Authorization'],
            jwtConfiguration: { issuer: auth.issuer, audience: [...auth.audience] },
          })
        : undefined;

    this.route = new Apigatewayv2Route(this, 'route', {
      apiId: this.api.id,
      routeKey: PREDICT_ROUTE,
      target: `integrations/${integration.id}`,
      authorizationType: AUTHORIZATION_TYPES[auth.type],
      authorizerId: authorizer?.id,
      authorizationScopes: auth.type === 'jwt' && auth.scopes.length > 0 ? [...auth.scopes] : undefined,
    });

    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: '$default',
      autoDeploy: true,
      defaultRouteSettings: {
        throttlingRateLimit: p.throttling.ratePerSecond,
        throttlingBurstLimit: p.throttling.burst,
        detailedMetricsEnabled: true,
      },
      accessLogSettings: { destinationArn: this.accessLogs.arn, format: ACCESS_LOG_FORMAT },
    });

    // the alias may be invoked by this API's predict route only
    new LambdaPermission(this, 'invoke-permission', {
      statementId: 'HttpApiInvokesLiveAlias',
      action: 'lambda:InvokeFunction',
      functionName: fn.function.functionName,
      qualifier: fn.alias.name,
      principal: 'apigateway.amazonaws.com',
      sourceArn: `${this.api.executionArn}/*/POST/predict`,
    });

    this.url = `${this.api.apiEndpoint}/predict`;
  }

  /**
   * Lets the grantee call the route (`execute-api:Invoke` on the `POST /predict` route of every stage), for IAM
   * authorization; returns the grant (its statements, and what holds them for `applyBefore`).
   */
  public grantInvoke(grantee: IGrantable): Grant {
    return Grant.addToPrincipal(grantee, [
      { actions: ['execute-api:Invoke'], resources: [`${this.api.executionArn}/*/POST/predict`] },
    ]);
  }
}

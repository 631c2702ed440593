import type { ScalingRange } from '../../../core/validation/rules';
import type { ScalingScheduleSpec } from '../../../config/scheduled-actions';

/** Instruction set architectures a Lambda function runs on. */
export const LAMBDA_ARCHITECTURES = ['x86_64', 'arm64'] as const;

/** CodeDeploy's predefined traffic-shifting configurations for Lambda. */
export const LAMBDA_DEPLOYMENT_CONFIGS = [
  'CodeDeployDefault.LambdaCanary10Percent5Minutes',
  'CodeDeployDefault.LambdaCanary10Percent10Minutes',
  'CodeDeployDefault.LambdaCanary10Percent15Minutes',
  'CodeDeployDefault.LambdaCanary10Percent30Minutes',
  'CodeDeployDefault.LambdaLinear10PercentEvery1Minute',
  'CodeDeployDefault.LambdaLinear10PercentEvery2Minutes',
  'CodeDeployDefault.LambdaLinear10PercentEvery3Minutes',
  'CodeDeployDefault.LambdaLinear10PercentEvery10Minutes',
  'CodeDeployDefault.LambdaAllAtOnce',
] as const;

/** The integration timeout of an API Gateway HTTP API, in seconds (a hard limit). */
export const HTTP_API_TIMEOUT_SECONDS = 30;

/** A change of the provisioned concurrency range on a schedule. */
export interface LambdaScheduledScalingSpec extends ScalingScheduleSpec {
  /** Lowest provisioned concurrency from then on (0-10000). */
  readonly min: number;
  /** Highest provisioned concurrency from then on (1-10000, at least `min`). */
  readonly max: number;
}

/**
 * Pre-initialized execution environments on the `live` alias, scaled by Application Auto
 * Scaling between `min` and `max`.
 */
export interface LambdaProvisionedConcurrencySpec extends ScalingRange {
  /**
   * Target of `LambdaProvisionedConcurrencyUtilization` for target tracking: the share of the
   * provisioned environments in use (0.1-0.9).
   * @default 0.7
   */
  readonly utilizationTarget?: number;
  /**
   * Scheduled changes of the range (e.g. more before business hours). With schedules, the
   * schedules own the range once it exists: Terraform ignores later changes of `min` and `max`.
   * @default - none
   */
  readonly scheduledActions?: readonly LambdaScheduledScalingSpec[];
}

/** Shift a share of the traffic first, then the rest after an interval. */
export interface LambdaCanaryRolloutSpec {
  /** Canary traffic shifting. */
  readonly strategy: 'canary';
  /**
   * Percentage of the traffic the new version gets first (1-99).
   * @default 10
   */
  readonly percent?: number;
  /**
   * Minutes before the rest of the traffic shifts (1-2880).
   * @default 5
   */
  readonly intervalMinutes?: number;
}

/** Shift the traffic in equal steps at equal intervals. */
export interface LambdaLinearRolloutSpec {
  /** Linear traffic shifting. */
  readonly strategy: 'linear';
  /**
   * Percentage of the traffic shifted at each step (1-99).
   * @default 10
   */
  readonly percent?: number;
  /**
   * Minutes between steps (1-2880).
   * @default 1
   */
  readonly intervalMinutes?: number;
}

/** One of CodeDeploy's predefined configurations, by name. */
export interface LambdaPredefinedRolloutSpec {
  /** A predefined configuration. */
  readonly strategy: 'predefined';
  /** e.g. `CodeDeployDefault.LambdaLinear10PercentEvery1Minute`. */
  readonly config: (typeof LAMBDA_DEPLOYMENT_CONFIGS)[number];
}

/**
 * How CodeDeploy shifts the `live` alias to a new version. A canary or linear rollout whose
 * percent and interval match a predefined configuration uses it; any other gets a custom one.
 */
export type LambdaRolloutSpec =
  LambdaCanaryRolloutSpec | LambdaLinearRolloutSpec | LambdaPredefinedRolloutSpec;

/** Callers sign their requests with SigV4 and need `execute-api:Invoke` on the route. */
export interface LambdaIamAuthSpec {
  /** IAM authorization. */
  readonly type: 'iam';
}

/** Callers present a JWT from an OpenID Connect or OAuth 2.0 issuer (e.g. Amazon Cognito). */
export interface LambdaJwtAuthSpec {
  /** JWT authorization. */
  readonly type: 'jwt';
  /** The token issuer, an `https://` URL (its `/.well-known/openid-configuration` must be reachable). */
  readonly issuer: string;
  /** Accepted audiences (`aud` or `client_id` claims), at least one. */
  readonly audience: readonly string[];
  /**
   * Scopes the token must carry (any one of them).
   * @default - none
   */
  readonly scopes?: readonly string[];
}

/** No authorization: anyone who knows the URL may call. Needs `allowAnonymousAccess: true`. */
export interface LambdaAnonymousAuthSpec {
  /** No authorization. */
  readonly type: 'none';
}

/** Who may call the API. */
export type LambdaApiAuthSpec = LambdaIamAuthSpec | LambdaJwtAuthSpec | LambdaAnonymousAuthSpec;

/** Stage throttling of the HTTP API. */
export interface LambdaApiThrottlingSpec {
  /**
   * Steady-state requests per second (a positive number).
   * @default 100
   */
  readonly ratePerSecond?: number;
  /**
   * Requests allowed in a burst (a positive whole number).
   * @default 200
   */
  readonly burst?: number;
}

/** An API Gateway HTTP API with `POST /predict` in front of the `live` alias. */
export interface LambdaHttpApiSpec {
  /** An HTTP API. */
  readonly kind: 'http-api';
  /**
   * Who may call.
   * @default { type: 'iam' }
   */
  readonly auth?: LambdaApiAuthSpec;
  /**
   * Stage throttling.
   * @default { ratePerSecond: 100, burst: 200 }
   */
  readonly throttling?: LambdaApiThrottlingSpec;
  /**
   * The explicit opt-out that allows `auth: { type: 'none' }`: an anonymous, public route.
   * @default false
   */
  readonly allowAnonymousAccess?: boolean;
}

/**
 * A Lambda function URL on the `live` alias, with `AWS_IAM` authorization (callers need
 * `lambda:InvokeFunctionUrl` and `lambda:InvokeFunction`). No stage throttling: limit with
 * `reservedConcurrency`. Requests may run up to the function's timeout (900 s at most).
 */
export interface LambdaFunctionUrlSpec {
  /** A function URL. */
  readonly kind: 'function-url';
}

/** How callers reach the model. */
export type LambdaApiSpec = LambdaHttpApiSpec | LambdaFunctionUrlSpec;

/** Thresholds of the model's alarms. */
export interface LambdaAlarmsSpec {
  /**
   * Errors as a percentage of invocations above which the alias, and the new version during
   * a shift, alarm (0.1-100).
   * @default 1
   */
  readonly errorRatePercent?: number;
  /**
   * Throttled invocations per minute above which the alarm fires (0-1000000).
   * @default 0 (any throttle)
   */
  readonly throttledInvocations?: number;
  /**
   * p99 duration, as a percentage of the timeout, above which the alarm fires (10-100).
   * @default 80
   */
  readonly p99DurationPercentOfTimeout?: number;
  /**
   * Invocations per minute that found no provisioned environment free, above which the alarm
   * fires (0-1000000; only with provisioned concurrency).
   * @default 0 (any spillover)
   */
  readonly spilloverInvocations?: number;
}

/** The settings of the inference function itself (shared by the spec and `LambdaInferenceFunction`). */
export interface LambdaFunctionSettings {
  /**
   * Function memory in MiB (128-10240); CPU is allocated in proportion.
   * @default 2048
   */
  readonly memoryMiB?: number;
  /**
   * Instruction set the image is built for.
   * @default 'x86_64'
   */
  readonly architecture?: (typeof LAMBDA_ARCHITECTURES)[number];
  /**
   * Function timeout in seconds (1-900; at most 30 behind the HTTP API).
   * @default 30
   */
  readonly timeoutSeconds?: number;
  /**
   * Size of `/tmp` in MiB (512-10240), e.g. for model weights downloaded at start.
   * @default 512
   */
  readonly ephemeralStorageMiB?: number;
  /**
   * Concurrency reserved for the function (1-10000); it is also its limit. At least
   * `provisionedConcurrency.max` and the `max` of every scheduled action.
   * @default - none: the account's unreserved concurrency
   */
  readonly reservedConcurrency?: number;
  /**
   * Provisioned concurrency on the `live` alias with auto scaling.
   * @default - none: on-demand environments only (cold starts)
   */
  readonly provisionedConcurrency?: LambdaProvisionedConcurrencySpec;
  /**
   * Run in the environment's private subnets (egress to HTTPS only).
   * @default false
   */
  readonly vpc?: boolean;
}

/** Serve the model from a container-image Lambda function. */
export interface LambdaServingSpec extends LambdaFunctionSettings {
  /** Serving target. */
  readonly kind: 'lambda';
  /**
   * Progressive delivery of new versions with CodeDeploy.
   * @default { strategy: 'canary', percent: 10, intervalMinutes: 5 }
   */
  readonly rollout?: LambdaRolloutSpec;
  /**
   * How callers reach the model.
   * @default { kind: 'http-api', auth: { type: 'iam' }, throttling: { ratePerSecond: 100, burst: 200 } }
   */
  readonly api?: LambdaApiSpec;
  /**
   * Alarm thresholds.
   * @default { errorRatePercent: 1, throttledInvocations: 0, p99DurationPercentOfTimeout: 80, spilloverInvocations: 0 }
   */
  readonly alarms?: LambdaAlarmsSpec;
  /** Not available: Lambda has no GPUs (use `kubernetes` or `sagemaker` for GPU models). */
  readonly gpu?: never;
}

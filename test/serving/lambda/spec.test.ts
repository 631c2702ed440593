import { Testing } from 'cdktf';
import {
  ModelServingEnvironment,
  SpecValidationError,
  validateEnvironmentSpec,
  type EnvironmentSpec,
  type LambdaServingSpec,
  type SpecIssue,
} from '../../../src';
import { lambdaServingSchema } from '../../../src/serving/lambda/spec/schema';
import { errorOf, stagingSpec, synthEnvironment } from '../../helpers';
import {
  ACCEPTED_SCHEDULES,
  ACCEPTED_TIME_ZONES,
  ACTION_NAME_RULE,
  LONGEST_NAME,
  LONG_NAME,
  REFUSED_SCHEDULES,
  REFUSED_TIME_ZONES,
} from '../../config/scheduled-action-cases';

/** A staging spec serving one model, `nlp`, on Lambda with these settings. */
function lambdaSpec(serving: Omit<LambdaServingSpec, 'kind'> & Record<string, unknown>): EnvironmentSpec {
  return stagingSpec({
    models: [{ name: 'nlp', version: 'v1', serving: { kind: 'lambda', ...serving } as LambdaServingSpec }],
  });
}

/** Builds the environment and returns the validation error, checking that nothing was created. */
function rejection(spec: EnvironmentSpec): SpecValidationError {
  const app = Testing.app();
  const error = errorOf(() => new ModelServingEnvironment(app, 'staging', spec));
  expect(error).toBeInstanceOf(SpecValidationError);
  expect(app.node.children).toHaveLength(0);
  return error as SpecValidationError;
}

const AT = 'models[0] (nlp).serving';

interface Case {
  readonly title: string;
  readonly serving: Record<string, unknown>;
  readonly issue: SpecIssue;
}

const cases: Case[] = [
  {
    title: 'memory above 10240 MiB',
    serving: { memoryMiB: 10241 },
    issue: {
      path: `${AT}.memoryMiB`,
      message: 'must be a whole number between 128 and 10240 MiB',
      value: 10241,
    },
  },
  {
    title: 'a fractional memory size',
    serving: { memoryMiB: 1024.5 },
    issue: {
      path: `${AT}.memoryMiB`,
      message: 'must be a whole number between 128 and 10240 MiB',
      value: 1024.5,
    },
  },
  {
    title: 'a timeout of 0 seconds',
    serving: { timeoutSeconds: 0 },
    issue: {
      path: `${AT}.timeoutSeconds`,
      message: 'must be a whole number between 1 and 900 seconds',
      value: 0,
    },
  },
  {
    title: 'a timeout above 900 seconds',
    serving: { timeoutSeconds: 1000, api: { kind: 'function-url' } },
    issue: {
      path: `${AT}.timeoutSeconds`,
      message: 'must be a whole number between 1 and 900 seconds',
      value: 1000,
    },
  },
  {
    title: 'a timeout above 30 seconds behind the HTTP API (the default)',
    serving: { timeoutSeconds: 60 },
    issue: {
      path: `${AT}.timeoutSeconds`,
      message:
        "must be at most 30 seconds behind the HTTP API, whose integration timeout is 30 s (use api: { kind: 'function-url' } for longer requests)",
      value: 60,
    },
  },
  {
    title: 'a timeout above 30 seconds behind an explicit HTTP API',
    serving: { timeoutSeconds: 31, api: { kind: 'http-api' } },
    issue: {
      path: `${AT}.timeoutSeconds`,
      message:
        "must be at most 30 seconds behind the HTTP API, whose integration timeout is 30 s (use api: { kind: 'function-url' } for longer requests)",
      value: 31,
    },
  },
  {
    title: 'ephemeral storage below 512 MiB',
    serving: { ephemeralStorageMiB: 500 },
    issue: {
      path: `${AT}.ephemeralStorageMiB`,
      message: 'must be a whole number between 512 and 10240 MiB',
      value: 500,
    },
  },
  {
    title: 'ephemeral storage above 10240 MiB',
    serving: { ephemeralStorageMiB: 20480 },
    issue: {
      path: `${AT}.ephemeralStorageMiB`,
      message: 'must be a whole number between 512 and 10240 MiB',
      value: 20480,
    },
  },
  {
    title: 'an architecture Lambda does not run',
    serving: { architecture: 'aarch64' },
    issue: { path: `${AT}.architecture`, message: 'must be one of "x86_64", "arm64"', value: 'aarch64' },
  },
  {
    title: 'a reserved concurrency of 0 (a function that cannot serve)',
    serving: { reservedConcurrency: 0 },
    issue: {
      path: `${AT}.reservedConcurrency`,
      message: 'must be a whole number between 1 and 10000',
      value: 0,
    },
  },
  {
    title: 'a provisioned concurrency of 0',
    serving: { provisionedConcurrency: { min: 0, max: 5 } },
    issue: {
      path: `${AT}.provisionedConcurrency.min`,
      message: 'must be a whole number between 1 and 10000',
      value: 0,
    },
  },
  {
    title: 'a provisioned concurrency range with min above max',
    serving: { provisionedConcurrency: { min: 10, max: 5 } },
    issue: { path: `${AT}.provisionedConcurrency.min`, message: 'must not exceed max (5)', value: 10 },
  },
  {
    title: 'provisioned concurrency above the reserved concurrency',
    serving: { reservedConcurrency: 20, provisionedConcurrency: { min: 2, max: 50 } },
    issue: {
      path: `${AT}.reservedConcurrency`,
      message:
        'must be at least provisionedConcurrency.max (50): provisioned concurrency comes out of the reserved concurrency',
      value: 20,
    },
  },
  {
    title: 'a utilization target below 0.1',
    serving: { provisionedConcurrency: { min: 1, max: 5, utilizationTarget: 0.05 } },
    issue: {
      path: `${AT}.provisionedConcurrency.utilizationTarget`,
      message: 'must be a number between 0.1 and 0.9',
      value: 0.05,
    },
  },
  {
    title: 'a utilization target given in percent',
    serving: { provisionedConcurrency: { min: 1, max: 5, utilizationTarget: 70 } },
    issue: {
      path: `${AT}.provisionedConcurrency.utilizationTarget`,
      message: 'must be a number between 0.1 and 0.9',
      value: 70,
    },
  },
  {
    title: 'a schedule that is no cron, rate or at expression',
    serving: {
      provisionedConcurrency: {
        min: 1,
        max: 5,
        scheduledActions: [{ name: 'morning', schedule: '0 7 * * *', min: 2, max: 5 }],
      },
    },
    issue: {
      path: `${AT}.provisionedConcurrency.scheduledActions[0].schedule`,
      message:
        "must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)'",
      value: '0 7 * * *',
    },
  },
  {
    title: 'a scheduled range with min above max',
    serving: {
      provisionedConcurrency: {
        min: 1,
        max: 5,
        scheduledActions: [{ name: 'morning', schedule: 'rate(1 day)', min: 9, max: 5 }],
      },
    },
    issue: {
      path: `${AT}.provisionedConcurrency.scheduledActions[0].min`,
      message: 'must not exceed max (5)',
      value: 9,
    },
  },
  {
    title: 'two scheduled actions with one name',
    serving: {
      provisionedConcurrency: {
        min: 1,
        max: 5,
        scheduledActions: [
          { name: 'peak', schedule: 'cron(0 7 * * ? *)', min: 2, max: 5 },
          { name: 'peak', schedule: 'cron(0 9 * * ? *)', min: 3, max: 5 },
        ],
      },
    },
    issue: {
      path: `${AT}.provisionedConcurrency.scheduledActions[1].name`,
      message: 'must be unique (scheduledActions[0] has the same name)',
      value: 'peak',
    },
  },
  {
    title: 'a scheduled range above the reserved concurrency',
    serving: {
      reservedConcurrency: 10,
      provisionedConcurrency: {
        min: 1,
        max: 5,
        scheduledActions: [{ name: 'peak', schedule: 'at(2030-01-01T08:00:00)', min: 2, max: 20 }],
      },
    },
    issue: {
      path: `${AT}.provisionedConcurrency.scheduledActions[0].max`,
      message:
        'must not exceed reservedConcurrency (10): provisioned concurrency comes out of the reserved concurrency',
      value: 20,
    },
  },
  {
    title: 'a schedule time zone that is not an IANA name',
    serving: {
      provisionedConcurrency: {
        min: 1,
        max: 5,
        scheduledActions: [{ name: 'peak', schedule: 'rate(2 hours)', timezone: 'GMT +1', min: 2, max: 5 }],
      },
    },
    issue: {
      path: `${AT}.provisionedConcurrency.scheduledActions[0].timezone`,
      message: "must be a canonical IANA time zone name such as 'UTC', 'Europe/Berlin' or 'Etc/GMT+9'",
      value: 'GMT +1',
    },
  },
  {
    title: 'an unknown rollout strategy',
    serving: { rollout: { strategy: 'blue-green' } },
    issue: {
      path: `${AT}.rollout.strategy`,
      message: 'must be one of "canary", "linear", "predefined"',
      value: 'blue-green',
    },
  },
  {
    title: 'a canary of 0 percent',
    serving: { rollout: { strategy: 'canary', percent: 0 } },
    issue: {
      path: `${AT}.rollout.percent`,
      message: 'must be a whole number between 1 and 99 percent',
      value: 0,
    },
  },
  {
    title: 'a linear step of 100 percent (that is all at once)',
    serving: { rollout: { strategy: 'linear', percent: 100 } },
    issue: {
      path: `${AT}.rollout.percent`,
      message: 'must be a whole number between 1 and 99 percent',
      value: 100,
    },
  },
  {
    title: 'a canary interval of 0 minutes',
    serving: { rollout: { strategy: 'canary', intervalMinutes: 0 } },
    issue: {
      path: `${AT}.rollout.intervalMinutes`,
      message: 'must be a whole number between 1 and 2880 minutes',
      value: 0,
    },
  },
  {
    title: 'a linear interval above two days',
    serving: { rollout: { strategy: 'linear', intervalMinutes: 3000 } },
    issue: {
      path: `${AT}.rollout.intervalMinutes`,
      message: 'must be a whole number between 1 and 2880 minutes',
      value: 3000,
    },
  },
  {
    title: 'a predefined configuration CodeDeploy does not have',
    serving: {
      rollout: { strategy: 'predefined', config: 'CodeDeployDefault.LambdaCanary20Percent5Minutes' },
    },
    issue: {
      path: `${AT}.rollout.config`,
      message:
        'must be one of "CodeDeployDefault.LambdaCanary10Percent5Minutes", "CodeDeployDefault.LambdaCanary10Percent10Minutes", "CodeDeployDefault.LambdaCanary10Percent15Minutes", "CodeDeployDefault.LambdaCanary10Percent30Minutes", "CodeDeployDefault.LambdaLinear10PercentEvery1Minute", "CodeDeployDefault.LambdaLinear10PercentEvery2Minutes", "CodeDeployDefault.LambdaLinear10PercentEvery3Minutes", "CodeDeployDefault.LambdaLinear10PercentEvery10Minutes", "CodeDeployDefault.LambdaAllAtOnce"',
      value: 'CodeDeployDefault.LambdaCanary20Percent5Minutes',
    },
  },
  {
    title: 'a percent on a predefined configuration',
    serving: {
      rollout: { strategy: 'predefined', config: 'CodeDeployDefault.LambdaAllAtOnce', percent: 10 },
    },
    issue: {
      path: `${AT}.rollout.percent`,
      message: 'is not a known field; allowed fields: strategy, config',
      value: 10,
    },
  },
  {
    title: 'an unknown API kind',
    serving: { api: { kind: 'rest-api' } },
    issue: {
      path: `${AT}.api.kind`,
      message: 'must be one of "http-api", "function-url"',
      value: 'rest-api',
    },
  },
  {
    title: 'an anonymous route without the opt-out',
    serving: { api: { kind: 'http-api', auth: { type: 'none' } } },
    issue: {
      path: `${AT}.api.auth.type`,
      message:
        "must be 'iam' or 'jwt': an anonymous route needs the explicit opt-out allowAnonymousAccess: true",
      value: 'none',
    },
  },
  {
    title: 'the anonymous opt-out on an authorized route',
    serving: { api: { kind: 'http-api', allowAnonymousAccess: true } },
    issue: {
      path: `${AT}.api.allowAnonymousAccess`,
      message: "must only be set with auth: { type: 'none' } (the route is authorized)",
      value: true,
    },
  },
  {
    title: 'an unknown authorization type',
    serving: { api: { kind: 'http-api', auth: { type: 'cognito' } } },
    issue: { path: `${AT}.api.auth.type`, message: 'must be one of "iam", "jwt", "none"', value: 'cognito' },
  },
  {
    title: 'a JWT issuer over plain HTTP',
    serving: {
      api: { kind: 'http-api', auth: { type: 'jwt', issuer: 'http://idp.example.com', audience: ['app'] } },
    },
    issue: {
      path: `${AT}.api.auth.issuer`,
      message:
        "must be the issuer's https:// URL, e.g. 'https://cognito-idp.us-east-1.amazonaws.com/<user pool id>'",
      value: 'http://idp.example.com',
    },
  },
  {
    title: 'a JWT authorizer without an audience',
    serving: {
      api: { kind: 'http-api', auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: [] } },
    },
    issue: { path: `${AT}.api.auth.audience`, message: 'must have at least 1 item(s)', value: [] },
  },
  {
    title: 'a throttling rate of 0',
    serving: { api: { kind: 'http-api', throttling: { ratePerSecond: 0 } } },
    issue: {
      path: `${AT}.api.throttling.ratePerSecond`,
      message: 'must be a positive number of requests per second',
      value: 0,
    },
  },
  {
    title: 'a negative throttling burst',
    serving: { api: { kind: 'http-api', throttling: { burst: -5 } } },
    issue: {
      path: `${AT}.api.throttling.burst`,
      message: 'must be a positive whole number of requests',
      value: -5,
    },
  },
  {
    title: 'throttling on a function URL (it has none: use reservedConcurrency)',
    serving: { api: { kind: 'function-url', throttling: { burst: 10 } } },
    issue: {
      path: `${AT}.api.throttling`,
      message: 'is not a known field; allowed fields: kind',
      value: { burst: 10 },
    },
  },
  {
    title: 'an error-rate threshold of 0 percent',
    serving: { alarms: { errorRatePercent: 0 } },
    issue: {
      path: `${AT}.alarms.errorRatePercent`,
      message: 'must be a number between 0.1 and 100 percent',
      value: 0,
    },
  },
  {
    title: 'a duration threshold above the timeout',
    serving: { alarms: { p99DurationPercentOfTimeout: 120 } },
    issue: {
      path: `${AT}.alarms.p99DurationPercentOfTimeout`,
      message: 'must be a whole number between 10 and 100 percent',
      value: 120,
    },
  },
  {
    title: 'a GPU request',
    serving: { gpu: 1 },
    issue: {
      path: `${AT}.gpu`,
      message:
        "is not available for Lambda, which has no GPUs: serve a model that needs GPUs with kind 'kubernetes' (GPU node groups) or 'sagemaker' (a GPU instance type such as ml.g5.xlarge)",
      value: 1,
    },
  },
  {
    title: 'a misspelt field (the list of fields leaves gpu out)',
    serving: { memoryMb: 1024 },
    issue: {
      path: `${AT}.memoryMb`,
      message:
        'is not a known field (did you mean `memoryMiB`?); allowed fields: kind, memoryMiB, architecture, timeoutSeconds, ephemeralStorageMiB, reservedConcurrency, provisionedConcurrency, vpc, rollout, api, alarms',
      value: 1024,
    },
  },
  {
    title: 'a function in a VPC the environment does not have',
    serving: { vpc: true },
    issue: {
      path: `${AT}.vpc`,
      message: "needs a network: add 'network' (or a cluster) to the environment spec",
      value: true,
    },
  },
];

describe('a Lambda serving spec', () => {
  it.each(cases)('is rejected for $title, naming the path, the rule and the value', ({ serving, issue }) => {
    const error = rejection(lambdaSpec(serving));
    expect(error.issues).toEqual([issue]);
    const got = issue.value === undefined ? '' : ', got ';
    expect(error.message).toContain(`  - ${issue.path}: ${issue.message}${got}`);
  });

  it('reports every problem at once, field rules and rules across fields alike', () => {
    const error = rejection(
      lambdaSpec({
        memoryMiB: 64,
        timeoutSeconds: 120,
        reservedConcurrency: 5,
        provisionedConcurrency: { min: 1, max: 10 },
        api: { kind: 'http-api', auth: { type: 'none' } },
        gpu: 2 as never,
      }),
    );
    expect(error.issues.map((i) => i.path)).toEqual([
      `${AT}.memoryMiB`,
      `${AT}.api.auth.type`,
      `${AT}.gpu`,
      `${AT}.reservedConcurrency`,
      `${AT}.timeoutSeconds`,
    ]);
  });

  it("takes Application Auto Scaling's schedules, canonical IANA time zones and DNS-label names only", () => {
    const withAction = (action: Record<string, unknown>) =>
      lambdaSpec({
        provisionedConcurrency: {
          min: 1,
          max: 5,
          scheduledActions: [{ name: 'peak', schedule: 'rate(1 day)', min: 2, max: 5, ...action } as never],
        },
      });
    const issuesOf = (action: Record<string, unknown>) => {
      const error = errorOf(() => validateEnvironmentSpec('staging', withAction(action)));
      expect(error).toBeInstanceOf(SpecValidationError);
      return (error as SpecValidationError).issues;
    };
    const accepts = (action: Record<string, unknown>) =>
      validateEnvironmentSpec('staging', withAction(action)).spec.models[0].serving;
    const at = `${AT}.provisionedConcurrency.scheduledActions[0]`;
    for (const [timezone, message] of REFUSED_TIME_ZONES) {
      expect(issuesOf({ timezone })).toEqual([{ path: `${at}.timezone`, message, value: timezone }]);
    }
    for (const [schedule, message] of REFUSED_SCHEDULES) {
      expect(issuesOf({ schedule })).toEqual([{ path: `${at}.schedule`, message, value: schedule }]);
    }
    expect(issuesOf({ name: LONG_NAME })).toEqual([
      { path: `${at}.name`, message: ACTION_NAME_RULE, value: LONG_NAME },
    ]);
    for (const timezone of ACCEPTED_TIME_ZONES) {
      expect(accepts({ timezone })).toMatchObject({
        provisionedConcurrency: { scheduledActions: [{ timezone }] },
      });
    }
    for (const schedule of ACCEPTED_SCHEDULES) {
      expect(accepts({ schedule })).toMatchObject({
        provisionedConcurrency: { scheduledActions: [{ schedule, timezone: 'UTC' }] },
      });
    }
    expect(accepts({ name: LONGEST_NAME })).toMatchObject({
      provisionedConcurrency: { scheduledActions: [{ name: LONGEST_NAME }] },
    });
  });

  it('gets the documented defaults', () => {
    const { spec } = validateEnvironmentSpec('staging', lambdaSpec({}));
    expect(spec.models[0].serving).toEqual({
      kind: 'lambda',
      memoryMiB: 2048,
      architecture: 'x86_64',
      timeoutSeconds: 30,
      ephemeralStorageMiB: 512,
      vpc: false,
      rollout: { strategy: 'canary', percent: 10, intervalMinutes: 5 },
      api: {
        kind: 'http-api',
        auth: { type: 'iam' },
        throttling: { ratePerSecond: 100, burst: 200 },
        allowAnonymousAccess: false,
      },
      alarms: {
        errorRatePercent: 1,
        throttledInvocations: 0,
        p99DurationPercentOfTimeout: 80,
        spilloverInvocations: 0,
      },
    });
  });

  it('keeps the shape of the design: { memoryMiB, provisionedConcurrency: { min, max }, rollout: { strategy, percent } }', () => {
    const serving = lambdaServingSchema.parse({
      kind: 'lambda',
      memoryMiB: 3008,
      provisionedConcurrency: { min: 2, max: 50 },
      rollout: { strategy: 'canary', percent: 10 },
    });
    expect(serving.provisionedConcurrency).toEqual({
      min: 2,
      max: 50,
      utilizationTarget: 0.7,
      scheduledActions: [],
    });
    expect(serving.rollout).toEqual({ strategy: 'canary', percent: 10, intervalMinutes: 5 });
  });

  it("runs in the environment network's private subnets when asked", () => {
    const { out } = synthEnvironment('staging', {
      ...lambdaSpec({ vpc: true }),
      network: { cidr: '10.8.0.0/16' },
    });
    const subnets = out
      .resources('aws_subnet')
      .filter((subnet) => subnet.path.includes('private'))
      .map((subnet) => `\${aws_subnet.${subnet.id}.id}`);
    expect(subnets).toHaveLength(2); // staging spans two availability zones
    expect(out.resource('aws_lambda_function').vpc_config.subnet_ids).toEqual(subnets);
  });

  it('allows long timeouts behind a function URL, and an anonymous route with the explicit opt-out', () => {
    expect(() =>
      validateEnvironmentSpec('staging', lambdaSpec({ timeoutSeconds: 900, api: { kind: 'function-url' } })),
    ).not.toThrow();
    const { spec } = validateEnvironmentSpec(
      'staging',
      lambdaSpec({ api: { kind: 'http-api', auth: { type: 'none' }, allowAnonymousAccess: true } }),
    );
    expect(spec.models[0].serving).toMatchObject({
      api: { auth: { type: 'none' }, allowAnonymousAccess: true },
    });
  });

  it('fills partly given api, throttling, rollout and alarms with the same defaults as missing ones', () => {
    const serving = lambdaServingSchema.parse({
      kind: 'lambda',
      rollout: { strategy: 'canary' },
      api: { kind: 'http-api', throttling: { ratePerSecond: 5 } },
      alarms: { errorRatePercent: 2 },
    });
    expect(serving.rollout).toEqual({ strategy: 'canary', percent: 10, intervalMinutes: 5 });
    expect(serving.api).toEqual({
      kind: 'http-api',
      auth: { type: 'iam' },
      throttling: { ratePerSecond: 5, burst: 200 },
      allowAnonymousAccess: false,
    });
    expect(serving.alarms).toEqual({
      errorRatePercent: 2,
      throttledInvocations: 0,
      p99DurationPercentOfTimeout: 80,
      spilloverInvocations: 0,
    });
  });

  it('defaults a linear rollout to 10% every minute and JWT scopes to none', () => {
    const serving = lambdaServingSchema.parse({
      kind: 'lambda',
      rollout: { strategy: 'linear' },
      api: { kind: 'http-api', auth: { type: 'jwt', issuer: 'https://idp.example.com', audience: ['app'] } },
    });
    expect(serving.rollout).toEqual({ strategy: 'linear', percent: 10, intervalMinutes: 1 });
    expect(serving.api).toMatchObject({ auth: { scopes: [] } });
  });
});

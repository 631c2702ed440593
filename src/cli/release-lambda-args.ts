// The command line of `cdktf-model-serving-release-lambda`: its usage text and its parsing.
import { parseArgs } from 'node:util';
import type { ReleaseOptions, RollbackOptions } from '../serving/lambda/release/options';

/** A problem with the command line: the message says what is wrong, `RELEASE_USAGE` what is allowed. */
export class ReleaseUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseUsageError';
  }
}

/** The command's usage text. */
export const RELEASE_USAGE = `Usage: cdktf-model-serving-release-lambda --function <name> --application <name> --deployment-group <name> [options]
       cdktf-model-serving-release-lambda --rollback --version <n> --function <name> --application <name> --deployment-group <name> [options]

Shifts the alias of a Lambda model to a new version with CodeDeploy and waits for the result.
Run it after \`cdktf deploy\` published the version; it uses the AWS CLI v2 and its credentials.
With --rollback it points the alias at a published version at once, without CodeDeploy (which
stops every deployment while a rollback alarm is in ALARM): no gradual shift, no alarms.

  --function <name>           the function, e.g. acme-ml-production-sentiment
  --alias <name>              the alias to shift (default: live)
  --application <name>        the CodeDeploy application
  --deployment-group <name>   the CodeDeploy deployment group
  --version <n>               the version to release (default: the newest published version)
  --publish                   publish $LATEST as a new version and release it
  --description <text>        description of the deployment
  --rollback                  emergency rollback to --version (required): update the alias directly
  --stop-deployment           with --rollback: stop (with rollback) a deployment in progress and
                              wait for it, instead of refusing
  --region <region>           AWS region (default: the AWS CLI's)
  --profile <name>            AWS CLI profile (default: the AWS CLI's)
  --timeout-minutes <n>       stop (and roll back) after this long, 1-1440 (default: 60); with
                              --stop-deployment, how long to wait for the stopped deployment
  --poll-seconds <n>          how often to check the deployment, 1-300 (default: 15)
  --help                      this text

Exit codes: 0 released (or already live), 1 failed and rolled back, 2 bad arguments or refused,
3 timed out (stopped and rolled back), 4 an AWS CLI call failed.
With --rollback: 0 the alias serves the version alone (or already did), 1 Lambda reports
another routing after the update, 2 bad arguments or refused (unknown version, or a deployment
in progress without --stop-deployment), 3 the stopped deployment did not finish in time (the
alias was not changed), 4 an AWS CLI call failed (also when the alias changed since it was read).`;

/** How to reach AWS: the AWS CLI's region and profile unless given. */
interface AwsArguments {
  /** `--region`: the AWS CLI's region otherwise. */
  readonly region?: string;
  /** `--profile`: the AWS CLI's profile otherwise. */
  readonly profile?: string;
}

/**
 * The command line, parsed: `--help`, the release options, or (with `--rollback`) the rollback
 * options, and how to reach AWS.
 */
export type ReleaseArguments =
  | {
      /** `--help`: print the usage. */
      readonly help: true;
    }
  | (AwsArguments & {
      /** Not `--help`. */
      readonly help: false;
      /** Release a new version. */
      readonly mode: 'release';
      /** What to release. */
      readonly options: ReleaseOptions;
    })
  | (AwsArguments & {
      /** Not `--help`. */
      readonly help: false;
      /** `--rollback`: point the alias at a version directly. */
      readonly mode: 'rollback';
      /** What to roll back to. */
      readonly options: RollbackOptions;
    });

const NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ALIAS = /^(?!^[0-9]+$)[A-Za-z0-9_-]{1,128}$/;
const CODEDEPLOY_NAME = /^[A-Za-z0-9_.+=,@-]{1,100}$/;
const REGION = /^[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d{1,2}$/;

function wholeNumber(flag: string, value: string | undefined, min: number, max: number, fallback: number) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) {
    throw new ReleaseUsageError(
      `--${flag} must be a whole number between ${min} and ${max}, got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function required(flag: string, value: string | undefined, pattern: RegExp, what: string): string {
  if (value === undefined) throw new ReleaseUsageError(`--${flag} is required`);
  if (!pattern.test(value))
    throw new ReleaseUsageError(`--${flag} must be ${what}, got ${JSON.stringify(value)}`);
  return value;
}

/** Parses the command line (without `node` and the script); throws `ReleaseUsageError`. */
export function parseReleaseArguments(argv: readonly string[]): ReleaseArguments {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        function: { type: 'string' },
        alias: { type: 'string' },
        application: { type: 'string' },
        'deployment-group': { type: 'string' },
        version: { type: 'string' },
        publish: { type: 'boolean' },
        description: { type: 'string' },
        rollback: { type: 'boolean' },
        'stop-deployment': { type: 'boolean' },
        region: { type: 'string' },
        profile: { type: 'string' },
        'timeout-minutes': { type: 'string' },
        'poll-seconds': { type: 'string' },
        help: { type: 'boolean' },
      },
    }).values;
  } catch (error) {
    throw new ReleaseUsageError((error as Error).message);
  }
  const text = (key: string) => values[key] as string | undefined;
  if (values.help === true) return { help: true };
  const version = text('version');
  if (version !== undefined && !/^[1-9]\d*$/.test(version)) {
    throw new ReleaseUsageError(
      `--version must be a published version number such as 7, got ${JSON.stringify(version)}`,
    );
  }
  const rollback = values.rollback === true;
  if (rollback && values.publish === true) {
    throw new ReleaseUsageError(
      '--rollback and --publish exclude each other: a rollback serves a version that is already published',
    );
  }
  if (rollback && text('description') !== undefined) {
    throw new ReleaseUsageError('--description describes a CodeDeploy deployment: --rollback creates none');
  }
  if (!rollback && values['stop-deployment'] === true) {
    throw new ReleaseUsageError(
      '--stop-deployment only goes with --rollback: a release refuses to start while a shift is in progress',
    );
  }
  if (version !== undefined && values.publish === true) {
    throw new ReleaseUsageError(
      '--version and --publish exclude each other: release an existing version or publish a new one',
    );
  }
  const region = text('region');
  if (region !== undefined && !REGION.test(region)) {
    throw new ReleaseUsageError(
      `--region must be an AWS region code such as us-east-1, got ${JSON.stringify(region)}`,
    );
  }
  const description = text('description');
  if (description !== undefined && description.length > 256) {
    throw new ReleaseUsageError('--description must be at most 256 characters');
  }
  const names = {
    functionName: required(
      'function',
      text('function'),
      NAME,
      'a function name of 1-64 characters of A-Z a-z 0-9 _ -',
    ),
    aliasName: required(
      'alias',
      text('alias') ?? 'live',
      ALIAS,
      'an alias name of 1-128 characters of A-Z a-z 0-9 _ - (not only digits)',
    ),
    applicationName: required(
      'application',
      text('application'),
      CODEDEPLOY_NAME,
      'a CodeDeploy application name of 1-100 characters',
    ),
    deploymentGroupName: required(
      'deployment-group',
      text('deployment-group'),
      CODEDEPLOY_NAME,
      'a CodeDeploy deployment group name of 1-100 characters',
    ),
  };
  const timing = {
    timeoutSeconds: wholeNumber('timeout-minutes', text('timeout-minutes'), 1, 1440, 60) * 60,
    pollSeconds: wholeNumber('poll-seconds', text('poll-seconds'), 1, 300, 15),
  };
  const aws = { region, profile: text('profile') };
  if (rollback) {
    if (version === undefined) {
      throw new ReleaseUsageError(
        '--rollback needs --version <n>: the version to serve (the alias does not record the one it served before)',
      );
    }
    return {
      help: false,
      mode: 'rollback',
      ...aws,
      options: {
        ...names,
        targetVersion: version,
        stopDeployment: values['stop-deployment'] === true,
        ...timing,
      },
    };
  }
  return {
    help: false,
    mode: 'release',
    ...aws,
    options: {
      ...names,
      targetVersion: version,
      publish: values.publish === true,
      description,
      ...timing,
    },
  };
}

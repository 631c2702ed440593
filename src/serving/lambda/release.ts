import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

/**
 * The release step of a model served on Lambda. Terraform publishes a new version on every
 * `cdktf deploy` but never moves the `live` alias; this step moves it: it selects (or
 * publishes) the new version, creates a CodeDeploy deployment whose AppSpec names the alias's
 * current version and the new one, and waits for the result. CodeDeploy shifts the traffic as
 * the deployment group's configuration says and rolls back on the group's alarms.
 *
 * AWS is reached through `LambdaReleaseClient`, so the step is testable and needs no SDK: the
 * package's default client runs the AWS CLI (`AwsCliReleaseClient`).
 */

/** The alias as Lambda reports it. */
export interface AliasState {
  /** The version the alias points to. */
  readonly functionVersion: string;
  /** Versions receiving a share of the traffic besides it (a shift in progress). */
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
}

/** A deployment as CodeDeploy reports it. */
export interface DeploymentState {
  /** `Created`, `Queued`, `InProgress`, `Baking`, `Ready`, `Succeeded`, `Failed` or `Stopped`. */
  readonly status: string;
  /** Why it failed or stopped, when it did. */
  readonly errorMessage?: string;
}

/** What the release needs from AWS. */
export interface LambdaReleaseClient {
  /** `lambda:GetAlias`. */
  getAlias(functionName: string, aliasName: string): Promise<AliasState>;
  /** The published version numbers (`lambda:ListVersionsByFunction`, without `$LATEST`). */
  listVersions(functionName: string): Promise<string[]>;
  /** `lambda:PublishVersion` of `$LATEST`; returns the version number. */
  publishVersion(functionName: string, description: string): Promise<string>;
  /** `codedeploy:CreateDeployment` with the AppSpec content; returns the deployment ID. */
  createDeployment(request: CreateDeploymentRequest): Promise<string>;
  /** `codedeploy:GetDeployment`. */
  getDeployment(deploymentId: string): Promise<DeploymentState>;
  /** `codedeploy:StopDeployment` with automatic rollback. */
  stopDeployment(deploymentId: string): Promise<void>;
}

/** A CodeDeploy deployment of a Lambda alias. */
export interface CreateDeploymentRequest {
  readonly applicationName: string;
  readonly deploymentGroupName: string;
  readonly description: string;
  /** The AppSpec, as JSON. */
  readonly appSpec: string;
  /** SHA-256 of the AppSpec, hex. */
  readonly appSpecSha256: string;
}

/** What to release. */
export interface ReleaseOptions {
  /** The function's name. */
  readonly functionName: string;
  /** The alias CodeDeploy shifts. */
  readonly aliasName: string;
  /** The CodeDeploy application. */
  readonly applicationName: string;
  /** The CodeDeploy deployment group. */
  readonly deploymentGroupName: string;
  /** The version to shift to; without it, the newest published version (or, with `publish`, a new one). */
  readonly targetVersion?: string;
  /** Publish `$LATEST` as a new version first and shift to it. */
  readonly publish: boolean;
  /** How long to wait for the deployment before stopping it (and rolling back), in seconds. */
  readonly timeoutSeconds: number;
  /** How often to ask for the deployment's status, in seconds. */
  readonly pollSeconds: number;
  /** Description of the deployment (and of a published version). */
  readonly description?: string;
}

/** How the release ended. */
export type ReleaseOutcome = 'succeeded' | 'unchanged' | 'failed' | 'timed-out' | 'refused';

/** The result of a release. */
export interface ReleaseResult {
  readonly outcome: ReleaseOutcome;
  /** What happened, in one sentence. */
  readonly message: string;
  /** The version the alias pointed to before. */
  readonly currentVersion?: string;
  /** The version released. */
  readonly targetVersion?: string;
  /** The CodeDeploy deployment, when one was created. */
  readonly deploymentId?: string;
}

/** Time and output, injected so tests run without waiting. */
export interface ReleaseRuntime {
  sleep(milliseconds: number): Promise<void>;
  now(): number;
  log(line: string): void;
}

/** Real time; progress lines to stdout. */
export const defaultReleaseRuntime: ReleaseRuntime = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
  log: (line) => console.log(line),
};

/** The process exit code of each outcome. */
export const RELEASE_EXIT_CODES: Readonly<Record<ReleaseOutcome, number>> = {
  succeeded: 0,
  unchanged: 0,
  failed: 1,
  refused: 2,
  'timed-out': 3,
};

/** The exit code when a call to AWS fails (nothing is rolled back by the command). */
export const RELEASE_ERROR_EXIT_CODE = 4;

const TERMINAL = new Set(['Succeeded', 'Failed', 'Stopped']);

/**
 * The AppSpec of a Lambda deployment: shift `aliasName` of `functionName` from
 * `currentVersion` to `targetVersion`.
 */
export function lambdaAppSpec(
  functionName: string,
  aliasName: string,
  currentVersion: string,
  targetVersion: string,
): string {
  const spec = {
    version: '__APPSPEC_VERSION__',
    Resources: [
      {
        [functionName]: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Name: functionName,
            Alias: aliasName,
            CurrentVersion: currentVersion,
            TargetVersion: targetVersion,
          },
        },
      },
    ],
  };
  // the AppSpec's version is the number 0.0, which JSON.stringify would write as 0
  return JSON.stringify(spec).replace('"__APPSPEC_VERSION__"', '0.0');
}

function newestVersion(versions: readonly string[]): string | undefined {
  const numbers = versions.filter((v) => /^\d+$/.test(v)).map(Number);
  return numbers.length > 0 ? String(Math.max(...numbers)) : undefined;
}

/**
 * Releases a new version: shifts the alias to it with CodeDeploy and waits for the result.
 * Refuses while another shift is in progress (the alias has routing weights) and when the
 * version does not exist; does nothing when the alias already points to it; stops the
 * deployment (which rolls it back) when it outlasts `timeoutSeconds`.
 */
export async function releaseLambdaVersion(
  options: ReleaseOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime = defaultReleaseRuntime,
): Promise<ReleaseResult> {
  const { functionName, aliasName } = options;
  const alias = await client.getAlias(functionName, aliasName);
  const currentVersion = alias.functionVersion;
  const shifting = Object.keys(alias.additionalVersionWeights);
  if (shifting.length > 0) {
    return {
      outcome: 'refused',
      currentVersion,
      message: `${functionName}:${aliasName} is already shifting from version ${currentVersion} to ${shifting.join(', ')}: wait for that deployment to finish or stop it first`,
    };
  }

  let targetVersion: string | undefined;
  if (options.publish) {
    targetVersion = await client.publishVersion(
      functionName,
      options.description ?? `Released to ${aliasName}`,
    );
    runtime.log(`published ${functionName} version ${targetVersion}`);
  } else {
    const versions = await client.listVersions(functionName);
    if (options.targetVersion !== undefined) {
      if (!versions.includes(options.targetVersion)) {
        return {
          outcome: 'refused',
          currentVersion,
          message: `${functionName} has no published version ${options.targetVersion} (published: ${versions.join(', ') || 'none'})`,
        };
      }
      targetVersion = options.targetVersion;
    } else {
      targetVersion = newestVersion(versions);
      if (targetVersion === undefined) {
        return { outcome: 'refused', currentVersion, message: `${functionName} has no published version` };
      }
    }
  }

  if (targetVersion === currentVersion) {
    return {
      outcome: 'unchanged',
      currentVersion,
      targetVersion,
      message: `${functionName}:${aliasName} already serves version ${targetVersion}: nothing to release`,
    };
  }

  const appSpec = lambdaAppSpec(functionName, aliasName, currentVersion, targetVersion);
  const deploymentId = await client.createDeployment({
    applicationName: options.applicationName,
    deploymentGroupName: options.deploymentGroupName,
    description: options.description ?? `${functionName}:${aliasName} ${currentVersion} -> ${targetVersion}`,
    appSpec,
    appSpecSha256: createHash('sha256').update(appSpec).digest('hex'),
  });
  runtime.log(
    `deployment ${deploymentId}: shifting ${functionName}:${aliasName} from version ${currentVersion} to ${targetVersion}`,
  );

  const deadline = runtime.now() + options.timeoutSeconds * 1000;
  let lastStatus = '';
  for (;;) {
    let state: DeploymentState;
    try {
      state = await client.getDeployment(deploymentId);
    } catch (error) {
      throw new Error(
        `${(error as Error).message} (deployment ${deploymentId} keeps running: aws deploy get-deployment --deployment-id ${deploymentId})`,
      );
    }
    if (state.status !== lastStatus) {
      runtime.log(`deployment ${deploymentId}: ${state.status}`);
      lastStatus = state.status;
    }
    const base = { currentVersion, targetVersion, deploymentId };
    if (state.status === 'Succeeded') {
      return {
        ...base,
        outcome: 'succeeded',
        message: `${functionName}:${aliasName} now serves version ${targetVersion}`,
      };
    }
    if (TERMINAL.has(state.status)) {
      return {
        ...base,
        outcome: 'failed',
        message: `deployment ${deploymentId} ${state.status.toLowerCase()}${state.errorMessage ? ` (${state.errorMessage})` : ''}: CodeDeploy rolls ${aliasName} back to version ${currentVersion}`,
      };
    }
    if (runtime.now() >= deadline) {
      await client.stopDeployment(deploymentId);
      return {
        ...base,
        outcome: 'timed-out',
        message: `deployment ${deploymentId} did not finish within ${options.timeoutSeconds} s: stopped, CodeDeploy rolls ${aliasName} back to version ${currentVersion}`,
      };
    }
    await runtime.sleep(options.pollSeconds * 1000);
  }
}

/** A problem with the command line: the message says what is wrong, `RELEASE_USAGE` what is allowed. */
export class ReleaseUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReleaseUsageError';
  }
}

/** The command's usage text. */
export const RELEASE_USAGE = `Usage: cdktf-model-serving-release-lambda --function <name> --application <name> --deployment-group <name> [options]

Shifts the alias of a Lambda model to a new version with CodeDeploy and waits for the result.
Run it after \`cdktf deploy\` published the version; it uses the AWS CLI v2 and its credentials.

  --function <name>           the function, e.g. acme-ml-production-sentiment
  --alias <name>              the alias to shift (default: live)
  --application <name>        the CodeDeploy application
  --deployment-group <name>   the CodeDeploy deployment group
  --version <n>               the version to release (default: the newest published version)
  --publish                   publish $LATEST as a new version and release it
  --description <text>        description of the deployment
  --region <region>           AWS region (default: the AWS CLI's)
  --profile <name>            AWS CLI profile (default: the AWS CLI's)
  --timeout-minutes <n>       stop (and roll back) after this long, 1-1440 (default: 60)
  --poll-seconds <n>          how often to check the deployment, 1-300 (default: 15)
  --help                      this text

Exit codes: 0 released (or already live), 1 failed and rolled back, 2 bad arguments or refused,
3 timed out (stopped and rolled back), 4 an AWS CLI call failed.`;

/** The command line, parsed: `--help`, or the release options and how to reach AWS. */
export type ReleaseArguments =
  | { readonly help: true }
  | {
      readonly help: false;
      readonly options: ReleaseOptions;
      /** `--region`: the AWS CLI's region otherwise. */
      readonly region?: string;
      /** `--profile`: the AWS CLI's profile otherwise. */
      readonly profile?: string;
    };

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
  return {
    help: false,
    region,
    profile: text('profile'),
    options: {
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
      targetVersion: version,
      publish: values.publish === true,
      description,
      timeoutSeconds: wholeNumber('timeout-minutes', text('timeout-minutes'), 1, 1440, 60) * 60,
      pollSeconds: wholeNumber('poll-seconds', text('poll-seconds'), 1, 300, 15),
    },
  };
}

import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';

/**
 * The release step of a model served on Lambda. Terraform publishes a new version on every
 * `cdktf deploy` but never moves the `live` alias; this step moves it: it selects (or
 * publishes) the new version, creates a CodeDeploy deployment whose AppSpec names the alias's
 * current version and the new one, and waits for the result. CodeDeploy shifts the traffic as
 * the deployment group's configuration says and rolls back on the group's alarms.
 *
 * The emergency rollback (`rollbackLambdaAlias`) points the alias at a published version at
 * once, without CodeDeploy: while a rollback alarm of the group is in ALARM, CodeDeploy stops
 * every new deployment of the group, a rollback through it included.
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
  /**
   * The alias's revision: an update given it fails when the alias changed since it was read.
   * @default - unknown (an update is then not guarded)
   */
  readonly revisionId?: string;
}

/** A deployment as CodeDeploy reports it. */
export interface DeploymentState {
  /** `Created`, `Queued`, `InProgress`, `Baking`, `Ready`, `Succeeded`, `Failed` or `Stopped`. */
  readonly status: string;
  /** Why it failed or stopped, when it did. */
  readonly errorMessage?: string;
  /** The deployment CodeDeploy started to roll this one back, when it did. */
  readonly rollbackDeploymentId?: string;
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
  /**
   * The deployments of a deployment group that have not finished (`codedeploy:ListDeployments`
   * with the statuses `Created`, `Queued`, `InProgress`, `Baking` and `Ready`).
   */
  listActiveDeployments(applicationName: string, deploymentGroupName: string): Promise<string[]>;
  /**
   * `lambda:UpdateAlias`: points the alias at one version, with no other version weighted,
   * guarded by the revision when one is given; returns the alias as Lambda reports it after.
   */
  updateAlias(request: UpdateAliasRequest): Promise<AliasState>;
}

/** Points an alias at one version and clears its weighted routing. */
export interface UpdateAliasRequest {
  /** The function's name. */
  readonly functionName: string;
  /** The alias's name, e.g. `live`. */
  readonly aliasName: string;
  /** The version the alias serves afterwards, alone. */
  readonly functionVersion: string;
  /** Lambda refuses the update when the alias's revision is no longer this one. */
  readonly revisionId?: string;
}

/** A CodeDeploy deployment of a Lambda alias. */
export interface CreateDeploymentRequest {
  /** The CodeDeploy application's name. */
  readonly applicationName: string;
  /** The deployment group's name (it holds the traffic-shifting configuration and the alarms). */
  readonly deploymentGroupName: string;
  /** The deployment's description, shown in the CodeDeploy console. */
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

/** What to roll back to, without CodeDeploy. */
export interface RollbackOptions {
  /** The function's name. */
  readonly functionName: string;
  /** The alias to point at the version. */
  readonly aliasName: string;
  /** The CodeDeploy application (checked for deployments in progress). */
  readonly applicationName: string;
  /** The CodeDeploy deployment group (checked for deployments in progress). */
  readonly deploymentGroupName: string;
  /** The published version the alias serves afterwards, alone. */
  readonly targetVersion: string;
  /**
   * Stop (with rollback) the group's deployments in progress and wait for them, instead of
   * refusing while there are any.
   */
  readonly stopDeployment: boolean;
  /** How long to wait for stopped deployments to finish, in seconds. */
  readonly timeoutSeconds: number;
  /** How often to ask for their status, in seconds. */
  readonly pollSeconds: number;
}

/** How the release ended. */
export type ReleaseOutcome = 'succeeded' | 'unchanged' | 'failed' | 'timed-out' | 'refused';

/** The result of a release. */
export interface ReleaseResult {
  /** How the release ended; the command's exit code follows from it (`RELEASE_EXIT_CODES`). */
  readonly outcome: ReleaseOutcome;
  /** What happened, in one sentence. */
  readonly message: string;
  /** The version the alias pointed to before. */
  readonly currentVersion?: string;
  /** The version released. */
  readonly targetVersion?: string;
  /** The CodeDeploy deployment, when one was created. */
  readonly deploymentId?: string;
  /** The deployments a rollback stopped. */
  readonly stoppedDeployments?: readonly string[];
}

/** Time and output, injected so tests run without waiting. */
export interface ReleaseRuntime {
  /** Waits `milliseconds` between polls of the deployment. */
  sleep(milliseconds: number): Promise<void>;
  /** The current time in milliseconds, for the timeout. */
  now(): number;
  /** Writes one line of progress. */
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

/** `version 3`, or `version 3 and 10% on version 4` while weighted. */
function describeRouting(alias: AliasState): string {
  const weighted = Object.entries(alias.additionalVersionWeights).map(
    ([version, weight]) => `${Number((weight * 100).toFixed(2))}% on version ${version}`,
  );
  return [`version ${alias.functionVersion}`, ...weighted].join(' and ');
}

function servesOnly(alias: AliasState, version: string): boolean {
  return alias.functionVersion === version && Object.keys(alias.additionalVersionWeights).length === 0;
}

function plural(ids: readonly string[]): string {
  return `${ids.length === 1 ? 'deployment' : 'deployments'} ${ids.join(', ')}`;
}

/**
 * Stops `ids` with rollback and waits until they, and the deployments CodeDeploy starts to roll
 * them back, finished. Returns `undefined` when they did, or the result to return otherwise.
 */
async function stopAndWait(
  ids: readonly string[],
  options: RollbackOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime,
): Promise<ReleaseResult | undefined> {
  for (const id of ids) {
    runtime.log(`stopping deployment ${id} (with rollback)`);
    try {
      await client.stopDeployment(id);
    } catch (error) {
      // it may have finished meanwhile (CodeDeploy stops deployments on the group's alarms)
      const finished = await client.getDeployment(id).then(
        (state) => TERMINAL.has(state.status),
        () => false,
      );
      if (!finished) throw error;
    }
  }
  const waiting = new Set(ids);
  const seen = new Set(ids);
  const deadline = runtime.now() + options.timeoutSeconds * 1000;
  for (;;) {
    for (const id of [...waiting]) {
      let state: DeploymentState;
      try {
        state = await client.getDeployment(id);
      } catch (error) {
        throw new Error(
          `${(error as Error).message} (${plural(ids)} asked to stop; ${options.functionName}:${options.aliasName} was not changed)`,
        );
      }
      if (!TERMINAL.has(state.status)) continue;
      waiting.delete(id);
      runtime.log(`deployment ${id}: ${state.status}`);
      const rollback = state.rollbackDeploymentId;
      if (rollback !== undefined && !seen.has(rollback)) {
        seen.add(rollback);
        waiting.add(rollback);
        runtime.log(`deployment ${id}: CodeDeploy rolls it back with deployment ${rollback}`);
      }
    }
    if (waiting.size === 0) return undefined;
    if (runtime.now() >= deadline) {
      return {
        outcome: 'timed-out',
        stoppedDeployments: ids,
        message: `${plural([...waiting])} did not finish within ${options.timeoutSeconds} s: ${options.functionName}:${options.aliasName} was not changed`,
      };
    }
    await runtime.sleep(options.pollSeconds * 1000);
  }
}

/**
 * The emergency rollback: points the alias at a published version at once and clears its
 * weighted routing (`lambda:UpdateAlias`), without CodeDeploy, so neither the gradual shift nor
 * the rollback alarms apply. Refuses a version that was never published, and, unless
 * `stopDeployment` is set, refuses while a deployment of the group is in progress (it would
 * move the alias again); with `stopDeployment` it stops those deployments with rollback and
 * waits for them (and the rollbacks CodeDeploy starts) first. Does nothing when the alias
 * already serves the version alone. The update is guarded by the alias's revision, so a change
 * made after the alias was read makes Lambda refuse it instead of being overwritten.
 */
export async function rollbackLambdaAlias(
  options: RollbackOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime = defaultReleaseRuntime,
): Promise<ReleaseResult> {
  const { functionName, aliasName, targetVersion } = options;
  const target = `${functionName}:${aliasName}`;
  const versions = await client.listVersions(functionName);
  if (!versions.includes(targetVersion)) {
    return {
      outcome: 'refused',
      targetVersion,
      message: `${functionName} has no published version ${targetVersion} (published: ${versions.join(', ') || 'none'})`,
    };
  }

  const group = `${options.applicationName}/${options.deploymentGroupName}`;
  const active = await client.listActiveDeployments(options.applicationName, options.deploymentGroupName);
  let stopped: readonly string[] = [];
  if (active.length > 0) {
    if (!options.stopDeployment) {
      return {
        outcome: 'refused',
        targetVersion,
        message: `${plural(active)} of ${group} in progress would move ${target} again: run again with --stop-deployment to stop ${active.length === 1 ? 'it' : 'them'} (with rollback) first, or stop ${active.length === 1 ? 'it' : 'them'} yourself (aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled)`,
      };
    }
    const unfinished = await stopAndWait(active, options, client, runtime);
    if (unfinished) return { ...unfinished, targetVersion };
    stopped = active;
    const started = await client.listActiveDeployments(options.applicationName, options.deploymentGroupName);
    if (started.length > 0) {
      return {
        outcome: 'refused',
        targetVersion,
        stoppedDeployments: stopped,
        message: `${plural(started)} of ${group} started while stopping ${plural(stopped)}: ${target} was not changed`,
      };
    }
  }
  const afterStop = stopped.length > 0 ? ` (after stopping ${plural(stopped)})` : '';
  const extra = stopped.length > 0 ? { stoppedDeployments: stopped } : {};

  const alias = await client.getAlias(functionName, aliasName);
  const currentVersion = alias.functionVersion;
  if (servesOnly(alias, targetVersion)) {
    return {
      outcome: 'unchanged',
      currentVersion,
      targetVersion,
      ...extra,
      message: `${target} already serves version ${targetVersion} alone${afterStop}: nothing to roll back`,
    };
  }
  runtime.log(`pointing ${target} at version ${targetVersion} (it serves ${describeRouting(alias)})`);
  const updated = await client.updateAlias({
    functionName,
    aliasName,
    functionVersion: targetVersion,
    revisionId: alias.revisionId,
  });
  if (!servesOnly(updated, targetVersion)) {
    return {
      outcome: 'failed',
      currentVersion,
      targetVersion,
      ...extra,
      message: `Lambda reports ${target} serving ${describeRouting(updated)} after the update, not version ${targetVersion} alone: check the alias`,
    };
  }
  return {
    outcome: 'succeeded',
    currentVersion,
    targetVersion,
    ...extra,
    message: `${target} now serves version ${targetVersion} alone (it served ${describeRouting(alias)})${afterStop}: switched at once, without CodeDeploy`,
  };
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

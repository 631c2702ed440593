#!/usr/bin/env node
// cdktf-model-serving-release-lambda: shifts a Lambda model's alias to a new version with
// CodeDeploy and waits for the result, or with --rollback points the alias at a version
// directly (see RELEASE_USAGE, or run it with --help).
import { AwsCliReleaseClient } from '../serving/lambda/release/aws-cli-release-client';
import type { LambdaReleaseClient } from '../serving/lambda/release/client';
import { defaultReleaseRuntime, type ReleaseRuntime } from '../serving/lambda/release/runtime';
import { releaseLambdaVersion } from '../serving/lambda/release/release-lambda-version';
import { rollbackLambdaAlias } from '../serving/lambda/release/rollback-lambda-alias';
import { RELEASE_USAGE, ReleaseUsageError, parseReleaseArguments } from './release-lambda-args';
import { RELEASE_ERROR_EXIT_CODE, RELEASE_EXIT_CODES } from './release-lambda-exit-codes';

/** Where the command writes. */
export interface CommandOutput {
  out(line: string): void;
  err(line: string): void;
}

const console_: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * Runs the command: parses `argv` (without `node` and the script), releases (or rolls back),
 * and returns the exit code. `client` defaults to the AWS CLI client with the `--region` and `--profile` given.
 */
export async function main(
  argv: readonly string[],
  output: CommandOutput = console_,
  client?: LambdaReleaseClient,
  runtime: ReleaseRuntime = { ...defaultReleaseRuntime, log: output.out },
): Promise<number> {
  let parsed;
  try {
    parsed = parseReleaseArguments(argv);
  } catch (error) {
    if (!(error instanceof ReleaseUsageError)) throw error;
    output.err(`error: ${error.message}\n\n${RELEASE_USAGE}`);
    return RELEASE_EXIT_CODES.refused;
  }
  if (parsed.help) {
    output.out(RELEASE_USAGE);
    return 0;
  }
  const aws = client ?? new AwsCliReleaseClient({ region: parsed.region, profile: parsed.profile });
  try {
    const result =
      parsed.mode === 'rollback'
        ? await rollbackLambdaAlias(parsed.options, aws, runtime)
        : await releaseLambdaVersion(parsed.options, aws, runtime);
    (RELEASE_EXIT_CODES[result.outcome] === 0 ? output.out : output.err)(
      `${result.outcome}: ${result.message}`,
    );
    return RELEASE_EXIT_CODES[result.outcome];
  } catch (error) {
    output.err(`error: ${(error as Error).message}`);
    return RELEASE_ERROR_EXIT_CODE;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

#!/usr/bin/env node
// cdktf-model-serving-doctor: checks what `cdktf deploy <stack>` needs on this machine, reading the
// environment's facts from its synthesized stack (run `cdktf synth` first). See DOCTOR_USAGE.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  type DoctorRuntime,
  execDoctorCommand,
  formatDoctorReport,
  readDeployFacts,
  runDoctorChecks,
  tcpProbe,
} from './doctor-checks';
import type { CommandOutput } from './release-lambda';

/** The command's help text. */
export const DOCTOR_USAGE = `Usage: cdktf-model-serving-doctor <stack> [--out <dir>]

Checks what \`cdktf deploy <stack>\` needs: Terraform >= 1.10, AWS CLI v2, credentials of the
stack's allowed account, the state bucket, and the EKS endpoint when the cluster exists.
Reads <dir>/stacks/<stack>/cdk.tf.json: run \`cdktf synth\` first.

Options:
  --out <dir>   the synth output directory (default: cdktf.out)
  --help        this text

Exit codes: 0 all checks passed or were skipped, 1 a check failed, 2 bad arguments or no stack.`;

/** The parsed command line. */
export interface DoctorArguments {
  readonly stack?: string;
  readonly out: string;
  readonly help: boolean;
}

/** Parses the arguments (without `node` and the script); throws an `Error` for bad ones. */
export function parseDoctorArguments(argv: readonly string[]): DoctorArguments {
  let stack: string | undefined;
  let out = 'cdktf.out';
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--out') {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error('--out needs a directory');
      out = value;
    } else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`);
    else if (stack === undefined) stack = arg;
    else throw new Error(`one stack at a time, got ${stack} and ${arg}`);
  }
  if (!help && stack === undefined) throw new Error('name the stack to check, e.g. production');
  return { stack, out, help };
}

const console_: CommandOutput = {
  out: (line) => console.log(line),
  err: (line) => console.error(line),
};

/**
 * Runs the command and returns its exit code. `readFile` and `runtime` default to the file
 * system, the programs on the PATH and a TCP probe.
 */
export async function doctorMain(
  argv: readonly string[],
  output: CommandOutput = console_,
  runtime: DoctorRuntime = { run: execDoctorCommand, probe: tcpProbe },
  readFile: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): Promise<number> {
  let args: DoctorArguments;
  try {
    args = parseDoctorArguments(argv);
  } catch (error) {
    output.err(`error: ${(error as Error).message}\n\n${DOCTOR_USAGE}`);
    return 2;
  }
  if (args.help || args.stack === undefined) {
    output.out(DOCTOR_USAGE);
    return 0;
  }
  const file = path.join(args.out, 'stacks', args.stack, 'cdk.tf.json');
  let facts;
  try {
    facts = readDeployFacts(args.stack, JSON.parse(readFile(file)));
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (error as Error).message;
    output.err(
      `error: cannot read ${file}: ${reason}\nfix: run \`npx cdktf synth\` first (and check the stack name)`,
    );
    return 2;
  }
  const checks = await runDoctorChecks(facts, runtime);
  for (const line of formatDoctorReport(facts, checks)) output.out(line);
  return checks.some((c) => c.status === 'fail') ? 1 : 0;
}

if (require.main === module) {
  void doctorMain(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

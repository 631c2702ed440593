// The checks of `cdktf-model-serving-doctor`: what a deploy of a synthesized stack needs on this
// machine. Every outside call goes through a `DoctorRuntime`, so tests drive the checks with fakes.
import { execFile } from 'node:child_process';
import { connect } from 'node:net';

/** What a program printed and how it ended. */
export interface CommandResult {
  /** The exit code, or `'not-found'` when the program is not on the PATH. */
  readonly status: number | 'not-found';
  /** What the program wrote to standard output. */
  readonly stdout: string;
  /** What the program wrote to standard error. */
  readonly stderr: string;
}

/** Runs a program without a shell. */
export type DoctorCommandRunner = (program: string, args: readonly string[]) => Promise<CommandResult>;

/** Opens a TCP connection to `host:port`; resolves `undefined` when it connects, else the reason. */
export type EndpointProbe = (host: string, port: number, timeoutMs: number) => Promise<string | undefined>;

/** The outside world of the checks. */
export interface DoctorRuntime {
  /** Runs `terraform` and `aws`. */
  readonly run: DoctorCommandRunner;
  /** Checks that the cluster endpoint answers. */
  readonly probe: EndpointProbe;
}

/** The facts of one environment that a deploy depends on, read from its synthesized stack. */
export interface DeployFacts {
  /** The stack's name (`cdktf.out/stacks/<stack>`). */
  readonly stack: string;
  /** The AWS provider's region. */
  readonly region: string;
  /** The accounts the AWS provider accepts (`allowed_account_ids`); empty when unrestricted. */
  readonly allowedAccountIds: readonly string[];
  /** The S3 backend's state bucket and its region; `undefined` with a local backend. */
  readonly stateBucket?: {
    /** The bucket's name. */
    readonly name: string;
    /** The bucket's region (the backend's `region`, else the provider's). */
    readonly region: string;
  };
  /** The EKS clusters the stack creates (their names). */
  readonly clusterNames: readonly string[];
  /** The Terraform version the stack requires (`required_version`), e.g. `>= 1.10.0`. */
  readonly requiredTerraform?: string;
}

/** The outcome of one check. */
export interface DoctorCheck {
  /** What was checked, e.g. `Terraform`. */
  readonly name: string;
  /** `ok`, `fail` (the deploy would fail), or `skip` (could not be checked, with the reason). */
  readonly status: 'ok' | 'fail' | 'skip';
  /** What was found. */
  readonly detail: string;
  /** What to do about a failure. */
  readonly fix?: string;
}

/** The lowest Terraform version a deploy needs (the S3 backend's `use_lockfile`). */
export const MIN_TERRAFORM_VERSION = '1.10.0';

const TERRAFORM_INSTALL = 'https://developer.hashicorp.com/terraform/install';
const AWS_CLI_INSTALL = 'https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html';

/** The parts of a synthesized stack the checks read. */
interface SynthesizedStack {
  provider?: { aws?: Array<{ alias?: string; region?: unknown; allowed_account_ids?: string[] }> };
  terraform?: { backend?: { s3?: { bucket?: unknown; region?: unknown } }; required_version?: unknown };
  resource?: { aws_eks_cluster?: Record<string, { name?: unknown }> };
}

/**
 * Reads the deploy facts from a synthesized stack (`cdktf.out/stacks/<stack>/cdk.tf.json`, parsed).
 * Throws an `Error` naming what is missing when the JSON is not a stack of this library.
 */
export function readDeployFacts(stack: string, json: unknown): DeployFacts {
  const tf = (json ?? {}) as SynthesizedStack;
  const aws = Array.isArray(tf.provider?.aws) ? tf.provider.aws : [];
  // the default provider (no alias) is the environment's; replica providers carry an alias
  const provider = aws.find((p) => p.alias === undefined) ?? aws[0];
  if (!provider || typeof provider.region !== 'string') {
    throw new Error(`stack ${stack} has no AWS provider with a region: is it a synthesized cdktf stack?`);
  }
  const s3 = tf.terraform?.backend?.s3;
  const clusters = Object.values(tf.resource?.aws_eks_cluster ?? {});
  return {
    stack,
    region: provider.region,
    allowedAccountIds: Array.isArray(provider.allowed_account_ids) ? provider.allowed_account_ids : [],
    stateBucket:
      s3 && typeof s3.bucket === 'string'
        ? { name: s3.bucket, region: typeof s3.region === 'string' ? s3.region : provider.region }
        : undefined,
    clusterNames: clusters.map((c) => c.name).filter((n): n is string => typeof n === 'string'),
    requiredTerraform:
      typeof tf.terraform?.required_version === 'string' ? tf.terraform.required_version : undefined,
  };
}

/** Compares dotted versions: negative when `a < b`. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map((n) => parseInt(n, 10) || 0);
  const pb = b.split('.').map((n) => parseInt(n, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The first JSON object in `text` (Terraform prints CLI configuration warnings before it). */
function firstJsonObject(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.length > 0) ?? ''
  );
}

async function checkTerraform(runtime: DoctorRuntime): Promise<DoctorCheck> {
  const name = 'Terraform';
  const fix = `install Terraform ${MIN_TERRAFORM_VERSION} or later and put it on the PATH: ${TERRAFORM_INSTALL}`;
  const result = await runtime.run('terraform', ['version', '-json']);
  if (result.status === 'not-found')
    return { name, status: 'fail', detail: 'terraform is not on the PATH', fix };
  const version = firstJsonObject(result.stdout)?.terraform_version;
  if (result.status !== 0 || typeof version !== 'string') {
    return {
      name,
      status: 'fail',
      detail: `terraform version -json failed: ${firstLine(result.stderr || result.stdout)}`,
      fix,
    };
  }
  if (compareVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    return {
      name,
      status: 'fail',
      detail: `${version} is too old: the S3 backend's use_lockfile needs ${MIN_TERRAFORM_VERSION} or later`,
      fix,
    };
  }
  return { name, status: 'ok', detail: `${version} (${MIN_TERRAFORM_VERSION} or later needed)` };
}

async function checkAwsCli(runtime: DoctorRuntime): Promise<DoctorCheck> {
  const name = 'AWS CLI';
  const fix = `install AWS CLI v2 (the Kubernetes and Helm providers run \`aws eks get-token\`): ${AWS_CLI_INSTALL}`;
  const result = await runtime.run('aws', ['--version']);
  if (result.status === 'not-found') return { name, status: 'fail', detail: 'aws is not on the PATH', fix };
  // v2 prints to stdout, v1 to stderr: "aws-cli/2.17.0 Python/3.11.8 Linux/6.1 exe/x86_64"
  const version = /aws-cli\/(\d+(?:\.\d+)*)/.exec(`${result.stdout}\n${result.stderr}`)?.[1];
  if (!version) {
    return {
      name,
      status: 'fail',
      detail: `aws --version printed no version: ${firstLine(result.stderr)}`,
      fix,
    };
  }
  if (compareVersions(version, '2') < 0) {
    return { name, status: 'fail', detail: `${version} is AWS CLI v1; v2 is needed`, fix };
  }
  return { name, status: 'ok', detail: version };
}

async function checkCredentials(runtime: DoctorRuntime, facts: DeployFacts): Promise<DoctorCheck> {
  const name = 'AWS credentials';
  const allowed = facts.allowedAccountIds.join(', ');
  const result = await runtime.run('aws', [
    'sts',
    'get-caller-identity',
    '--region',
    facts.region,
    '--output',
    'json',
  ]);
  const identity = result.status === 0 ? firstJsonObject(result.stdout) : undefined;
  if (!identity || typeof identity.Account !== 'string') {
    return {
      name,
      status: 'fail',
      detail: `aws sts get-caller-identity failed: ${firstLine(result.stderr) || 'no identity'}`,
      fix: `sign in to ${allowed ? `account ${allowed}` : 'the target account'} (aws sso login, AWS_PROFILE, or the CI's OIDC role)`,
    };
  }
  if (facts.allowedAccountIds.length > 0 && !facts.allowedAccountIds.includes(identity.Account)) {
    return {
      name,
      status: 'fail',
      detail: `signed in to account ${identity.Account} as ${String(identity.Arn)}; the ${facts.stack} stack allows only ${allowed}`,
      fix: `switch to credentials of account ${allowed} (AWS_PROFILE or aws sso login)`,
    };
  }
  return { name, status: 'ok', detail: `account ${identity.Account} as ${String(identity.Arn)}` };
}

async function checkStateBucket(
  runtime: DoctorRuntime,
  bucket: { name: string; region: string },
): Promise<DoctorCheck> {
  const name = 'State bucket';
  const result = await runtime.run('aws', [
    's3api',
    'head-bucket',
    '--bucket',
    bucket.name,
    '--region',
    bucket.region,
  ]);
  if (result.status === 0)
    return { name, status: 'ok', detail: `s3://${bucket.name} (${bucket.region}) is reachable` };
  const reason = firstLine(result.stderr);
  const missing = /404|Not Found/i.test(reason);
  return {
    name,
    status: 'fail',
    detail: `s3://${bucket.name} (${bucket.region}): ${reason || `head-bucket exited with ${String(result.status)}`}`,
    fix: missing
      ? `create the bucket (versioned, encrypted) before the first deploy: it holds the state and is not created by the stack`
      : `grant these credentials s3:ListBucket on the bucket, or fix backend.s3.bucket / backend.s3.region in the spec`,
  };
}

async function checkCluster(
  runtime: DoctorRuntime,
  facts: DeployFacts,
  cluster: string,
): Promise<DoctorCheck> {
  const name = `Cluster ${cluster}`;
  const result = await runtime.run('aws', [
    'eks',
    'describe-cluster',
    '--name',
    cluster,
    '--region',
    facts.region,
    '--output',
    'json',
  ]);
  if (result.status !== 0) {
    if (/ResourceNotFoundException/.test(result.stderr)) {
      return { name, status: 'ok', detail: 'not created yet: the first deploy creates it' };
    }
    return {
      name,
      status: 'fail',
      detail: `aws eks describe-cluster failed: ${firstLine(result.stderr)}`,
      fix: 'grant these credentials eks:DescribeCluster on the cluster (the deploy reads it)',
    };
  }
  const endpoint = (firstJsonObject(result.stdout)?.cluster as { endpoint?: unknown } | undefined)?.endpoint;
  if (typeof endpoint !== 'string') {
    return { name, status: 'skip', detail: 'the cluster has no endpoint yet (still creating?)' };
  }
  const host = endpoint.replace(/^https:\/\//, '').replace(/\/.*$/, '');
  const problem = await runtime.probe(host, 443, 5000);
  if (problem === undefined) return { name, status: 'ok', detail: `${endpoint} is reachable on port 443` };
  return {
    name,
    status: 'fail',
    detail: `${endpoint} is not reachable: ${problem}`,
    fix:
      'the Kubernetes and Helm providers need the API server: deploy from inside the VPC (a runner in the VPC, a VPN) ' +
      "or add this machine's public address to cluster.publicAccessCidrs",
  };
}

/** Runs every check for one environment, in order; checks that need a missing tool are skipped. */
export async function runDoctorChecks(facts: DeployFacts, runtime: DoctorRuntime): Promise<DoctorCheck[]> {
  const checks: DoctorCheck[] = [await checkTerraform(runtime)];
  const awsCli = await checkAwsCli(runtime);
  checks.push(awsCli);
  const needsCli = (name: string): DoctorCheck => ({ name, status: 'skip', detail: 'needs the AWS CLI' });
  if (awsCli.status === 'fail' && awsCli.detail.endsWith('not on the PATH')) {
    checks.push(needsCli('AWS credentials'));
    if (facts.stateBucket) checks.push(needsCli('State bucket'));
    for (const cluster of facts.clusterNames) checks.push(needsCli(`Cluster ${cluster}`));
    return checks;
  }
  const credentials = await checkCredentials(runtime, facts);
  checks.push(credentials);
  const needsCredentials = (name: string): DoctorCheck => ({
    name,
    status: 'skip',
    detail: 'needs credentials of the allowed account',
  });
  if (facts.stateBucket) {
    checks.push(
      credentials.status === 'ok'
        ? await checkStateBucket(runtime, facts.stateBucket)
        : needsCredentials('State bucket'),
    );
  } else {
    checks.push({
      name: 'State bucket',
      status: 'skip',
      detail: 'the stack keeps its state in a local file',
    });
  }
  for (const cluster of facts.clusterNames) {
    checks.push(
      credentials.status === 'ok'
        ? await checkCluster(runtime, facts, cluster)
        : needsCredentials(`Cluster ${cluster}`),
    );
  }
  return checks;
}

/** The report: one line per check, its fix indented below a failure. */
export function formatDoctorReport(facts: DeployFacts, checks: readonly DoctorCheck[]): string[] {
  const mark = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' } as const;
  const width = Math.max(...checks.map((c) => c.name.length));
  const lines = [
    `Deploy checks for stack ${facts.stack} (region ${facts.region}, account ${facts.allowedAccountIds.join(', ') || 'any'})`,
  ];
  for (const check of checks) {
    lines.push(`  ${mark[check.status]}  ${check.name.padEnd(width)}  ${check.detail}`);
    if (check.fix) lines.push(`        ${' '.repeat(width)}  fix: ${check.fix}`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push(
    failed === 0
      ? 'Ready to deploy.'
      : `${failed} check(s) failed: fix them before \`cdktf deploy ${facts.stack}\`.`,
  );
  return lines;
}

/** Runs a program with `execFile`; never rejects. */
export const execDoctorCommand: DoctorCommandRunner = (program, args) =>
  new Promise((resolve) => {
    execFile(
      program,
      [...args],
      { maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        if (code === 'ENOENT') resolve({ status: 'not-found', stdout: '', stderr: '' });
        else
          resolve({
            status: error ? (typeof code === 'number' ? code : 1) : 0,
            stdout: String(stdout),
            stderr: String(stderr),
          });
      },
    );
  });

/** Connects to `host:port` over TCP. */
export const tcpProbe: EndpointProbe = (host, port, timeoutMs) =>
  new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(`no answer within ${timeoutMs / 1000} s`);
    });
    socket.once('error', (error) => resolve(error.message));
  });

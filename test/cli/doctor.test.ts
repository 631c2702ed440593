import {
  type CommandResult,
  type DoctorRuntime,
  readDeployFacts,
  runDoctorChecks,
} from '../../src/cli/doctor-checks';
import { doctorMain, parseDoctorArguments } from '../../src/cli/doctor';
import { ModelServingEnvironment, presets } from '../../src';
import { Testing } from 'cdktf';

/** A synthesized production-like stack: S3 backend, allowed account, an EKS cluster. */
function productionStack(): Record<string, any> {
  const app = Testing.app();
  const env = new ModelServingEnvironment(app, 'production', {
    ...presets.production,
    project: 'acme-ml',
    region: 'eu-west-1',
    allowedAccountIds: ['111122223333'],
    backend: { s3: { bucket: 'acme-tf-state', region: 'eu-central-1' } },
    cluster: {
      adminRoleArns: ['arn:aws:iam::111122223333:role/deployer'],
      deployerRoleArn: 'arn:aws:iam::111122223333:role/deployer',
      privateAccessCidrs: ['10.200.0.0/16'],
    },
    alerting: { emails: ['oncall@example.com'] },
  });
  return JSON.parse(Testing.synth(env, true));
}

const ok = (stdout: string): CommandResult => ({ status: 0, stdout, stderr: '' });
const failed = (stderr: string, status = 254): CommandResult => ({ status, stdout: '', stderr });

/** A machine where every command succeeds unless `overrides` says otherwise (keyed by `program arg1 arg2`). */
function fakeRuntime(
  overrides: Record<string, CommandResult> = {},
  probe?: string,
): DoctorRuntime & { calls: string[] } {
  const calls: string[] = [];
  const defaults: Record<string, CommandResult> = {
    'terraform version -json': ok('{"terraform_version":"1.10.5","platform":"linux_amd64"}'),
    'aws --version': ok('aws-cli/2.17.20 Python/3.11.9 Linux/6.1 exe/x86_64.debian.12\n'),
    'aws sts get-caller-identity': ok(
      '{"UserId":"AROA:ci","Account":"111122223333","Arn":"arn:aws:sts::111122223333:assumed-role/deployer/ci"}',
    ),
    'aws s3api head-bucket': ok('{"BucketRegion":"eu-central-1"}'),
    'aws eks describe-cluster': ok(
      '{"cluster":{"name":"acme-ml-production","endpoint":"https://ABC.gr7.eu-west-1.eks.amazonaws.com"}}',
    ),
  };
  return {
    calls,
    run: async (program, args) => {
      calls.push([program, ...args].join(' '));
      const key = [program, ...args.slice(0, 2)].join(' ');
      const result = overrides[key] ?? defaults[key];
      if (!result) throw new Error(`unexpected command ${key}`);
      return result;
    },
    probe: async (host, port) => {
      calls.push(`probe ${host}:${port}`);
      return probe;
    },
  };
}

describe('doctor reads the deploy facts from a synthesized stack', () => {
  it('finds the region, the allowed account, the state bucket and the cluster', () => {
    expect(readDeployFacts('production', productionStack())).toEqual({
      stack: 'production',
      region: 'eu-west-1',
      allowedAccountIds: ['111122223333'],
      stateBucket: { name: 'acme-tf-state', region: 'eu-central-1' },
      clusterNames: ['acme-ml-production'],
      requiredTerraform: '>= 1.10.0',
    });
  });

  it('refuses JSON without an AWS provider', () => {
    expect(() => readDeployFacts('x', { resource: {} })).toThrow(
      'stack x has no AWS provider with a region: is it a synthesized cdktf stack?',
    );
  });
});

describe('doctor checks', () => {
  const facts = readDeployFacts('production', productionStack());

  it('passes every check on a ready machine and runs the commands a deploy relies on', async () => {
    const runtime = fakeRuntime();
    const checks = await runDoctorChecks(facts, runtime);
    expect(checks.map((c) => [c.name, c.status])).toEqual([
      ['Terraform', 'ok'],
      ['AWS CLI', 'ok'],
      ['AWS credentials', 'ok'],
      ['State bucket', 'ok'],
      ['Cluster acme-ml-production', 'ok'],
    ]);
    expect(runtime.calls).toEqual([
      'terraform version -json',
      'aws --version',
      'aws sts get-caller-identity --region eu-west-1 --output json',
      'aws s3api head-bucket --bucket acme-tf-state --region eu-central-1',
      'aws eks describe-cluster --name acme-ml-production --region eu-west-1 --output json',
      'probe ABC.gr7.eu-west-1.eks.amazonaws.com:443',
    ]);
  });

  it('fails Terraform older than 1.10 and a missing terraform, with the install link', async () => {
    const old = await runDoctorChecks(
      facts,
      fakeRuntime({ 'terraform version -json': ok('{"terraform_version":"1.9.8"}') }),
    );
    expect(old[0]).toEqual({
      name: 'Terraform',
      status: 'fail',
      detail: "1.9.8 is too old: the S3 backend's use_lockfile needs 1.10.0 or later",
      fix: 'install Terraform 1.10.0 or later and put it on the PATH: https://developer.hashicorp.com/terraform/install',
    });
    const missing = await runDoctorChecks(
      facts,
      fakeRuntime({ 'terraform version -json': { status: 'not-found', stdout: '', stderr: '' } }),
    );
    expect(missing[0]).toMatchObject({ status: 'fail', detail: 'terraform is not on the PATH' });
  });

  it('reads the version after the CLI configuration warnings Terraform prints first', async () => {
    const noisy = ok(
      'There are some problems with the CLI configuration:\n│ Warning\n\n{"terraform_version":"1.11.4"}',
    );
    const [terraform] = await runDoctorChecks(facts, fakeRuntime({ 'terraform version -json': noisy }));
    expect(terraform).toEqual({ name: 'Terraform', status: 'ok', detail: '1.11.4 (1.10.0 or later needed)' });
  });

  it('fails AWS CLI v1 (it prints its version to standard error)', async () => {
    const v1: CommandResult = {
      status: 0,
      stdout: '',
      stderr: 'aws-cli/1.45.11 Python/3.11.7 Linux/6.1 botocore/1.43.11',
    };
    const checks = await runDoctorChecks(facts, fakeRuntime({ 'aws --version': v1 }));
    expect(checks[1]).toMatchObject({
      name: 'AWS CLI',
      status: 'fail',
      detail: '1.45.11 is AWS CLI v1; v2 is needed',
    });
    expect(checks[1].fix).toContain('aws eks get-token');
  });

  it('skips the AWS checks when the AWS CLI is missing', async () => {
    const checks = await runDoctorChecks(
      facts,
      fakeRuntime({ 'aws --version': { status: 'not-found', stdout: '', stderr: '' } }),
    );
    expect(checks.map((c) => [c.name, c.status, c.detail])).toEqual([
      ['Terraform', 'ok', '1.10.5 (1.10.0 or later needed)'],
      ['AWS CLI', 'fail', 'aws is not on the PATH'],
      ['AWS credentials', 'skip', 'needs the AWS CLI'],
      ['State bucket', 'skip', 'needs the AWS CLI'],
      ['Cluster acme-ml-production', 'skip', 'needs the AWS CLI'],
    ]);
  });

  it('fails credentials of another account and skips what needs the right account', async () => {
    const other = ok('{"Account":"999999999999","Arn":"arn:aws:iam::999999999999:user/dev"}');
    const checks = await runDoctorChecks(facts, fakeRuntime({ 'aws sts get-caller-identity': other }));
    expect(checks[2]).toEqual({
      name: 'AWS credentials',
      status: 'fail',
      detail:
        'signed in to account 999999999999 as arn:aws:iam::999999999999:user/dev; the production stack allows only 111122223333',
      fix: 'switch to credentials of account 111122223333 (AWS_PROFILE or aws sso login)',
    });
    expect(checks.slice(3).map((c) => [c.status, c.detail])).toEqual([
      ['skip', 'needs credentials of the allowed account'],
      ['skip', 'needs credentials of the allowed account'],
    ]);
  });

  it('fails missing credentials with the sign-in fix', async () => {
    const none = failed(
      '\nUnable to locate credentials. You can configure credentials by running "aws configure".',
    );
    const checks = await runDoctorChecks(facts, fakeRuntime({ 'aws sts get-caller-identity': none }));
    expect(checks[2]).toEqual({
      name: 'AWS credentials',
      status: 'fail',
      detail:
        'aws sts get-caller-identity failed: Unable to locate credentials. You can configure credentials by running "aws configure".',
      fix: "sign in to account 111122223333 (aws sso login, AWS_PROFILE, or the CI's OIDC role)",
    });
  });

  it('fails a missing state bucket with "create it" and a forbidden one with the permission', async () => {
    const notFound = failed('\nAn error occurred (404) when calling the HeadBucket operation: Not Found');
    const [, , , missing] = await runDoctorChecks(facts, fakeRuntime({ 'aws s3api head-bucket': notFound }));
    expect(missing).toEqual({
      name: 'State bucket',
      status: 'fail',
      detail:
        's3://acme-tf-state (eu-central-1): An error occurred (404) when calling the HeadBucket operation: Not Found',
      fix: 'create the bucket (versioned, encrypted) before the first deploy: it holds the state and is not created by the stack',
    });
    const forbidden = failed('An error occurred (403) when calling the HeadBucket operation: Forbidden');
    const [, , , denied] = await runDoctorChecks(facts, fakeRuntime({ 'aws s3api head-bucket': forbidden }));
    expect(denied.fix).toBe(
      'grant these credentials s3:ListBucket on the bucket, or fix backend.s3.bucket / backend.s3.region in the spec',
    );
  });

  it('passes a cluster that does not exist yet (the first deploy creates it) without probing', async () => {
    const notYet = failed(
      'An error occurred (ResourceNotFoundException) when calling the DescribeCluster operation: No cluster found for name: acme-ml-production.',
    );
    const runtime = fakeRuntime({ 'aws eks describe-cluster': notYet });
    const checks = await runDoctorChecks(facts, runtime);
    expect(checks[4]).toEqual({
      name: 'Cluster acme-ml-production',
      status: 'ok',
      detail: 'not created yet: the first deploy creates it',
    });
    expect(runtime.calls.some((c) => c.startsWith('probe'))).toBe(false);
  });

  it('fails an unreachable cluster endpoint with the network fix', async () => {
    const checks = await runDoctorChecks(facts, fakeRuntime({}, 'no answer within 5 s'));
    expect(checks[4]).toEqual({
      name: 'Cluster acme-ml-production',
      status: 'fail',
      detail: 'https://ABC.gr7.eu-west-1.eks.amazonaws.com is not reachable: no answer within 5 s',
      fix:
        'the Kubernetes and Helm providers need the API server: deploy from inside the VPC (a runner in the VPC, a VPN) ' +
        "or add this machine's public address to cluster.publicAccessCidrs",
    });
  });
});

describe('the doctor command', () => {
  const stack = JSON.stringify(productionStack());
  const run = async (argv: string[], runtime = fakeRuntime()) => {
    const out: string[] = [];
    const err: string[] = [];
    const files: string[] = [];
    const code = await doctorMain(
      argv,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      runtime,
      (file) => {
        files.push(file);
        if (
          file !== 'cdktf.out/stacks/production/cdk.tf.json' &&
          file !== 'out/stacks/production/cdk.tf.json'
        ) {
          throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        }
        return stack;
      },
    );
    return { code, out, err, files };
  };

  it('prints each check and exits 0 when the machine is ready', async () => {
    const { code, out } = await run(['production']);
    expect(code).toBe(0);
    expect(out).toEqual([
      'Deploy checks for stack production (region eu-west-1, account 111122223333)',
      '  ok    Terraform                   1.10.5 (1.10.0 or later needed)',
      '  ok    AWS CLI                     2.17.20',
      '  ok    AWS credentials             account 111122223333 as arn:aws:sts::111122223333:assumed-role/deployer/ci',
      '  ok    State bucket                s3://acme-tf-state (eu-central-1) is reachable',
      '  ok    Cluster acme-ml-production  https://ABC.gr7.eu-west-1.eks.amazonaws.com is reachable on port 443',
      'Ready to deploy.',
    ]);
  });

  it('prints the fix under a failed check and exits 1', async () => {
    const { code, out } = await run(
      ['production'],
      fakeRuntime({ 'aws --version': ok('aws-cli/1.29.0 Python/3.8') }),
    );
    expect(code).toBe(1);
    expect(out[2]).toBe('  FAIL  AWS CLI                     1.29.0 is AWS CLI v1; v2 is needed');
    expect(out[3]).toMatch(/^ {36}fix: install AWS CLI v2 /);
    expect(out.at(-1)).toBe('1 check(s) failed: fix them before `cdktf deploy production`.');
  });

  it('reads the stack from --out', async () => {
    const { code, files } = await run(['production', '--out', 'out']);
    expect(code).toBe(0);
    expect(files).toEqual(['out/stacks/production/cdk.tf.json']);
  });

  it('asks for synth when the stack is not synthesized, exit 2', async () => {
    const { code, err } = await run(['prod']);
    expect(code).toBe(2);
    expect(err).toEqual([
      'error: cannot read cdktf.out/stacks/prod/cdk.tf.json: not found\nfix: run `npx cdktf synth` first (and check the stack name)',
    ]);
  });

  it('refuses bad arguments with the usage, exit 2', async () => {
    const { code, err } = await run(['production', '--profile', 'x']);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^error: unknown option --profile\n\nUsage: cdktf-model-serving-doctor <stack>/);
  });

  it('parses its arguments', () => {
    expect(parseDoctorArguments(['staging'])).toEqual({ stack: 'staging', out: 'cdktf.out', help: false });
    expect(parseDoctorArguments(['--help'])).toEqual({ stack: undefined, out: 'cdktf.out', help: true });
    expect(() => parseDoctorArguments([])).toThrow('name the stack to check, e.g. production');
    expect(() => parseDoctorArguments(['a', 'b'])).toThrow('one stack at a time, got a and b');
    expect(() => parseDoctorArguments(['a', '--out'])).toThrow('--out needs a directory');
  });
});

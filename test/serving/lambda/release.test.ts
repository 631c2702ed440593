import { createHash } from 'node:crypto';
import { main } from '../../../src/cli/release-lambda';
import {
  AwsCliReleaseClient,
  RELEASE_EXIT_CODES,
  execFileRunner,
  RELEASE_USAGE,
  lambdaAppSpec,
  parseReleaseArguments,
  releaseLambdaVersion,
  type AliasState,
  type CreateDeploymentRequest,
  type DeploymentState,
  type LambdaReleaseClient,
  type ReleaseOptions,
  type ReleaseRuntime,
} from '../../../src';

/** A scripted AWS: the alias, the published versions and the statuses a deployment goes through. */
class FakeAws implements LambdaReleaseClient {
  public readonly calls: string[] = [];
  public readonly deployments: CreateDeploymentRequest[] = [];
  public stopped: string[] = [];

  constructor(
    private readonly alias: AliasState,
    private versions: string[],
    private readonly statuses: DeploymentState[] = [{ status: 'Succeeded' }],
  ) {}

  async getAlias(functionName: string, aliasName: string): Promise<AliasState> {
    this.calls.push(`getAlias ${functionName} ${aliasName}`);
    return this.alias;
  }

  async listVersions(functionName: string): Promise<string[]> {
    this.calls.push(`listVersions ${functionName}`);
    return this.versions;
  }

  async publishVersion(functionName: string, description: string): Promise<string> {
    this.calls.push(`publishVersion ${functionName} ${description}`);
    const next = String(Math.max(0, ...this.versions.map(Number)) + 1);
    this.versions = [...this.versions, next];
    return next;
  }

  async createDeployment(request: CreateDeploymentRequest): Promise<string> {
    this.calls.push(`createDeployment ${request.applicationName} ${request.deploymentGroupName}`);
    this.deployments.push(request);
    return 'd-ABC123';
  }

  async getDeployment(deploymentId: string): Promise<DeploymentState> {
    this.calls.push(`getDeployment ${deploymentId}`);
    return this.statuses.length > 1 ? this.statuses.shift()! : this.statuses[0];
  }

  async stopDeployment(deploymentId: string): Promise<void> {
    this.calls.push(`stopDeployment ${deploymentId}`);
    this.stopped.push(deploymentId);
  }
}

/** A clock that moves only when the release sleeps; the log lines it printed. */
function fakeRuntime(): ReleaseRuntime & { lines: string[]; slept: number[] } {
  let now = 0;
  const lines: string[] = [];
  const slept: number[] = [];
  return {
    lines,
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    log: (line) => lines.push(line),
  };
}

const OPTIONS: ReleaseOptions = {
  functionName: 'acme-ml-production-sentiment',
  aliasName: 'live',
  applicationName: 'acme-ml-production-sentiment',
  deploymentGroupName: 'acme-ml-production-sentiment',
  publish: false,
  timeoutSeconds: 3600,
  pollSeconds: 15,
};

const AT_3: AliasState = { functionVersion: '3', additionalVersionWeights: {} };

describe('releaseLambdaVersion', () => {
  it('shifts the alias from its version to the newest published one with CodeDeploy and waits for success', async () => {
    const aws = new FakeAws(
      AT_3,
      ['1', '2', '3', '4'],
      [{ status: 'Created' }, { status: 'InProgress' }, { status: 'InProgress' }, { status: 'Succeeded' }],
    );
    const runtime = fakeRuntime();
    const result = await releaseLambdaVersion(OPTIONS, aws, runtime);

    expect(result).toEqual({
      outcome: 'succeeded',
      currentVersion: '3',
      targetVersion: '4',
      deploymentId: 'd-ABC123',
      message: 'acme-ml-production-sentiment:live now serves version 4',
    });
    const [request] = aws.deployments;
    expect(request).toEqual({
      applicationName: 'acme-ml-production-sentiment',
      deploymentGroupName: 'acme-ml-production-sentiment',
      description: 'acme-ml-production-sentiment:live 3 -> 4',
      appSpec: lambdaAppSpec('acme-ml-production-sentiment', 'live', '3', '4'),
      appSpecSha256: createHash('sha256').update(request.appSpec).digest('hex'),
    });
    expect(runtime.slept).toEqual([15000, 15000, 15000]);
    expect(runtime.lines).toEqual([
      'deployment d-ABC123: shifting acme-ml-production-sentiment:live from version 3 to 4',
      'deployment d-ABC123: Created',
      'deployment d-ABC123: InProgress',
      'deployment d-ABC123: Succeeded',
    ]);
  });

  it('reports a deployment that failed, as CodeDeploy rolled it back (e.g. on an alarm)', async () => {
    const aws = new FakeAws(
      AT_3,
      ['3', '4'],
      [
        { status: 'InProgress' },
        {
          status: 'Failed',
          errorMessage: 'ALARM_ACTIVE: acme-ml-production-sentiment-lambda-new-version-error-rate',
        },
      ],
    );
    const result = await releaseLambdaVersion(OPTIONS, aws, fakeRuntime());
    expect(result).toMatchObject({ outcome: 'failed', deploymentId: 'd-ABC123', targetVersion: '4' });
    expect(result.message).toBe(
      'deployment d-ABC123 failed (ALARM_ACTIVE: acme-ml-production-sentiment-lambda-new-version-error-rate): CodeDeploy rolls live back to version 3',
    );
    expect(aws.stopped).toEqual([]);
  });

  it('reports a deployment someone stopped', async () => {
    const aws = new FakeAws(AT_3, ['3', '4'], [{ status: 'Stopped' }]);
    const result = await releaseLambdaVersion(OPTIONS, aws, fakeRuntime());
    expect(result.outcome).toBe('failed');
    expect(result.message).toBe('deployment d-ABC123 stopped: CodeDeploy rolls live back to version 3');
  });

  it('stops (and so rolls back) a deployment that outlasts the timeout', async () => {
    const aws = new FakeAws(AT_3, ['3', '4'], [{ status: 'InProgress' }]);
    const runtime = fakeRuntime();
    const result = await releaseLambdaVersion(
      { ...OPTIONS, timeoutSeconds: 60, pollSeconds: 20 },
      aws,
      runtime,
    );
    expect(result).toMatchObject({ outcome: 'timed-out', deploymentId: 'd-ABC123' });
    expect(result.message).toBe(
      'deployment d-ABC123 did not finish within 60 s: stopped, CodeDeploy rolls live back to version 3',
    );
    expect(aws.stopped).toEqual(['d-ABC123']);
    expect(runtime.slept).toEqual([20000, 20000, 20000]);
  });

  it('does nothing when the alias already serves the version', async () => {
    const aws = new FakeAws({ functionVersion: '4', additionalVersionWeights: {} }, ['1', '4']);
    const result = await releaseLambdaVersion(OPTIONS, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'unchanged',
      currentVersion: '4',
      targetVersion: '4',
      message: 'acme-ml-production-sentiment:live already serves version 4: nothing to release',
    });
    expect(aws.deployments).toEqual([]);
  });

  it('refuses while another shift is in progress', async () => {
    const aws = new FakeAws({ functionVersion: '3', additionalVersionWeights: { '4': 0.1 } }, ['3', '4']);
    const result = await releaseLambdaVersion(OPTIONS, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'refused',
      currentVersion: '3',
      message:
        'acme-ml-production-sentiment:live is already shifting from version 3 to 4: wait for that deployment to finish or stop it first',
    });
    expect(aws.calls).toEqual(['getAlias acme-ml-production-sentiment live']);
  });

  it('refuses a version that was never published', async () => {
    const aws = new FakeAws(AT_3, ['2', '3']);
    const result = await releaseLambdaVersion({ ...OPTIONS, targetVersion: '9' }, aws, fakeRuntime());
    expect(result).toMatchObject({
      outcome: 'refused',
      message: 'acme-ml-production-sentiment has no published version 9 (published: 2, 3)',
    });
  });

  it('releases a given version, also an older one (a roll back through the same checks)', async () => {
    const aws = new FakeAws(AT_3, ['1', '2', '3', '4']);
    const result = await releaseLambdaVersion({ ...OPTIONS, targetVersion: '2' }, aws, fakeRuntime());
    expect(result).toMatchObject({ outcome: 'succeeded', currentVersion: '3', targetVersion: '2' });
    expect(
      JSON.parse(aws.deployments[0].appSpec).Resources[0]['acme-ml-production-sentiment'].Properties,
    ).toEqual({
      Name: 'acme-ml-production-sentiment',
      Alias: 'live',
      CurrentVersion: '3',
      TargetVersion: '2',
    });
  });

  it('publishes $LATEST first when asked', async () => {
    const aws = new FakeAws(AT_3, ['1', '2', '3']);
    const runtime = fakeRuntime();
    const result = await releaseLambdaVersion(
      { ...OPTIONS, publish: true, description: 'v2.0.0' },
      aws,
      runtime,
    );
    expect(result).toMatchObject({ outcome: 'succeeded', targetVersion: '4' });
    expect(aws.calls.slice(0, 3)).toEqual([
      'getAlias acme-ml-production-sentiment live',
      'publishVersion acme-ml-production-sentiment v2.0.0',
      'createDeployment acme-ml-production-sentiment acme-ml-production-sentiment',
    ]);
    expect(runtime.lines[0]).toBe('published acme-ml-production-sentiment version 4');
  });

  it('names a deployment that keeps running when AWS cannot be asked about it', async () => {
    const aws = new FakeAws(AT_3, ['3', '4']);
    aws.getDeployment = async () => {
      throw new Error('aws deploy get-deployment failed: Could not connect to the endpoint URL');
    };
    await expect(releaseLambdaVersion(OPTIONS, aws, fakeRuntime())).rejects.toThrow(
      'aws deploy get-deployment failed: Could not connect to the endpoint URL (deployment d-ABC123 keeps running: aws deploy get-deployment --deployment-id d-ABC123)',
    );
  });
});

describe('lambdaAppSpec', () => {
  it('is the Lambda AppSpec CodeDeploy expects, with version 0.0', () => {
    expect(lambdaAppSpec('fn', 'live', '1', '2')).toBe(
      '{"version":0.0,"Resources":[{"fn":{"Type":"AWS::Lambda::Function","Properties":{"Name":"fn","Alias":"live","CurrentVersion":"1","TargetVersion":"2"}}}]}',
    );
  });
});

const REQUIRED = ['--function', 'fn', '--application', 'app', '--deployment-group', 'group'];

describe('parseReleaseArguments', () => {
  it('takes the names, with the defaults for the rest', () => {
    expect(parseReleaseArguments([...REQUIRED, '--region', 'eu-west-1', '--profile', 'prod'])).toEqual({
      help: false,
      region: 'eu-west-1',
      profile: 'prod',
      options: {
        functionName: 'fn',
        aliasName: 'live',
        applicationName: 'app',
        deploymentGroupName: 'group',
        targetVersion: undefined,
        publish: false,
        description: undefined,
        timeoutSeconds: 3600,
        pollSeconds: 15,
      },
    });
    expect(parseReleaseArguments(['--help'])).toEqual({ help: true });
  });

  it.each([
    [[], '--function is required'],
    [['--function', 'fn'], '--application is required'],
    [
      ['--function', 'my function', '--application', 'a', '--deployment-group', 'g'],
      '--function must be a function name of 1-64 characters of A-Z a-z 0-9 _ -, got "my function"',
    ],
    [
      [...REQUIRED, '--alias', '12'],
      '--alias must be an alias name of 1-128 characters of A-Z a-z 0-9 _ - (not only digits), got "12"',
    ],
    [
      [...REQUIRED, '--version', '$LATEST'],
      '--version must be a published version number such as 7, got "$LATEST"',
    ],
    [
      [...REQUIRED, '--version', '3', '--publish'],
      '--version and --publish exclude each other: release an existing version or publish a new one',
    ],
    [
      [...REQUIRED, '--timeout-minutes', '0'],
      '--timeout-minutes must be a whole number between 1 and 1440, got "0"',
    ],
    [
      [...REQUIRED, '--poll-seconds', 'fast'],
      '--poll-seconds must be a whole number between 1 and 300, got "fast"',
    ],
    [
      [...REQUIRED, '--region', 'Frankfurt'],
      '--region must be an AWS region code such as us-east-1, got "Frankfurt"',
    ],
    [[...REQUIRED, '--wait'], "Unknown option '--wait'"],
  ])('rejects %j', (argv, message) => {
    expect(() => parseReleaseArguments(argv)).toThrow(message);
  });
});

describe('the release command', () => {
  function output() {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, writer: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) } };
  }

  it('exits 0 when the version is released, printing the progress', async () => {
    const o = output();
    const code = await main(REQUIRED, o.writer, new FakeAws(AT_3, ['3', '4']), {
      ...fakeRuntime(),
      log: o.writer.out,
    });
    expect(code).toBe(0);
    expect(o.out.at(-1)).toBe('succeeded: fn:live now serves version 4');
  });

  it('exits 1 when the deployment failed and rolled back', async () => {
    const o = output();
    const aws = new FakeAws(AT_3, ['3', '4'], [{ status: 'Failed' }]);
    expect(await main(REQUIRED, o.writer, aws, fakeRuntime())).toBe(RELEASE_EXIT_CODES.failed);
    expect(o.err).toEqual(['failed: deployment d-ABC123 failed: CodeDeploy rolls live back to version 3']);
  });

  it('exits 3 when it timed out', async () => {
    const aws = new FakeAws(AT_3, ['3', '4'], [{ status: 'InProgress' }]);
    expect(await main([...REQUIRED, '--timeout-minutes', '1'], output().writer, aws, fakeRuntime())).toBe(3);
    expect(aws.stopped).toEqual(['d-ABC123']);
  });

  it('exits 2 with the usage on bad arguments, and touches nothing', async () => {
    const o = output();
    const aws = new FakeAws(AT_3, ['3', '4']);
    expect(await main(['--function', 'fn'], o.writer, aws, fakeRuntime())).toBe(2);
    expect(o.err).toEqual([`error: --application is required\n\n${RELEASE_USAGE}`]);
    expect(aws.calls).toEqual([]);
  });

  it('exits 4 when a call to AWS fails', async () => {
    const o = output();
    const aws = new FakeAws(AT_3, ['3', '4']);
    aws.getAlias = async () => {
      throw new Error('aws lambda get-alias failed: ResourceNotFoundException: Alias not found');
    };
    expect(await main(REQUIRED, o.writer, aws, fakeRuntime())).toBe(4);
    expect(o.err).toEqual(['error: aws lambda get-alias failed: ResourceNotFoundException: Alias not found']);
  });

  it('prints the usage for --help', async () => {
    const o = output();
    expect(await main(['--help'], o.writer)).toBe(0);
    expect(o.out).toEqual([RELEASE_USAGE]);
  });
});

describe('AwsCliReleaseClient', () => {
  function cli(responses: Record<string, unknown>) {
    const commands: string[][] = [];
    const client = new AwsCliReleaseClient({
      region: 'us-east-1',
      profile: 'prod',
      run: async (program, args) => {
        commands.push([program, ...args]);
        return JSON.stringify(responses[`${args[0]} ${args[1]}`] ?? {});
      },
    });
    return { client, commands };
  }

  it('runs the AWS CLI with JSON output, the region and the profile', async () => {
    const { client, commands } = cli({
      'lambda get-alias': { FunctionVersion: '3', RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } } },
      'lambda list-versions-by-function': {
        Versions: [{ Version: '$LATEST' }, { Version: '1' }, { Version: '3' }],
      },
      'lambda publish-version': { Version: '5' },
      'deploy create-deployment': { deploymentId: 'd-1' },
      'deploy get-deployment': {
        deploymentInfo: {
          status: 'Failed',
          errorInformation: { code: 'ALARM_ACTIVE', message: 'alarm fired' },
        },
      },
    });
    expect(await client.getAlias('fn', 'live')).toEqual({
      functionVersion: '3',
      additionalVersionWeights: { '4': 0.1 },
    });
    expect(await client.listVersions('fn')).toEqual(['1', '3']);
    expect(await client.publishVersion('fn', 'v2')).toBe('5');
    expect(
      await client.createDeployment({
        applicationName: 'app',
        deploymentGroupName: 'group',
        description: 'fn:live 3 -> 5',
        appSpec: '{"version":0.0}',
        appSpecSha256: 'abc',
      }),
    ).toBe('d-1');
    expect(await client.getDeployment('d-1')).toEqual({
      status: 'Failed',
      errorMessage: 'ALARM_ACTIVE: alarm fired',
    });
    await client.stopDeployment('d-1');

    const global = ['--region', 'us-east-1', '--profile', 'prod', '--output', 'json'];
    expect(commands).toEqual([
      ['aws', 'lambda', 'get-alias', '--function-name', 'fn', '--name', 'live', ...global],
      ['aws', 'lambda', 'list-versions-by-function', '--function-name', 'fn', ...global],
      ['aws', 'lambda', 'publish-version', '--function-name', 'fn', '--description', 'v2', ...global],
      [
        'aws',
        'deploy',
        'create-deployment',
        '--application-name',
        'app',
        '--deployment-group-name',
        'group',
        '--description',
        'fn:live 3 -> 5',
        '--revision',
        '{"revisionType":"AppSpecContent","appSpecContent":{"content":"{\\"version\\":0.0}","sha256":"abc"}}',
        ...global,
      ],
      ['aws', 'deploy', 'get-deployment', '--deployment-id', 'd-1', ...global],
      ['aws', 'deploy', 'stop-deployment', '--deployment-id', 'd-1', '--auto-rollback-enabled', ...global],
    ]);
  });

  it('reads an alias without routing as not shifting', async () => {
    const { client } = cli({ 'lambda get-alias': { FunctionVersion: '7' } });
    expect(await client.getAlias('fn', 'live')).toEqual({
      functionVersion: '7',
      additionalVersionWeights: {},
    });
  });

  it('says which command printed something that is not JSON', async () => {
    const client = new AwsCliReleaseClient({ run: async () => 'Unable to locate credentials' });
    await expect(client.listVersions('fn')).rejects.toThrow(
      'aws lambda list-versions-by-function did not print JSON: Unable to locate credentials',
    );
  });
});

describe('execFileRunner', () => {
  it("resolves with a program's output and rejects with its error output, without a shell", async () => {
    await expect(execFileRunner(process.execPath, ['-e', 'process.stdout.write("{}")'])).resolves.toBe('{}');
    await expect(
      execFileRunner(process.execPath, ['-e', 'process.stderr.write("denied; $(id)"); process.exit(3)']),
    ).rejects.toThrow(/failed: denied; \$\(id\)$/);
  });
});

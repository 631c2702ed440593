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
  rollbackLambdaAlias,
  type AliasState,
  type CreateDeploymentRequest,
  type DeploymentState,
  type LambdaReleaseClient,
  type ReleaseOptions,
  type ReleaseRuntime,
  type RollbackOptions,
  type UpdateAliasRequest,
} from '../../../src';

/**
 * A scripted AWS: the alias, the published versions, the statuses a deployment goes through
 * and the deployments in progress.
 */
class FakeAws implements LambdaReleaseClient {
  public readonly calls: string[] = [];
  public readonly deployments: CreateDeploymentRequest[] = [];
  public readonly aliasUpdates: UpdateAliasRequest[] = [];
  public stopped: string[] = [];
  /** Each call of `listActiveDeployments` answers the next list; the last one repeats. */
  public active: string[][] = [[]];
  /** The statuses of named deployments; the others go through `statuses`. */
  public statusesOf: Record<string, DeploymentState[]> = {};

  constructor(
    private alias: AliasState,
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
    const statuses = this.statusesOf[deploymentId] ?? this.statuses;
    return statuses.length > 1 ? statuses.shift()! : statuses[0];
  }

  async stopDeployment(deploymentId: string): Promise<void> {
    this.calls.push(`stopDeployment ${deploymentId}`);
    this.stopped.push(deploymentId);
  }

  async listActiveDeployments(applicationName: string, deploymentGroupName: string): Promise<string[]> {
    this.calls.push(`listActiveDeployments ${applicationName} ${deploymentGroupName}`);
    return this.active.length > 1 ? this.active.shift()! : this.active[0];
  }

  async updateAlias(request: UpdateAliasRequest): Promise<AliasState> {
    this.calls.push(
      `updateAlias ${request.functionName} ${request.aliasName} ${request.functionVersion} ${request.revisionId}`,
    );
    this.aliasUpdates.push(request);
    this.alias = {
      functionVersion: request.functionVersion,
      additionalVersionWeights: {},
      revisionId: 'rev-after',
    };
    return this.alias;
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

const ROLLBACK: RollbackOptions = {
  functionName: 'acme-ml-production-sentiment',
  aliasName: 'live',
  applicationName: 'acme-ml-production-sentiment',
  deploymentGroupName: 'acme-ml-production-sentiment',
  targetVersion: '3',
  stopDeployment: false,
  timeoutSeconds: 600,
  pollSeconds: 10,
};

/** Version 4 serves, as after a release of 4 that went bad. */
const AT_4: AliasState = { functionVersion: '4', additionalVersionWeights: {}, revisionId: 'rev-1' };

describe('rollbackLambdaAlias', () => {
  it('points the alias at the version at once, clearing the routing, guarded by the revision, without CodeDeploy', async () => {
    const aws = new FakeAws(AT_4, ['1', '2', '3', '4']);
    const runtime = fakeRuntime();
    const result = await rollbackLambdaAlias(ROLLBACK, aws, runtime);

    expect(result).toEqual({
      outcome: 'succeeded',
      currentVersion: '4',
      targetVersion: '3',
      message:
        'acme-ml-production-sentiment:live now serves version 3 alone (it served version 4): switched at once, without CodeDeploy',
    });
    expect(aws.calls).toEqual([
      'listVersions acme-ml-production-sentiment',
      'listActiveDeployments acme-ml-production-sentiment acme-ml-production-sentiment',
      'getAlias acme-ml-production-sentiment live',
      'updateAlias acme-ml-production-sentiment live 3 rev-1',
    ]);
    expect(aws.aliasUpdates).toEqual([
      {
        functionName: 'acme-ml-production-sentiment',
        aliasName: 'live',
        functionVersion: '3',
        revisionId: 'rev-1',
      },
    ]);
    expect(aws.deployments).toEqual([]);
    expect(runtime.lines).toEqual([
      'pointing acme-ml-production-sentiment:live at version 3 (it serves version 4)',
    ]);
    expect(runtime.slept).toEqual([]);
  });

  it('clears the weights of a shift that was left behind, also when the alias already points at the version', async () => {
    const aws = new FakeAws(
      { functionVersion: '3', additionalVersionWeights: { '4': 0.125 }, revisionId: 'rev-7' },
      ['3', '4'],
    );
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result).toMatchObject({ outcome: 'succeeded', currentVersion: '3', targetVersion: '3' });
    expect(result.message).toBe(
      'acme-ml-production-sentiment:live now serves version 3 alone (it served version 3 and 12.5% on version 4): switched at once, without CodeDeploy',
    );
    expect(aws.aliasUpdates).toEqual([
      expect.objectContaining({ functionVersion: '3', revisionId: 'rev-7' }),
    ]);
  });

  it('rolls forward just as well: any published version', async () => {
    const aws = new FakeAws(AT_4, ['3', '4', '5']);
    const result = await rollbackLambdaAlias({ ...ROLLBACK, targetVersion: '5' }, aws, fakeRuntime());
    expect(result).toMatchObject({ outcome: 'succeeded', currentVersion: '4', targetVersion: '5' });
  });

  it('does nothing when the alias already serves the version alone', async () => {
    const aws = new FakeAws({ functionVersion: '3', additionalVersionWeights: {} }, ['3', '4']);
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'unchanged',
      currentVersion: '3',
      targetVersion: '3',
      message: 'acme-ml-production-sentiment:live already serves version 3 alone: nothing to roll back',
    });
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('refuses a version that was never published, before looking at deployments', async () => {
    const aws = new FakeAws(AT_4, ['2', '4']);
    aws.active = [['d-RUNNING']];
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'refused',
      targetVersion: '3',
      message: 'acme-ml-production-sentiment has no published version 3 (published: 2, 4)',
    });
    expect(aws.calls).toEqual(['listVersions acme-ml-production-sentiment']);
  });

  it('refuses while a deployment of the group is in progress, touching nothing', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING']];
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'refused',
      targetVersion: '3',
      message:
        'deployment d-RUNNING of acme-ml-production-sentiment/acme-ml-production-sentiment in progress would move acme-ml-production-sentiment:live again: run again with --stop-deployment to stop it (with rollback) first, or stop it yourself (aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled)',
    });
    expect(aws.calls).toEqual([
      'listVersions acme-ml-production-sentiment',
      'listActiveDeployments acme-ml-production-sentiment acme-ml-production-sentiment',
    ]);
    expect(aws.stopped).toEqual([]);
  });

  it('names every deployment in progress', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-ONE', 'd-TWO']];
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result.message).toMatch(
      /^deployments d-ONE, d-TWO of .* in progress would move .* to stop them \(with rollback\) first, or stop them yourself/,
    );
  });

  it('with stopDeployment, stops the deployment with rollback, waits for it and for the rollback CodeDeploy starts, then points the alias', async () => {
    const aws = new FakeAws({ functionVersion: '3', additionalVersionWeights: { '4': 0.1 } }, ['3', '4']);
    aws.active = [['d-RUNNING'], []];
    aws.statusesOf = {
      'd-RUNNING': [{ status: 'InProgress' }, { status: 'Stopped', rollbackDeploymentId: 'd-ROLLBACK' }],
      'd-ROLLBACK': [{ status: 'InProgress' }, { status: 'Succeeded' }],
    };
    // CodeDeploy's rollback left the alias on 4 alone, say: the command still points it at 3
    aws.getAlias = async (functionName, aliasName) => {
      aws.calls.push(`getAlias ${functionName} ${aliasName}`);
      return { functionVersion: '4', additionalVersionWeights: {}, revisionId: 'rev-9' };
    };
    const runtime = fakeRuntime();
    const result = await rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, runtime);

    expect(result).toEqual({
      outcome: 'succeeded',
      currentVersion: '4',
      targetVersion: '3',
      stoppedDeployments: ['d-RUNNING'],
      message:
        'acme-ml-production-sentiment:live now serves version 3 alone (it served version 4) (after stopping deployment d-RUNNING): switched at once, without CodeDeploy',
    });
    expect(aws.calls).toEqual([
      'listVersions acme-ml-production-sentiment',
      'listActiveDeployments acme-ml-production-sentiment acme-ml-production-sentiment',
      'stopDeployment d-RUNNING',
      'getDeployment d-RUNNING',
      'getDeployment d-RUNNING',
      'getDeployment d-ROLLBACK',
      'getDeployment d-ROLLBACK',
      'listActiveDeployments acme-ml-production-sentiment acme-ml-production-sentiment',
      'getAlias acme-ml-production-sentiment live',
      'updateAlias acme-ml-production-sentiment live 3 rev-9',
    ]);
    expect(runtime.lines).toEqual([
      'stopping deployment d-RUNNING (with rollback)',
      'deployment d-RUNNING: Stopped',
      'deployment d-RUNNING: CodeDeploy rolls it back with deployment d-ROLLBACK',
      'deployment d-ROLLBACK: Succeeded',
      'pointing acme-ml-production-sentiment:live at version 3 (it serves version 4)',
    ]);
    // InProgress, then Stopped with the rollback started, then the rollback InProgress
    expect(runtime.slept).toEqual([10000, 10000, 10000]);
  });

  it('with stopDeployment, reports nothing to do when the stopped deployment left the alias on the version', async () => {
    const aws = new FakeAws({ functionVersion: '3', additionalVersionWeights: {} }, ['3', '4']);
    aws.active = [['d-RUNNING'], []];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'Stopped' }] };
    const result = await rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'unchanged',
      currentVersion: '3',
      targetVersion: '3',
      stoppedDeployments: ['d-RUNNING'],
      message:
        'acme-ml-production-sentiment:live already serves version 3 alone (after stopping deployment d-RUNNING): nothing to roll back',
    });
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('with stopDeployment, goes on when the deployment finished before it could be stopped', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING'], []];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'Failed', errorMessage: 'ALARM_ACTIVE' }] };
    aws.stopDeployment = async (id) => {
      aws.calls.push(`stopDeployment ${id}`);
      throw new Error('aws deploy stop-deployment failed: DeploymentAlreadyCompletedException');
    };
    const result = await rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, fakeRuntime());
    expect(result).toMatchObject({ outcome: 'succeeded', stoppedDeployments: ['d-RUNNING'] });
    expect(aws.aliasUpdates).toHaveLength(1);
  });

  it('with stopDeployment, fails with the error when the deployment could not be stopped and keeps running', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING']];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'InProgress' }] };
    aws.stopDeployment = async () => {
      throw new Error('aws deploy stop-deployment failed: AccessDeniedException');
    };
    await expect(
      rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, fakeRuntime()),
    ).rejects.toThrow('aws deploy stop-deployment failed: AccessDeniedException');
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('with stopDeployment, says the alias was not changed when AWS cannot be asked about the stopped deployment', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING']];
    aws.getDeployment = async () => {
      throw new Error('aws deploy get-deployment failed: Could not connect to the endpoint URL');
    };
    await expect(
      rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, fakeRuntime()),
    ).rejects.toThrow(
      'aws deploy get-deployment failed: Could not connect to the endpoint URL (deployment d-RUNNING asked to stop; acme-ml-production-sentiment:live was not changed)',
    );
    expect(aws.stopped).toEqual(['d-RUNNING']);
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('with stopDeployment, gives up without touching the alias when the stopped deployment outlasts the timeout', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING']];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'InProgress' }] };
    const runtime = fakeRuntime();
    const result = await rollbackLambdaAlias(
      { ...ROLLBACK, stopDeployment: true, timeoutSeconds: 30, pollSeconds: 10 },
      aws,
      runtime,
    );
    expect(result).toEqual({
      outcome: 'timed-out',
      targetVersion: '3',
      stoppedDeployments: ['d-RUNNING'],
      message:
        'deployment d-RUNNING did not finish within 30 s: acme-ml-production-sentiment:live was not changed',
    });
    expect(runtime.slept).toEqual([10000, 10000, 10000]);
    expect(aws.calls).not.toContain('getAlias acme-ml-production-sentiment live');
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('with stopDeployment, refuses when another deployment started meanwhile', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING'], ['d-NEW']];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'Stopped' }] };
    const result = await rollbackLambdaAlias({ ...ROLLBACK, stopDeployment: true }, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'refused',
      targetVersion: '3',
      stoppedDeployments: ['d-RUNNING'],
      message:
        'deployment d-NEW of acme-ml-production-sentiment/acme-ml-production-sentiment started while stopping deployment d-RUNNING: acme-ml-production-sentiment:live was not changed',
    });
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('fails when Lambda reports another routing after the update', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.updateAlias = async () => ({ functionVersion: '3', additionalVersionWeights: { '4': 0.5 } });
    const result = await rollbackLambdaAlias(ROLLBACK, aws, fakeRuntime());
    expect(result).toEqual({
      outcome: 'failed',
      currentVersion: '4',
      targetVersion: '3',
      message:
        'Lambda reports acme-ml-production-sentiment:live serving version 3 and 50% on version 4 after the update, not version 3 alone: check the alias',
    });
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
      mode: 'release',
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

  it('takes --rollback with its version, without stopping deployments unless asked', () => {
    expect(parseReleaseArguments([...REQUIRED, '--rollback', '--version', '7'])).toEqual({
      help: false,
      mode: 'rollback',
      region: undefined,
      profile: undefined,
      options: {
        functionName: 'fn',
        aliasName: 'live',
        applicationName: 'app',
        deploymentGroupName: 'group',
        targetVersion: '7',
        stopDeployment: false,
        timeoutSeconds: 3600,
        pollSeconds: 15,
      },
    });
    expect(
      parseReleaseArguments([
        ...REQUIRED,
        '--rollback',
        '--version',
        '7',
        '--stop-deployment',
        '--timeout-minutes',
        '5',
        '--region',
        'us-west-2',
      ]),
    ).toMatchObject({
      mode: 'rollback',
      region: 'us-west-2',
      options: { targetVersion: '7', stopDeployment: true, timeoutSeconds: 300 },
    });
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
    [
      [...REQUIRED, '--rollback'],
      '--rollback needs --version <n>: the version to serve (the alias does not record the one it served before)',
    ],
    [
      [...REQUIRED, '--rollback', '--publish'],
      '--rollback and --publish exclude each other: a rollback serves a version that is already published',
    ],
    [
      [...REQUIRED, '--rollback', '--version', '3', '--publish'],
      '--rollback and --publish exclude each other: a rollback serves a version that is already published',
    ],
    [
      [...REQUIRED, '--rollback', '--version', '3', '--description', 'incident 42'],
      '--description describes a CodeDeploy deployment: --rollback creates none',
    ],
    [
      [...REQUIRED, '--rollback', '--version', '0'],
      '--version must be a published version number such as 7, got "0"',
    ],
    [
      [...REQUIRED, '--stop-deployment'],
      '--stop-deployment only goes with --rollback: a release refuses to start while a shift is in progress',
    ],
    [
      [...REQUIRED, '--version', '3', '--stop-deployment'],
      '--stop-deployment only goes with --rollback: a release refuses to start while a shift is in progress',
    ],
    [['--rollback', '--version', '3', '--function', 'fn'], '--application is required'],
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

  const ROLLBACK_ARGS = [...REQUIRED, '--rollback', '--version', '3'];

  it('rolls back with --rollback, exiting 0, without creating a deployment', async () => {
    const o = output();
    const aws = new FakeAws(AT_4, ['3', '4']);
    const code = await main(ROLLBACK_ARGS, o.writer, aws, { ...fakeRuntime(), log: o.writer.out });
    expect(code).toBe(0);
    expect(o.out).toEqual([
      'pointing fn:live at version 3 (it serves version 4)',
      'succeeded: fn:live now serves version 3 alone (it served version 4): switched at once, without CodeDeploy',
    ]);
    expect(o.err).toEqual([]);
    expect(aws.aliasUpdates).toEqual([
      { functionName: 'fn', aliasName: 'live', functionVersion: '3', revisionId: 'rev-1' },
    ]);
    expect(aws.deployments).toEqual([]);
  });

  it('exits 0 when the rollback finds the alias already on the version', async () => {
    const o = output();
    const aws = new FakeAws({ functionVersion: '3', additionalVersionWeights: {} }, ['3', '4']);
    expect(await main(ROLLBACK_ARGS, o.writer, aws, fakeRuntime())).toBe(0);
    expect(o.out).toEqual(['unchanged: fn:live already serves version 3 alone: nothing to roll back']);
  });

  it('exits 2 when the rollback meets a deployment in progress, and 0 with --stop-deployment', async () => {
    const refused = output();
    const busy = new FakeAws(AT_4, ['3', '4']);
    busy.active = [['d-RUNNING']];
    expect(await main(ROLLBACK_ARGS, refused.writer, busy, fakeRuntime())).toBe(2);
    expect(refused.err).toEqual([
      'refused: deployment d-RUNNING of app/group in progress would move fn:live again: run again with --stop-deployment to stop it (with rollback) first, or stop it yourself (aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled)',
    ]);
    expect(busy.aliasUpdates).toEqual([]);

    const stopping = new FakeAws(AT_4, ['3', '4']);
    stopping.active = [['d-RUNNING'], []];
    stopping.statusesOf = { 'd-RUNNING': [{ status: 'Stopped' }] };
    expect(
      await main([...ROLLBACK_ARGS, '--stop-deployment'], output().writer, stopping, fakeRuntime()),
    ).toBe(0);
    expect(stopping.stopped).toEqual(['d-RUNNING']);
    expect(stopping.aliasUpdates).toHaveLength(1);
  });

  it('exits 2 when the rollback version was never published', async () => {
    const o = output();
    const aws = new FakeAws(AT_4, ['4']);
    expect(await main(ROLLBACK_ARGS, o.writer, aws, fakeRuntime())).toBe(2);
    expect(o.err).toEqual(['refused: fn has no published version 3 (published: 4)']);
  });

  it('exits 2 with the usage for --rollback without a version, and touches nothing', async () => {
    const o = output();
    const aws = new FakeAws(AT_4, ['3', '4']);
    expect(await main([...REQUIRED, '--rollback'], o.writer, aws, fakeRuntime())).toBe(2);
    expect(o.err).toEqual([
      `error: --rollback needs --version <n>: the version to serve (the alias does not record the one it served before)\n\n${RELEASE_USAGE}`,
    ]);
    expect(aws.calls).toEqual([]);
  });

  it('exits 3 when a stopped deployment does not finish in time, leaving the alias', async () => {
    const o = output();
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.active = [['d-RUNNING']];
    aws.statusesOf = { 'd-RUNNING': [{ status: 'InProgress' }] };
    const argv = [...ROLLBACK_ARGS, '--stop-deployment', '--timeout-minutes', '1'];
    expect(await main(argv, o.writer, aws, fakeRuntime())).toBe(3);
    expect(o.err).toEqual([
      'timed-out: deployment d-RUNNING did not finish within 60 s: fn:live was not changed',
    ]);
    expect(aws.aliasUpdates).toEqual([]);
  });

  it('exits 1 when Lambda reports another routing after the rollback', async () => {
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.updateAlias = async () => ({ functionVersion: '4', additionalVersionWeights: {} });
    expect(await main(ROLLBACK_ARGS, output().writer, aws, fakeRuntime())).toBe(1);
  });

  it('exits 4 when Lambda refuses the update because the alias changed since it was read', async () => {
    const o = output();
    const aws = new FakeAws(AT_4, ['3', '4']);
    aws.updateAlias = async () => {
      throw new Error(
        'aws lambda update-alias failed: An error occurred (PreconditionFailedException) when calling the UpdateAlias operation: The Revision Id provided does not match the latest Revision Id.',
      );
    };
    expect(await main(ROLLBACK_ARGS, o.writer, aws, fakeRuntime())).toBe(4);
    expect(o.err).toEqual([
      'error: aws lambda update-alias failed: An error occurred (PreconditionFailedException) when calling the UpdateAlias operation: The Revision Id provided does not match the latest Revision Id.',
    ]);
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
      'lambda get-alias': {
        FunctionVersion: '3',
        RevisionId: 'rev-1',
        RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
      },
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
      revisionId: 'rev-1',
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

  it('points the alias at one version with the routing cleared, guarded by the revision', async () => {
    const { client, commands } = cli({
      'lambda update-alias': { FunctionVersion: '2', RevisionId: 'rev-2', RoutingConfig: {} },
    });
    expect(
      await client.updateAlias({
        functionName: 'fn',
        aliasName: 'live',
        functionVersion: '2',
        revisionId: 'rev-1',
      }),
    ).toEqual({ functionVersion: '2', additionalVersionWeights: {}, revisionId: 'rev-2' });
    await client.updateAlias({ functionName: 'fn', aliasName: 'live', functionVersion: '2' });

    const global = ['--region', 'us-east-1', '--profile', 'prod', '--output', 'json'];
    const update = [
      'aws',
      'lambda',
      'update-alias',
      '--function-name',
      'fn',
      '--name',
      'live',
      '--function-version',
      '2',
      '--routing-config',
      '{"AdditionalVersionWeights":{}}',
    ];
    expect(commands).toEqual([
      [...update, '--revision-id', 'rev-1', ...global],
      [...update, ...global],
    ]);
  });

  it('reports the weights Lambda still has after an update', async () => {
    const { client } = cli({
      'lambda update-alias': {
        FunctionVersion: '2',
        RoutingConfig: { AdditionalVersionWeights: { '3': 0.2 } },
      },
    });
    expect(
      await client.updateAlias({ functionName: 'fn', aliasName: 'live', functionVersion: '2' }),
    ).toMatchObject({ additionalVersionWeights: { '3': 0.2 } });
  });

  it("lists the group's deployments that have not finished, and a stopped deployment's rollback", async () => {
    const { client, commands } = cli({
      'deploy list-deployments': { deployments: ['d-1', 'd-2'] },
      'deploy get-deployment': {
        deploymentInfo: { status: 'Stopped', rollbackInfo: { rollbackDeploymentId: 'd-3' } },
      },
    });
    expect(await client.listActiveDeployments('app', 'group')).toEqual(['d-1', 'd-2']);
    expect(await client.getDeployment('d-1')).toEqual({ status: 'Stopped', rollbackDeploymentId: 'd-3' });
    expect(commands[0]).toEqual([
      'aws',
      'deploy',
      'list-deployments',
      '--application-name',
      'app',
      '--deployment-group-name',
      'group',
      '--include-only-statuses',
      'Created',
      'Queued',
      'InProgress',
      'Baking',
      'Ready',
      '--region',
      'us-east-1',
      '--profile',
      'prod',
      '--output',
      'json',
    ]);
  });

  it('reads a group without deployments in progress as none', async () => {
    const { client } = cli({ 'deploy list-deployments': {} });
    expect(await client.listActiveDeployments('app', 'group')).toEqual([]);
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

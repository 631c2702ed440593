import type { RollbackOptions } from '../../../../src/serving/lambda/release/options';
import { rollbackLambdaAlias } from '../../../../src/serving/lambda/release/rollback-lambda-alias';
import { AT_4, FakeAws, fakeRuntime } from './fake-aws';

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

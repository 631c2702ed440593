import { createHash } from 'node:crypto';
import { lambdaAppSpec } from '../../../../src/serving/lambda/release/app-spec';
import { releaseLambdaVersion } from '../../../../src/serving/lambda/release/release-lambda-version';
import { AT_3, FakeAws, OPTIONS, fakeRuntime } from './fake-aws';

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

import { main } from '../../src/cli/release-lambda';
import { RELEASE_USAGE } from '../../src/cli/release-lambda-args';
import { RELEASE_EXIT_CODES } from '../../src/cli/release-lambda-exit-codes';
import { AT_3, AT_4, FakeAws, fakeRuntime } from '../serving/lambda/release/fake-aws';
import { REQUIRED } from './release-lambda-fixtures';

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

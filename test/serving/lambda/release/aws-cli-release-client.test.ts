import {
  AwsCliReleaseClient,
  execFileRunner,
} from '../../../../src/serving/lambda/release/aws-cli-release-client';

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

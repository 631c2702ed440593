import { parseReleaseArguments } from '../../src/cli/release-lambda-args';
import { REQUIRED } from './release-lambda-fixtures';

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

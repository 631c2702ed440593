import { execFile } from 'node:child_process';
import type {
  AliasState,
  CreateDeploymentRequest,
  DeploymentState,
  LambdaReleaseClient,
  UpdateAliasRequest,
} from './client';

/** Runs a program with arguments and resolves with its standard output. */
export type CommandRunner = (program: string, args: readonly string[]) => Promise<string>;

/** Runs a program without a shell; rejects with its standard error when it fails. */
export const execFileRunner: CommandRunner = (program, args) =>
  new Promise((resolve, reject) => {
    execFile(program, [...args], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim() || error.message;
        reject(new Error(`${program} ${args.slice(0, 2).join(' ')} failed: ${detail}`));
      } else {
        resolve(String(stdout));
      }
    });
  });

/** Options of `AwsCliReleaseClient`. */
export interface AwsCliReleaseClientOptions {
  /** `--region` of every call. @default - the AWS CLI's configuration */
  readonly region?: string;
  /** `--profile` of every call. @default - the AWS CLI's configuration */
  readonly profile?: string;
  /** How commands run. @default execFileRunner (the `aws` program on the PATH) */
  readonly run?: CommandRunner;
}

/** The deployment statuses of a deployment that has not finished. */
const ACTIVE_STATUSES = ['Created', 'Queued', 'InProgress', 'Baking', 'Ready'];

/** An alias as `aws lambda get-alias` and `update-alias` print it. */
interface AliasJson {
  FunctionVersion: string;
  RevisionId?: string;
  RoutingConfig?: { AdditionalVersionWeights?: Record<string, number> };
}

function aliasState(alias: AliasJson): AliasState {
  return {
    functionVersion: alias.FunctionVersion,
    additionalVersionWeights: alias.RoutingConfig?.AdditionalVersionWeights ?? {},
    revisionId: alias.RevisionId,
  };
}

/**
 * The release client that talks to AWS through the AWS CLI v2 (`aws lambda ...`,
 * `aws deploy ...`, `--output json`), with the CLI's credentials: no SDK needed. The caller
 * needs `lambda:GetAlias`, `lambda:ListVersionsByFunction`, `lambda:PublishVersion` (for
 * `--publish`), `codedeploy:CreateDeployment`, `codedeploy:GetDeployment`,
 * `codedeploy:StopDeployment`, `codedeploy:GetDeploymentConfig` and
 * `codedeploy:GetApplicationRevision`/`RegisterApplicationRevision` on the application; the
 * emergency rollback needs `lambda:ListVersionsByFunction`, `lambda:GetAlias`,
 * `lambda:UpdateAlias` and `codedeploy:ListDeployments` (with `--stop-deployment` also
 * `codedeploy:StopDeployment` and `codedeploy:GetDeployment`).
 */
export class AwsCliReleaseClient implements LambdaReleaseClient {
  private readonly run: CommandRunner;
  private readonly global: string[];

  constructor(options: AwsCliReleaseClientOptions = {}) {
    this.run = options.run ?? execFileRunner;
    this.global = [
      ...(options.region ? ['--region', options.region] : []),
      ...(options.profile ? ['--profile', options.profile] : []),
      '--output',
      'json',
    ];
  }

  public async getAlias(functionName: string, aliasName: string): Promise<AliasState> {
    const alias = (await this.aws(
      'lambda',
      'get-alias',
      '--function-name',
      functionName,
      '--name',
      aliasName,
    )) as AliasJson;
    return aliasState(alias);
  }

  public async listVersions(functionName: string): Promise<string[]> {
    // the CLI follows the pages itself
    const result = (await this.aws(
      'lambda',
      'list-versions-by-function',
      '--function-name',
      functionName,
    )) as {
      Versions?: Array<{ Version: string }>;
    };
    return (result.Versions ?? []).map((v) => v.Version).filter((v) => v !== '$LATEST');
  }

  public async publishVersion(functionName: string, description: string): Promise<string> {
    const result = (await this.aws(
      'lambda',
      'publish-version',
      '--function-name',
      functionName,
      '--description',
      description,
    )) as { Version: string };
    return result.Version;
  }

  public async createDeployment(request: CreateDeploymentRequest): Promise<string> {
    const revision = JSON.stringify({
      revisionType: 'AppSpecContent',
      appSpecContent: { content: request.appSpec, sha256: request.appSpecSha256 },
    });
    const result = (await this.aws(
      'deploy',
      'create-deployment',
      '--application-name',
      request.applicationName,
      '--deployment-group-name',
      request.deploymentGroupName,
      '--description',
      request.description,
      '--revision',
      revision,
    )) as { deploymentId: string };
    return result.deploymentId;
  }

  public async getDeployment(deploymentId: string): Promise<DeploymentState> {
    const result = (await this.aws('deploy', 'get-deployment', '--deployment-id', deploymentId)) as {
      deploymentInfo: {
        status: string;
        errorInformation?: { code?: string; message?: string };
        rollbackInfo?: { rollbackDeploymentId?: string };
      };
    };
    const error = result.deploymentInfo.errorInformation;
    return {
      status: result.deploymentInfo.status,
      errorMessage: error ? [error.code, error.message].filter(Boolean).join(': ') : undefined,
      rollbackDeploymentId: result.deploymentInfo.rollbackInfo?.rollbackDeploymentId,
    };
  }

  public async stopDeployment(deploymentId: string): Promise<void> {
    await this.aws('deploy', 'stop-deployment', '--deployment-id', deploymentId, '--auto-rollback-enabled');
  }

  public async listActiveDeployments(
    applicationName: string,
    deploymentGroupName: string,
  ): Promise<string[]> {
    // the CLI follows the pages itself
    const result = (await this.aws(
      'deploy',
      'list-deployments',
      '--application-name',
      applicationName,
      '--deployment-group-name',
      deploymentGroupName,
      '--include-only-statuses',
      ...ACTIVE_STATUSES,
    )) as { deployments?: string[] };
    return result.deployments ?? [];
  }

  public async updateAlias(request: UpdateAliasRequest): Promise<AliasState> {
    const alias = (await this.aws(
      'lambda',
      'update-alias',
      '--function-name',
      request.functionName,
      '--name',
      request.aliasName,
      '--function-version',
      request.functionVersion,
      // an empty map removes every weighted version: the alias serves the version alone
      '--routing-config',
      JSON.stringify({ AdditionalVersionWeights: {} }),
      ...(request.revisionId !== undefined ? ['--revision-id', request.revisionId] : []),
    )) as AliasJson;
    return aliasState(alias);
  }

  private async aws(...args: string[]): Promise<unknown> {
    const out = await this.run('aws', [...args, ...this.global]);
    try {
      return JSON.parse(out);
    } catch {
      throw new Error(`aws ${args.slice(0, 2).join(' ')} did not print JSON: ${out.slice(0, 200)}`);
    }
  }
}

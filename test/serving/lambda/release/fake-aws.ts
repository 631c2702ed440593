import type {
  AliasState,
  CreateDeploymentRequest,
  DeploymentState,
  LambdaReleaseClient,
  UpdateAliasRequest,
} from '../../../../src/serving/lambda/release/client';
import type { ReleaseOptions } from '../../../../src/serving/lambda/release/options';
import type { ReleaseRuntime } from '../../../../src/serving/lambda/release/runtime';

/**
 * A scripted AWS: the alias, the published versions, the statuses a deployment goes through
 * and the deployments in progress.
 */
export class FakeAws implements LambdaReleaseClient {
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
export function fakeRuntime(): ReleaseRuntime & { lines: string[]; slept: number[] } {
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

export const OPTIONS: ReleaseOptions = {
  functionName: 'acme-ml-production-sentiment',
  aliasName: 'live',
  applicationName: 'acme-ml-production-sentiment',
  deploymentGroupName: 'acme-ml-production-sentiment',
  publish: false,
  timeoutSeconds: 3600,
  pollSeconds: 15,
};

export const AT_3: AliasState = { functionVersion: '3', additionalVersionWeights: {} };

/** Version 4 serves, as after a release of 4 that went bad. */
export const AT_4: AliasState = { functionVersion: '4', additionalVersionWeights: {}, revisionId: 'rev-1' };

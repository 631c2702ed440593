// What the Lambda release needs from AWS (`LambdaReleaseClient`) and the shapes it exchanges
// with it. The package's client runs the AWS CLI (`AwsCliReleaseClient`); tests script one.

/** The alias as Lambda reports it. */
export interface AliasState {
  /** The version the alias points to. */
  readonly functionVersion: string;
  /** Versions receiving a share of the traffic besides it (a shift in progress). */
  readonly additionalVersionWeights: Readonly<Record<string, number>>;
  /**
   * The alias's revision: an update given it fails when the alias changed since it was read.
   * @default - unknown (an update is then not guarded)
   */
  readonly revisionId?: string;
}

/** A deployment as CodeDeploy reports it. */
export interface DeploymentState {
  /** `Created`, `Queued`, `InProgress`, `Baking`, `Ready`, `Succeeded`, `Failed` or `Stopped`. */
  readonly status: string;
  /** Why it failed or stopped, when it did. */
  readonly errorMessage?: string;
  /** The deployment CodeDeploy started to roll this one back, when it did. */
  readonly rollbackDeploymentId?: string;
}

/** What the release needs from AWS. */
export interface LambdaReleaseClient {
  /** `lambda:GetAlias`. */
  getAlias(functionName: string, aliasName: string): Promise<AliasState>;
  /** The published version numbers (`lambda:ListVersionsByFunction`, without `$LATEST`). */
  listVersions(functionName: string): Promise<string[]>;
  /** `lambda:PublishVersion` of `$LATEST`; returns the version number. */
  publishVersion(functionName: string, description: string): Promise<string>;
  /** `codedeploy:CreateDeployment` with the AppSpec content; returns the deployment ID. */
  createDeployment(request: CreateDeploymentRequest): Promise<string>;
  /** `codedeploy:GetDeployment`. */
  getDeployment(deploymentId: string): Promise<DeploymentState>;
  /** `codedeploy:StopDeployment` with automatic rollback. */
  stopDeployment(deploymentId: string): Promise<void>;
  /**
   * The deployments of a deployment group that have not finished (`codedeploy:ListDeployments`
   * with the statuses `Created`, `Queued`, `InProgress`, `Baking` and `Ready`).
   */
  listActiveDeployments(applicationName: string, deploymentGroupName: string): Promise<string[]>;
  /**
   * `lambda:UpdateAlias`: points the alias at one version, with no other version weighted,
   * guarded by the revision when one is given; returns the alias as Lambda reports it after.
   */
  updateAlias(request: UpdateAliasRequest): Promise<AliasState>;
}

/** Points an alias at one version and clears its weighted routing. */
export interface UpdateAliasRequest {
  /** The function's name. */
  readonly functionName: string;
  /** The alias's name, e.g. `live`. */
  readonly aliasName: string;
  /** The version the alias serves afterwards, alone. */
  readonly functionVersion: string;
  /** Lambda refuses the update when the alias's revision is no longer this one. */
  readonly revisionId?: string;
}

/** A CodeDeploy deployment of a Lambda alias. */
export interface CreateDeploymentRequest {
  /** The CodeDeploy application's name. */
  readonly applicationName: string;
  /** The deployment group's name (it holds the traffic-shifting configuration and the alarms). */
  readonly deploymentGroupName: string;
  /** The deployment's description, shown in the CodeDeploy console. */
  readonly description: string;
  /** The AppSpec, as JSON. */
  readonly appSpec: string;
  /** SHA-256 of the AppSpec, hex. */
  readonly appSpecSha256: string;
}

/** The statuses of a deployment that finished. */
export const FINISHED_DEPLOYMENT_STATUSES: ReadonlySet<string> = new Set(['Succeeded', 'Failed', 'Stopped']);

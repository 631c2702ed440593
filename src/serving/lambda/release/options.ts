// What a release or a rollback of a Lambda alias is asked to do, and how it ended.

/** What to release. */
export interface ReleaseOptions {
  /** The function's name. */
  readonly functionName: string;
  /** The alias CodeDeploy shifts. */
  readonly aliasName: string;
  /** The CodeDeploy application. */
  readonly applicationName: string;
  /** The CodeDeploy deployment group. */
  readonly deploymentGroupName: string;
  /** The version to shift to; without it, the newest published version (or, with `publish`, a new one). */
  readonly targetVersion?: string;
  /** Publish `$LATEST` as a new version first and shift to it. */
  readonly publish: boolean;
  /** How long to wait for the deployment before stopping it (and rolling back), in seconds. */
  readonly timeoutSeconds: number;
  /** How often to ask for the deployment's status, in seconds. */
  readonly pollSeconds: number;
  /** Description of the deployment (and of a published version). */
  readonly description?: string;
}

/** What to roll back to, without CodeDeploy. */
export interface RollbackOptions {
  /** The function's name. */
  readonly functionName: string;
  /** The alias to point at the version. */
  readonly aliasName: string;
  /** The CodeDeploy application (checked for deployments in progress). */
  readonly applicationName: string;
  /** The CodeDeploy deployment group (checked for deployments in progress). */
  readonly deploymentGroupName: string;
  /** The published version the alias serves afterwards, alone. */
  readonly targetVersion: string;
  /**
   * Stop (with rollback) the group's deployments in progress and wait for them, instead of
   * refusing while there are any.
   */
  readonly stopDeployment: boolean;
  /** How long to wait for stopped deployments to finish, in seconds. */
  readonly timeoutSeconds: number;
  /** How often to ask for their status, in seconds. */
  readonly pollSeconds: number;
}

/** How the release ended. */
export type ReleaseOutcome = 'succeeded' | 'unchanged' | 'failed' | 'timed-out' | 'refused';

/** The result of a release. */
export interface ReleaseResult {
  /** How the release ended; the command's exit code follows from it (`RELEASE_EXIT_CODES` in src/cli/). */
  readonly outcome: ReleaseOutcome;
  /** What happened, in one sentence. */
  readonly message: string;
  /** The version the alias pointed to before. */
  readonly currentVersion?: string;
  /** The version released. */
  readonly targetVersion?: string;
  /** The CodeDeploy deployment, when one was created. */
  readonly deploymentId?: string;
  /** The deployments a rollback stopped. */
  readonly stoppedDeployments?: readonly string[];
}

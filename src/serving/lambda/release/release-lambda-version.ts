import { createHash } from 'node:crypto';
import { lambdaAppSpec } from './app-spec';
import { FINISHED_DEPLOYMENT_STATUSES, type DeploymentState, type LambdaReleaseClient } from './client';
import type { ReleaseOptions, ReleaseResult } from './options';
import { defaultReleaseRuntime, type ReleaseRuntime } from './runtime';

/**
 * The release step of a model served on Lambda. Terraform publishes a new version on every
 * `cdktf deploy` but never moves the `live` alias; this step moves it: it selects (or
 * publishes) the new version, creates a CodeDeploy deployment whose AppSpec names the alias's
 * current version and the new one, and waits for the result. CodeDeploy shifts the traffic as
 * the deployment group's configuration says and rolls back on the group's alarms.
 *
 * The emergency rollback (`rollbackLambdaAlias`) points the alias at a published version at
 * once, without CodeDeploy: while a rollback alarm of the group is in ALARM, CodeDeploy stops
 * every new deployment of the group, a rollback through it included.
 *
 * AWS is reached through `LambdaReleaseClient`, so the step is testable and needs no SDK: the
 * package's default client runs the AWS CLI (`AwsCliReleaseClient`).
 */

/** The highest numeric version among `versions`, if any. */
function newestVersion(versions: readonly string[]): string | undefined {
  const numbers = versions.filter((v) => /^\d+$/.test(v)).map(Number);
  return numbers.length > 0 ? String(Math.max(...numbers)) : undefined;
}

/**
 * Releases a new version: shifts the alias to it with CodeDeploy and waits for the result.
 * Refuses while another shift is in progress (the alias has routing weights) and when the
 * version does not exist; does nothing when the alias already points to it; stops the
 * deployment (which rolls it back) when it outlasts `timeoutSeconds`.
 */
export async function releaseLambdaVersion(
  options: ReleaseOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime = defaultReleaseRuntime,
): Promise<ReleaseResult> {
  const { functionName, aliasName } = options;
  const alias = await client.getAlias(functionName, aliasName);
  const currentVersion = alias.functionVersion;
  const shifting = Object.keys(alias.additionalVersionWeights);
  if (shifting.length > 0) {
    return {
      outcome: 'refused',
      currentVersion,
      message: `${functionName}:${aliasName} is already shifting from version ${currentVersion} to ${shifting.join(', ')}: wait for that deployment to finish or stop it first`,
    };
  }

  let targetVersion: string | undefined;
  if (options.publish) {
    targetVersion = await client.publishVersion(
      functionName,
      options.description ?? `Released to ${aliasName}`,
    );
    runtime.log(`published ${functionName} version ${targetVersion}`);
  } else {
    const versions = await client.listVersions(functionName);
    if (options.targetVersion !== undefined) {
      if (!versions.includes(options.targetVersion)) {
        return {
          outcome: 'refused',
          currentVersion,
          message: `${functionName} has no published version ${options.targetVersion} (published: ${versions.join(', ') || 'none'})`,
        };
      }
      targetVersion = options.targetVersion;
    } else {
      targetVersion = newestVersion(versions);
      if (targetVersion === undefined) {
        return { outcome: 'refused', currentVersion, message: `${functionName} has no published version` };
      }
    }
  }

  if (targetVersion === currentVersion) {
    return {
      outcome: 'unchanged',
      currentVersion,
      targetVersion,
      message: `${functionName}:${aliasName} already serves version ${targetVersion}: nothing to release`,
    };
  }

  const appSpec = lambdaAppSpec(functionName, aliasName, currentVersion, targetVersion);
  const deploymentId = await client.createDeployment({
    applicationName: options.applicationName,
    deploymentGroupName: options.deploymentGroupName,
    description: options.description ?? `${functionName}:${aliasName} ${currentVersion} -> ${targetVersion}`,
    appSpec,
    appSpecSha256: createHash('sha256').update(appSpec).digest('hex'),
  });
  runtime.log(
    `deployment ${deploymentId}: shifting ${functionName}:${aliasName} from version ${currentVersion} to ${targetVersion}`,
  );

  const deadline = runtime.now() + options.timeoutSeconds * 1000;
  let lastStatus = '';
  for (;;) {
    let state: DeploymentState;
    try {
      state = await client.getDeployment(deploymentId);
    } catch (error) {
      throw new Error(
        `${(error as Error).message} (deployment ${deploymentId} keeps running: aws deploy get-deployment --deployment-id ${deploymentId})`,
      );
    }
    if (state.status !== lastStatus) {
      runtime.log(`deployment ${deploymentId}: ${state.status}`);
      lastStatus = state.status;
    }
    const base = { currentVersion, targetVersion, deploymentId };
    if (state.status === 'Succeeded') {
      return {
        ...base,
        outcome: 'succeeded',
        message: `${functionName}:${aliasName} now serves version ${targetVersion}`,
      };
    }
    if (FINISHED_DEPLOYMENT_STATUSES.has(state.status)) {
      return {
        ...base,
        outcome: 'failed',
        message: `deployment ${deploymentId} ${state.status.toLowerCase()}${state.errorMessage ? ` (${state.errorMessage})` : ''}: CodeDeploy rolls ${aliasName} back to version ${currentVersion}`,
      };
    }
    if (runtime.now() >= deadline) {
      await client.stopDeployment(deploymentId);
      return {
        ...base,
        outcome: 'timed-out',
        message: `deployment ${deploymentId} did not finish within ${options.timeoutSeconds} s: stopped, CodeDeploy rolls ${aliasName} back to version ${currentVersion}`,
      };
    }
    await runtime.sleep(options.pollSeconds * 1000);
  }
}

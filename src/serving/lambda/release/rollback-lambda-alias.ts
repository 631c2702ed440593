// The emergency rollback of a Lambda alias: straight to a published version, without CodeDeploy
// (see `rollbackLambdaAlias`).
import {
  FINISHED_DEPLOYMENT_STATUSES,
  type AliasState,
  type DeploymentState,
  type LambdaReleaseClient,
} from './client';
import type { ReleaseResult, RollbackOptions } from './options';
import { defaultReleaseRuntime, type ReleaseRuntime } from './runtime';

/** `version 3`, or `version 3 and 10% on version 4` while weighted. */
function describeRouting(alias: AliasState): string {
  const weighted = Object.entries(alias.additionalVersionWeights).map(
    ([version, weight]) => `${Number((weight * 100).toFixed(2))}% on version ${version}`,
  );
  return [`version ${alias.functionVersion}`, ...weighted].join(' and ');
}

function servesOnly(alias: AliasState, version: string): boolean {
  return alias.functionVersion === version && Object.keys(alias.additionalVersionWeights).length === 0;
}

function plural(ids: readonly string[]): string {
  return `${ids.length === 1 ? 'deployment' : 'deployments'} ${ids.join(', ')}`;
}

/**
 * Stops `ids` with rollback and waits until they, and the deployments CodeDeploy starts to roll
 * them back, finished. Returns `undefined` when they did, or the result to return otherwise.
 */
async function stopAndWait(
  ids: readonly string[],
  options: RollbackOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime,
): Promise<ReleaseResult | undefined> {
  for (const id of ids) {
    runtime.log(`stopping deployment ${id} (with rollback)`);
    try {
      await client.stopDeployment(id);
    } catch (error) {
      // it may have finished meanwhile (CodeDeploy stops deployments on the group's alarms)
      const finished = await client.getDeployment(id).then(
        (state) => FINISHED_DEPLOYMENT_STATUSES.has(state.status),
        () => false,
      );
      if (!finished) throw error;
    }
  }
  const waiting = new Set(ids);
  const seen = new Set(ids);
  const deadline = runtime.now() + options.timeoutSeconds * 1000;
  for (;;) {
    for (const id of [...waiting]) {
      let state: DeploymentState;
      try {
        state = await client.getDeployment(id);
      } catch (error) {
        throw new Error(
          `${(error as Error).message} (${plural(ids)} asked to stop; ${options.functionName}:${options.aliasName} was not changed)`,
        );
      }
      if (!FINISHED_DEPLOYMENT_STATUSES.has(state.status)) continue;
      waiting.delete(id);
      runtime.log(`deployment ${id}: ${state.status}`);
      const rollback = state.rollbackDeploymentId;
      if (rollback !== undefined && !seen.has(rollback)) {
        seen.add(rollback);
        waiting.add(rollback);
        runtime.log(`deployment ${id}: CodeDeploy rolls it back with deployment ${rollback}`);
      }
    }
    if (waiting.size === 0) return undefined;
    if (runtime.now() >= deadline) {
      return {
        outcome: 'timed-out',
        stoppedDeployments: ids,
        message: `${plural([...waiting])} did not finish within ${options.timeoutSeconds} s: ${options.functionName}:${options.aliasName} was not changed`,
      };
    }
    await runtime.sleep(options.pollSeconds * 1000);
  }
}

/**
 * The emergency rollback: points the alias at a published version at once and clears its
 * weighted routing (`lambda:UpdateAlias`), without CodeDeploy, so neither the gradual shift nor
 * the rollback alarms apply. Refuses a version that was never published, and, unless
 * `stopDeployment` is set, refuses while a deployment of the group is in progress (it would
 * move the alias again); with `stopDeployment` it stops those deployments with rollback and
 * waits for them (and the rollbacks CodeDeploy starts) first. Does nothing when the alias
 * already serves the version alone. The update is guarded by the alias's revision, so a change
 * made after the alias was read makes Lambda refuse it instead of being overwritten.
 */
export async function rollbackLambdaAlias(
  options: RollbackOptions,
  client: LambdaReleaseClient,
  runtime: ReleaseRuntime = defaultReleaseRuntime,
): Promise<ReleaseResult> {
  const { functionName, aliasName, targetVersion } = options;
  const target = `${functionName}:${aliasName}`;
  const versions = await client.listVersions(functionName);
  if (!versions.includes(targetVersion)) {
    return {
      outcome: 'refused',
      targetVersion,
      message: `${functionName} has no published version ${targetVersion} (published: ${versions.join(', ') || 'none'})`,
    };
  }

  const group = `${options.applicationName}/${options.deploymentGroupName}`;
  const active = await client.listActiveDeployments(options.applicationName, options.deploymentGroupName);
  let stopped: readonly string[] = [];
  if (active.length > 0) {
    if (!options.stopDeployment) {
      return {
        outcome: 'refused',
        targetVersion,
        message: `${plural(active)} of ${group} in progress would move ${target} again: run again with --stop-deployment to stop ${active.length === 1 ? 'it' : 'them'} (with rollback) first, or stop ${active.length === 1 ? 'it' : 'them'} yourself (aws deploy stop-deployment --deployment-id <id> --auto-rollback-enabled)`,
      };
    }
    const unfinished = await stopAndWait(active, options, client, runtime);
    if (unfinished) return { ...unfinished, targetVersion };
    stopped = active;
    const started = await client.listActiveDeployments(options.applicationName, options.deploymentGroupName);
    if (started.length > 0) {
      return {
        outcome: 'refused',
        targetVersion,
        stoppedDeployments: stopped,
        message: `${plural(started)} of ${group} started while stopping ${plural(stopped)}: ${target} was not changed`,
      };
    }
  }
  const afterStop = stopped.length > 0 ? ` (after stopping ${plural(stopped)})` : '';
  const extra = stopped.length > 0 ? { stoppedDeployments: stopped } : {};

  const alias = await client.getAlias(functionName, aliasName);
  const currentVersion = alias.functionVersion;
  if (servesOnly(alias, targetVersion)) {
    return {
      outcome: 'unchanged',
      currentVersion,
      targetVersion,
      ...extra,
      message: `${target} already serves version ${targetVersion} alone${afterStop}: nothing to roll back`,
    };
  }
  runtime.log(`pointing ${target} at version ${targetVersion} (it serves ${describeRouting(alias)})`);
  const updated = await client.updateAlias({
    functionName,
    aliasName,
    functionVersion: targetVersion,
    revisionId: alias.revisionId,
  });
  if (!servesOnly(updated, targetVersion)) {
    return {
      outcome: 'failed',
      currentVersion,
      targetVersion,
      ...extra,
      message: `Lambda reports ${target} serving ${describeRouting(updated)} after the update, not version ${targetVersion} alone: check the alias`,
    };
  }
  return {
    outcome: 'succeeded',
    currentVersion,
    targetVersion,
    ...extra,
    message: `${target} now serves version ${targetVersion} alone (it served ${describeRouting(alias)})${afterStop}: switched at once, without CodeDeploy`,
  };
}

import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { LambdaAlias } from '@cdktf/provider-aws/lib/lambda-alias';
import { LambdaProvisionedConcurrencyConfig } from '@cdktf/provider-aws/lib/lambda-provisioned-concurrency-config';
import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import type { z } from 'zod';
import { Naming } from '../../../core/naming';
import type { lambdaProvisionedConcurrencySchema } from '../spec/schema';

/** Provisioned concurrency on the alias and what scales it. */
export interface ProvisionedConcurrencyResources {
  /** The provisioned concurrency configuration of the `live` alias (its starting value is `min`). */
  readonly config: LambdaProvisionedConcurrencyConfig;
  /** The alias registered with Application Auto Scaling. */
  readonly scalingTarget: AppautoscalingTarget;
  /** Target tracking on `LambdaProvisionedConcurrencyUtilization`. */
  readonly scalingPolicy: AppautoscalingPolicy;
  /** Scheduled changes of the range. */
  readonly scheduledActions: readonly AppautoscalingScheduledAction[];
}

/**
 * Provisioned concurrency on the alias, its auto scaling target, target tracking policy and
 * scheduled actions, created in `scope` (the inference function).
 */
export function provisionConcurrency(
  scope: Construct,
  modelName: string,
  alias: LambdaAlias,
  pc: z.output<typeof lambdaProvisionedConcurrencySchema>,
): ProvisionedConcurrencyResources {
  const naming = Naming.of(scope);
  if (pc.scheduledActions.length > 0) {
    Annotations.of(scope).addWarning(
      `The scheduled actions of ${modelName} set its provisioned concurrency range: Terraform ignores later ` +
        'changes of provisionedConcurrency.min/max (the schedules own them once the target is registered); ' +
        'change the schedules to change them.',
    );
  }
  // on the alias (never $LATEST); auto scaling owns the value after creation (the target's
  // min_capacity, which follows the spec, keeps it at least provisionedConcurrency.min)
  const config = new LambdaProvisionedConcurrencyConfig(scope, 'provisioned-concurrency', {
    functionName: alias.functionName,
    qualifier: alias.name,
    provisionedConcurrentExecutions: pc.min,
    lifecycle: { ignoreChanges: ['provisioned_concurrent_executions'] },
  });
  const scalingTarget = new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'lambda',
    scalableDimension: 'lambda:function:ProvisionedConcurrency',
    resourceId: `function:${alias.functionName}:${alias.name}`,
    minCapacity: pc.min,
    maxCapacity: pc.max,
    // registered once the alias has provisioned concurrency; schedules own the range after that
    dependsOn: [config],
    lifecycle:
      pc.scheduledActions.length > 0 ? { ignoreChanges: ['min_capacity', 'max_capacity'] } : undefined,
  });
  const scalingPolicy = new AppautoscalingPolicy(scope, 'scaling-policy', {
    name: naming.name([modelName, 'provisioned-concurrency'], 255),
    policyType: 'TargetTrackingScaling',
    serviceNamespace: scalingTarget.serviceNamespace,
    scalableDimension: scalingTarget.scalableDimension,
    resourceId: scalingTarget.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: pc.utilizationTarget,
      predefinedMetricSpecification: { predefinedMetricType: 'LambdaProvisionedConcurrencyUtilization' },
    },
  });
  const scheduledActions = pc.scheduledActions.map(
    (action) =>
      new AppautoscalingScheduledAction(scope, `schedule-${action.name}`, {
        name: naming.name([modelName, action.name], 255),
        serviceNamespace: scalingTarget.serviceNamespace,
        scalableDimension: scalingTarget.scalableDimension,
        resourceId: scalingTarget.resourceId,
        schedule: action.schedule,
        timezone: action.timezone,
        scalableTargetAction: { minCapacity: String(action.min), maxCapacity: String(action.max) },
      }),
  );
  return { config, scalingTarget, scalingPolicy, scheduledActions };
}

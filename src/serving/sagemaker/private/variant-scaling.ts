import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingScheduledAction } from '@cdktf/provider-aws/lib/appautoscaling-scheduled-action';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import type { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import {
  DEFAULT_SCALING_COOLDOWNS,
  type ResolvedSageMakerServingSettings,
  type ResolvedSageMakerVariant,
  autoScales,
} from '../spec';
import type { Naming } from '../../../core/naming';

/** What each scaling metric is called by Application Auto Scaling, and its default target. */
const SCALING_METRICS = {
  invocationsPerInstance: {
    predefined: 'SageMakerVariantInvocationsPerInstance',
    target: 70,
    policy: 'invocations-per-instance',
  },
  concurrentRequestsPerModel: {
    predefined: 'SageMakerVariantConcurrentRequestsPerModelHighResolution',
    target: 5,
    policy: 'concurrent-requests',
  },
  backlogPerInstance: { predefined: undefined, target: 5, policy: 'backlog-per-instance' },
} as const;

/**
 * Registers an instance variant with Application Auto Scaling (once the endpoint exists) and adds
 * its target-tracking policy and scheduled actions. Nothing for serverless variants and variants
 * with a fixed instance count.
 */
export function scaleVariant(
  scope: Construct,
  props: {
    model: string;
    naming: Naming;
    endpoint: SagemakerEndpoint;
    variant: ResolvedSageMakerVariant;
    settings: ResolvedSageMakerServingSettings;
  },
): AppautoscalingTarget | undefined {
  const { model, naming, endpoint, variant, settings } = props;
  if (!variant.instances || !autoScales(variant, settings)) return undefined;

  const owned = scheduleOwnedBounds(settings.scheduledActions ?? []);
  if (owned.length > 0) {
    Annotations.of(scope).addWarning(
      `The scheduled actions of ${model} set ${owned.map((b) => b.replace('_capacity', '')).join(' and ')} of variant ` +
        `'${variant.name}': Terraform ignores later changes of instances.${owned.map((b) => b.replace('_capacity', '')).join('/')} ` +
        '(the schedules own them once the variant is registered); change the schedules to change them.',
    );
  }
  const target = new AppautoscalingTarget(scope, 'scaling-target', {
    serviceNamespace: 'sagemaker',
    scalableDimension: 'sagemaker:variant:DesiredInstanceCount',
    resourceId: `endpoint/${endpoint.name}/variant/${variant.name}`,
    minCapacity: variant.instances.min,
    maxCapacity: variant.instances.max,
    // a variant can only be registered once the endpoint serves it
    dependsOn: [endpoint],
    // a scheduled action rewrites the bounds it sets: without this, every plan in the scheduled
    // window shows drift and an apply undoes the schedule. Only those bounds: the others still
    // follow the spec.
    lifecycle: owned.length > 0 ? { ignoreChanges: owned } : undefined,
  });
  const scalable = {
    serviceNamespace: target.serviceNamespace,
    resourceId: target.resourceId,
    scalableDimension: target.scalableDimension,
  };

  const scaling = settings.autoscaling;
  const metric = scaling?.metric ?? (settings.async ? 'backlogPerInstance' : 'invocationsPerInstance');
  const known = SCALING_METRICS[metric];
  new AppautoscalingPolicy(scope, 'scaling-policy', {
    name: naming.name([model, variant.name, known.policy], 255),
    policyType: 'TargetTrackingScaling',
    ...scalable,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: scaling?.targetValue ?? known.target,
      scaleInCooldown: scaling?.scaleInCooldownSeconds ?? DEFAULT_SCALING_COOLDOWNS.scaleInSeconds,
      scaleOutCooldown: scaling?.scaleOutCooldownSeconds ?? DEFAULT_SCALING_COOLDOWNS.scaleOutSeconds,
      predefinedMetricSpecification: known.predefined
        ? { predefinedMetricType: known.predefined }
        : undefined,
      customizedMetricSpecification: known.predefined
        ? undefined
        : {
            metricName: 'ApproximateBacklogSizePerInstance',
            namespace: 'AWS/SageMaker',
            statistic: 'Average',
            dimensions: [{ name: 'EndpointName', value: endpoint.name }],
          },
    },
  });

  for (const action of settings.scheduledActions ?? []) {
    new AppautoscalingScheduledAction(scope, `schedule-${action.name}`, {
      name: naming.name([model, variant.name, action.name], 255),
      ...scalable,
      schedule: action.schedule,
      timezone: action.timezone,
      scalableTargetAction: {
        minCapacity: action.min?.toString(),
        maxCapacity: action.max?.toString(),
      },
    });
  }
  return target;
}

/** The target's bounds some scheduled action sets (`min_capacity`, `max_capacity`). */
export function scheduleOwnedBounds(
  actions: ReadonlyArray<{ readonly min?: number; readonly max?: number }>,
): Array<'min_capacity' | 'max_capacity'> {
  return [
    ...(actions.some((a) => a.min !== undefined) ? (['min_capacity'] as const) : []),
    ...(actions.some((a) => a.max !== undefined) ? (['max_capacity'] as const) : []),
  ];
}

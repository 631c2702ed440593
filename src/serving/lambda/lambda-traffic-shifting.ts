import { CodedeployApp } from '@cdktf/provider-aws/lib/codedeploy-app';
import { CodedeployDeploymentConfig } from '@cdktf/provider-aws/lib/codedeploy-deployment-config';
import { CodedeployDeploymentGroup } from '@cdktf/provider-aws/lib/codedeploy-deployment-group';
import { Construct } from 'constructs';
import { z } from 'zod';
import { lambdaRolloutSchema } from './spec/schema';
import type { LambdaRolloutSpec } from './spec/types';
import { type PropsAgree, validateProps } from '../../core/validation/issues';
import { AwsContext } from '../../core/aws-context';
import { Naming } from '../../core/naming';
import { RoleTrusts, ServiceRole } from '../../core/service-role';
import { ModelAlarm } from '../../monitoring/model-alarm';
import type { LambdaInferenceFunction } from './lambda-inference-function';
import { inferenceTargetProp } from './private/target-prop';

/** Length limit of CodeDeploy application, group and configuration names. */
const CODEDEPLOY_NAME_LIMIT = 100;
/** CodeDeploy watches at most 10 alarms per deployment group. */
const MAX_ROLLBACK_ALARMS = 10;

/** Props of `LambdaTrafficShifting`. */
export interface LambdaTrafficShiftingProps {
  /** The function whose `live` alias is shifted. */
  readonly target: LambdaInferenceFunction;
  /**
   * How the traffic shifts.
   * @default { strategy: 'canary', percent: 10, intervalMinutes: 5 }
   */
  readonly rollout?: LambdaRolloutSpec;
  /**
   * Alarms that stop a shift and roll it back (at most 10).
   * @default - none: only failed or stopped deployments roll back
   */
  readonly rollbackAlarms?: readonly ModelAlarm[];
}

const propsSchema = z.strictObject({
  target: inferenceTargetProp,
  rollout: lambdaRolloutSchema.prefault({ strategy: 'canary' }),
  rollbackAlarms: z
    .array(z.custom<ModelAlarm>((a) => a instanceof ModelAlarm, { error: 'must be a ModelAlarm' }))
    .max(MAX_ROLLBACK_ALARMS)
    .default([]),
});
const propsAgree: PropsAgree<z.input<typeof propsSchema>, LambdaTrafficShiftingProps> = true;
void propsAgree;

type Rollout = z.output<typeof lambdaRolloutSchema>;

/**
 * The predefined configuration a canary or linear rollout matches, if any (CodeDeploy's names
 * for 10% steps).
 */
export function predefinedDeploymentConfig(rollout: Rollout): string | undefined {
  if (rollout.strategy === 'predefined') return rollout.config;
  if (rollout.percent !== 10) return undefined;
  const minutes = rollout.intervalMinutes;
  if (rollout.strategy === 'canary' && [5, 10, 15, 30].includes(minutes)) {
    return `CodeDeployDefault.LambdaCanary10Percent${minutes}Minutes`;
  }
  if (rollout.strategy === 'linear' && [1, 2, 3, 10].includes(minutes)) {
    return `CodeDeployDefault.LambdaLinear10PercentEvery${minutes}Minute${minutes === 1 ? '' : 's'}`;
  }
  return undefined;
}

/**
 * Progressive delivery of a Lambda model: a CodeDeploy application on the Lambda platform and
 * a deployment group that shifts the `live` alias to a new version by canary or linear steps
 * (a predefined configuration, or a custom one for other percentages and intervals) and rolls
 * back on failure, on a stop and on any of the rollback alarms.
 *
 * Terraform creates no deployment: the release command (`releaseLambdaVersion`, the
 * `cdktf-model-serving-release-lambda` CLI) starts one for a new version and waits for it.
 */
export class LambdaTrafficShifting extends Construct {
  /** The CodeDeploy application. */
  public readonly application: CodedeployApp;
  /** The deployment group. */
  public readonly deploymentGroup: CodedeployDeploymentGroup;
  /** The application's name. */
  public readonly applicationName: string;
  /** The deployment group's name. */
  public readonly deploymentGroupName: string;
  /** The configuration the group uses, e.g. `CodeDeployDefault.LambdaCanary10Percent5Minutes`. */
  public readonly deploymentConfigName: string;
  /** The custom configuration, when no predefined one matches the rollout. */
  public readonly customConfig?: CodedeployDeploymentConfig;
  /** The role CodeDeploy shifts the alias with. */
  public readonly role: ServiceRole;
  /** The function whose alias is shifted. */
  private readonly target: LambdaInferenceFunction;

  constructor(scope: Construct, id: string, props: LambdaTrafficShiftingProps) {
    super(scope, id);
    const p = validateProps(this, propsSchema, props);
    const naming = Naming.of(this);
    const fn = p.target;
    const model = fn.modelName;
    this.target = fn;

    this.applicationName = naming.name(model, CODEDEPLOY_NAME_LIMIT);
    this.application = new CodedeployApp(this, 'application', {
      name: this.applicationName,
      computePlatform: 'Lambda',
    });

    const predefined = predefinedDeploymentConfig(p.rollout);
    if (predefined) {
      this.deploymentConfigName = predefined;
    } else {
      const custom = p.rollout as Exclude<Rollout, { strategy: 'predefined' }>;
      const canary = custom.strategy === 'canary';
      const step = { percentage: custom.percent, interval: custom.intervalMinutes };
      this.customConfig = new CodedeployDeploymentConfig(this, 'config', {
        // the values are in the name: a change creates a new configuration before the old goes
        deploymentConfigName: naming.name(
          [model, custom.strategy, `${custom.percent}pct`, `${custom.intervalMinutes}min`],
          CODEDEPLOY_NAME_LIMIT,
        ),
        computePlatform: 'Lambda',
        trafficRoutingConfig: canary
          ? { type: 'TimeBasedCanary', timeBasedCanary: step }
          : { type: 'TimeBasedLinear', timeBasedLinear: step },
        lifecycle: { createBeforeDestroy: true },
      });
      this.deploymentConfigName = this.customConfig.deploymentConfigName;
    }

    this.role = new ServiceRole(this, 'role', {
      assumedBy: RoleTrusts.service('codedeploy.amazonaws.com'),
      component: `${model}-codedeploy`,
      description: `Lets CodeDeploy shift the ${fn.aliasName} alias of the ${model} model`,
    });
    this.role.addToPrincipalPolicy(
      {
        actions: ['lambda:GetAlias', 'lambda:UpdateAlias'],
        resources: [fn.functionArn, fn.aliasArn],
      },
      {
        actions: ['lambda:GetProvisionedConcurrencyConfig'],
        resources: [fn.functionArn, `${fn.functionArn}:*`],
      },
    );
    const alarmNames = p.rollbackAlarms.map((alarm) => alarm.alarm.alarmName);
    if (p.rollbackAlarms.length > 0) {
      // scoped to the alarms (metric alarms; only composite alarms need '*')
      this.role.addToPrincipalPolicy({
        actions: ['cloudwatch:DescribeAlarms'],
        resources: p.rollbackAlarms.map((alarm) => alarm.alarmArn),
      });
    }

    this.deploymentGroupName = naming.name(model, CODEDEPLOY_NAME_LIMIT);
    this.deploymentGroup = new CodedeployDeploymentGroup(this, 'group', {
      appName: this.application.name,
      deploymentGroupName: this.deploymentGroupName,
      serviceRoleArn: this.role.roleArn,
      deploymentConfigName: this.deploymentConfigName,
      deploymentStyle: { deploymentOption: 'WITH_TRAFFIC_CONTROL', deploymentType: 'BLUE_GREEN' },
      autoRollbackConfiguration: {
        enabled: true,
        events: ['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM', 'DEPLOYMENT_STOP_ON_REQUEST'],
      },
      alarmConfiguration:
        alarmNames.length > 0
          ? { enabled: true, alarms: alarmNames, ignorePollAlarmFailure: false }
          : undefined,
      dependsOn: this.role.inlinePolicy ? [this.role.inlinePolicy] : undefined,
    });
  }

  /**
   * The release command for a new version of the function (run it after `cdktf deploy`
   * published the version), e.g.
   * `npx --package cdktf-model-serving cdktf-model-serving-release-lambda --function ... --region us-east-1`.
   * The bin's name differs from the package's, so `npx` needs `--package`; the region is the
   * stack's (the default AWS provider's when it is a literal, otherwise resolved by Terraform),
   * so the command works without a configured default region.
   */
  public get releaseCommand(): string {
    const aws = AwsContext.of(this);
    return [
      'npx --package cdktf-model-serving cdktf-model-serving-release-lambda',
      `--function ${this.target.functionName}`,
      `--alias ${this.target.aliasName}`,
      `--application ${this.applicationName}`,
      `--deployment-group ${this.deploymentGroupName}`,
      `--region ${aws.providerRegion ?? aws.region}`,
    ].join(' ');
  }
}

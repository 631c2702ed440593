/** Rules across the fields of the SageMaker settings. */
import type { z } from 'zod';
import { describeInstanceType } from './instances';
import { isToken, uniqueBy } from '../../../core/validation/rules';
import { soundPart } from '../../../core/validation/issues';
import { type ResolvedSageMakerVariant, autoScales, sageMakerVariants } from './resolve';
import { type ResolvedSageMakerServingSettings, REAL_TIME_MIN } from './shape';

type Settings = ResolvedSageMakerServingSettings;
type Issue = { path: PropertyKey[]; message: string; input: unknown };

function instanceTypeRules(settings: Settings, variants: ResolvedSageMakerVariant[], issues: Issue[]): void {
  const serverless = settings.serverless !== undefined;
  const checkType = (type: unknown, path: PropertyKey[], autoScaled: boolean) => {
    if (typeof type !== 'string' || isToken(type)) return;
    const info = describeInstanceType(type);
    if (!info) return; // the pattern rule reports it
    // a family or size outside the table is reported by the type's own rule
    if (info.gpus === undefined) return;
    if (info.burstable && autoScaled) {
      issues.push({
        path,
        input: type,
        message:
          'must not be a burstable (ml.t*) type when the variant auto scales (instances.max above instances.min, or scheduledActions): Application Auto Scaling does not scale burstable instances',
      });
    }
  };

  if (serverless) {
    const given: Array<[PropertyKey[], unknown]> = [
      [['instanceType'], settings.instanceType],
      ...(settings.variants ?? []).map((v, i): [PropertyKey[], unknown] => [
        ['variants', i, 'instanceType'],
        v?.instanceType,
      ]),
    ];
    for (const [path, type] of given) {
      if (type === undefined) continue;
      issues.push({
        path,
        input: type,
        message:
          'must not be set with serverless: a serverless endpoint runs on CPU capacity SageMaker picks (no GPUs)',
      });
    }
    return;
  }

  // one check per place an instance type is given; it auto scales if any variant using it does
  const places = new Map<string, { path: PropertyKey[]; type?: string; autoScaled: boolean }>();
  for (const variant of variants) {
    const key = variant.paths.instanceType.join('.');
    const place = places.get(key) ?? {
      path: variant.paths.instanceType,
      type: variant.instanceType,
      autoScaled: false,
    };
    place.autoScaled ||= autoScales(variant, settings);
    places.set(key, place);
  }
  for (const { path, type, autoScaled } of places.values()) {
    if (type === undefined) {
      issues.push({
        path,
        input: undefined,
        message:
          'is required for an endpoint on instances (or set serverless, or an instanceType on every variant)',
      });
    } else {
      checkType(type, path, autoScaled);
    }
  }
  const shadowType = settings.shadow?.instanceType;
  if (shadowType !== undefined) checkType(shadowType, ['shadow', 'instanceType'], false);
}

function servingModeRules(settings: Settings, issues: Issue[]): void {
  const serverless = settings.serverless !== undefined;
  const isAsync = settings.async !== undefined;
  const notWith = (field: keyof Settings, what: string, why: string) => {
    if (settings[field] !== undefined) {
      issues.push({
        path: [field],
        input: settings[field],
        message: `is not supported with ${what}: ${why}`,
      });
    }
  };
  if (serverless) {
    const why = 'SageMaker Serverless Inference does not offer it';
    notWith(
      'instances',
      'serverless',
      'a serverless endpoint has no instances (set serverless.maxConcurrency)',
    );
    notWith('shadow', 'serverless', why);
    notWith('dataCapture', 'serverless', why);
    notWith('async', 'serverless', 'asynchronous inference runs on instances');
    notWith('autoscaling', 'serverless', 'SageMaker scales a serverless endpoint itself');
    notWith('scheduledActions', 'serverless', 'SageMaker scales a serverless endpoint itself');
    if ((settings.variants?.length ?? 1) > 1) {
      issues.push({
        path: ['variants'],
        input: settings.variants,
        message:
          'must have one variant with serverless: SageMaker Serverless Inference serves a single production variant',
      });
    }
    if (settings.networkIsolation !== false) {
      issues.push({
        path: ['networkIsolation'],
        input: settings.networkIsolation,
        message:
          'must be set to false with serverless: SageMaker Serverless Inference does not support network isolation (an explicit opt-out)',
      });
    }
  }
  if (isAsync) notWith('shadow', 'async', 'SageMaker shadow variants need a real-time endpoint');
  if (settings.autoscaling?.metric === 'backlogPerInstance' && !isAsync) {
    issues.push({
      path: ['autoscaling', 'metric'],
      input: settings.autoscaling.metric,
      message: "must not be 'backlogPerInstance' without async: only asynchronous endpoints have a backlog",
    });
  }
}

function variantRules(settings: Settings, variants: ResolvedSageMakerVariant[], issues: Issue[]): void {
  const listed = Array.isArray(settings.variants) ? settings.variants : [];
  const weights = listed.map((v) => v?.weight);
  if (
    listed.length > 0 &&
    weights.every((w) => typeof w === 'number' && !isToken(w)) &&
    weights.reduce((sum: number, w) => sum + (w as number), 0) <= 0
  ) {
    issues.push({
      path: ['variants'],
      input: weights,
      message: 'must have weights that add up to more than 0 (the weights are shares of the traffic)',
    });
  }

  const shadow = settings.shadow;
  if (shadow) {
    const production = settings.variants?.length ?? 1;
    if (production !== 1) {
      issues.push({
        path: ['shadow'],
        input: shadow.name,
        message: `needs exactly one production variant (variants has ${production}): SageMaker mirrors one variant's traffic`,
      });
    }
    const productionNames = variants.map((v) => v.name);
    if (productionNames.includes(shadow.name)) {
      issues.push({
        path: ['shadow', 'name'],
        input: shadow.name,
        message: "must differ from the production variants' names",
      });
    }
  }

  // instance ranges: real-time variants keep at least one instance
  if (settings.async === undefined) {
    const checked = new Set<string>();
    for (const variant of variants) {
      const key = variant.paths.instances.join('.');
      if (checked.has(key) || !variant.instances) continue;
      checked.add(key);
      const given =
        key === 'instances' ? settings.instances : listed[variant.paths.instances[1] as number]?.instances;
      if (given && typeof given.min === 'number' && given.min < 1) {
        issues.push({
          path: [...variant.paths.instances, 'min'],
          input: given.min,
          message: REAL_TIME_MIN,
        });
      }
    }
    settings.scheduledActions?.forEach((a, i) => {
      if (typeof a?.min === 'number' && a.min < 1) {
        issues.push({
          path: ['scheduledActions', i, 'min'],
          input: a.min,
          message: REAL_TIME_MIN,
        });
      }
    });
  }
}

/** SageMaker rolls a deployment back on at most 10 alarms. */
export const MAX_ROLLBACK_ALARMS = 10;
/** The endpoint's own rollback alarms: 5XX rate, p99 latency and GPU memory, over all variants. */
export const ENDPOINT_ROLLBACK_ALARMS = 3;
/**
 * Production variants the endpoint's alarms can watch: its 5XX-rate alarm reads 2 metrics per
 * variant, and a CloudWatch metric-math alarm reads at most 10 (and computes at most 10
 * expressions: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/alarm-limits.html,
 * PutMetricAlarm's `Metrics`).
 */
export const MAX_ALARMED_VARIANTS = 5;

function rollbackAlarmRules(settings: Settings, issues: Issue[]): void {
  const names = settings.rollout?.alarmNames;
  const extra = MAX_ROLLBACK_ALARMS - ENDPOINT_ROLLBACK_ALARMS;
  if (Array.isArray(names) && names.length > extra) {
    issues.push({
      path: ['rollout', 'alarmNames'],
      input: names.length,
      message: `must list at most ${extra} alarms: SageMaker rolls back on at most ${MAX_ROLLBACK_ALARMS}, and the endpoint's own ${ENDPOINT_ROLLBACK_ALARMS} (5XX rate, p99 latency, GPU memory) are always among them`,
    });
  }
  const variants = settings.variants;
  // (more than 10 is the schema's own message)
  if (Array.isArray(variants) && variants.length > MAX_ALARMED_VARIANTS && variants.length <= 10) {
    issues.push({
      path: ['variants'],
      input: variants.length,
      message: `must have at most ${MAX_ALARMED_VARIANTS} production variants: the endpoint's 5XX-rate alarm reads 2 metrics per variant and a CloudWatch alarm at most 10`,
    });
  }
}

/** Rules across the fields of the SageMaker settings; they tolerate fields that are invalid. */
export function settingsRules(input: Settings, ctx: z.RefinementCtx): void {
  // the rules across fields read only values whose shape checks passed
  const settings = soundPart(input, ctx.issues);
  if (typeof settings !== 'object' || settings === null) return;
  uniqueBy('variants', 'name')({ variants: settings.variants }, ctx);
  uniqueBy('scheduledActions', 'name')({ scheduledActions: settings.scheduledActions }, ctx);
  const issues: Issue[] = [];
  const variants = sageMakerVariants('', settings);
  servingModeRules(settings, issues);
  instanceTypeRules(settings, variants, issues);
  variantRules(settings, variants, issues);
  rollbackAlarmRules(settings, issues);
  for (const issue of issues) ctx.addIssue({ code: 'custom', ...issue });
}

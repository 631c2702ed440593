import {
  SAGEMAKER_INSTANCE_FAMILIES,
  SpecValidationError,
  validateEnvironmentSpec,
  variantGpus,
  type SageMakerServingSpec,
  type SpecIssue,
} from '../../../src';
import { errorOf, stagingSpec } from '../../helpers';
import {
  ACCEPTED_SCHEDULES,
  ACCEPTED_TIME_ZONES,
  ACTION_NAME_RULE,
  LONGEST_NAME,
  LONG_NAME,
  REFUSED_SCHEDULES,
  REFUSED_TIME_ZONES,
} from '../../config/scheduled-action-cases';

/** Validates a staging spec serving one model on SageMaker with `serving` (plus `kind`). */
function validate(serving: object) {
  return validateEnvironmentSpec(
    'staging',
    stagingSpec({
      models: [
        { name: 'recommender', version: 'v2.1.0', serving: { kind: 'sagemaker', ...serving } as never },
      ],
    }),
  );
}

function issuesOf(serving: object): readonly SpecIssue[] {
  const error = errorOf(() => validate(serving));
  expect(error).toBeInstanceOf(SpecValidationError);
  return (error as SpecValidationError).issues;
}

const S = 'models[0] (recommender).serving';

const GPU = { instanceType: 'ml.g5.xlarge' };
const SERVERLESS = { serverless: { memoryMiB: 2048, maxConcurrency: 20 }, networkIsolation: false };
const NAME = "must be 1-63 characters of A-Z, a-z, 0-9 and '-', starting and ending with a letter or digit";
const REAL_TIME_MIN = 'must be at least 1 for a real-time endpoint (only async endpoints scale to zero)';

interface Case {
  readonly title: string;
  readonly serving: object;
  readonly issue: SpecIssue;
}

const cases: Case[] = [
  // names and instance types
  {
    title: 'a variant name with a dot',
    serving: { ...GPU, variants: [{ name: 'v2.1' }] },
    issue: { path: `${S}.variants[0].name`, message: NAME, value: 'v2.1' },
  },
  {
    title: 'a variant name longer than 63 characters',
    serving: { ...GPU, variants: [{ name: 'a'.repeat(64) }] },
    issue: { path: `${S}.variants[0].name`, message: NAME, value: 'a'.repeat(64) },
  },
  {
    title: 'a shadow name ending with a hyphen',
    serving: { ...GPU, shadow: { name: 'shadow-', version: 'v3' } },
    issue: { path: `${S}.shadow.name`, message: NAME, value: 'shadow-' },
  },
  {
    title: 'an instance type without the ml. prefix',
    serving: { instanceType: 'g5.xlarge' },
    issue: {
      path: `${S}.instanceType`,
      message: `must be a SageMaker hosting instance type 'ml.<family>.<size>' such as 'ml.g5.xlarge' (families: ${Object.keys(SAGEMAKER_INSTANCE_FAMILIES).join(', ')}) (did you mean 'ml.g5.xlarge'?)`,
      value: 'g5.xlarge',
    },
  },
  {
    title: 'no instance type for an endpoint on instances',
    serving: {},
    issue: {
      path: `${S}.instanceType`,
      message:
        'is required for an endpoint on instances (or set serverless, or an instanceType on every variant)',
      value: undefined,
    },
  },
  {
    title: 'a burstable type that auto scales',
    serving: { instanceType: 'ml.t3.medium', instances: { min: 1, max: 3 } },
    issue: {
      path: `${S}.instanceType`,
      message:
        'must not be a burstable (ml.t*) type when the variant auto scales (instances.max above instances.min, or scheduledActions): Application Auto Scaling does not scale burstable instances',
      value: 'ml.t3.medium',
    },
  },
  {
    title: "a variant's burstable type that auto scales",
    serving: { ...GPU, variants: [{ name: 'a' }, { name: 'b', instanceType: 'ml.t2.large' }] },
    issue: {
      path: `${S}.variants[1].instanceType`,
      message:
        'must not be a burstable (ml.t*) type when the variant auto scales (instances.max above instances.min, or scheduledActions): Application Auto Scaling does not scale burstable instances',
      value: 'ml.t2.large',
    },
  },
  {
    title: 'a shared burstable type that only the second variant auto scales with',
    serving: {
      instanceType: 'ml.t3.medium',
      instances: { min: 1, max: 1 },
      variants: [{ name: 'a' }, { name: 'b', instances: { min: 1, max: 2 } }],
    },
    issue: {
      path: `${S}.instanceType`,
      message:
        'must not be a burstable (ml.t*) type when the variant auto scales (instances.max above instances.min, or scheduledActions): Application Auto Scaling does not scale burstable instances',
      value: 'ml.t3.medium',
    },
  },
  {
    title: 'a size the table does not have (ml.g5.3xlarge)',
    serving: { instanceType: 'ml.g5.3xlarge' },
    issue: {
      path: `${S}.instanceType`,
      message:
        "must be a size of the ml.g5 family SageMaker hosts (xlarge, 2xlarge, 4xlarge, 8xlarge, 16xlarge, 12xlarge, 24xlarge, 48xlarge) (did you mean 'ml.g5.xlarge'?)",
      value: 'ml.g5.3xlarge',
    },
  },
  // A/B variants
  {
    title: 'a negative weight',
    serving: { ...GPU, variants: [{ name: 'a', weight: -1 }] },
    issue: { path: `${S}.variants[0].weight`, message: 'must be a number >= 0', value: -1 },
  },
  {
    title: 'weights that add up to 0',
    serving: {
      ...GPU,
      variants: [
        { name: 'a', weight: 0 },
        { name: 'b', weight: 0 },
      ],
    },
    issue: {
      path: `${S}.variants`,
      message: 'must have weights that add up to more than 0 (the weights are shares of the traffic)',
      value: [0, 0],
    },
  },
  {
    title: 'no variant',
    serving: { ...GPU, variants: [] },
    issue: { path: `${S}.variants`, message: 'must have at least 1 item(s)', value: [] },
  },
  {
    title: 'more than 10 variants',
    serving: {
      instanceType: 'ml.c5.xlarge',
      variants: Array.from({ length: 11 }, (_, i) => ({ name: `v${i}` })),
    },
    issue: {
      path: `${S}.variants`,
      message: 'must have at most 10 item(s)',
      value: Array.from({ length: 11 }, (_, i) => ({ name: `v${i}` })),
    },
  },
  {
    title: 'two variants with one name',
    serving: { ...GPU, variants: [{ name: 'a' }, { name: 'a' }] },
    issue: {
      path: `${S}.variants[1].name`,
      message: 'must be unique (variants[0] has the same name)',
      value: 'a',
    },
  },
  {
    title: 'a variant version that is not a version',
    serving: { ...GPU, variants: [{ name: 'a', version: 'v2 beta' }] },
    issue: {
      path: `${S}.variants[0].version`,
      message:
        "must be 1-63 characters of A-Z, a-z, 0-9, '.', '_' and '-', starting and ending with a letter or digit (e.g. 'v1.3.0')",
      value: 'v2 beta',
    },
  },
  // shadow
  {
    title: 'a shadow next to two production variants',
    serving: { ...GPU, variants: [{ name: 'a' }, { name: 'b' }], shadow: { version: 'v3' } },
    issue: {
      path: `${S}.shadow`,
      message:
        "needs exactly one production variant (variants has 2): SageMaker mirrors one variant's traffic",
      value: 'shadow',
    },
  },
  {
    title: 'a shadow named like the production variant',
    serving: { ...GPU, shadow: { name: 'primary', version: 'v3' } },
    issue: {
      path: `${S}.shadow.name`,
      message: "must differ from the production variants' names",
      value: 'primary',
    },
  },
  {
    title: 'a shadow sampling no traffic',
    serving: { ...GPU, shadow: { version: 'v3', samplingPercent: 0 } },
    issue: {
      path: `${S}.shadow.samplingPercent`,
      message: 'must be a whole number between 1 and 100 %',
      value: 0,
    },
  },
  {
    title: 'a shadow on an async endpoint',
    serving: { ...GPU, async: {}, shadow: { version: 'v3' } },
    issue: {
      path: `${S}.shadow`,
      message: 'is not supported with async: SageMaker shadow variants need a real-time endpoint',
      value: { name: 'shadow', version: 'v3', instanceCount: 1, samplingPercent: 100 },
    },
  },
  // serverless
  {
    title: 'serverless memory that is not a 1024 MiB step',
    serving: { ...SERVERLESS, serverless: { memoryMiB: 1500, maxConcurrency: 20 } },
    issue: {
      path: `${S}.serverless.memoryMiB`,
      message: 'must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB (1024 MiB steps)',
      value: 1500,
    },
  },
  {
    title: 'serverless memory above 6144 MiB',
    serving: { ...SERVERLESS, serverless: { memoryMiB: 7168, maxConcurrency: 20 } },
    issue: {
      path: `${S}.serverless.memoryMiB`,
      message: 'must be one of 1024, 2048, 3072, 4096, 5120, 6144 MiB (1024 MiB steps)',
      value: 7168,
    },
  },
  {
    title: 'a serverless concurrency above 200',
    serving: { ...SERVERLESS, serverless: { memoryMiB: 2048, maxConcurrency: 201 } },
    issue: {
      path: `${S}.serverless.maxConcurrency`,
      message: 'must be a whole number between 1 and 200',
      value: 201,
    },
  },
  {
    title: 'a provisioned concurrency above the maximum',
    serving: {
      ...SERVERLESS,
      serverless: { memoryMiB: 2048, maxConcurrency: 5, provisionedConcurrency: 10 },
    },
    issue: {
      path: `${S}.serverless.provisionedConcurrency`,
      message: 'must not exceed maxConcurrency (5)',
      value: 10,
    },
  },
  {
    title: 'a GPU instance type on a serverless endpoint',
    serving: { ...SERVERLESS, ...GPU },
    issue: {
      path: `${S}.instanceType`,
      message:
        'must not be set with serverless: a serverless endpoint runs on CPU capacity SageMaker picks (no GPUs)',
      value: 'ml.g5.xlarge',
    },
  },
  {
    title: 'a serverless endpoint that keeps network isolation',
    serving: { serverless: { memoryMiB: 2048, maxConcurrency: 20 } },
    issue: {
      path: `${S}.networkIsolation`,
      message:
        'must be set to false with serverless: SageMaker Serverless Inference does not support network isolation (an explicit opt-out)',
      value: true,
    },
  },
  {
    title: 'a serverless endpoint with two variants',
    serving: { ...SERVERLESS, variants: [{ name: 'a' }, { name: 'b' }] },
    issue: {
      path: `${S}.variants`,
      message:
        'must have one variant with serverless: SageMaker Serverless Inference serves a single production variant',
      value: [
        { name: 'a', weight: 1 },
        { name: 'b', weight: 1 },
      ],
    },
  },
  {
    title: 'a serverless endpoint with instances',
    serving: { ...SERVERLESS, instances: { min: 1, max: 2 } },
    issue: {
      path: `${S}.instances`,
      message:
        'is not supported with serverless: a serverless endpoint has no instances (set serverless.maxConcurrency)',
      value: { min: 1, max: 2 },
    },
  },
  {
    title: 'data capture on a serverless endpoint',
    serving: { ...SERVERLESS, dataCapture: { samplingPercent: 10 } },
    issue: {
      path: `${S}.dataCapture`,
      message: 'is not supported with serverless: SageMaker Serverless Inference does not offer it',
      value: { samplingPercent: 10, capture: 'both' },
    },
  },
  {
    title: 'async inference on a serverless endpoint',
    serving: { ...SERVERLESS, async: {} },
    issue: {
      path: `${S}.async`,
      message: 'is not supported with serverless: asynchronous inference runs on instances',
      value: { notifyErrors: true },
    },
  },
  {
    title: 'autoscaling settings on a serverless endpoint',
    serving: { ...SERVERLESS, autoscaling: { targetValue: 10 } },
    issue: {
      path: `${S}.autoscaling`,
      message: 'is not supported with serverless: SageMaker scales a serverless endpoint itself',
      value: { targetValue: 10, scaleInCooldownSeconds: 300, scaleOutCooldownSeconds: 60 },
    },
  },
  // async
  {
    title: 'an async concurrency of 0',
    serving: { ...GPU, async: { maxConcurrentInvocationsPerInstance: 0 } },
    issue: {
      path: `${S}.async.maxConcurrentInvocationsPerInstance`,
      message: 'must be a whole number between 1 and 1000',
      value: 0,
    },
  },
  {
    title: 'an async concurrency above 1000',
    serving: { ...GPU, async: { maxConcurrentInvocationsPerInstance: 1001 } },
    issue: {
      path: `${S}.async.maxConcurrentInvocationsPerInstance`,
      message: 'must be a whole number between 1 and 1000',
      value: 1001,
    },
  },
  {
    title: 'scaling on the backlog of a real-time endpoint',
    serving: { ...GPU, autoscaling: { metric: 'backlogPerInstance' } },
    issue: {
      path: `${S}.autoscaling.metric`,
      message: "must not be 'backlogPerInstance' without async: only asynchronous endpoints have a backlog",
      value: 'backlogPerInstance',
    },
  },
  // data capture
  {
    title: 'a data capture sampling above 100 %',
    serving: { ...GPU, dataCapture: { samplingPercent: 101 } },
    issue: {
      path: `${S}.dataCapture.samplingPercent`,
      message: 'must be a whole number between 0 and 100 %',
      value: 101,
    },
  },
  // instance counts
  {
    title: 'min above max',
    serving: { ...GPU, instances: { min: 5, max: 2 } },
    issue: { path: `${S}.instances.min`, message: 'must not exceed max (2)', value: 5 },
  },
  {
    title: 'an initial count above max',
    serving: { ...GPU, instances: { min: 1, max: 3, initial: 4 } },
    issue: { path: `${S}.instances.initial`, message: 'must be between min (1) and max (3)', value: 4 },
  },
  {
    title: 'an initial count below min',
    serving: { ...GPU, instances: { min: 2, max: 3, initial: 1 } },
    issue: { path: `${S}.instances.initial`, message: 'must be between min (2) and max (3)', value: 1 },
  },
  {
    title: 'a real-time endpoint scaling to zero',
    serving: { ...GPU, instances: { min: 0, max: 3 } },
    issue: { path: `${S}.instances.min`, message: REAL_TIME_MIN, value: 0 },
  },
  {
    title: 'a real-time variant scaling to zero',
    serving: { ...GPU, variants: [{ name: 'a', instances: { min: 0, max: 1 } }] },
    issue: { path: `${S}.variants[0].instances.min`, message: REAL_TIME_MIN, value: 0 },
  },
  {
    title: 'a scheduled scale to zero of a real-time endpoint',
    serving: {
      ...GPU,
      scheduledActions: [{ name: 'night', schedule: 'cron(0 20 * * ? *)', min: 0, max: 0 }],
    },
    issue: { path: `${S}.scheduledActions[0].min`, message: REAL_TIME_MIN, value: 0 },
  },
  // autoscaling and schedules
  {
    title: 'a target value of 0',
    serving: { ...GPU, autoscaling: { targetValue: 0 } },
    issue: { path: `${S}.autoscaling.targetValue`, message: 'must be a number > 0', value: 0 },
  },
  {
    title: 'a scale-in cooldown above an hour',
    serving: { ...GPU, autoscaling: { scaleInCooldownSeconds: 3601 } },
    issue: {
      path: `${S}.autoscaling.scaleInCooldownSeconds`,
      message: 'must be a whole number between 0 and 3600 seconds',
      value: 3601,
    },
  },
  {
    title: 'a schedule that is not cron, rate or at',
    serving: { ...GPU, scheduledActions: [{ name: 'night', schedule: '0 20 * * *', min: 1 }] },
    issue: {
      path: `${S}.scheduledActions[0].schedule`,
      message:
        "must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)'",
      value: '0 20 * * *',
    },
  },
  {
    title: 'a scheduled action that changes nothing',
    serving: { ...GPU, scheduledActions: [{ name: 'night', schedule: 'cron(0 20 * * ? *)' }] },
    issue: { path: `${S}.scheduledActions[0]`, message: 'must set min, max or both', value: undefined },
  },
  {
    title: 'two scheduled actions with one name',
    serving: {
      ...GPU,
      scheduledActions: [
        { name: 'night', schedule: 'cron(0 20 * * ? *)', min: 1 },
        { name: 'night', schedule: 'cron(0 6 * * ? *)', min: 2 },
      ],
    },
    issue: {
      path: `${S}.scheduledActions[1].name`,
      message: 'must be unique (scheduledActions[0] has the same name)',
      value: 'night',
    },
  },
  {
    title: 'a time zone that is not an IANA name',
    serving: {
      ...GPU,
      scheduledActions: [{ name: 'night', schedule: 'rate(1 day)', min: 1, timezone: 'CET+1' }],
    },
    issue: {
      path: `${S}.scheduledActions[0].timezone`,
      message: "must be a canonical IANA time zone name such as 'UTC', 'Europe/Berlin' or 'Etc/GMT+9'",
      value: 'CET+1',
    },
  },
  // rollout
  {
    title: 'a canary above half of the capacity',
    serving: { ...GPU, rollout: { strategy: 'canary', canaryPercent: 60 } },
    issue: {
      path: `${S}.rollout.canaryPercent`,
      message: 'must be a whole number between 1 and 50 % of the capacity',
      value: 60,
    },
  },
  {
    title: 'a linear step below 10 %',
    serving: { ...GPU, rollout: { strategy: 'linear', stepPercent: 5 } },
    issue: {
      path: `${S}.rollout.stepPercent`,
      message: 'must be a whole number between 10 and 50 % of the capacity',
      value: 5,
    },
  },
  {
    title: 'a linear step above 50 %',
    serving: { ...GPU, rollout: { strategy: 'linear', stepPercent: 75 } },
    issue: {
      path: `${S}.rollout.stepPercent`,
      message: 'must be a whole number between 10 and 50 % of the capacity',
      value: 75,
    },
  },
  {
    title: 'a wait longer than an hour',
    serving: { ...GPU, rollout: { strategy: 'allAtOnce', waitSeconds: 3601 } },
    issue: {
      path: `${S}.rollout.waitSeconds`,
      message: 'must be a whole number between 0 and 3600 seconds',
      value: 3601,
    },
  },
  {
    title: 'a negative termination wait',
    serving: { ...GPU, rollout: { strategy: 'canary', terminationWaitSeconds: -1 } },
    issue: {
      path: `${S}.rollout.terminationWaitSeconds`,
      message: 'must be a whole number between 0 and 3600 seconds',
      value: -1,
    },
  },
  {
    title: 'a deployment timeout below 10 minutes',
    serving: { ...GPU, rollout: { strategy: 'allAtOnce', maxExecutionTimeoutSeconds: 300 } },
    issue: {
      path: `${S}.rollout.maxExecutionTimeoutSeconds`,
      message: 'must be a whole number between 600 and 14400 seconds',
      value: 300,
    },
  },
  {
    title: 'a deployment timeout above 4 hours',
    serving: { ...GPU, rollout: { strategy: 'allAtOnce', maxExecutionTimeoutSeconds: 14401 } },
    issue: {
      path: `${S}.rollout.maxExecutionTimeoutSeconds`,
      message: 'must be a whole number between 600 and 14400 seconds',
      value: 14401,
    },
  },
  {
    title: "a rollout longer than the provider's fixed 60-minute wait",
    serving: { ...GPU, rollout: { strategy: 'linear', stepPercent: 10, waitSeconds: 300 } },
    issue: {
      path: `${S}.rollout.waitSeconds`,
      message:
        'must keep the rollout within the 60 minutes the AWS provider waits for an endpoint (a fixed wait: aws_sagemaker_endpoint has no timeouts): waitSeconds × 10 traffic shift(s) + terminationWaitSeconds is 3000 seconds, plus 900 for the new instances to start',
      value: 300,
    },
  },
  {
    title: 'a deployment time limit beyond what the provider waits',
    serving: { ...GPU, rollout: { strategy: 'allAtOnce', maxExecutionTimeoutSeconds: 7200 } },
    issue: {
      path: `${S}.rollout.maxExecutionTimeoutSeconds`,
      message:
        'must be at most 3600 seconds: the AWS provider stops waiting for the endpoint after 60 minutes (aws_sagemaker_endpoint has no timeouts), and a longer deployment would outlive the apply',
      value: 7200,
    },
  },
  {
    title: 'a deployment timeout shorter than the waits',
    serving: {
      ...GPU,
      rollout: { strategy: 'linear', stepPercent: 20, waitSeconds: 600, maxExecutionTimeoutSeconds: 2400 },
    },
    issue: {
      path: `${S}.rollout.maxExecutionTimeoutSeconds`,
      message:
        "must exceed the rollout's total waiting time (3000 seconds: waitSeconds × 5 traffic shift(s) + terminationWaitSeconds)",
      value: 2400,
    },
  },
  {
    title: 'an unknown rollout strategy',
    serving: { ...GPU, rollout: { strategy: 'rolling' } },
    issue: {
      path: `${S}.rollout.strategy`,
      message: 'must be one of "allAtOnce", "canary", "linear"',
      value: 'rolling',
    },
  },
  {
    title: 'more than 5 variants (the alarms read 2 metrics each, 10 at most)',
    serving: {
      instanceType: 'ml.c5.xlarge',
      variants: Array.from({ length: 6 }, (_, i) => ({ name: `v${i}` })),
    },
    issue: {
      path: `${S}.variants`,
      message:
        "must have at most 5 production variants: the endpoint's 5XX-rate alarm reads 2 metrics per variant and a CloudWatch alarm at most 10",
      value: 6,
    },
  },
  {
    title: 'extra alarms beyond the limit',
    serving: {
      ...GPU,
      rollout: { strategy: 'canary', alarmNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] },
    },
    issue: {
      path: `${S}.rollout.alarmNames`,
      message:
        "must list at most 7 alarms: SageMaker rolls back on at most 10, and the endpoint's own 3 (5XX rate, p99 latency, GPU memory) are always among them",
      value: 8,
    },
  },
  {
    title: 'an alarm named twice',
    serving: { ...GPU, rollout: { strategy: 'canary', alarmNames: ['queue-depth', 'queue-depth'] } },
    issue: {
      path: `${S}.rollout.alarmNames[1]`,
      message: 'must not repeat item 0',
      value: 'queue-depth',
    },
  },
  // alarms
  {
    title: 'an error rate threshold of 0',
    serving: { ...GPU, alarms: { errorRatePercent: 0 } },
    issue: {
      path: `${S}.alarms.errorRatePercent`,
      message: 'must be a number above 0 and at most 100 %',
      value: 0,
    },
  },
  {
    title: 'a latency threshold given in fractions of a millisecond',
    serving: { ...GPU, alarms: { p99LatencyMs: 0.5 } },
    issue: {
      path: `${S}.alarms.p99LatencyMs`,
      message: 'must be a whole number between 1 and 3600000 ms',
      value: 0.5,
    },
  },
  {
    title: 'a GPU memory threshold above 100 %',
    serving: { ...GPU, alarms: { gpuMemoryPercent: 120 } },
    issue: {
      path: `${S}.alarms.gpuMemoryPercent`,
      message: 'must be a whole number between 1 and 100 %',
      value: 120,
    },
  },
  // container
  {
    title: 'an environment variable name with a hyphen',
    serving: { ...GPU, environment: { 'MODEL-NAME': 'x' } },
    issue: {
      path: `${S}.environment["MODEL-NAME"]`,
      message:
        'environment variable names must be 1-1024 characters of A-Z, a-z, 0-9 and _, not starting with a digit',
      value: 'MODEL-NAME',
    },
  },
  {
    title: 'an environment variable value longer than 1024 characters',
    serving: { ...GPU, environment: { MODEL_CONFIG: 'x'.repeat(1025) } },
    issue: {
      path: `${S}.environment.MODEL_CONFIG`,
      message: 'must be at most 1024 characters long',
      value: 'x'.repeat(1025),
    },
  },
  {
    title: 'more than 100 environment variables',
    serving: {
      ...GPU,
      environment: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x'])),
    },
    issue: {
      path: `${S}.environment`,
      message: 'must have at most 100 variables',
      value: Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`V${i}`, 'x'])),
    },
  },
  {
    title: 'an artifact format SageMaker does not load',
    serving: { ...GPU, artifactFormat: 'zip' },
    issue: {
      path: `${S}.artifactFormat`,
      message: 'must be one of "uncompressed", "tarball"',
      value: 'zip',
    },
  },
];

describe('a SageMaker serving spec', () => {
  it.each(cases)('is rejected for $title, naming the path, the rule and the value', ({ serving, issue }) => {
    expect(issuesOf(serving)).toContainEqual(issue);
  });

  it('reports each repeated variant name, scheduled action name and rollback alarm, naming the first', () => {
    const issues = issuesOf({
      ...GPU,
      variants: [{ name: 'a' }, { name: 'b' }, { name: 'a' }, { name: 'a' }],
      scheduledActions: [
        { name: 'night', schedule: 'cron(0 20 * * ? *)', min: 1 },
        { name: 'night', schedule: 'cron(0 6 * * ? *)', min: 2 },
      ],
      rollout: { strategy: 'canary', alarmNames: ['queue', 'lag', 'queue'] },
    });
    expect(issues.filter((i) => /unique|repeat/.test(i.message))).toEqual([
      { path: `${S}.rollout.alarmNames[2]`, message: 'must not repeat item 0', value: 'queue' },
      {
        path: `${S}.variants[2].name`,
        message: 'must be unique (variants[0] has the same name)',
        value: 'a',
      },
      {
        path: `${S}.variants[3].name`,
        message: 'must be unique (variants[0] has the same name)',
        value: 'a',
      },
      {
        path: `${S}.scheduledActions[1].name`,
        message: 'must be unique (scheduledActions[0] has the same name)',
        value: 'night',
      },
    ]);
  });

  it("takes Application Auto Scaling's schedules, canonical IANA time zones and DNS-label names only", () => {
    const withAction = (action: Record<string, unknown>) => ({
      ...GPU,
      scheduledActions: [{ name: 'night', schedule: 'rate(1 day)', min: 1, ...action }],
    });
    const accepts = (action: Record<string, unknown>) => validate(withAction(action)).spec.models[0].serving;
    const at = `${S}.scheduledActions[0]`;
    for (const [timezone, message] of REFUSED_TIME_ZONES) {
      expect(issuesOf(withAction({ timezone }))).toEqual([
        { path: `${at}.timezone`, message, value: timezone },
      ]);
    }
    for (const [schedule, message] of REFUSED_SCHEDULES) {
      expect(issuesOf(withAction({ schedule }))).toEqual([
        { path: `${at}.schedule`, message, value: schedule },
      ]);
    }
    expect(issuesOf(withAction({ name: LONG_NAME }))).toEqual([
      { path: `${at}.name`, message: ACTION_NAME_RULE, value: LONG_NAME },
    ]);
    for (const timezone of ACCEPTED_TIME_ZONES) {
      expect(accepts({ timezone })).toMatchObject({ scheduledActions: [{ timezone }] });
    }
    for (const schedule of ACCEPTED_SCHEDULES) {
      expect(accepts({ schedule })).toMatchObject({ scheduledActions: [{ schedule, timezone: 'UTC' }] });
    }
    expect(accepts({ name: LONGEST_NAME })).toMatchObject({ scheduledActions: [{ name: LONGEST_NAME }] });
  });

  it('reports every SageMaker problem at once', () => {
    const issues = issuesOf({
      serverless: { memoryMiB: 1000, maxConcurrency: 0 },
      instanceType: 'ml.g5.xlarge',
      shadow: { version: 'v3' },
    });
    expect(issues.map((i) => i.path)).toEqual([
      `${S}.serverless.memoryMiB`,
      `${S}.serverless.maxConcurrency`,
      `${S}.shadow`,
      `${S}.networkIsolation`,
      `${S}.instanceType`,
    ]);
  });

  it("counts a variant's GPUs per instance (variantGpus): 0 without GPUs, unknown types and serverless", () => {
    expect(variantGpus({ instanceType: 'ml.g5.12xlarge' })).toBe(4);
    expect(variantGpus({ instanceType: 'ml.g5.xlarge' })).toBe(1);
    expect(variantGpus({ instanceType: 'ml.c5.xlarge' })).toBe(0);
    expect(variantGpus({ instanceType: 'ml.inf2.xlarge' })).toBe(0);
    expect(variantGpus({ instanceType: 'ml.g5.3xlarge' })).toBe(0);
    expect(variantGpus({ instanceType: undefined })).toBe(0);
  });

  it('rolls back on the same 3 alarms of its own whatever the variants: 7 alarm names fit on CPU and GPU alike', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const five = Array.from({ length: 5 }, (_, i) => ({ name: `v${i}` }));
    for (const serving of [GPU, { instanceType: 'ml.c5.xlarge' }]) {
      expect(() =>
        validate({ ...serving, variants: five, rollout: { strategy: 'canary', alarmNames: names } }),
      ).not.toThrow();
      expect(
        issuesOf({ ...serving, rollout: { strategy: 'canary', alarmNames: [...names, 'h'] } }),
      ).toHaveLength(1);
    }
  });

  it("lets a rollout take up to 45 minutes of waiting: 15 more are left for new instances within the provider's 60", () => {
    const linear = (waitSeconds: number) => ({
      ...GPU,
      rollout: { strategy: 'linear', stepPercent: 20, waitSeconds },
    });
    expect(() => validate(linear(540))).not.toThrow();
    expect(issuesOf(linear(541)).map((i) => i.path)).toEqual([`${S}.rollout.waitSeconds`]);
    expect(() =>
      validate({
        ...GPU,
        rollout: {
          strategy: 'canary',
          waitSeconds: 600,
          terminationWaitSeconds: 300,
          maxExecutionTimeoutSeconds: 3600,
        },
      }),
    ).not.toThrow();
  });

  it('gets its defaults: one variant, network isolation, all-at-once rollout, alarm thresholds', () => {
    const { spec } = validate({ instanceType: 'ml.g5.xlarge' });
    expect(spec.models[0].serving).toEqual({
      kind: 'sagemaker',
      instanceType: 'ml.g5.xlarge',
      rollout: { strategy: 'allAtOnce', waitSeconds: 300, terminationWaitSeconds: 0, alarmNames: [] },
      alarms: { errorRatePercent: 1, p99LatencyMs: 1000, gpuMemoryPercent: 90, evaluationPeriods: 3 },
      environment: {},
      artifactFormat: 'uncompressed',
      networkIsolation: true,
    });
  });

  it('accepts the shapes the design shows and the README documents', () => {
    const accepted: SageMakerServingSpec[] = [
      {
        kind: 'sagemaker',
        instanceType: 'ml.g5.xlarge',
        instances: { min: 2, max: 10 },
        rollout: { strategy: 'linear', stepPercent: 20 },
      },
      {
        kind: 'sagemaker',
        instanceType: 'ml.g5.2xlarge',
        variants: [
          { name: 'a', weight: 90 },
          { name: 'b', version: 'v2.2.0', weight: 10 },
        ],
        rollout: {
          strategy: 'canary',
          canaryPercent: 10,
          waitSeconds: 600,
          maxExecutionTimeoutSeconds: 3600,
        },
      },
      { kind: 'sagemaker', ...SERVERLESS },
      { kind: 'sagemaker', instanceType: 'ml.c5.xlarge', async: {}, instances: { min: 0, max: 4 } },
      { kind: 'sagemaker', instanceType: 'ml.t3.medium', instances: { min: 1, max: 1 } },
      {
        kind: 'sagemaker',
        instanceType: 'ml.m5.large',
        shadow: { version: 'v3', samplingPercent: 50 },
        dataCapture: { samplingPercent: 0 },
      },
    ];
    for (const serving of accepted) expect(() => validate(serving)).not.toThrow();
  });
});

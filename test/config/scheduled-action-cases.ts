/**
 * Expectations for scheduled actions, shared by the Lambda and SageMaker spec tests: both take
 * Application Auto Scaling's rules (`src/config/scheduled-actions.ts`).
 */

/** Application Auto Scaling's rules for a scheduled action, the same for Lambda and SageMaker. */
export const SCHEDULE_RULE =
  "must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)'";
export const TIME_ZONE_RULE =
  "must be a canonical IANA time zone name such as 'UTC', 'Europe/Berlin' or 'Etc/GMT+9'";
export const ACTION_NAME_RULE =
  "must be a lowercase DNS label of 1-32 characters (a-z, 0-9 and single '-', starting with a letter, not ending with '-')";
/** Time zones Application Auto Scaling refuses (not canonical IANA names), each with its message. */
export const REFUSED_TIME_ZONES: ReadonlyArray<readonly [string, string]> = [
  ['utc', `${TIME_ZONE_RULE} (did you mean 'UTC'?)`],
  ['GMT', TIME_ZONE_RULE],
  ['CET', TIME_ZONE_RULE],
  ['US/Eastern', TIME_ZONE_RULE],
  ['Europe/berlin', `${TIME_ZONE_RULE} (did you mean 'Europe/Berlin'?)`],
  ['Mars/Olympus_Mons', TIME_ZONE_RULE],
  [
    'America/New_Yrok',
    `${TIME_ZONE_RULE}; the IANA time zone database has no such zone (did you mean 'America/New_York'?)`,
  ],
  ['Etc/GMT+15', `${TIME_ZONE_RULE}; the IANA time zone database has no such zone`],
];
export const ACCEPTED_TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'Etc/GMT+9',
  'America/Argentina/Buenos_Aires',
  'America/Port-au-Prince',
  'Europe/Kyiv',
];
/** Schedules Application Auto Scaling refuses, each with its message. */
export const REFUSED_SCHEDULES: ReadonlyArray<readonly [string, string]> = [
  ['cron(0 20 * *)', `${SCHEDULE_RULE}: a cron expression has 6 fields`],
  ['cron(0 20 * * ? * *)', `${SCHEDULE_RULE}: a cron expression has 6 fields`],
  [
    'cron(61 25 ? * MON-FRI *)',
    `${SCHEDULE_RULE}: the minutes field (1) takes 0-59 (not '61'); the hours field (2) takes 0-23 (not '25')`,
  ],
  ['cron(0 0 ? * 8 *)', `${SCHEDULE_RULE}: the day-of-week field (5) takes 1-7 or SUN-SAT or '?' (not '8')`],
  ['cron(0 0 ? 13 MON *)', `${SCHEDULE_RULE}: the month field (4) takes 1-12 or JAN-DEC (not '13')`],
  ['cron(0 0 1 * ? 1969)', `${SCHEDULE_RULE}: the year field (6) takes 1970-2199 (not '1969')`],
  ['cron(0 0 * * * *)', `${SCHEDULE_RULE}: exactly one of day-of-month and day-of-week must be '?'`],
  ['rate(0 minutes)', `${SCHEDULE_RULE}: the number must be a whole number of at least 1 (not '0')`],
  ['rate(2 weeks)', `${SCHEDULE_RULE}: the unit must be minute(s), hour(s) or day(s) (not 'weeks')`],
  [
    'rate(5 minuts)',
    `${SCHEDULE_RULE}: the unit must be minute(s), hour(s) or day(s) (not 'minuts') (did you mean 'minutes'?)`,
  ],
  ['at(2030-01-01 08:00)', SCHEDULE_RULE],
  ['at(2030-02-30T08:00:00)', `${SCHEDULE_RULE}: '2030-02-30T08:00:00' is not a date and time`],
];
export const ACCEPTED_SCHEDULES = [
  'cron(0 20 ? * MON-FRI *)',
  'cron(0/15 8-18 ? JAN-MAR 2#1 2030)',
  'cron(0 0 L * ? *)',
  'cron(0 0 15W * ? *)',
  'cron(0 0 ? * 6L *)',
  'cron(*/5 * 1,15 * ? *)',
  'rate(1 minute)',
  'rate(12 hours)',
  'at(2030-01-01T08:00:00)',
];
/** 33 and 32 characters. */
export const LONG_NAME = 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q';
export const LONGEST_NAME = 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-pq';

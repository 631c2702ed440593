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
/** Time zones Application Auto Scaling refuses (not canonical IANA names) and schedules it refuses. */
export const REFUSED_TIME_ZONES = ['utc', 'GMT', 'CET', 'US/Eastern', 'Europe/berlin', 'Mars/Olympus_Mons'];
export const ACCEPTED_TIME_ZONES = [
  'UTC',
  'Europe/Berlin',
  'Etc/GMT+9',
  'America/Argentina/Buenos_Aires',
  'America/Port-au-Prince',
];
export const REFUSED_SCHEDULES = [
  'cron(0 20 * *)',
  'cron(0 20 * * ? * *)',
  'rate(0 minutes)',
  'rate(2 weeks)',
  'at(2030-01-01 08:00)',
];
export const ACCEPTED_SCHEDULES = [
  'cron(0 20 ? * MON-FRI *)',
  'rate(1 minute)',
  'rate(12 hours)',
  'at(2030-01-01T08:00:00)',
];
/** 33 and 32 characters. */
export const LONG_NAME = 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q';
export const LONGEST_NAME = 'a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-pq';

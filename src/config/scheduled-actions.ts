import { dnsLabel, matching } from './rules';

/**
 * The rules of an Application Auto Scaling scheduled action (`PutScheduledAction`), shared by every
 * serving target that scales on a schedule (Lambda provisioned concurrency, SageMaker variants).
 */

/** When a scheduled action runs, in which time zone, and its name. */
export interface ScalingScheduleSpec {
  /** Name of the action: a lowercase DNS label of 1-32 characters, unique in its list. */
  readonly name: string;
  /**
   * When it runs: `cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)` (six
   * fields), `rate(<n> <minute(s)|hour(s)|day(s)>)` or `at(yyyy-mm-ddThh:mm:ss)`.
   */
  readonly schedule: string;
  /**
   * Time zone of a `cron` or `at` schedule: a canonical IANA name such as `Europe/Berlin`,
   * `America/Argentina/Buenos_Aires` or `Etc/GMT+9`.
   * @default 'UTC'
   */
  readonly timezone?: string;
}

/**
 * Application Auto Scaling's schedule formats: a cron expression of exactly six fields, a rate of a
 * positive whole number of minutes, hours or days, or a one-time date and time.
 */
const SCHEDULE =
  /^(?:cron\((?:\S+ ){5}\S+\)|rate\([1-9]\d* (?:minute|minutes|hour|hours|day|days)\)|at\(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\))$/;

/** The areas of the canonical IANA time zone names (the tz database's regions, and `Etc`). */
export const IANA_TIME_ZONE_AREAS = [
  'Africa',
  'America',
  'Antarctica',
  'Arctic',
  'Asia',
  'Atlantic',
  'Australia',
  'Europe',
  'Indian',
  'Pacific',
  'Etc',
] as const;

/**
 * A canonical IANA time zone name, as Application Auto Scaling takes them: `UTC`, or an area and one
 * or two capitalized locations (`Europe/Berlin`, `America/Argentina/Buenos_Aires`, `Etc/GMT+9`).
 * Abbreviations (`GMT`, `CET`), legacy aliases (`US/Eastern`) and other casings (`utc`) are not.
 */
const TIME_ZONE = new RegExp(`^(?:UTC|(?:${IANA_TIME_ZONE_AREAS.join('|')})(?:/[A-Z][A-Za-z0-9_+-]*){1,2})$`);

/** The fields of `ScalingScheduleSpec`, with their rules and the time zone's default. */
export const scalingScheduleShape = {
  name: dnsLabel(1, 32),
  schedule: matching(
    SCHEDULE,
    "must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)'",
  ),
  timezone: matching(
    TIME_ZONE,
    "must be a canonical IANA time zone name such as 'UTC', 'Europe/Berlin' or 'Etc/GMT+9'",
  ).default('UTC'),
};

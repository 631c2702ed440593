import { z } from 'zod';
import { dnsLabel, isToken } from '../core/validation/rules';
import { didYouMean } from '../core/validation/suggest';

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

/** What a schedule must look like (the message of every schedule rule starts with it). */
export const SCHEDULE_RULE =
  "must be 'cron(<minutes> <hours> <day-of-month> <month> <day-of-week> <year>)', 'rate(<n> <minute(s)|hour(s)|day(s)>)' or 'at(yyyy-mm-ddThh:mm:ss)'";

/** One field of a cron expression. */
interface CronField {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  /** Names standing for 1, 2, ... (months, days of the week). */
  readonly names?: readonly string[];
  /** The day fields: `?` and their own specials (`L`, `W`, `#`). */
  readonly day?: 'month' | 'week';
}

/**
 * The six fields of an Application Auto Scaling cron expression and their ranges. Source: "Cron
 * expressions" of the EventBridge reference that PutScheduledAction's `Schedule` refers to,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html#eb-cron-expressions
 * (minutes 0-59, hours 0-23, day-of-month 1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT,
 * year 1970-2199; wildcards `, - * ? / L W #`; one of day-of-month and day-of-week is `?`).
 */
const CRON_FIELDS: readonly CronField[] = [
  { name: 'minutes', min: 0, max: 59 },
  { name: 'hours', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31, day: 'month' },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'],
  },
  {
    name: 'day-of-week',
    min: 1,
    max: 7,
    names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'],
    day: 'week',
  },
  { name: 'year', min: 1970, max: 2199 },
];

/** The number a field's value stands for, or `undefined` when it is not one of the field's. */
function cronValue(field: CronField, text: string): number | undefined {
  const named = field.names?.indexOf(text.toUpperCase()) ?? -1;
  if (named >= 0) return named + 1;
  if (!/^\d{1,4}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= field.min && value <= field.max ? value : undefined;
}

/** Whether one comma-separated item of a field is valid. */
function cronItemOk(field: CronField, item: string): boolean {
  if (item === '*') return true;
  if (field.day === 'month' && (item === 'L' || item === 'LW' || /^\d{1,2}W$/.test(item)))
    return item.length < 3 || cronValue(field, item.slice(0, -1)) !== undefined;
  if (field.day === 'week') {
    const nth = /^(\w+)#([1-5])$/.exec(item);
    if (nth) return cronValue(field, nth[1]) !== undefined;
    if (item === 'L') return true;
    if (/^\w+L$/.test(item)) return cronValue(field, item.slice(0, -1)) !== undefined;
  }
  const [base, step, extra] = item.split('/');
  if (extra !== undefined) return false;
  if (step !== undefined && !(/^\d{1,4}$/.test(step) && Number(step) >= 1 && Number(step) <= field.max))
    return false;
  if (base === '*') return step !== undefined;
  const [from, to, more] = base.split('-');
  if (more !== undefined) return false;
  return cronValue(field, from) !== undefined && (to === undefined || cronValue(field, to) !== undefined);
}

/** What a field takes, in words. */
function cronFieldRule(field: CronField, index: number): string {
  const names = field.names ? ` or ${field.names[0]}-${field.names[field.names.length - 1]}` : '';
  const day = field.day ? " or '?'" : '';
  return `the ${field.name} field (${index + 1}) takes ${field.min}-${field.max}${names}${day}`;
}

/** What is wrong with a cron expression's fields; `undefined` when nothing is. */
function cronProblem(fields: readonly string[]): string | undefined {
  const problems: string[] = [];
  fields.forEach((text, index) => {
    const field = CRON_FIELDS[index];
    if (text === '?' && field.day) return;
    if (text.split(',').every((item) => item !== '' && cronItemOk(field, item))) return;
    problems.push(`${cronFieldRule(field, index)} (not '${text}')`);
  });
  const [dayOfMonth, dayOfWeek] = [fields[2], fields[4]];
  if ((dayOfMonth === '?') === (dayOfWeek === '?'))
    problems.push("exactly one of day-of-month and day-of-week must be '?'");
  return problems.length > 0 ? problems.join('; ') : undefined;
}

const RATE_UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days'];

/** What is wrong with a schedule (its form, a cron field out of range, a rate unit); `undefined` if nothing. */
export function scheduleProblem(schedule: string): string | undefined {
  const cron = /^cron\((.*)\)$/s.exec(schedule);
  if (cron) {
    const fields = cron[1].split(' ');
    if (fields.length !== 6 || fields.some((f) => f === ''))
      return `${SCHEDULE_RULE}: a cron expression has 6 fields`;
    const problem = cronProblem(fields);
    return problem === undefined ? undefined : `${SCHEDULE_RULE}: ${problem}`;
  }
  const rate = /^rate\((.*)\)$/s.exec(schedule);
  if (rate) {
    const match = /^(\d+) (\S+)$/.exec(rate[1]);
    if (!match) return `${SCHEDULE_RULE}: a rate is a whole number and a unit`;
    const problems: string[] = [];
    if (!/^[1-9]\d{0,8}$/.test(match[1]))
      problems.push(`the number must be a whole number of at least 1 (not '${match[1]}')`);
    if (!RATE_UNITS.includes(match[2]))
      problems.push(
        `the unit must be minute(s), hour(s) or day(s) (not '${match[2]}')${didYouMean(
          match[2],
          RATE_UNITS.filter((u) => u.endsWith('s') === (match[1] !== '1')),
        )}`,
      );
    return problems.length > 0 ? `${SCHEDULE_RULE}: ${problems.join('; ')}` : undefined;
  }
  const at = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/.exec(schedule);
  if (at) {
    const [year, month, day, hour, minute, second] = at.slice(1).map(Number);
    const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
    const real =
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day &&
      date.getUTCHours() === hour &&
      date.getUTCMinutes() === minute &&
      date.getUTCSeconds() === second;
    return real
      ? undefined
      : `${SCHEDULE_RULE}: '${at.slice(1, 4).join('-')}T${at.slice(4).join(':')}' is not a date and time`;
  }
  return SCHEDULE_RULE;
}

let knownTimeZones: readonly string[] | undefined;

/** The IANA names Node knows (`Intl.supportedValuesOf('timeZone')`) and `UTC`, read once. */
function timeZoneNames(): readonly string[] {
  knownTimeZones ??= ['UTC', ...Intl.supportedValuesOf('timeZone')];
  return knownTimeZones;
}

/** Whether the time zone database of Node's ICU resolves a name (aliases and newer names included). */
function resolvable(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

export const TIME_ZONE_RULE =
  "must be a canonical IANA time zone name such as 'UTC', 'Europe/Berlin' or 'Etc/GMT+9'";

/**
 * What is wrong with a time zone name: not of the canonical form (`TIME_ZONE`), or a name of that
 * form that the IANA database does not have (`America/New_Yrok`), with the closest name Node's
 * `Intl.supportedValuesOf('timeZone')` lists.
 */
export function timeZoneProblem(timeZone: string): string | undefined {
  const formOk = TIME_ZONE.test(timeZone);
  if (formOk && (timeZoneNames().includes(timeZone) || resolvable(timeZone))) return undefined;
  const unknown = formOk ? '; the IANA time zone database has no such zone' : '';
  return `${TIME_ZONE_RULE}${unknown}${didYouMean(timeZone, timeZoneNames())}`;
}

/** A string for which `problem` finds nothing, or an unresolved token. */
function checkedString(problem: (value: string) => string | undefined) {
  return z.string().superRefine((v, ctx) => {
    if (isToken(v)) return;
    const message = problem(v);
    if (message !== undefined) ctx.addIssue({ code: 'custom', input: v, message });
  });
}

/** The fields of `ScalingScheduleSpec`, with their rules and the time zone's default. */
export const scalingScheduleShape = {
  name: dnsLabel(1, 32),
  schedule: checkedString(scheduleProblem),
  timezone: checkedString(timeZoneProblem).default('UTC'),
};

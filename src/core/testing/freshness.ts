// Freshness of a source: the run's date (the clock, or --now) in the file's `timezone`, and
// the verdict on the source's latest date. The age is counted in whole calendar days:
// today − latest date. A source exactly `warn_after` days old passes; one day more warns
// (dbt's rule: "older than"). `as_of` is not used: it follows the data, so a stale extract
// would always look current against it.
import { daysBetween } from '../util/calendar';
import { isValidDate } from '../expr';
import type { FreshnessSpec } from '../kpifile/sourceTestsModel';

/** `--now` as the CLI accepts it: a date, or an ISO instant with its offset (2026-03-13T08:00:00Z). */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

export function isNowValue(text: string): boolean {
  if (isValidDate(text)) return true;
  return INSTANT.test(text) && isValidDate(text.slice(0, 10)) && Number.isFinite(Date.parse(text));
}

/** The calendar date of an instant in an IANA time zone (never the machine's). */
export function dateInZone(instant: Date, timezone: string): string {
  // UTC needs no zone data: ICU's first zoned format costs about 20 ms of every run's start.
  const year = instant.getUTCFullYear();
  if (timezone === 'UTC' && year >= 0 && year <= 9999) return instant.toISOString().slice(0, 10);
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    calendar: 'gregory',
    numberingSystem: 'latn',
  }).formatToParts(instant);
  const part = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${part('year').padStart(4, '0')}-${part('month')}-${part('day')}`;
}

/** "Today" of a run: `now` (a date as it is, an instant in `timezone`), else the clock. */
export function runDate(
  now: string | undefined,
  timezone: string | undefined,
  clock: () => Date = () => new Date(),
): string {
  const zone = timezone ?? 'UTC';
  if (now !== undefined && isValidDate(now)) return now;
  return dateInZone(now !== undefined ? new Date(now) : clock(), zone);
}

export interface FreshnessVerdict {
  /** Whole days from the latest date to today (negative when the data is dated after today). */
  age: number;
  status: 'fresh' | 'warning' | 'error';
  /** The bound exceeded ('warn_after' | 'error_after'), when not fresh. */
  bound?: 'warn_after' | 'error_after';
}

export function freshnessVerdict(latest: string, today: string, spec: FreshnessSpec): FreshnessVerdict {
  const age = daysBetween(latest, today);
  if (spec.errorAfterDays !== undefined && age > spec.errorAfterDays)
    return { age, status: 'error', bound: 'error_after' };
  if (spec.warnAfterDays !== undefined && age > spec.warnAfterDays)
    return { age, status: 'warning', bound: 'warn_after' };
  return { age, status: 'fresh' };
}

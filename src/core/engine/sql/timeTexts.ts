// How a date, a time of day and its offset are written in a text that KPI Lens reads as a date
// or a timestamp (a CSV value on DuckDB, a text column on PostgreSQL): the regular expressions
// (RE2 and PostgreSQL's ARE accept them alike). A text anything else follows is no date.

/** A time of day: hours and minutes, seconds and their fraction optional (14:05, 14:05:30,5). */
export const TIME_OF_DAY_TEXT = String.raw`[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?`;

/** An offset after a time: Z, ±hh, ±hh:mm, ±hhmm, UTC or GMT. */
export const OFFSET_TEXT = String.raw`([zZ]|UTC|GMT|[+-][0-9]{1,2}(:?[0-9]{2})?)`;

/**
 * The offsets DuckDB reads: those of OFFSET_TEXT and `UTC+1`, `GMT-05:00` (PostgreSQL reads
 * these the POSIX way, `UTC+1` as an hour west of Greenwich: not there).
 */
export const DUCKDB_OFFSET_TEXT = String.raw`([zZ]|(UTC|GMT)([+-][0-9]{1,2}(:?[0-9]{2})?)?|[+-][0-9]{1,2}(:?[0-9]{2})?)`;

/** A time written with an offset, Z or UTC after it (2025-03-31T23:30:00+02:00, …Z, … UTC). */
export const OFFSET_PATTERN = String.raw`${TIME_OF_DAY_TEXT}\s*${DUCKDB_OFFSET_TEXT}\s*$`;

/**
 * A time of day without seconds before an offset (`14:05+01:00`, `T14:05Z`) given its seconds
 * (`14:05:00+01:00`): DuckDB's instants need them there (it reads `14:05` alone).
 */
export const MINUTES_BEFORE_OFFSET = String.raw`(^|[^0-9:])([0-9]{1,2}:[0-9]{2})(\s*([zZ]|UTC|GMT|[+-][0-9]))`;

/**
 * A date as a file writes one when no `date_format` says otherwise: a year of four digits, then
 * a month and a day of one or two, separated by `-` or `/` (2025-01-05, 2025/1/5). DuckDB's own
 * casts accept more and read it wrong, silently: anything after a date (`2025-1-1 x` and
 * `2025-01-05 garbage` are 2025-01-01 and 2025-01-05), a two-digit year (`99-01-05` is the year
 * 99), `-2025-01-05` and `(BC)`, `epoch` and `infinity`. Such texts are not dates: they are
 * counted and reported with their lines.
 */
export const DATE_TEXT = String.raw`[0-9]{4}(-[0-9]{1,2}-|/[0-9]{1,2}/)[0-9]{1,2}`;

/**
 * A timestamp's text: a date (DATE_TEXT), then optionally a time of day after `T` or a space
 * (hours and minutes, seconds and their fraction optional) and an offset (`Z`, `+01`, `+01:00`,
 * `UTC`, `UTC+1`).
 */
export const TIMESTAMP_TEXT = String.raw`${DATE_TEXT}((T| +)${TIME_OF_DAY_TEXT}(\s*${DUCKDB_OFFSET_TEXT})?)?`;

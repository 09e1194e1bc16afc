// How a time of day and its offset are written in a text that KPI Lens reads as a timestamp (a
// CSV value on DuckDB, a text column on PostgreSQL): the regular expressions both dialects share
// (RE2 and PostgreSQL's ARE accept them alike). A text anything else follows is no timestamp.

/** A time of day: hours and minutes, seconds and their fraction optional (14:05, 14:05:30,5). */
export const TIME_OF_DAY_TEXT = String.raw`[0-9]{1,2}:[0-9]{2}(:[0-9]{2}([.,][0-9]+)?)?`;

/** An offset after a time: Z, ±hh, ±hh:mm, ±hhmm, UTC or GMT. */
export const OFFSET_TEXT = String.raw`([zZ]|UTC|GMT|[+-][0-9]{1,2}(:?[0-9]{2})?)`;

/**
 * The offsets DuckDB reads: those of OFFSET_TEXT and `UTC+1`, `GMT-05:00` (PostgreSQL reads
 * these the POSIX way, `UTC+1` as an hour west of Greenwich: not there).
 */
export const DUCKDB_OFFSET_TEXT = String.raw`([zZ]|(UTC|GMT)([+-][0-9]{1,2}(:?[0-9]{2})?)?|[+-][0-9]{1,2}(:?[0-9]{2})?)`;

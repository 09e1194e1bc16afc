// One quick pass per source before the KPIs: the first and last date of its time column
// (for the default as_of and unbounded periods) and how many rows have a time value that is
// not a date. A source DuckDB cannot read is reported here, once.
import * as path from 'path';
import type { DiagnosticCode } from '../../kpifile/codes';
import type { Severity } from '../../kpifile/diagnostic';
import { changedDuringRun } from '../../data/fileChanges';
import { createHash } from 'crypto';
import type { Engine, SqlRow } from '../backends/engine';
import type { ColumnarCache } from '../cache/columnarCache';
import { EngineError } from '../backends/engine';
import type { SourceContext } from './sourceContext';
import { CHECKED_TEXT_PREFIX, resolveColumnName, sourceMemoIdentity, TIME_TEXT_COLUMN } from './sourceContext';
import { checkedReads, refusedSql, shownTextSql, textDialectOf, type ColumnRead } from './fileColumnReads';
import { readFunctionSql } from './sourceRelation';
import { quoteIdent } from '../sql/sqlText';
import { EvaluationMemo } from '../cache/evaluationMemo';
import { duckdbDialect, type Dialect } from '../sql/dialect';
import * as l10n from '../../l10n/l10n';
import { csvReadProblems, invalidValuesProblem, readFailureMessage } from './csvReadProblems';
import type { ColumnSqlType } from './csvDialect';
import type { InvalidValues } from './csvSourceRead';
import { placeRefused, refusedValues } from './fileValuePlaces';

export interface SourceProblem {
  source: string;
  field: 'file' | 'time';
  /** Where in the KPI file, when not the source's `field` (a declared column's type). */
  at?: string[];
  /** How many values or rows the problem is about (the run's JSON carries it). */
  count?: number;
  severity: Severity;
  code: DiagnosticCode;
  message: string;
}

export interface SourceProfile {
  minDate?: string;
  maxDate?: string;
  problems: SourceProblem[];
  /** Sources that could not be read at all. */
  unreadable: Set<string>;
}

/** What the profile found in one source. */
export interface OneProfile {
  problems: SourceProblem[];
  unreadable: boolean;
  mn?: string;
  mx?: string;
}

/** Where the profile of a source is read from and remembered: the run's engine, memo, dialect and cache. */
export interface ProfileOptions {
  signal?: AbortSignal;
  memo?: EvaluationMemo;
  dialect?: Dialect;
  cache?: ColumnarCache;
}

/**
 * The profile of every source, in their order. `known` holds those already profiled during
 * this run (sourcePreparation.ts profiles each source in its lane as soon as it is read).
 */
export async function profileSources(
  engine: Engine,
  sources: SourceContext[],
  options: ProfileOptions = {},
  known?: ReadonlyMap<SourceContext, OneProfile>,
): Promise<SourceProfile> {
  const out: SourceProfile = { problems: [], unreadable: new Set() };
  for (const ctx of sources) {
    const one = known?.get(ctx) ?? (await profileOne(engine, ctx, options));
    out.problems.push(...one.problems);
    if (one.unreadable) out.unreadable.add(ctx.spec.name);
    if (one.mn && (!out.minDate || one.mn < out.minDate)) out.minDate = one.mn;
    if (one.mx && (!out.maxDate || one.mx > out.maxDate)) out.maxDate = one.mx;
  }
  return out;
}

/** One source's profile. With a memo, a source whose definition and files have not changed is not read again. */
export async function profileOne(
  engine: Engine,
  ctx: SourceContext,
  options: ProfileOptions = {},
): Promise<OneProfile> {
  const { memo, signal, dialect = duckdbDialect, cache } = options;
  const key = memo && ctx.stamp ? EvaluationMemo.key('profile', sourceMemoIdentity(ctx)) : undefined;
  let one = key ? memo?.get<OneProfile>(key) : undefined;
  if (!one) {
    one = await profileSource(engine, ctx, signal, dialect, cache);
    if (key) memo?.set(key, one);
  }
  return one;
}

/**
 * The profile's row: remembered with a cached copy (its dates and counts are of that copy's
 * data, which never changes), so a warm run does not read the copy for it.
 */
async function profileRow(
  engine: Engine,
  ctx: SourceContext,
  sql: string,
  signal?: AbortSignal,
  cache?: ColumnarCache,
): Promise<SqlRow | undefined> {
  const fact = `profile:${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
  const known = ctx.cachedFacts?.[fact];
  if (typeof known === 'string') return JSON.parse(known) as SqlRow;
  const [row] = await engine.query(sql, [], { signal });
  if (row && ctx.cached && cache) await cache.rememberFact(ctx.cached.readSql, fact, JSON.stringify(row));
  return row;
}

/**
 * The profile's row of a cached CSV copy whose time column holds dates, from what the copy's
 * writer counted (csvSourceRead.ts dateRanges): no date is then unreadable, and no query runs.
 */
function copiedDatesRow(ctx: SourceContext): SqlRow | undefined {
  const csv = ctx.csv;
  if (!ctx.cached || !csv?.report.dates || !ctx.spec.time) return undefined;
  const name = resolveColumnName(ctx, ctx.spec.time);
  const range = csv.report.dates[name];
  const column = csv.columns.find((c) => c.name === name);
  if (!range || column?.type !== 'DATE') return undefined;
  return { mn: range.min, mx: range.max, bad: 0, n: csv.report.rows, lenient: null };
}

async function profileSource(
  engine: Engine,
  ctx: SourceContext,
  signal?: AbortSignal,
  dialect: Dialect = duckdbDialect,
  cache?: ColumnarCache,
): Promise<OneProfile> {
  const out: OneProfile = { problems: [], unreadable: false };
  {
    const name = ctx.spec.name;
    const time = ctx.spec.time ? quoteIdent(resolveColumnName(ctx, ctx.spec.time)) : undefined;
    if (ctx.readError !== undefined) {
      out.unreadable = true;
      const changed = await changedDuringRun(ctx.originals ?? ctx.files, Date.now(), ctx.states);
      if (changed) {
        out.problems = [
          {
            source: name,
            field: 'file',
            severity: 'error',
            code: 'data-error',
            message: l10n.t(
              "cannot evaluate KPIs on source '{0}' ({1}): {2}",
              name,
              path.basename(ctx.files[0]),
              l10n.t('{0}: run again', changed),
            ),
          },
        ];
        return out;
      }
      out.problems.push({
        source: name,
        field: 'file',
        severity: 'error',
        code: 'data-error',
        message: l10n.t(
          "cannot read source '{0}' ({1}): {2}",
          name,
          path.basename(ctx.files[0]),
          await readFailureMessage(ctx.readError, ctx.files[0], ctx.spec.csv.quote),
        ),
      });
      return out;
    }
    // A CSV/TSV source was read with its types: its report says what did not convert.
    if (ctx.csv) out.problems.push(...csvReadProblems(name, ctx.csv));
    // A Parquet/JSON time column is counted as the KPIs read it (a text converted, csvDialect.ts),
    // against its value as read: a text the conversion refuses is a row left out, and told. So
    // are the values its other conversions refuse (fileColumnReads.ts: a declared number, a
    // churn's end date written as text).
    const checkedSql = !ctx.table && !ctx.csv ? ctx.checkedSelectSql : undefined;
    const sourceTime = ctx.spec.time ? resolveColumnName(ctx, ctx.spec.time) : undefined;
    const checks = checkedSql ? checkedReads(ctx.reads ?? [], sourceTime) : [];
    const read =
      ctx.table ??
      (ctx.csv
        ? `(${ctx.selectSql})${dialect.derivedTable('__s')}`
        : checkedSql
          ? `(${checkedSql})`
          : (ctx.cached?.readSql ?? readFunctionSql(ctx.files, ctx.format, ctx.read)));
    // CSV rows the strict read skips (wrong number of fields…): a lenient read counts them
    // (the columnar cache did it when it copied the files).
    const text = !ctx.table && !ctx.csv && (ctx.format === 'csv' || ctx.format === 'tsv');
    const lenient =
      text && !ctx.cached
        ? `(SELECT count(*) FROM ${readFunctionSql(ctx.files, ctx.format, { ...ctx.read, lenient: true })})`
        : 'NULL';
    const checked = checks.map((c, i) => ({
      inner: `${quoteIdent(c.name)} AS "__v${i}", ${quoteIdent(CHECKED_TEXT_PREFIX + i)} AS "__r${i}"`,
      outer: checkAggregates(c, i),
    }));
    const inner = checked.map((c) => `, ${c.inner}`).join('');
    const outer = checked.map((c) => `, ${c.outer}`).join('');
    // A Parquet/JSON time column's refused texts: the least and greatest, as examples.
    const timeRead = checkedSql && time ? storedRead(ctx, resolveColumnName(ctx, ctx.spec.time ?? '')) : undefined;
    const timeExamples = timeRead
      ? `, min(${shownTextSql('r', timeRead.stored)}) FILTER (WHERE r IS NOT NULL AND d IS NULL) AS tlo, max(${shownTextSql('r', timeRead.stored)}) FILTER (WHERE r IS NOT NULL AND d IS NULL) AS thi`
      : '';
    const sql = time
      ? `SELECT CAST(min(d) AS VARCHAR) AS mn, CAST(max(d) AS VARCHAR) AS mx, count(*) FILTER (WHERE r IS NOT NULL AND d IS NULL) AS bad, count(*) AS n, ${lenient} AS lenient${timeExamples}${outer} FROM (SELECT ${dialect.tryCast(time, 'DATE')} AS d, ${checkedSql ? quoteIdent(TIME_TEXT_COLUMN) : time} AS r${inner} FROM ${read})${dialect.derivedTable('__p')}`
      : checked.length
        ? `SELECT NULL AS mn, NULL AS mx, 0 AS bad, count(*) AS n, ${lenient} AS lenient${outer} FROM (SELECT ${inner.slice(2)} FROM ${read}) AS "__p"`
        : `SELECT NULL AS mn, NULL AS mx, 0 AS bad, count(*) AS n, ${lenient} AS lenient FROM ${read}`;
    let row: SqlRow | undefined;
    try {
      row = copiedDatesRow(ctx) ?? (await profileRow(engine, ctx, sql, signal, cache));
      // A table's dates as its KPIs read them: an instant's in the spec's time zone (the table's
      // SELECT places it there); the raw read above counts the values that are no dates.
      if (ctx.table && time && row) row = { ...row, ...(await zonedTableDates(engine, ctx, time, dialect, signal)) };
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'query') {
        out.unreadable = true;
        out.problems.push({
          source: name,
          field: 'file',
          severity: 'error',
          code: 'data-error',
          message: l10n.t(
            "cannot read source '{0}' ({1}): {2}",
            name,
            ctx.table ?? path.basename(ctx.files[0]),
            ctx.table
              ? duckdbMessage(err.message)
              : await readFailureMessage(err.message, ctx.files[0], ctx.spec.csv.quote),
          ),
        });
        return out;
      }
      throw err;
    }
    const lenientRows = text && ctx.cached ? ctx.cached.lenientRows : row?.lenient;
    const skipped = lenientRows === null || lenientRows === undefined ? 0 : Number(lenientRows) - Number(row?.n ?? 0);
    if (skipped > 0) {
      out.problems.push({
        source: name,
        field: 'file',
        severity: 'warning',
        code: 'invalid-values',
        message:
          skipped === 1
            ? l10n.t("1 malformed row of source '{0}' (a wrong number of fields or a broken quote) is left out", name)
            : l10n.t(
                "{0} malformed rows of source '{1}' (a wrong number of fields or a broken quote) are left out",
                skipped,
                name,
              ),
      });
    }
    const bad = Number(row?.bad ?? 0);
    const n = Number(row?.n ?? 0);
    if (n === 0) {
      out.problems.push({
        source: name,
        field: 'file',
        severity: 'warning',
        code: 'no-data',
        message: l10n.t("source '{0}' has no rows", name),
      });
    }
    // Values a conversion refused, with their places in the files when found (fileValuePlaces.ts).
    const refused: { invalid: InvalidValues; stored: string }[] = [];
    if (bad > 0 && ctx.spec.time && timeRead) {
      refused.push({
        invalid: refusedValues(timeRead.name, timeRead.type, 'time', bad, row?.tlo, row?.thi),
        stored: timeRead.stored,
      });
    } else if (bad > 0 && ctx.spec.time) {
      out.problems.push({
        source: name,
        field: 'time',
        severity: 'warning',
        code: 'invalid-values',
        message:
          bad === 1
            ? l10n.t("1 row of source '{0}' has a '{1}' that is not a date; it is left out", name, ctx.spec.time ?? '')
            : l10n.t(
                "{0} rows of source '{1}' have a '{2}' that is not a date; they are left out",
                bad,
                name,
                ctx.spec.time ?? '',
              ),
      });
    }
    checks.forEach((c, i) => {
      const count = Number(row?.[`bad${i}`] ?? 0);
      if (count === 0 || !c.type || !c.origin) return;
      refused.push({
        invalid: refusedValues(c.name, c.type, c.origin, count, row?.[`lo${i}`], row?.[`hi${i}`]),
        stored: c.stored,
      });
    });
    if (refused.length) await placeRefused(engine, ctx, refused, signal, cache);
    for (const r of refused) out.problems.push(invalidValuesProblem(name, r.invalid, textDialectOf(ctx.spec)));
    const mn = typeof row?.mn === 'string' ? row.mn : undefined;
    const mx = typeof row?.mx === 'string' ? row.mx : undefined;
    if (mn) out.mn = mn;
    if (mx) out.mx = mx;
  }
  return out;
}

/** The read of a Parquet/JSON column (its type as the file holds it), else the column as the file holds text. */
function storedRead(ctx: SourceContext, column: string): { name: string; stored: string; type: ColumnSqlType } {
  const lower = column.toLowerCase();
  const read = ctx.reads?.find((r) => r.name.toLowerCase() === lower);
  return { name: read?.name ?? column, stored: read?.stored ?? 'VARCHAR', type: read?.type ?? 'DATE' };
}

/**
 * How many values of a checked read (index `i`, its columns `__v{i}` as read and `__r{i}` as the
 * file holds them) its conversion refused, with the least and greatest as examples (a first value
 * would depend on the threads' order).
 */
function checkAggregates(c: ColumnRead, i: number): string {
  const refused = refusedSql(c, `"__r${i}"`, `"__v${i}"`);
  const shown = shownTextSql(`"__r${i}"`, c.stored);
  return `count(*) FILTER (WHERE ${refused}) AS "bad${i}", min(${shown}) FILTER (WHERE ${refused}) AS "lo${i}", max(${shown}) FILTER (WHERE ${refused}) AS "hi${i}"`;
}

/**
 * DuckDB's error text, shortened for a diagnostic: the error line and its explanation,
 * without the reader's option dump, the SQL excerpt and DuckDB's own suggestions.
 */
export function duckdbMessage(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const keep = lines.filter((l) => !/^\s/.test(l) && !/^(Original Line|Possible Solution|LINE \d+:)/.test(l));
  let text = keep.slice(0, 2).join(' — ');
  const lineSize = /Maximum line size of (\d+) bytes exceeded/.exec(message);
  if (lineSize)
    text = l10n.t(
      'a line of the file is longer than {0} MB, the most DuckDB reads in one line ({1})',
      Math.round(Number(lineSize[1]) / 1e6),
      text,
    );
  if (/not utf-8 encoded/i.test(message)) text += l10n.t("; set the source's 'encoding' (e.g. encoding: latin-1)");
  return text.slice(0, 400);
}

/** The first and last dates of a table's time column read through its SELECT (instants zoned, tableSources.ts). */
async function zonedTableDates(
  engine: Engine,
  ctx: SourceContext,
  time: string,
  dialect: Dialect,
  signal?: AbortSignal,
): Promise<SqlRow> {
  const [row] = await engine.query(
    `SELECT CAST(min(d) AS VARCHAR) AS mn, CAST(max(d) AS VARCHAR) AS mx FROM (SELECT ${dialect.tryCast(time, 'DATE')} AS d FROM (${ctx.selectSql})${dialect.derivedTable('__s')})${dialect.derivedTable('__p')}`,
    [],
    { signal },
  );
  return { mn: row?.mn ?? null, mx: row?.mx ?? null };
}

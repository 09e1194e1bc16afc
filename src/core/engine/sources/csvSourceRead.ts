// Reads a CSV/TSV source with exact types for the whole file, in one pass when the file is
// clean: every column is read as text and converted by our typed SQL (csvDialect.ts); a flag
// per converted column tells where a value did not convert, and the rows with a wrong number
// of fields go to a rejects table with their lines. Declared types are kept (a value that does
// not convert becomes null and is reported); an inferred type that some value far in the file
// does not fit is widened (whole numbers → decimals, dates → timestamps, else text) and the
// file read again, so a late value is never rounded, re-typed or dropped. The report counts
// every unconverted value per column with file:line examples.
import type { Engine, SqlRow } from '../backends/engine';
import { EngineError } from '../backends/engine';
import {
  badFlagName,
  convertSql,
  converts,
  copySelectSql,
  DECLARED_TYPES,
  isDecimal,
  rawCsvSql,
  typeName,
  typedSelectSql,
} from './csvDialect';
import type { ColumnSqlType, CsvDialect, ReadColumn } from './csvDialect';
import {
  declaredNumberType,
  inferredType,
  inferSql,
  namesRows,
  hasTimestamps,
  onlyDates,
  sampledColumns,
  widerType,
  writtenScale,
} from './csvInference';
import { quoteIdent, quoteString } from '../sql/sqlText';
import { PARQUET_STATS_OPTIONS } from '../cache/parquetOptions';
import { copyStatsOf, type CopyStats } from '../cache/copyStats';
import { dropRejects, lenientCount, malformedRows, newRejectsTables } from './csvRejects';
import type { RejectsTables } from './csvRejects';
import { valueExamples } from './csvValueExamples';
import { foundNumberFormat, withFoundNumbers } from './csvNumberFormat';
import type { FoundNumberFormat } from './csvNumberFormat';

/** Rows the inference looks at before the whole file confirms (or widens) each type. */
export const INFER_SAMPLE_ROWS = 20480;
/** How many reads a source may take when inferred types are widened. */
const MAX_PASSES = 4;

export interface LineExample {
  /** The file's base name. */
  file: string;
  /** The line (from 1), or the row of a Parquet file when `unit` is 'row'. */
  line: number;
  /** The character of the line (from 1), where a line may hold many values (a JSON file). */
  column?: number;
  unit?: 'row';
}

export interface InvalidValues {
  column: string;
  type: ColumnSqlType;
  origin: ReadColumn['origin'];
  count: number;
  /** Examples: the value, with its file and line when known. */
  examples: { value: string; at?: LineExample }[];
  /** An inferred column read as a wider type because of these values (their count is then not of nulls). */
  widenedFrom?: ColumnSqlType;
}

/** What reading a CSV source found. */
export interface CsvReadReport {
  rows: number;
  /** Rows left out for a wrong number of fields or a broken quote. */
  malformed: { count: number; examples: (LineExample & { kind: string })[] };
  invalid: InvalidValues[];
  /**
   * A cached copy's date columns: their first and last dates (null when a column has none), as
   * the copy's writer counted them (copyStats.ts); the source's profile takes them from here.
   */
  dates?: Record<string, { min: string | null; max: string | null }>;
  /** The number separators told from the values (the source declares none of them), told as an info. */
  numberFormat?: FoundNumberFormat;
}

export interface CsvReadPlan {
  files: string[];
  dialect: CsvDialect;
  /** The header's column names (or column1… without a header). */
  header: string[];
  timezone: string;
  /** The number separators the dialect has from the values, not from the source (csvNumberFormat.ts). */
  numberFormat?: FoundNumberFormat;
}

/** A read's plan with its columns' types (planColumns). */
export interface PlannedRead {
  /** The plan, its dialect given the number separators told from the values. */
  plan: CsvReadPlan;
  columns: ReadColumn[];
}

/**
 * The columns' types: declared ones as declared, identifier-like ones as text, the others
 * inferred from the first rows (the whole-file read confirms or widens them); and the number
 * separators the source does not declare, when its first rows' numbers tell them (the rows are
 * then classed again with them).
 */
export async function planColumns(
  engine: Engine,
  plan: CsvReadPlan,
  declared: Record<string, string>,
  identifiers: Set<string>,
  times: Set<string>,
  signal?: AbortSignal,
  dates: Set<string> = new Set(),
  segments: Set<string> = new Set(),
): Promise<PlannedRead> {
  const lower = (s: string) => s.toLowerCase();
  const declaredOf = (name: string) => Object.entries(declared).find(([c]) => lower(c) === lower(name))?.[1];
  const ids = new Set([...identifiers].map(lower));
  const columns: ReadColumn[] = plan.header.map((name) => {
    const d = declaredOf(name);
    if (d) return { name, type: DECLARED_TYPES[d] ?? 'VARCHAR', origin: 'declared' };
    if (ids.has(lower(name))) return { name, type: 'VARCHAR', origin: 'identifier' };
    return { name, type: 'VARCHAR', origin: 'inferred' };
  });
  // Declared numbers are sampled too: their decimal (an exact type) fits the values; and segment
  // columns, which are true/false when all their first values are (see below).
  const segmentNames = new Set([...segments].map(lower));
  const toInfer = columns.filter(
    (c) =>
      c.origin === 'inferred' ||
      (c.origin === 'identifier' && segmentNames.has(lower(c.name))) ||
      (c.origin === 'declared' && c.type === 'DOUBLE'),
  );
  if (toInfer.length === 0) return { plan, columns };
  const names = toInfer.map((c) => c.name);
  const sample = async (dialect: CsvDialect) =>
    sampledColumns(
      await engine.query(
        inferSql(
          names,
          rawCsvSql(plan.files, dialect, plan.header, { sample: true }),
          dialect,
          plan.timezone,
          INFER_SAMPLE_ROWS,
        ),
        [],
        { signal },
      ),
      names,
    );
  let samples = await sample(plan.dialect);
  const found = foundNumberFormat(
    toInfer.map((column, i) => ({ column, shapes: samples[i].numbers })),
    plan.dialect,
  );
  // Classed again with the separators found: "12,5" is then a number like any other.
  const read = found ? { ...plan, dialect: withFoundNumbers(plan.dialect, found), numberFormat: found } : plan;
  if (found) samples = await sample(read.dialect);
  const timeNames = new Set([...times].map(lower));
  const dateNames = new Set([...dates].map(lower));
  toInfer.forEach((c, i) => {
    const sampled = samples[i];
    if (c.origin === 'identifier') {
      // A segment's `by` column of true/false (a `vip` flag) is read as true/false: `TRUE` and
      // `true` are one slice, labelled `true` as a Parquet or JSON file's booleans are. Any other
      // identifier stays text (00042 and 42 are two customers).
      if (inferredType(sampled) === 'BOOLEAN') c.type = 'BOOLEAN';
    } else if (c.origin === 'declared') {
      // A declared number is an exact decimal when the first rows' numbers fit one (whole
      // numbers included: a later 12.5 is then exact too).
      c.type = declaredNumberType(sampled);
    } else {
      c.type = inferredType(sampled);
      if (c.type === 'VARCHAR' && namesRows(sampled)) c.namesRows = true;
      if (timeNames.has(lower(c.name))) {
        c.origin = 'time';
        // Dates with a few texts that are none (n/a): dates, the others reported. Anything with a
        // time of day, or no date at all, is read as instants.
        if (c.type !== 'DATE') c.type = onlyDates(sampled) ? 'DATE' : 'TIMESTAMP';
      } else if (dateNames.has(lower(c.name))) {
        // A KPI's date column (a churn's end): dates unless its first rows hold a time of day
        // (empty there, as a churn date often is: dates, and a later time of day widens them).
        c.origin = 'date';
        if (c.type !== 'DATE') c.type = hasTimestamps(sampled) ? 'TIMESTAMP' : 'DATE';
      }
    }
    // A number column keeps how its first numbers are written: the conversion's fast path.
    if (c.type === 'BIGINT' || isDecimal(c.type)) c.written = writtenScale(sampled);
  });
  return { plan: read, columns };
}

/**
 * Reads the whole file once (again when an inferred type is widened). With `sink`, the typed
 * rows are copied to that Parquet file in the same pass. Returns the final columns and the report.
 */
export async function readCsvSource(
  engine: Engine,
  plan: CsvReadPlan,
  planned: ReadColumn[],
  sink: string | undefined,
  signal?: AbortSignal,
): Promise<{ columns: ReadColumn[]; report: CsvReadReport }> {
  let columns = planned.map((c) => ({ ...c }));
  const widened = new Map<string, { from: ColumnSqlType; examples: InvalidValues['examples']; count: number }>();
  for (let pass = 1; ; pass++) {
    const rejects: RejectsTables = newRejectsTables();
    try {
      const typed = typedSelectSql(
        columns,
        rawCsvSql(plan.files, plan.dialect, plan.header, { rejects }),
        plan.dialect,
        plan.timezone,
        true,
      );
      const flagged = columns.map((c, i) => (converts(c) ? i : -1)).filter((i) => i >= 0);
      let counts: SqlRow;
      let dates: CsvReadReport['dates'];
      if (sink) {
        const [copied] = await engine.query(`COPY (${typed}) TO ${quoteString(sink)} ${PARQUET_STATS_OPTIONS}`, [], {
          signal,
        });
        const stats = copyStatsOf(copied);
        const rows = stats?.rows ?? Number(copied?.count ?? 0);
        // A flag is true where a value did not convert, else null: the writer counted them.
        const bad = (i: number) => stats?.columns.get(badFlagName(i))?.nulls;
        const flags = flagged.map((i) => `count(${quoteIdent(badFlagName(i))}) AS ${quoteIdent(`b${i}`)}`);
        counts = {
          n: rows,
          ...(flagged.every((i) => bad(i) !== undefined)
            ? Object.fromEntries(flagged.map((i) => [`b${i}`, rows - (bad(i) ?? 0)]))
            : (
                await engine.query(`SELECT ${flags.join(', ')} FROM read_parquet(${quoteString(sink)})`, [], { signal })
              )[0]),
        };
        dates = stats ? dateRanges(columns, stats) : undefined;
      } else {
        const flags = flagged.map((i) => `, count(${quoteIdent(badFlagName(i))}) AS ${quoteIdent(`b${i}`)}`).join('');
        // The text columns are read too: DuckDB checks that a value is UTF-8 only where a query
        // reads its column, and a count that read none would keep a row the KPIs' reads leave
        // out, silently (found, it is read again as windows-1252: sourcePreparation.ts lateNotUtf8).
        const texts = columns
          .filter((c) => !converts(c))
          .map((c, i) => `, count(${quoteIdent(c.name)}) AS ${quoteIdent(`t${i}`)}`)
          .join('');
        [counts] = await engine.query(`SELECT count(*) AS n${flags}${texts} FROM (${typed}) AS "__t"`, [], {
          signal,
        });
      }
      const bad = new Map<number, number>();
      for (const i of flagged) {
        const n = Number(counts?.[`b${i}`] ?? 0);
        if (n > 0) bad.set(i, n);
      }
      const widen = [...bad.keys()].filter(
        (i) =>
          columns[i].origin === 'inferred' ||
          // An identifier read as true/false with a later value that is neither: text again.
          (columns[i].origin === 'identifier' && columns[i].type === 'BOOLEAN') ||
          (isDateOrigin(columns[i]) && columns[i].type === 'DATE') ||
          // A declared number stays a number: a decimal too narrow for a late value is widened.
          (columns[i].origin === 'declared' && isDecimal(columns[i].type)),
      );
      let changed = false;
      if (widen.length > 0 && pass < MAX_PASSES) {
        for (const i of widen) {
          const c = columns[i];
          const to = await widenedType(engine, plan, c, signal);
          if (to === c.type) continue;
          changed = true;
          // A number read as another number (a wider decimal, a double) is nothing to tell.
          if (!widened.has(c.name) && typeName(to) !== typeName(c.type)) {
            const examples = await valueExamples(engine, plan, columns, i, signal, bad.get(i));
            widened.set(c.name, { from: c.type, examples, count: bad.get(i) ?? 0 });
          }
          columns = columns.map((x, k) => (k === i ? { ...x, type: to } : x));
        }
        if (changed) continue;
      }
      const invalid: InvalidValues[] = [];
      for (const [i, count] of bad) {
        invalid.push({
          column: columns[i].name,
          type: columns[i].type,
          origin: columns[i].origin,
          count,
          examples: await valueExamples(engine, plan, columns, i, signal, count),
        });
      }
      for (const [name, w] of widened) {
        const c = columns.find((x) => x.name === name);
        if (c && !invalid.some((x) => x.column === name))
          invalid.push({
            column: name,
            type: c.type,
            origin: 'inferred',
            count: w.count,
            examples: w.examples,
            widenedFrom: w.from,
          });
      }
      const rows = Number(counts?.n ?? 0);
      const malformed =
        plan.files.length === 1
          ? await malformedRows(engine, rejects, plan.dialect.encoding !== undefined, signal)
          : await lenientCount(engine, plan, rows, signal);
      return {
        columns,
        report: {
          rows,
          malformed,
          invalid,
          ...(dates ? { dates } : {}),
          ...(plan.numberFormat ? { numberFormat: plan.numberFormat } : {}),
        },
      };
    } catch (err) {
      // After a crash, a timeout or a cancellation the engine is not asked again.
      if (!(err instanceof EngineError && err.kind === 'query')) rejects.dropped = true;
      throw err;
    } finally {
      await dropRejects(engine, rejects, signal);
    }
  }
}

/** A time column, or another column KPIs read as dates: it stays dates (or instants), never text. */
function isDateOrigin(column: ReadColumn): boolean {
  return column.origin === 'time' || column.origin === 'date';
}

/**
 * The type a column is read as next when some of its values did not convert. A number type
 * widens to the next one (whole → wide decimal → double) when every such value is a number;
 * when some are not numbers at all, an inferred column becomes text at once, without the reads
 * in between, and a declared one keeps its type (those values reported) unless a number does
 * not fit it either (then it widens).
 */
async function widenedType(
  engine: Engine,
  plan: CsvReadPlan,
  column: ReadColumn,
  signal?: AbortSignal,
): Promise<ColumnSqlType> {
  const next = widerType(column.type);
  const v = quoteIdent(column.name);
  if (column.type === 'DATE' && isDateOrigin(column)) {
    // A time column's (or a KPI's date column's) dates become instants only when a value that is not a date is one (a time
    // of day in a `timestamp_format`): texts that are neither (n/a) are bad values of its dates.
    // (An inferred column of dates with other texts becomes text, as any inferred column.)
    const [row] = await engine.query(
      `SELECT count(*) AS n FROM (SELECT ${v} FROM ${rawCsvSql(plan.files, plan.dialect, plan.header)}) AS "__r" WHERE ${convertSql(v, 'DATE', plan.dialect, plan.timezone)} IS NULL AND ${convertSql(v, 'TIMESTAMP', plan.dialect, plan.timezone)} IS NOT NULL`,
      [],
      { signal },
    );
    return Number(row?.n ?? 0) > 0 ? next : column.type;
  }
  if (column.type !== 'BIGINT' && !isDecimal(column.type)) return next;
  const number = convertSql(v, 'DOUBLE', plan.dialect, plan.timezone);
  const [row] = await engine.query(
    `SELECT count(*) FILTER (WHERE trim(${v}) <> '' AND ${number} IS NULL) AS n, count(*) FILTER (WHERE ${number} IS NOT NULL AND ${convertSql(v, column.type, plan.dialect, plan.timezone)} IS NULL) AS w FROM (SELECT ${v} FROM ${rawCsvSql(plan.files, plan.dialect, plan.header)}) AS "__r"`,
    [],
    { signal },
  );
  if (Number(row?.n ?? 0) === 0) return next;
  // A declared number keeps its exact type when its numbers all fit it: the values that are no
  // numbers (abc) are read as empty and reported, the others compare and add up exactly.
  if (column.origin === 'declared') return Number(row?.w ?? 0) > 0 ? next : column.type;
  return 'VARCHAR';
}

/**
 * The first and last dates of each date column of a copy, from its writer's statistics: only
 * plain `YYYY-MM-DD` dates (another form, such as infinity, leaves the column to a query).
 */
function dateRanges(columns: ReadColumn[], stats: CopyStats): CsvReadReport['dates'] {
  const out: NonNullable<CsvReadReport['dates']> = {};
  const plain = (v: string | undefined) => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v);
  for (const c of columns) {
    const s = c.type === 'DATE' ? stats.columns.get(c.name) : undefined;
    if (!s) continue;
    if (s.nulls === stats.rows) out[c.name] = { min: null, max: null };
    else if (plain(s.min) && plain(s.max)) out[c.name] = { min: s.min as string, max: s.max as string };
  }
  return out;
}

/** The SELECT of a source read from its typed copy (the flag columns left out). */
export function cachedSelectSql(columns: ReadColumn[], parquet: string): string {
  return copySelectSql(columns, `read_parquet(${quoteString(parquet)})`);
}

// Where the values of a CSV column that do not convert are: up to three examples with their
// file and line, from DuckDB's own typed read of that column (its rejects table has the lines),
// else from the rows' order checked against the file itself (csvSourceRead.ts reports them).
import * as path from 'path';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { convertSql, isDecimal, rawCsvSql } from './csvDialect';
import type { ReadColumn } from './csvDialect';
import { quoteIdent, quoteString } from '../sql/sqlText';
import { dropRejects, fileLinesOf, newRejectsTables } from './csvRejects';
import { recordLines, type RecordLayout, type RecordLine } from '../../data/csvRecordLines';
import type { CsvReadPlan, InvalidValues } from './csvSourceRead';

const EXAMPLES = 3;

/**
 * Up to three values of column `i` that do not convert, with their lines: DuckDB's own typed
 * read of that column sends them to a rejects table with the line; those our conversion also
 * refuses are kept. Values it accepts (it rounds 12.5 to a whole number, takes `2025-1-1 x` as
 * a date) are found by a scan of the text: when `count` (how many values did not convert) says
 * the rejects hold fewer than could be shown, or when it is not known and they hold none.
 */
export async function valueExamples(
  engine: Engine,
  plan: CsvReadPlan,
  columns: ReadColumn[],
  i: number,
  signal?: AbortSignal,
  count?: number,
): Promise<InvalidValues['examples']> {
  const column = columns[i];
  const conv = (v: string) => convertSql(v, column.type, plan.dialect, plan.timezone);
  const out: InvalidValues['examples'] = [];
  const rejects = newRejectsTables();
  let truncated = false;
  try {
    // DuckDB's parser reads 12.5 as the whole number 13 (and rounds decimals to their scale): a
    // whole-number or decimal column is checked as doubles.
    const reader = rawCsvSql(plan.files, plan.dialect, plan.header, {
      rejects,
      typed: { column: column.name, type: column.type === 'BIGINT' || isDecimal(column.type) ? 'DOUBLE' : column.type },
    });
    await engine.query(`SELECT count(${quoteIdent(column.name)}) FROM ${reader}`, [], { signal });
    const rows = await engine.query(
      `SELECT v, line, pos, file FROM (SELECT regexp_extract(e.error_message, '(?s)string "(.*)" to ''', 1) AS v, e.line AS line, e.line_byte_position AS pos, f.file_path AS file FROM ${quoteIdent(rejects.table)} e LEFT JOIN ${quoteIdent(rejects.scan)} f USING (scan_id, file_id) WHERE e.error_type = 'CAST' AND e.column_name = ${quoteString(column.name)}) AS "__r" WHERE trim(v) <> '' AND ${conv('v')} IS NULL ORDER BY file, line LIMIT ${EXAMPLES}`,
      [],
      { signal },
    );
    // DuckDB's message ends at a line break inside the value ("12⏎3"): such a value is found by
    // the rows' order below.
    const [cut] = await engine.query(
      `SELECT count(*) AS n FROM ${quoteIdent(rejects.table)} WHERE error_type = 'CAST' AND column_name = ${quoteString(column.name)} AND NOT regexp_matches(error_message, '(?s)string ".*" to ''')`,
      [],
      { signal },
    );
    truncated = Number(cut?.n ?? 0) > 0;
    const lines = await fileLinesOf(rows, plan.dialect.encoding !== undefined);
    rows.forEach((r, k) =>
      out.push({ value: String(r.v ?? ''), at: { file: path.basename(String(r.file ?? '')), line: lines[k] } }),
    );
  } catch (err) {
    // DuckDB's typed read failed otherwise: the values are given without their lines.
    if (!(err instanceof EngineError && err.kind === 'query')) throw err;
  }
  await dropRejects(engine, rejects, signal);
  if (out.length > 0 && !truncated && (count === undefined || out.length >= Math.min(count, EXAMPLES))) return out;
  // The rows' order in the file: a value's line is where its record starts, found by reading the
  // file with its quotes (a quoted line break before it does not shift it), checked against the
  // record's text (a row DuckDB left out before it would shift it: then the value is given
  // without its line, or with the one DuckDB's rejects gave).
  const v = quoteIdent(column.name);
  const rows = await engine.query(
    `SELECT v, k FROM (SELECT ${v} AS v, row_number() OVER () AS k FROM ${rawCsvSql(plan.files, plan.dialect, plan.header)}) AS "__r" WHERE trim(v) <> '' AND ${conv('v')} IS NULL ORDER BY k LIMIT ${EXAMPLES}`,
    [],
    { signal },
  );
  if (rows.length <= out.length) return out;
  const found =
    plan.files.length === 1
      ? await recordLines(
          plan.files[0],
          rows.map((r) => Number(r.k)),
          recordLayoutOf(plan.dialect),
        )
      : new Map<number, RecordLine>();
  return rows.map((r) => {
    const value = String(r.v ?? '');
    const record = found.get(Number(r.k));
    if (record?.text.includes(value)) return { value, at: { file: path.basename(plan.files[0]), line: record.line } };
    return out.find((o) => o.value === value && o.at) ?? { value };
  });
}

/** How recordLines reads a CSV source's file: its quote, escape, skipped lines and header. */
function recordLayoutOf(dialect: CsvReadPlan['dialect']): RecordLayout {
  return {
    ...(dialect.quote !== undefined ? { quote: dialect.quote } : {}),
    ...(dialect.layout ? { escape: dialect.layout.escape } : {}),
    ...(dialect.skip !== undefined ? { skip: dialect.skip } : {}),
    ...(dialect.header !== undefined ? { header: dialect.header } : {}),
  };
}

/** The rows a first search for shownValueLines reads: most such values are among them. */
const FIRST_ROWS = 65_536;

/**
 * The first line of each of `values` (and the text written there) — values of column `i` as a KPI's warning shows them
 * (`shown`: the SQL of that text from the typed value, as valueTextSql writes it) — in a single
 * CSV file: by the rows' order, checked against the file's lines as valueExamples does (a value
 * whose line does not hold its text is left without one). The file's first rows are searched
 * first, the whole file only for the values not found there.
 */
export async function shownValueLines(
  engine: Engine,
  plan: CsvReadPlan,
  columns: ReadColumn[],
  i: number,
  shown: (typed: string) => string,
  values: string[],
  signal?: AbortSignal,
): Promise<Map<string, { file: string; line: number; text: string }>> {
  const out = new Map<string, { file: string; line: number; text: string }>();
  if (plan.files.length !== 1 || values.length === 0) return out;
  const column = columns[i];
  const typed = convertSql('v', column.type, plan.dialect, plan.timezone);
  let wanted = values;
  for (const limit of [FIRST_ROWS, undefined]) {
    // The first rows with a sample's small read buffer: DuckDB's default one reads 32 MB first
    // (0.2 s of a cold run on a 10M-row file, issue 21).
    const raw = rawCsvSql(plan.files, plan.dialect, plan.header, { sample: limit !== undefined });
    const rows = await engine.query(
      `SELECT s, min(k) AS k, arg_min(v, k) AS v, max(n) AS n FROM (SELECT ${shown(typed)} AS s, v, k, count(*) OVER () AS n FROM (SELECT v, row_number() OVER () AS k FROM (SELECT ${quoteIdent(column.name)} AS v FROM ${raw}${limit ? ` LIMIT ${limit}` : ''}))) WHERE s IN (${wanted.map(quoteString).join(', ')}) GROUP BY s`,
      [],
      { signal },
    );
    const found = await recordLines(
      plan.files[0],
      rows.map((r) => Number(r.k)),
      recordLayoutOf(plan.dialect),
    );
    for (const r of rows) {
      const record = found.get(Number(r.k));
      if (record?.text.includes(String(r.v ?? '')))
        out.set(String(r.s), { file: path.basename(plan.files[0]), line: record.line, text: String(r.v ?? '') });
    }
    wanted = wanted.filter((v) => !rows.some((r) => String(r.s) === v));
    // Every value found, or the first rows were the whole file.
    if (wanted.length === 0 || (limit !== undefined && rows.length > 0 && Number(rows[0].n) < limit)) break;
  }
  return out;
}

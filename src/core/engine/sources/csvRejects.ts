// The rejects tables of one CSV read (DuckDB writes the rows it left out there, with their
// lines): a fresh pair of names per read, dropped when the read is done; the malformed rows
// they hold (or, for a glob, that a relaxed read has more), with their file lines.
import * as path from 'path';
import type { Engine, SqlRow } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { linesAtOffsets } from '../../data/lineAtOffset';
import * as l10n from '../../l10n/l10n';
import { quoteIdent } from '../sql/sqlText';
import { rawCsvSql } from './csvDialect';
import type { CsvReadPlan, CsvReadReport } from './csvSourceRead';

/** Malformed rows shown with their lines. */
const EXAMPLES = 3;

/** DuckDB's kinds of a row left out for bytes that are not UTF-8. */
export const NOT_UTF8_KINDS: ReadonlySet<string> = new Set(['INVALID ENCODING', 'INVALID UNICODE']);

export interface RejectsTables {
  table: string;
  scan: string;
  /** Set once dropped (or when the engine must not be asked again). */
  dropped?: boolean;
}

let tableCounter = 0;

/** Names for a read's rejects tables, unique in this process. */
export function newRejectsTables(): RejectsTables {
  const id = ++tableCounter;
  return { table: `kpilens_rejects_${process.pid}_${id}`, scan: `kpilens_scans_${process.pid}_${id}` };
}

/** Drops a read's rejects tables (after a crash or a cancellation, the engine is not asked again). */
export async function dropRejects(engine: Engine, rejects: RejectsTables, signal?: AbortSignal): Promise<void> {
  if (rejects.dropped || signal?.aborted) return;
  rejects.dropped = true;
  try {
    await engine.query(`DROP TABLE IF EXISTS ${quoteIdent(rejects.table)}`, [], { signal });
    await engine.query(`DROP TABLE IF EXISTS ${quoteIdent(rejects.scan)}`, [], { signal });
  } catch {
    // Left in the engine's memory until it stops.
  }
}

/**
 * The file line of each rejected row (`file`: its path, `line`: DuckDB's, `pos`: its
 * `line_byte_position`). DuckDB counts records, so a quoted line break before a row makes its
 * line short of the file's; the byte position gives the line an editor shows. A transcoded file
 * (`encoding`: DuckDB's positions are of the decoded text) keeps DuckDB's line.
 */
export async function fileLinesOf(rows: SqlRow[], transcoded: boolean): Promise<number[]> {
  const lines = rows.map((r) => Number(r.line));
  if (transcoded) return lines;
  const byFile = new Map<string, number[]>();
  for (const r of rows) {
    const file = String(r.file ?? '');
    if (file && r.pos !== null && r.pos !== undefined) byFile.set(file, [...(byFile.get(file) ?? []), Number(r.pos)]);
  }
  const found = new Map<string, Map<number, number>>();
  for (const [file, offsets] of byFile) {
    try {
      found.set(file, await linesAtOffsets(file, offsets));
    } catch {
      // The file cannot be read again (gone, changed): DuckDB's lines.
    }
  }
  return rows.map((r, i) => found.get(String(r.file ?? ''))?.get(Number(r.pos)) ?? lines[i]);
}

/**
 * A quote opened and never closed (`"1` at the end of a field): DuckDB reads the lines after it
 * into that one field, up to a point of its buffers where it starts again, and rejects the whole
 * as ONE row — thousands of rows would be lost while one malformed row is told. Such a reject
 * (its text spans lines) fails the read instead, at the quote's line, so no number of the source
 * is published without them.
 */
export async function failOnUnclosedQuote(
  engine: Engine,
  rejects: RejectsTables,
  transcoded: boolean,
  signal?: AbortSignal,
): Promise<void> {
  const nl = 'chr(10)';
  const rows = await engine.query(
    `SELECT e.line AS line, e.line_byte_position AS pos, f.file_path AS file FROM ${quoteIdent(rejects.table)} e LEFT JOIN ${quoteIdent(rejects.scan)} f USING (scan_id, file_id) WHERE e.error_type = 'UNQUOTED VALUE' AND strpos(trim(e.csv_line, chr(13) || ${nl}), ${nl}) > 0 ORDER BY e.file_id, e.line LIMIT 1`,
    [],
    { signal },
  );
  if (rows.length === 0) return;
  const [line] = await fileLinesOf(rows, transcoded);
  throw new EngineError(
    'query',
    l10n.t(
      'a quote opened on {0} is never closed: the lines after it would be read as one field and their rows lost; close the quote, or write a quote inside a field doubled ("")',
      `${path.basename(String(rows[0].file ?? ''))}:${line}`,
    ),
  );
}

/**
 * Many files (DuckDB keeps no rejects table for a read by name): the rows a lenient read has more
 * (DuckDB's relaxed parse takes a broken quote's row); when there are any, each file is read on
 * its own with a rejects table, for their lines (and a quote never closed fails the read).
 */
export async function lenientCount(
  engine: Engine,
  plan: CsvReadPlan,
  rows: number,
  signal?: AbortSignal,
): Promise<CsvReadReport['malformed']> {
  const [row] = await engine.query(
    `SELECT count(*) AS n FROM ${rawCsvSql(plan.files, plan.dialect, plan.header, { lenient: true })}`,
    [],
    { signal },
  );
  const count = Math.max(0, Number(row?.n ?? 0) - rows);
  if (count === 0) return { count, examples: [] };
  const examples: CsvReadReport['malformed']['examples'] = [];
  let found = 0;
  for (const file of plan.files) {
    const rejects = newRejectsTables();
    try {
      try {
        await engine.query(`SELECT count(*) FROM ${rawCsvSql([file], plan.dialect, plan.header, { rejects })}`, [], {
          signal,
        });
      } catch (err) {
        // A file DuckDB cannot read on its own (its sniff fails): counted above, without lines.
        if (err instanceof EngineError && err.kind === 'query') continue;
        throw err;
      }
      const one = await malformedRows(engine, rejects, plan.dialect.encoding !== undefined, signal);
      found += one.count;
      examples.push(...one.examples.slice(0, EXAMPLES - examples.length));
    } finally {
      await dropRejects(engine, rejects, signal);
    }
  }
  return { count: Math.max(count, found), examples };
}

/** The rows the read left out for their shape (not for a value), with their lines. */
export async function malformedRows(
  engine: Engine,
  rejects: { table: string; scan: string },
  transcoded: boolean,
  signal?: AbortSignal,
): Promise<CsvReadReport['malformed']> {
  const t = quoteIdent(rejects.table);
  const s = quoteIdent(rejects.scan);
  const rows = await engine.query(
    `SELECT (SELECT count(DISTINCT (file_id, line)) FROM ${t}) AS n, e.line AS line, e.pos AS pos, e.error_type AS kind, f.file_path AS file FROM (SELECT scan_id, file_id, line, min(line_byte_position) AS pos, min(error_type) AS error_type FROM ${t} GROUP BY ALL ORDER BY file_id, line LIMIT ${EXAMPLES}) e LEFT JOIN ${s} f USING (scan_id, file_id) ORDER BY e.file_id, e.line`,
    [],
    { signal },
  );
  if (rows.length === 0) return { count: 0, examples: [] };
  await failOnUnclosedQuote(engine, rejects, transcoded, signal);
  const lines = await fileLinesOf(rows, transcoded);
  return {
    count: Number(rows[0].n ?? 0),
    examples: rows.map((r, i) => ({
      file: path.basename(String(r.file ?? '')),
      line: lines[i],
      kind: String(r.kind ?? ''),
    })),
  };
}

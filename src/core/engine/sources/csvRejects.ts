// The rejects tables of one CSV read (DuckDB writes the rows it left out there, with their
// lines): a fresh pair of names per read, dropped when the read is done.
import * as path from 'path';
import type { Engine, SqlRow } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { linesAtOffsets } from '../../data/lineAtOffset';
import * as l10n from '../../l10n/l10n';
import { quoteIdent } from '../sql/sqlText';

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

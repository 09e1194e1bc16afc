// The rejects tables of one CSV read (DuckDB writes the rows it left out there, with their
// lines): a fresh pair of names per read, dropped when the read is done.
import type { Engine } from '../backends/engine';
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

// The answers of read-only statements a SQL listing already ran, for the KPIs after them
// (sqlListing.ts): each KPI is evaluated alone, so every one runs the file's as_of queries, its
// key checks, its inputs' scans — the same text as the KPI before it. Answering them again from
// here changes nothing of what each block lists (the recorder still records them) and runs each
// once: `kpilens sql` on a 10M-row file ran its sources' as_of scans once per KPI.
//
// A statement is answered from here only when its text, its parameters and the statements that
// changed the session before it (temporary tables created or dropped, settings) are the same:
// a `SELECT` of a temporary table reads what the statements before it put there. Those others
// always run. An error of the statement (kind 'query') is answered again as it was; a
// cancellation, a timeout or a crash is not kept.
import { createHash } from 'crypto';
import { EngineError } from './engine';
import type { SqlRow, SqlValue } from './engine';

/** What changed the session so far, in one evaluation (shared by its recorder and the sessions it opens). */
export interface SessionHistory {
  digest: string;
}

export class StatementReplay {
  private readonly answers = new Map<string, Promise<SqlRow[]>>();

  /** How many statements were answered from here rather than run (for tests and benches). */
  replayed = 0;

  /**
   * The rows of `sql`: from an earlier run of it after the same session changes, else from
   * `run()`. A statement that may change the session runs, and extends `history`.
   */
  answer(
    history: SessionHistory,
    sql: string,
    params: readonly SqlValue[],
    run: () => Promise<SqlRow[]>,
  ): Promise<SqlRow[]> {
    const text = JSON.stringify([sql, params]);
    if (!isReadOnly(sql)) {
      history.digest = createHash('sha256').update(history.digest).update(text).digest('hex');
      return run();
    }
    const key = `${history.digest}\n${text}`;
    const known = this.answers.get(key);
    if (known) {
      this.replayed++;
      return known.then(copyRows);
    }
    const ran = run();
    this.answers.set(key, ran);
    ran.catch((err: unknown) => {
      if (!(err instanceof EngineError && err.kind === 'query')) this.answers.delete(key);
    });
    return ran.then(copyRows);
  }
}

/**
 * Whether a statement only reads: a `SELECT`, `WITH` or `DESCRIBE` that calls no function with
 * an effect (a CSV read storing its rejects in tables, a seed, a sequence) and reads no clock.
 */
export function isReadOnly(sql: string): boolean {
  const start = sql
    .replace(/^(\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*/, '')
    .slice(0, 10)
    .toUpperCase();
  if (!/^(SELECT|WITH|DESCRIBE)\b/.test(start)) return false;
  return !/\b(store_rejects|setseed|nextval|currval|random|uuid|gen_random_uuid|now|current_date|current_timestamp|get_current_time|today)\b/i.test(
    sql,
  );
}

/** Rows the caller may change without changing the kept answer. */
function copyRows(rows: SqlRow[]): SqlRow[] {
  return rows.map((r) => ({ ...r }));
}

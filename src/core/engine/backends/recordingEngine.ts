// An Engine that runs every query on another engine and keeps the SQL it ran, for "Show
// SQL": what the user sees is exactly what was executed, not a reconstruction.
import type { Engine, QueryOptions, SqlRow, SqlValue } from './engine';

export class RecordingEngine implements Engine {
  readonly statements: string[] = [];

  constructor(private readonly inner: Engine) {}

  query(sql: string, params?: SqlValue[], options?: QueryOptions): Promise<SqlRow[]> {
    this.statements.push(sql);
    return this.inner.query(sql, params, options);
  }

  /** Does not close the engine it records: its owner does. */
  async close(): Promise<void> {
    // Nothing of its own to release.
  }
}

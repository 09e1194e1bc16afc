// An Engine that runs every query on another engine and keeps the SQL it ran, for "Show
// SQL": what the user sees is exactly what was executed, not a reconstruction.
import type { Engine, QueryOptions, SqlRow, SqlValue } from './engine';

export class RecordingEngine implements Engine {
  constructor(
    private readonly inner: Engine,
    readonly statements: string[] = [],
  ) {}

  /** The inner engine's session, recorded in the same list. */
  session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const inner = this.inner;
    if (!inner.session) return work(this);
    return inner.session((pinned) => work(new RecordingEngine(pinned, this.statements)));
  }

  query(sql: string, params?: SqlValue[], options?: QueryOptions): Promise<SqlRow[]> {
    this.statements.push(sql);
    return this.inner.query(sql, params, options);
  }

  /** Does not close the engine it records: its owner does. */
  async close(): Promise<void> {
    // Nothing of its own to release.
  }
}

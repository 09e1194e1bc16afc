// An Engine that runs every query on another engine and keeps the SQL it ran, for "Show
// SQL": what the user sees is exactly what was executed, not a reconstruction. Given a
// StatementReplay (a SQL listing's KPIs evaluated one after the other), a read-only statement
// the listing already ran after the same session changes is answered from it — still recorded.
import type { Engine, QueryOptions, SqlRow, SqlValue } from './engine';
import type { SessionHistory, StatementReplay } from './statementReplay';

export class RecordingEngine implements Engine {
  constructor(
    private readonly inner: Engine,
    readonly statements: string[] = [],
    private readonly replay?: StatementReplay,
    private readonly history: SessionHistory = { digest: '' },
  ) {}

  /** The inner engine's session, recorded in the same list. */
  session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const inner = this.inner;
    if (!inner.session) return work(this);
    return inner.session((pinned) => work(new RecordingEngine(pinned, this.statements, this.replay, this.history)));
  }

  query(sql: string, params: SqlValue[] = [], options?: QueryOptions): Promise<SqlRow[]> {
    this.statements.push(sql);
    const run = () => this.inner.query(sql, params, options);
    return this.replay ? this.replay.answer(this.history, sql, params, run) : run();
  }

  /** Does not close the engine it records: its owner does. */
  async close(): Promise<void> {
    // Nothing of its own to release.
  }
}

// The engine interface: what the KPI compiler needs from a SQL engine. Adapters (DuckDB
// embedded in a child process today, PostgreSQL later) implement it.

/** A value in a result row: DuckDB/PG values converted to JSON-friendly JavaScript. */
export type SqlValue = string | number | boolean | null;
export type SqlRow = Record<string, SqlValue>;

export interface QueryOptions {
  /** Aborting rejects the query with EngineError('cancelled') and interrupts it in the engine. */
  signal?: AbortSignal;
  /** Milliseconds before the query is interrupted (EngineError 'timeout'). */
  timeoutMs?: number;
}

export type EngineErrorKind = 'query' | 'cancelled' | 'timeout' | 'crashed' | 'unavailable';

/** Every failure of an engine, with a kind the caller can act on and a message for people. */
export class EngineError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

export interface Engine {
  /** Runs one SQL statement (with `$1`, `$2`… or `?` parameters) and returns its rows. */
  query(sql: string, params?: SqlValue[], options?: QueryOptions): Promise<SqlRow[]>;
  /** Stops the engine; pending queries are rejected. */
  close(): Promise<void>;
  /**
   * Runs `work` with an engine whose queries all go through one connection, so that a temporary
   * table one creates is seen by the next (PostgreSQL's pool, DuckDB's lanes).
   */
  session?<T>(work: (engine: Engine) => Promise<T>): Promise<T>;
  /**
   * How many sessions run their queries side by side (DuckDB: WORKER_LANES); absent, one. A
   * caller with independent work (the sources of a run) gives each piece a session of its own.
   */
  readonly lanes?: number;
}

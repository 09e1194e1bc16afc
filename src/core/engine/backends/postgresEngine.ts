// PostgresEngine: the Engine on a PostgreSQL server through the `pg` client (pure
// JavaScript, no native build). Values of a query go as `$1`, `$2`… parameters; every
// connection gets a server-side `statement_timeout`; a query's timeout or AbortSignal
// cancels it in the server (pg_cancel_backend on its backend) and rejects at once. Wrong
// credentials, an unreachable server and a missing table become EngineErrors with a
// message for people, within the connect timeout — never a hang. A session holds one
// connection for a run's queries that share temporary tables (the score segments').

import type * as PgModule from 'pg';
import type { Pool, PoolClient, DatabaseError } from 'pg';
import { EngineError, type Engine, type QueryOptions, type SqlRow, type SqlValue } from './engine';
import * as l10n from '../../l10n/l10n';

/** Where and how to connect; the password comes from the environment, never from a KPI file. */
export interface PostgresConnectionSettings {
  /** The connection's name in kpilens.connections.yaml (used in messages). */
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
  /** What a refused login tells to do (default: set KPILENS_PG_PASSWORD_<NAME> or PGPASSWORD); the editor names its command. */
  passwordHint?: string;
  /** Milliseconds to wait for the server to accept a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Server-side statement_timeout in milliseconds for every statement (default 10 min). */
  statementTimeoutMs?: number;
}

const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
const DEFAULT_STATEMENT_TIMEOUT_MS = 600_000;
/** setTimeout's largest delay. */
const MAX_TIMEOUT_MS = 2_147_483_647;

/** A DatabaseError of `pg` (it carries the SQLSTATE in `code`). */
function sqlState(error: unknown): string | undefined {
  const code = (error as Partial<DatabaseError> | null)?.code;
  // A server's SQLSTATE is 5 digits or capitals; Node's network errors (ENETUNREACH…) are not.
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/** Node's codes for a server that cannot be reached (refused, no route, no such host, reset). */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'ECONNRESET',
]);

/** Turns a `pg` failure into an EngineError that says what to do. */
export function postgresError(error: unknown, settings: PostgresConnectionSettings): EngineError {
  if (error instanceof EngineError) return error;
  const where = l10n.t(
    "PostgreSQL connection '{0}' ({1}:{2}, database '{3}', user '{4}')",
    settings.name,
    settings.host,
    settings.port,
    settings.database,
    settings.user,
  );
  const message = error instanceof Error ? error.message : String(error);
  const state = sqlState(error);
  switch (state) {
    case '28P01':
    case '28000':
      return new EngineError(
        'unavailable',
        l10n.t(
          '{0} refused the login: wrong user or password. {1}',
          where,
          settings.passwordHint ??
            l10n.t('Set the password in KPILENS_PG_PASSWORD_{0} (or PGPASSWORD).', envName(settings.name)),
        ),
      );
    case '3D000':
      return new EngineError('unavailable', l10n.t('{0}: the database does not exist ({1})', where, message));
    case '42P01':
      return new EngineError('query', l10n.t('{0}: a table the KPIs read does not exist ({1})', where, message));
    case '57014':
      return new EngineError(
        'timeout',
        l10n.t(
          '{0}: the server stopped the query after its statement_timeout of {1} ms',
          where,
          settings.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
        ),
      );
  }
  const sysCode = (error as { code?: unknown } | null)?.code;
  if (typeof sysCode === 'string' && UNREACHABLE_CODES.has(sysCode)) {
    return new EngineError(
      'unavailable',
      l10n.t(
        'cannot reach the {0}: {1}. Is the server running, and are host and port in kpilens.connections.yaml right?',
        where,
        message,
      ),
    );
  }
  if (/timeout/i.test(message) && /connect/i.test(message)) {
    return new EngineError(
      'unavailable',
      l10n.t('no answer from the {0} within {1} ms', where, settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS),
    );
  }
  if (state) return new EngineError('query', l10n.t('{0}: {1} (SQLSTATE {2})', where, message, state));
  return new EngineError('unavailable', l10n.t('{0}: {1}', where, message));
}

/** The connection name as it appears in an environment variable: `analytics-eu` → `ANALYTICS_EU`. */
export function envName(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]/g, '_');
}

let pgModule: typeof PgModule | undefined;
/**
 * The `pg` client, loaded by the first PostgresEngine: in the bundles it is dist/pg.js
 * (esbuild.mjs), so a run or an editor that never connects to PostgreSQL never reads it.
 */
function pg(): typeof PgModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, apart from the bundle
  pgModule ??= require('pg') as typeof PgModule;
  return pgModule;
}

export class PostgresEngine implements Engine {
  private readonly pool: Pool;
  private closed = false;

  constructor(private readonly settings: PostgresConnectionSettings) {
    this.pool = new (pg().Pool)({
      host: settings.host,
      port: settings.port,
      database: settings.database,
      user: settings.user,
      ...(settings.password !== undefined ? { password: settings.password } : {}),
      connectionTimeoutMillis: settings.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      statement_timeout: settings.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
      application_name: 'kpilens',
      // Dates as text are YYYY-MM-DD whatever the server's default (the dialect's try-casts read
      // them); never the server's time zone: instants are placed in the spec's by the SQL.
      options: '-c DateStyle=ISO,YMD -c TimeZone=UTC',
      types: { getTypeParser: typeParser },
      max: 4,
      idleTimeoutMillis: 5_000,
      allowExitOnIdle: true,
    });
    // An idle client losing its server must not crash the process; the next query reports it.
    this.pool.on('error', () => undefined);
  }

  async query(sql: string, params: SqlValue[] = [], options: QueryOptions = {}): Promise<SqlRow[]> {
    const client = await this.connect(options);
    let stopped = false;
    try {
      return await this.runOn(client, sql, params, options, () => (stopped = true));
    } finally {
      // A stopped client may still be finishing its cancelled query: do not reuse it.
      client.release(stopped);
    }
  }

  /**
   * Runs `work` with an engine on one connection of the pool, held until `work` ends (a temporary
   * table stays on the connection that created it). A connection that lost its server, or whose
   * query was stopped, is closed instead of going back to the pool.
   */
  async session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const client = await this.connect({});
    let broken = false;
    let ended = false;
    const onError = () => (broken = true);
    client.on('error', onError);
    const pinned: Engine = {
      query: async (sql, params = [], options = {}) => {
        this.checkOpen(options);
        if (ended) throw new EngineError('unavailable', l10n.t('the PostgreSQL engine is closed'));
        return this.runOn(client, sql, params, options, () => (broken = true));
      },
      close: () => Promise.resolve(),
    };
    try {
      return await work(pinned);
    } finally {
      ended = true;
      client.removeListener('error', onError);
      client.release(broken);
    }
  }

  private checkOpen(options: QueryOptions): void {
    if (this.closed) throw new EngineError('unavailable', l10n.t('the PostgreSQL engine is closed'));
    if (options.signal?.aborted) throw new EngineError('cancelled', l10n.t('the query was cancelled'));
  }

  private async connect(options: QueryOptions): Promise<PoolClient> {
    this.checkOpen(options);
    try {
      return await this.pool.connect();
    } catch (error) {
      throw postgresError(error, this.settings);
    }
  }

  /** One query on `client`; its timeout or signal cancels it in the server (then `onStop`). */
  private async runOn(
    client: PoolClient,
    sql: string,
    params: SqlValue[],
    options: QueryOptions,
    onStop: () => void,
  ): Promise<SqlRow[]> {
    const pid = (client as unknown as { processID?: number }).processID;
    let stopped: EngineError | undefined;
    let rejectStop: ((e: EngineError) => void) | undefined;
    const stoppedPromise = new Promise<never>((_resolve, reject) => {
      rejectStop = reject;
    });
    stoppedPromise.catch(() => undefined);
    const stop = (why: EngineError) => {
      if (stopped) return;
      stopped = why;
      onStop();
      rejectStop?.(why);
      if (pid !== undefined) void this.pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
    };
    const onAbort = () => stop(new EngineError('cancelled', l10n.t('the query was cancelled')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer =
      options.timeoutMs !== undefined
        ? setTimeout(
            () =>
              stop(
                new EngineError(
                  'timeout',
                  l10n.t('the query took longer than {0} ms and was stopped', String(options.timeoutMs)),
                ),
              ),
            Math.min(Math.max(0, options.timeoutMs), MAX_TIMEOUT_MS),
          )
        : undefined;
    try {
      const result = await Promise.race([client.query({ text: sql, values: params }), stoppedPromise]);
      return result.rows.map((row: Record<string, unknown>) => convertRow(row));
    } catch (error) {
      throw stopped ?? postgresError(error, this.settings);
    } finally {
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}

/** int8 and numeric as JavaScript numbers (as DuckDB's adapter gives them), date as the text YYYY-MM-DD. */
const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;
const typeParser = ((oid: number, format?: string) => {
  if (format === 'binary') return pg().types.getTypeParser(oid, 'binary');
  if (oid === INT8 || oid === NUMERIC) return (text: string) => Number(text);
  if (oid === DATE) return (text: string) => text;
  return pg().types.getTypeParser(oid, 'text');
}) as typeof PgModule.types.getTypeParser;

/** PostgreSQL values as the JSON-friendly values of SqlValue (numeric and bigint as numbers, dates as YYYY-MM-DD). */
function convertRow(row: Record<string, unknown>): SqlRow {
  const out: SqlRow = {};
  for (const [key, value] of Object.entries(row)) out[key] = convertValue(value);
  return out;
}

function convertValue(value: unknown): SqlValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

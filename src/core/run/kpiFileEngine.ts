// The engine a checked KPI file runs on, chosen in one place from its sources' connection
// (engine/connections/specConnection.ts, looked up from the data root the file was checked against):
// DuckDB on data files — the caller's KpiRunner (one engine, the columnar cache and the memo
// across runs, as the editor keeps) or one for this run only — or PostgreSQL on the table
// sources' connection, with its dialect. runKpiFile uses it; `kpilens sql` and the editor's
// Show SQL use it alone (they evaluate KPI by KPI through a recording engine).
import * as path from 'path';
import type { CheckResult } from '../kpifile/checkFile';
import { dataRootOf } from '../data/dataRoot';
import type { ColumnarCache } from '../engine/cache/columnarCache';
import { duckdbDialect, postgresDialect, type Dialect } from '../engine/sql/dialect';
import type { Engine } from '../engine/backends/engine';
import type { EvaluationMemo } from '../engine/cache/evaluationMemo';
import { KpiRunner } from '../engine/kpiRunner';
import { PostgresEngine, type PostgresConnectionSettings } from '../engine/backends/postgresEngine';
import { specConnection, type SpecConnection } from '../engine/connections/specConnection';

/** A file that cannot run on its connection (two connections, an undefined name, a bad connections file): the message says why. */
export class ConnectionChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConnectionChoiceError';
  }
}

/** Where a checked file runs: DuckDB on its files, or PostgreSQL on its table sources' connection. */
export type RunnableConnection = Exclude<SpecConnection, { kind: 'error' }>;

export interface KpiFileEngineOptions {
  /** The DuckDB runner to use (it stays the caller's); default: one for this run, closed after it. */
  runner?: KpiRunner;
  /** Without a runner: the columnar cache's folder for this run (absolute); no cache without it. */
  cacheDir?: string;
  /** Completes a connection's settings before it is used (the editor adds the password it stores). */
  resolveConnection?: (settings: PostgresConnectionSettings) => Promise<PostgresConnectionSettings>;
  /** The environment the connections file's passwords are read from (default process.env). */
  env?: NodeJS.ProcessEnv;
}

export interface KpiFileEngine {
  connection: RunnableConnection;
  engine: Engine;
  dialect: Dialect;
  cache?: ColumnarCache;
  memo?: EvaluationMemo;
  /** Closes what was opened for this run only (a caller's runner keeps its engine). */
  close(): Promise<void>;
}

/** The data root a checked file's run uses: the one its data was checked against (else the rule's default). */
export function runDataRoot(check: CheckResult): string {
  return check.dataRoot ?? dataRootOf(path.resolve(check.model.file));
}

/** The connection a checked file runs on (settings completed); a ConnectionChoiceError when it cannot run on one. */
export async function kpiFileConnection(
  check: CheckResult,
  options: KpiFileEngineOptions = {},
): Promise<RunnableConnection> {
  const connection = specConnection(check.model, runDataRoot(check), options.env);
  if (connection.kind === 'error') throw new ConnectionChoiceError(connection.message);
  if (connection.kind === 'postgres' && options.resolveConnection)
    return { kind: 'postgres', settings: await options.resolveConnection(connection.settings) };
  return connection;
}

/** The engine and dialect of `connection` for a run of `check`. */
export function openKpiFileEngine(
  check: CheckResult,
  connection: RunnableConnection,
  options: KpiFileEngineOptions = {},
  useMemo = true,
): KpiFileEngine {
  if (connection.kind === 'postgres') {
    const engine = new PostgresEngine(connection.settings);
    return { connection, engine, dialect: postgresDialect, close: () => engine.close() };
  }
  const runner = options.runner ?? new KpiRunner(options.cacheDir ? { cacheDir: options.cacheDir } : {});
  const parts = runner.partsFor(check, options.runner !== undefined && useMemo);
  return {
    connection,
    ...parts,
    dialect: duckdbDialect,
    close: () => (options.runner ? Promise.resolve() : runner.close()),
  };
}

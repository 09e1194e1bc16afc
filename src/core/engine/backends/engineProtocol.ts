// The messages between DuckDbEngine (parent) and the DuckDB child process (duckdbWorker),
// sent over the fork IPC channel with `serialization: 'advanced'`, plus the start
// configuration the child reads from its environment. Messages arriving from the other
// process are `unknown` until one of the guards below has checked their shape.

import type { SqlRow, SqlValue } from './engine';

/** Environment variable that carries the JSON-encoded WorkerConfig to the child. */
export const WORKER_CONFIG_ENV = 'KPILENS_DUCKDB_WORKER_CONFIG';
/**
 * Its value for a child forked ahead of need (DuckDbEngine.prespawn): it loads DuckDB, then
 * waits for a `configure` message before it creates its locked-down instance.
 */
export const AWAIT_CONFIG = 'await';

/** What the child needs to create its locked-down DuckDB instance. */
export interface WorkerConfig {
  /** Absolute folders that SQL may read (and nothing else on disk). */
  allowedDirectories: string[];
  /** DuckDB `memory_limit`, e.g. '2GB'. */
  memoryLimit?: string;
  /** DuckDB `threads`. */
  threads?: number;
}

/**
 * The child's connections: each runs its queries one at a time, the two side by side (the
 * parent sends a source's reads on one lane while another source is read on the other: one
 * query alone leaves a core idle in its single-threaded steps). Temporary tables are a
 * connection's own, so the queries that share one stay on one lane.
 */
export const WORKER_LANES = 2;

// Parent → child.
export interface QueryRequest {
  type: 'query';
  id: number;
  sql: string;
  params: SqlValue[];
  /** The connection to run it on, 0 ≤ lane < WORKER_LANES (0 when absent). */
  lane?: number;
}
export interface CancelRequest {
  type: 'cancel';
  id: number;
}
export interface CloseRequest {
  type: 'close';
}
/** The configuration of a child started with AWAIT_CONFIG (sent once, before any query). */
export interface ConfigureRequest {
  type: 'configure';
  config: WorkerConfig;
}
export type ParentMessage = QueryRequest | CancelRequest | CloseRequest | ConfigureRequest;

// Child → parent.
/** The engine is set up and locked down; queries may be sent. */
export interface ReadyResponse {
  type: 'ready';
}
export interface RowsResponse {
  type: 'rows';
  id: number;
  rows: SqlRow[];
}
export interface ErrorResponse {
  type: 'error';
  id: number;
  message: string;
}
/** The engine cannot run at all (module not loadable, lockdown refused); the child exits next. */
export interface FatalResponse {
  type: 'fatal';
  message: string;
}
export type ChildMessage = ReadyResponse | RowsResponse | ErrorResponse | FatalResponse;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSqlValue(value: unknown): value is SqlValue {
  return value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function isId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

export function isParentMessage(value: unknown): value is ParentMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'query':
      return (
        isId(value.id) &&
        typeof value.sql === 'string' &&
        Array.isArray(value.params) &&
        value.params.every(isSqlValue) &&
        (value.lane === undefined || (isId(value.lane) && value.lane >= 0 && value.lane < WORKER_LANES))
      );
    case 'cancel':
      return isId(value.id);
    case 'close':
      return true;
    case 'configure':
      return typeof parseWorkerConfig(JSON.stringify(value.config ?? null)) !== 'string';
    default:
      return false;
  }
}

/** Checks the envelope of a child message; rows are trusted to be what the child built. */
export function isChildMessage(value: unknown): value is ChildMessage {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
      return true;
    case 'rows':
      return isId(value.id) && Array.isArray(value.rows);
    case 'error':
      return isId(value.id) && typeof value.message === 'string';
    case 'fatal':
      return typeof value.message === 'string';
    default:
      return false;
  }
}

/** Parses and checks the WorkerConfig JSON; returns an error text when it is unusable. */
export function parseWorkerConfig(json: string | undefined): WorkerConfig | string {
  if (json === undefined || json === '') return `the ${WORKER_CONFIG_ENV} environment variable is missing`;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return `the ${WORKER_CONFIG_ENV} environment variable is not valid JSON`;
  }
  if (!isRecord(value)) return 'the engine configuration must be an object';
  const dirs = value.allowedDirectories;
  if (!Array.isArray(dirs) || !dirs.every((d): d is string => typeof d === 'string')) {
    return 'allowedDirectories must be a list of folder paths';
  }
  const config: WorkerConfig = { allowedDirectories: dirs };
  if (value.memoryLimit !== undefined) {
    if (typeof value.memoryLimit !== 'string') return 'memoryLimit must be a string such as "2GB"';
    config.memoryLimit = value.memoryLimit;
  }
  if (value.threads !== undefined) {
    if (typeof value.threads !== 'number' || !Number.isSafeInteger(value.threads) || value.threads < 1) {
      return 'threads must be a positive integer';
    }
    config.threads = value.threads;
  }
  return config;
}

// The DuckDB child process, started by DuckDbEngine with child_process.fork. It loads
// @duckdb/node-api lazily, creates one locked-down in-memory instance (no extensions, no
// network, files only inside the allowed folders, configuration locked), runs the queries
// it receives one at a time, converts their values to JSON-friendly JavaScript and answers
// over IPC. A native crash here ends this process only, never the editor or the CLI.

import * as os from 'os';
import * as path from 'path';
import type { DuckDBConnection, DuckDBInstance, DuckDBValue } from '@duckdb/node-api';
import type { SqlRow, SqlValue } from './engine';
import {
  AWAIT_CONFIG,
  WORKER_CONFIG_ENV,
  isParentMessage,
  parseWorkerConfig,
  type ChildMessage,
  type QueryRequest,
  type WorkerConfig,
} from './engineProtocol';
import { quoteString } from '../sql/sqlText';

type DuckDBModule = typeof import('@duckdb/node-api');

/** How often a cancelled query is interrupted again until it stops (an interrupt can land too early). */
const REINTERRUPT_MS = 100;
/** How long shutdown waits for an interrupted query before the process kills itself. */
const SHUTDOWN_WAIT_MS = 1000;

interface Running {
  id: number;
  cancelled: boolean;
  done: Promise<void>;
  reinterrupt?: NodeJS.Timeout;
}

let duckdb: DuckDBModule | undefined;
let instance: DuckDBInstance | undefined;
let connection: DuckDBConnection | undefined;
let ready = false;
let shuttingDown = false;
/** Settles when start-up is over, whatever its outcome. */
let starting: Promise<void> = Promise.resolve();
const waiting: QueryRequest[] = [];
let running: Running | undefined;
/** Started with AWAIT_CONFIG: the configuration comes by message (once). */
let awaitingConfig = false;
let configured = false;

function send(message: ChildMessage): void {
  if (!process.connected || !process.send) return;
  try {
    process.send(message, (error: Error | null) => {
      if (error) void shutdown(); // the parent is gone
    });
  } catch {
    void shutdown();
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Exits at once; with a query running (exit could hang in DuckDB's teardown) by SIGKILL. */
function exitNow(code: number): never {
  if (running) process.kill(process.pid, 'SIGKILL');
  process.exit(code);
}

/** Reports an error that makes the engine unusable, then exits. */
function fatal(message: string): void {
  if (!process.connected || !process.send) {
    process.stderr.write(`${message}\n`);
    exitNow(1);
  }
  try {
    process.send({ type: 'fatal', message } satisfies ChildMessage, () => exitNow(1));
  } catch {
    exitNow(1);
  }
  // If the message cannot be delivered, do not linger.
  setTimeout(() => exitNow(1), 2000).unref();
}

// ---------------------------------------------------------------------------------------
// Start-up and lockdown

/** Loads DuckDB ahead of the configuration (a failure is reported when start() loads it again). */
function preload(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same lazy load as start()
    require('@duckdb/node-api');
  } catch {
    // start() reports it.
  }
}

async function start(config: WorkerConfig): Promise<void> {
  try {
    // A plain require, kept as is by tsc and by esbuild (the module is external to the bundle):
    // a dynamic import() would be left to Node's ESM loader in the bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load inside try
    duckdb = require('@duckdb/node-api') as DuckDBModule;
  } catch (error) {
    fatal(`the DuckDB engine could not be loaded: ${errorText(error)}`);
    return;
  }
  if (shuttingDown) return;
  try {
    instance = await duckdb.DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      allow_unsigned_extensions: 'false',
    });
    connection = await instance.connect();
  } catch (error) {
    fatal(`the DuckDB engine could not start: ${errorText(error)}`);
    return;
  }
  // List-valued options cannot be given at creation (DuckDB answers "Failed to set config"),
  // so the lockdown is done with SET statements, in this order: the folders first, then
  // external access off (which keeps only those folders), then the configuration locked.
  const tempDirectory = path.join(os.tmpdir(), `kpilens-duckdb-${process.pid}`);
  const statements: string[] = [
    `SET allowed_directories = [${config.allowedDirectories.map(quoteString).join(', ')}]::VARCHAR[]`,
    `SET temp_directory = ${quoteString(tempDirectory)}`,
    // Never the machine's time zone: instants get their date in the spec's time zone by
    // explicit conversions (csvDialect.ts), and anything left to the session reads UTC.
    `SET TimeZone = 'UTC'`,
  ];
  if (config.memoryLimit !== undefined) statements.push(`SET memory_limit = ${quoteString(config.memoryLimit)}`);
  if (config.threads !== undefined) statements.push(`SET threads = ${config.threads}`);
  statements.push('SET enable_external_access = false', 'SET lock_configuration = true');
  for (const sql of statements) {
    if (shuttingDown) return;
    try {
      await connection.run(sql);
    } catch (error) {
      fatal(`the DuckDB engine could not be configured (${sql}): ${errorText(error)}`);
      return;
    }
  }
  if (shuttingDown) return;
  ready = true;
  send({ type: 'ready' });
  runNext();
}

// ---------------------------------------------------------------------------------------
// Value conversion

/** A JSON value, used for the inside of lists, structs and maps. */
type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

function bigintValue(n: bigint): number | string {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n.toString();
}

function infinity(positive: boolean): string {
  return positive ? 'infinity' : '-infinity';
}

/** Scalars to SqlValue; nested values (list, array, struct, map, union, variant) to undefined. */
function scalarValue(m: DuckDBModule, v: DuckDBValue): SqlValue | undefined {
  if (v === null || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return bigintValue(v);
  if (v instanceof m.DuckDBDecimalValue) return v.toDouble();
  if (v instanceof m.DuckDBDateValue) return v.isFinite ? v.toString() : infinity(v.days > 0);
  if (v instanceof m.DuckDBTimestampValue || v instanceof m.DuckDBTimestampTZValue) {
    return v.isFinite ? v.toString() : infinity(v.micros > 0n);
  }
  if (v instanceof m.DuckDBTimestampSecondsValue) return v.isFinite ? v.toString() : infinity(v.seconds > 0n);
  if (v instanceof m.DuckDBTimestampMillisecondsValue) return v.isFinite ? v.toString() : infinity(v.millis > 0n);
  if (v instanceof m.DuckDBTimestampNanosecondsValue) return v.isFinite ? v.toString() : infinity(v.nanos > 0n);
  if (
    v instanceof m.DuckDBListValue ||
    v instanceof m.DuckDBArrayValue ||
    v instanceof m.DuckDBStructValue ||
    v instanceof m.DuckDBMapValue ||
    v instanceof m.DuckDBUnionValue ||
    v instanceof m.DuckDBVariantValue
  ) {
    return undefined;
  }
  // TIME, TIMETZ, INTERVAL, UUID, BLOB, BIT, GEOMETRY: DuckDB's own text.
  return v.toString();
}

function jsonValue(m: DuckDBModule, v: DuckDBValue): JsonValue {
  const scalar = scalarValue(m, v);
  if (scalar !== undefined) {
    return typeof scalar === 'number' && !Number.isFinite(scalar) ? null : scalar;
  }
  if (v instanceof m.DuckDBListValue || v instanceof m.DuckDBArrayValue)
    return v.items.map((item) => jsonValue(m, item));
  if (v instanceof m.DuckDBStructValue) {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(v.entries)) out[key] = jsonValue(m, item);
    return out;
  }
  if (v instanceof m.DuckDBMapValue) {
    const out: { [key: string]: JsonValue } = {};
    for (const entry of v.entries) out[String(jsonValue(m, entry.key))] = jsonValue(m, entry.value);
    return out;
  }
  if (v instanceof m.DuckDBUnionValue || v instanceof m.DuckDBVariantValue) return jsonValue(m, v.value);
  return String(v);
}

/** One result value as a SqlValue: scalars directly, nested values as JSON text. */
function toSqlValue(m: DuckDBModule, v: DuckDBValue): SqlValue {
  const scalar = scalarValue(m, v);
  return scalar !== undefined ? scalar : JSON.stringify(jsonValue(m, v));
}

// ---------------------------------------------------------------------------------------
// Queries, one at a time

async function execute(request: QueryRequest): Promise<void> {
  const m = duckdb;
  const con = connection;
  if (!m || !con) {
    send({ type: 'error', id: request.id, message: 'the DuckDB engine is not ready' });
    return;
  }
  try {
    const reader = await con.runAndReadAll(request.sql, request.params);
    const names = reader.deduplicatedColumnNames();
    const rows: SqlRow[] = reader.getRows().map((values) => {
      const row: SqlRow = {};
      values.forEach((value, i) => {
        row[names[i]] = toSqlValue(m, value);
      });
      return row;
    });
    send({ type: 'rows', id: request.id, rows });
  } catch (error) {
    send({ type: 'error', id: request.id, message: errorText(error) });
  }
}

function runNext(): void {
  if (!ready || shuttingDown || running) return;
  const request = waiting.shift();
  if (!request) return;
  const current: Running = { id: request.id, cancelled: false, done: Promise.resolve() };
  running = current;
  current.done = execute(request).finally(() => {
    if (current.reinterrupt) clearInterval(current.reinterrupt);
    running = undefined;
    runNext();
  });
}

function interruptRunning(): void {
  const current = running;
  const con = connection;
  if (!current || !con || current.reinterrupt) return;
  current.cancelled = true;
  const interrupt = (): void => {
    try {
      con.interrupt();
    } catch {
      // Nothing to interrupt.
    }
  };
  interrupt();
  current.reinterrupt = setInterval(interrupt, REINTERRUPT_MS);
}

function cancel(id: number): void {
  const index = waiting.findIndex((r) => r.id === id);
  if (index >= 0) {
    waiting.splice(index, 1);
    send({ type: 'error', id, message: 'the query was cancelled' });
    return;
  }
  if (running?.id === id) interruptRunning();
}

/** Resolves true when `work` settles within `ms`, false otherwise. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    work.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), ms);
    }),
  ]);
  if (timer) clearTimeout(timer);
  return outcome;
}

/**
 * Ends the process. Exiting while DuckDB still works on a thread (a query, or creating the
 * instance) can hang in its native teardown, so a running query is interrupted and start-up
 * and the query are awaited first; if they do not end in time, the process kills itself.
 */
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  waiting.length = 0;
  if (running) interruptRunning();
  const busy = Promise.all([starting, running?.done ?? Promise.resolve()]);
  if (!(await settlesWithin(busy, SHUTDOWN_WAIT_MS))) process.kill(process.pid, 'SIGKILL');
  try {
    connection?.closeSync();
    instance?.closeSync();
  } catch {
    // Exiting anyway.
  }
  process.exit(0);
}

function onMessage(message: unknown): void {
  if (!isParentMessage(message)) {
    // A malformed query still gets an answer, so that the parent does not wait forever.
    const id = typeof message === 'object' && message !== null && 'id' in message ? message.id : undefined;
    if (typeof id === 'number') send({ type: 'error', id, message: 'the engine received a malformed request' });
    return;
  }
  switch (message.type) {
    case 'query':
      if (shuttingDown) {
        send({ type: 'error', id: message.id, message: 'the DuckDB engine is shutting down' });
        return;
      }
      waiting.push(message);
      runNext();
      return;
    case 'cancel':
      cancel(message.id);
      return;
    case 'close':
      void shutdown();
      return;
    case 'configure':
      // Only a child started with AWAIT_CONFIG is configured by message, and only once.
      if (!awaitingConfig || configured) return;
      configured = true;
      starting = start(message.config).catch((error: unknown) =>
        fatal(`the DuckDB engine could not start: ${errorText(error)}`),
      );
      return;
  }
}

function main(): void {
  process.on('uncaughtException', (error) => fatal(`the DuckDB engine failed: ${errorText(error)}`));
  process.on('unhandledRejection', (reason) => fatal(`the DuckDB engine failed: ${errorText(reason)}`));
  if (!process.send) {
    process.stderr.write('duckdbWorker is started by DuckDbEngine through child_process.fork\n');
    process.exit(2);
  }
  if (process.env[WORKER_CONFIG_ENV] === AWAIT_CONFIG) {
    // Forked ahead of need: DuckDB is loaded now, the instance made when the configuration comes.
    awaitingConfig = true;
    process.on('message', onMessage);
    process.on('disconnect', () => void shutdown());
    if (!process.connected) {
      void shutdown();
      return;
    }
    preload();
    return;
  }
  const config = parseWorkerConfig(process.env[WORKER_CONFIG_ENV]);
  if (typeof config === 'string') {
    fatal(`the DuckDB engine could not start: ${config}`);
    return;
  }
  process.on('message', onMessage);
  process.on('disconnect', () => void shutdown());
  if (!process.connected) {
    void shutdown();
    return;
  }
  starting = start(config).catch((error: unknown) => fatal(`the DuckDB engine could not start: ${errorText(error)}`));
}

main();

// The DuckDB child process, started by DuckDbEngine with child_process.fork. It loads
// @duckdb/node-api lazily, creates one locked-down in-memory instance (no extensions, no
// network, files only inside the allowed folders, configuration locked) with one connection
// per lane (WORKER_LANES), runs the queries it receives one at a time on each lane, the lanes
// side by side, converts their values (duckdbValues.ts) and answers over IPC. A native crash
// here ends this process only, never the editor or the CLI.

import * as nodeModule from 'module';
import * as os from 'os';
import * as path from 'path';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import type { SqlRow } from './engine';
import {
  AWAIT_CONFIG,
  WORKER_CONFIG_ENV,
  WORKER_LANES,
  isParentMessage,
  parseWorkerConfig,
  type ChildMessage,
  type QueryRequest,
  type WorkerConfig,
} from './engineProtocol';
import { quoteString } from '../sql/sqlText';
import { toSqlValue, type DuckDBModule } from './duckdbValues';

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

/** A connection and the queries sent to it: each lane runs its queries one at a time, the lanes side by side. */
interface Lane {
  connection: DuckDBConnection;
  waiting: QueryRequest[];
  running?: Running;
}

let duckdb: DuckDBModule | undefined;
let instance: DuckDBInstance | undefined;
let lanes: Lane[] = [];
let ready = false;
let shuttingDown = false;
/** Settles when start-up is over, whatever its outcome. */
let starting: Promise<void> = Promise.resolve();
/** Queries that came before the instance was ready, each with its lane. */
const beforeReady: QueryRequest[] = [];
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
  if (lanes.some((lane) => lane.running)) process.kill(process.pid, 'SIGKILL');
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

/** The instance options: no extension is ever installed or loaded. */
const INSTANCE_OPTIONS = {
  autoinstall_known_extensions: 'false',
  autoload_known_extensions: 'false',
  allow_community_extensions: 'false',
  allow_unsigned_extensions: 'false',
};

interface Opened {
  instance: DuckDBInstance;
  /** One connection per lane (WORKER_LANES). */
  connections: DuckDBConnection[];
}

/** The instance and its connections, made ahead of the configuration by a spare (see preload). */
let early: Promise<Opened> | undefined;

async function openInstance(m: DuckDBModule): Promise<Opened> {
  const made = await m.DuckDBInstance.create(':memory:', INSTANCE_OPTIONS);
  const connections: DuckDBConnection[] = [];
  for (let i = 0; i < WORKER_LANES; i++) connections.push(await made.connect());
  return { instance: made, connections };
}

/**
 * A spare loads DuckDB and opens its in-memory instance ahead of the configuration (about
 * 50 ms less to wait when it comes). Nothing is read before the configuration: no query is
 * run until start() has locked the instance down. A failure is reported when start() tries again.
 */
function preload(): void {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the same lazy load as start()
    const m = require('@duckdb/node-api') as DuckDBModule;
    early = openInstance(m);
    early.catch(() => undefined);
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
    const opened = await (early ?? openInstance(duckdb)).catch(() => openInstance(duckdb as DuckDBModule));
    instance = opened.instance;
    lanes = opened.connections.map((connection) => ({ connection, waiting: [] }));
  } catch (error) {
    fatal(`the DuckDB engine could not start: ${errorText(error)}`);
    return;
  }
  // List-valued options cannot be given at creation (DuckDB answers "Failed to set config"),
  // so the lockdown is done with SET statements, in this order: the folders first, then
  // external access off (which keeps only those folders), then the configuration locked.
  // The time zone is a connection's own setting: it is set on each, before the lock.
  const tempDirectory = path.join(os.tmpdir(), `kpilens-duckdb-${process.pid}`);
  const statements: string[] = [
    `SET allowed_directories = [${config.allowedDirectories.map(quoteString).join(', ')}]::VARCHAR[]`,
    `SET temp_directory = ${quoteString(tempDirectory)}`,
  ];
  if (config.memoryLimit !== undefined) statements.push(`SET memory_limit = ${quoteString(config.memoryLimit)}`);
  if (config.threads !== undefined) statements.push(`SET threads = ${config.threads}`);
  statements.push('SET enable_external_access = false', 'SET lock_configuration = true');
  // Never the machine's time zone: instants get their date in the spec's time zone by
  // explicit conversions (csvDialect.ts), and anything left to the session reads UTC.
  const steps: [DuckDBConnection, string][] = [
    ...lanes.map((lane): [DuckDBConnection, string] => [lane.connection, `SET TimeZone = 'UTC'`]),
    ...statements.map((sql): [DuckDBConnection, string] => [lanes[0].connection, sql]),
  ];
  for (const [connection, sql] of steps) {
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
  for (const request of beforeReady.splice(0)) enqueue(request);
}

// ---------------------------------------------------------------------------------------
// Queries, one at a time per lane

async function execute(lane: Lane, request: QueryRequest): Promise<void> {
  const m = duckdb;
  if (!m) {
    send({ type: 'error', id: request.id, message: 'the DuckDB engine is not ready' });
    return;
  }
  try {
    const reader = await lane.connection.runAndReadAll(request.sql, request.params);
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

/** Queues a query on its lane (the first one when it names none) and runs it when the lane is free. */
function enqueue(request: QueryRequest): void {
  if (!ready) {
    beforeReady.push(request);
    return;
  }
  const lane = lanes[request.lane ?? 0] ?? lanes[0];
  lane.waiting.push(request);
  runNext(lane);
}

function runNext(lane: Lane): void {
  if (!ready || shuttingDown || lane.running) return;
  const request = lane.waiting.shift();
  if (!request) return;
  const current: Running = { id: request.id, cancelled: false, done: Promise.resolve() };
  lane.running = current;
  current.done = execute(lane, request).finally(() => {
    if (current.reinterrupt) clearInterval(current.reinterrupt);
    lane.running = undefined;
    runNext(lane);
  });
}

function interruptRunning(lane: Lane): void {
  const current = lane.running;
  if (!current || current.reinterrupt) return;
  current.cancelled = true;
  const interrupt = (): void => {
    try {
      lane.connection.interrupt();
    } catch {
      // Nothing to interrupt.
    }
  };
  interrupt();
  current.reinterrupt = setInterval(interrupt, REINTERRUPT_MS);
}

function cancel(id: number): void {
  let removed = false;
  for (const list of [beforeReady, ...lanes.map((lane) => lane.waiting)]) {
    const index = list.findIndex((r) => r.id === id);
    if (index >= 0) {
      list.splice(index, 1);
      removed = true;
    }
  }
  if (removed) {
    send({ type: 'error', id, message: 'the query was cancelled' });
    return;
  }
  const lane = lanes.find((l) => l.running?.id === id);
  if (lane) interruptRunning(lane);
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
  beforeReady.length = 0;
  for (const lane of lanes) {
    lane.waiting.length = 0;
    interruptRunning(lane);
  }
  // A spare may still be opening its instance (never configured, it ends with its parent).
  const opening = early?.catch(() => undefined);
  const busy = Promise.all([starting, opening, ...lanes.map((lane) => lane.running?.done ?? Promise.resolve())]);
  if (!(await settlesWithin(busy, SHUTDOWN_WAIT_MS))) process.kill(process.pid, 'SIGKILL');
  try {
    const unused = instance === undefined ? await opening : undefined;
    for (const connection of unused?.connections ?? lanes.map((lane) => lane.connection)) connection.closeSync();
    (unused?.instance ?? instance)?.closeSync();
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
      enqueue(message);
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
  // V8's compiled code of @duckdb/node-api's modules is kept between runs, as the CLI keeps its
  // own (bin/kpilens.js; a forked child does not inherit it; NODE_DISABLE_COMPILE_CACHE=1 turns
  // it off): the child is ready about 40 ms of CPU sooner.
  (nodeModule as { enableCompileCache?: () => unknown }).enableCompileCache?.();
  process.on('uncaughtException', (error) => fatal(`the DuckDB engine failed: ${errorText(error)}`));
  process.on('unhandledRejection', (reason) => fatal(`the DuckDB engine failed: ${errorText(reason)}`));
  if (!process.send) {
    process.stderr.write('duckdbWorker is started by DuckDbEngine through child_process.fork\n');
    process.exit(2);
  }
  if (process.env[WORKER_CONFIG_ENV] === AWAIT_CONFIG) {
    // Forked ahead of need: DuckDB is loaded and its instance opened now, locked down (and used)
    // only when the configuration comes.
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

// The DuckDB child process as DuckDbEngine holds it: forked (or the spare taken, then sent its
// configuration), its stderr's tail kept for error messages, its messages and its end passed
// to the engine, a start that takes too long ended; and the queries it runs, one per lane.
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import type { EngineError, SqlRow, SqlValue } from './engine';
import type { ParentMessage, WorkerConfig } from './engineProtocol';
import * as l10n from '../../l10n/l10n';
import { forkWorker, takeSpare } from './spareWorker';

/** How long the child may take to load DuckDB and report ready. */
const START_TIMEOUT_MS = 30_000;
/** How much of the child's stderr is kept for error messages. */
const STDERR_TAIL = 4000;

export interface Pending {
  readonly id: number;
  readonly sql: string;
  readonly params: SqlValue[];
  /** The child's connection it runs on (0 unless its session has another). */
  readonly lane: number;
  settled: boolean;
  /** Kills the child when the query was cancelled and does not stop. */
  killTimer?: NodeJS.Timeout;
  resolve(rows: SqlRow[]): void;
  reject(error: EngineError): void;
  /** Clears the query's timer and abort listener. */
  dispose(): void;
}

export interface Child {
  readonly proc: ChildProcess;
  ready: boolean;
  exited: boolean;
  /** The parent ended it on purpose (close, or a cancel that was not answered). */
  expectedExit: boolean;
  /** Why it could not start, from a 'fatal' message or a start-up failure. */
  startFailure?: string;
  /** A child forked ahead of need (prespawn): if it dies before it is ready, a fresh one is forked. */
  adopted?: boolean;
  /** The query each lane is running; it may already be settled (cancelled, timed out). */
  inFlight: (Pending | undefined)[];
  startTimer?: NodeJS.Timeout;
  stderr: string;
  readonly exit: Promise<void>;
  markExited(): void;
}

/** What the child tells its engine. */
export interface ChildEvents {
  message(child: Child, message: unknown): void;
  /** After its IPC channel and pipes are drained (or a failed start). */
  exit(child: Child, code: number | null, signal: NodeJS.Signals | null): void;
}

/** Starts a child (the spare when one waits), or says why it could not start. */
export function startChild(workerPath: string, config: WorkerConfig, events: ChildEvents): Child | string {
  if (!fs.existsSync(workerPath)) {
    return l10n.t('the DuckDB engine could not start: its worker script is missing ({0})', workerPath);
  }
  let proc: ChildProcess;
  const taken = takeSpare(workerPath);
  try {
    proc = taken ?? forkWorker(workerPath, JSON.stringify(config));
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return l10n.t('the DuckDB engine could not start: {0}', text);
  }
  let markExited = (): void => undefined;
  const exit = new Promise<void>((resolve) => {
    markExited = resolve;
  });
  const child: Child = {
    proc,
    ready: false,
    exited: false,
    expectedExit: false,
    inFlight: [],
    stderr: '',
    exit,
    markExited,
  };
  proc.stdout?.resume(); // DuckDB may print (profiling output): drain it so the child never blocks
  proc.stdout?.on('error', () => undefined);
  proc.stderr?.on('error', () => undefined);
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    child.stderr = (child.stderr + chunk).slice(-STDERR_TAIL);
  });
  proc.on('message', (message: unknown) => events.message(child, message));
  // 'close' (not 'exit') comes after the IPC channel and the pipes are drained, so a
  // 'fatal' message or the last stderr lines are never lost.
  proc.on('close', (code: number | null, signal: NodeJS.Signals | null) => events.exit(child, code, signal));
  proc.on('error', (error: Error) => {
    // Failing to spawn emits only 'error'; other errors (a failed kill or send) are
    // followed by 'close' or have their own handling.
    if (proc.pid === undefined) {
      child.startFailure = l10n.t('the DuckDB engine could not start: {0}', error.message);
      events.exit(child, null, null);
    }
  });
  child.startTimer = setTimeout(() => {
    child.startFailure = l10n.t('the DuckDB engine did not start within {0} s', START_TIMEOUT_MS / 1000);
    killChild(child, false);
  }, START_TIMEOUT_MS);
  child.startTimer.unref();
  // A child forked ahead of need gets its configuration now (it answers 'ready' once locked down).
  if (taken) {
    child.adopted = true;
    postTo(child, { type: 'configure', config });
  }
  return child;
}

/** Sends the child a message; a child that cannot be written to is killed. */
export function postTo(child: Child, message: ParentMessage): void {
  if (child.exited || !child.proc.connected) return;
  try {
    child.proc.send(message, (error: Error | null) => {
      if (error) killChild(child, false);
    });
  } catch {
    killChild(child, false);
  }
}

/** Kills the child; `expected` when the engine ends it on purpose. */
export function killChild(child: Child, expected: boolean): void {
  if (child.exited) return;
  if (expected) child.expectedExit = true;
  try {
    child.proc.kill('SIGKILL');
  } catch {
    // Already gone: 'close' follows.
  }
}

// DuckDbEngine: the Engine on embedded DuckDB, run in a child process (duckdbWorker) so a
// native crash or an out-of-memory kill never takes the editor or the CLI down. The child
// is forked lazily on the first query and again after it died; queries go to it one at a
// time. Cancellation and timeouts interrupt the query in DuckDB, and kill the child if it
// does not answer. The child's handles are unreferenced whenever nothing waits on it, so
// the parent process never stays alive because of it.

import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EngineError, type Engine, type QueryOptions, type SqlRow, type SqlValue } from './engine';
import { isChildMessage, type ChildMessage, type ParentMessage, type WorkerConfig } from './engineProtocol';
import * as l10n from '../../l10n/l10n';
import { setRef } from './childRef';
import { workerFailureText } from './workerFailureText';
import { DEFAULT_WORKER, forkWorker, prespawnWorker, sparePid, takeSpare } from './spareWorker';

export interface DuckDbEngineOptions {
  /** Absolute folders the SQL may read files from; everything else on disk is refused. */
  allowedDirectories: string[];
  /** The child's script; default `duckdbWorker.js` next to this file (or to the bundle). */
  workerPath?: string;
  /** DuckDB `memory_limit`, e.g. '2GB'. */
  memoryLimit?: string;
  /** DuckDB `threads`. */
  threads?: number;
}

/** How long a cancelled or timed-out query may take to stop before the child is killed. */
const CANCEL_GRACE_MS = 2000;
/** How long close() waits for the child to exit by itself before killing it. */
const CLOSE_GRACE_MS = 2000;
/** How long the child may take to load DuckDB and report ready. */
const START_TIMEOUT_MS = 30_000;
/** How much of the child's stderr is kept for error messages. */
const STDERR_TAIL = 4000;
/** setTimeout's largest delay. */
const MAX_TIMEOUT_MS = 2_147_483_647;

interface Pending {
  readonly id: number;
  readonly sql: string;
  readonly params: SqlValue[];
  settled: boolean;
  resolve(rows: SqlRow[]): void;
  reject(error: EngineError): void;
  /** Clears the query's timer and abort listener. */
  dispose(): void;
}

interface Child {
  readonly proc: ChildProcess;
  ready: boolean;
  exited: boolean;
  /** The parent ended it on purpose (close, or a cancel that was not answered). */
  expectedExit: boolean;
  /** Why it could not start, from a 'fatal' message or a start-up failure. */
  startFailure?: string;
  /** A child forked ahead of need (prespawn): if it dies before it is ready, a fresh one is forked. */
  adopted?: boolean;
  /** The query the child is running; it may already be settled (cancelled, timed out). */
  inFlight?: Pending;
  cancelKillTimer?: NodeJS.Timeout;
  startTimer?: NodeJS.Timeout;
  stderr: string;
  readonly exit: Promise<void>;
  markExited(): void;
}

export class DuckDbEngine implements Engine {
  /**
   * Forks a DuckDB child ahead of need, so that the first query does not wait for Node and
   * DuckDB to load (about 170 ms). Nothing is configured, nothing can be read until an engine
   * takes it with its own allowed folders.
   */
  /** The process id of the child forked ahead of need, while it waits to be taken. */
  static get sparePid(): number | undefined {
    return sparePid();
  }

  /**
   * Forks a DuckDB child ahead of need (spareWorker.ts), so that the first query does not wait
   * for Node and DuckDB to load (about 170 ms). Nothing is configured, nothing can be read until
   * an engine takes it with its own allowed folders.
   */
  static prespawn(workerPath: string = DEFAULT_WORKER): void {
    prespawnWorker(workerPath);
  }

  private readonly config: WorkerConfig;
  private readonly workerPath: string;
  private readonly queue: Pending[] = [];
  private child: Child | undefined;
  private nextId = 1;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: DuckDbEngineOptions) {
    for (const dir of options.allowedDirectories) {
      if (!path.isAbsolute(dir)) throw new TypeError(`allowedDirectories must be absolute paths, not '${dir}'`);
    }
    if (options.threads !== undefined && (!Number.isSafeInteger(options.threads) || options.threads < 1)) {
      throw new TypeError(`threads must be a positive integer, not ${options.threads}`);
    }
    this.config = {
      allowedDirectories: [...options.allowedDirectories],
      ...(options.memoryLimit !== undefined ? { memoryLimit: options.memoryLimit } : {}),
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    };
    this.workerPath = options.workerPath ?? DEFAULT_WORKER;
  }

  /** The child's process id while it runs (tests kill it to simulate a crash). */
  get pid(): number | undefined {
    const child = this.child;
    return child && !child.exited ? child.proc.pid : undefined;
  }

  query(sql: string, params: SqlValue[] = [], options: QueryOptions = {}): Promise<SqlRow[]> {
    return new Promise<SqlRow[]>((resolve, reject) => {
      if (this.closed) {
        reject(new EngineError('unavailable', l10n.t('the DuckDB engine is closed')));
        return;
      }
      const badParam = params.findIndex(
        (p) => p !== null && typeof p !== 'string' && typeof p !== 'number' && typeof p !== 'boolean',
      );
      if (badParam >= 0) {
        reject(new EngineError('query', `parameter ${badParam + 1} is not a string, number, boolean or null`));
        return;
      }
      const { signal, timeoutMs } = options;
      if (signal?.aborted) {
        reject(new EngineError('cancelled', l10n.t('the query was cancelled')));
        return;
      }
      let timer: NodeJS.Timeout | undefined;
      const pending: Pending = {
        id: this.nextId++,
        sql,
        params: [...params],
        settled: false,
        resolve,
        reject,
        dispose: () => {
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      const onAbort = (): void =>
        this.abandon(pending, new EngineError('cancelled', l10n.t('the query was cancelled')));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs) && timeoutMs <= MAX_TIMEOUT_MS) {
        timer = setTimeout(
          () => {
            this.abandon(
              pending,
              new EngineError('timeout', l10n.t('the query did not finish within {0} ms and was stopped', timeoutMs)),
            );
          },
          Math.max(0, timeoutMs),
        );
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closed = true;
    const error = new EngineError('cancelled', l10n.t('the DuckDB engine was closed'));
    for (const pending of this.queue.splice(0)) this.settle(pending, error);
    const child = this.child;
    if (child?.inFlight) this.settle(child.inFlight, error);
    this.closing = child ? this.stop(child) : Promise.resolve();
    return this.closing;
  }

  // -------------------------------------------------------------------------------------

  private async stop(child: Child): Promise<void> {
    child.expectedExit = true;
    if (!child.exited) {
      setRef(child.proc, true); // so that awaiting close() really waits for the exit
      this.post(child, { type: 'close' });
    }
    const timer = setTimeout(() => this.kill(child, true), CLOSE_GRACE_MS);
    try {
      await child.exit;
    } finally {
      clearTimeout(timer);
    }
  }

  private settle(pending: Pending, outcome: SqlRow[] | EngineError): void {
    if (pending.settled) return;
    pending.settled = true;
    pending.dispose();
    if (outcome instanceof EngineError) pending.reject(outcome);
    else pending.resolve(outcome);
  }

  /** Cancel or timeout: rejects now; interrupts the query in the child, or kills the child. */
  private abandon(pending: Pending, error: EngineError): void {
    if (pending.settled) return;
    this.settle(pending, error);
    const index = this.queue.indexOf(pending);
    if (index >= 0) {
      this.queue.splice(index, 1);
    } else {
      const child = this.child;
      if (child && child.inFlight === pending && !child.exited) {
        this.post(child, { type: 'cancel', id: pending.id });
        child.cancelKillTimer ??= setTimeout(() => this.kill(child, true), CANCEL_GRACE_MS);
        // Nobody waits for the answer: if the process has nothing else to do, it may exit
        // (the child then sees its IPC channel close and ends itself).
        child.cancelKillTimer.unref();
      }
    }
    this.updateRefs();
  }

  /** Sends the next queued query when the child is ready and idle; starts a child if needed. */
  private pump(): void {
    if (this.closed) return;
    if (this.queue.length > 0) {
      const child = this.child ?? this.spawn();
      if (child && child.ready && !child.exited && !child.inFlight) {
        const pending = this.queue.shift();
        if (pending) {
          child.inFlight = pending;
          this.post(child, { type: 'query', id: pending.id, sql: pending.sql, params: pending.params });
        }
      }
    }
    this.updateRefs();
  }

  private updateRefs(): void {
    const child = this.child;
    if (!child || child.exited) return;
    const busy =
      this.closing !== undefined || this.queue.length > 0 || (child.inFlight !== undefined && !child.inFlight.settled);
    setRef(child.proc, busy);
  }

  private failQueue(error: EngineError): void {
    for (const pending of this.queue.splice(0)) this.settle(pending, error);
  }

  private spawn(): Child | undefined {
    if (!fs.existsSync(this.workerPath)) {
      this.failQueue(
        new EngineError(
          'unavailable',
          l10n.t('the DuckDB engine could not start: its worker script is missing ({0})', this.workerPath),
        ),
      );
      return undefined;
    }
    let proc: ChildProcess;
    const taken = takeSpare(this.workerPath);
    try {
      proc = taken ?? forkWorker(this.workerPath, JSON.stringify(this.config));
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.failQueue(new EngineError('unavailable', l10n.t('the DuckDB engine could not start: {0}', text)));
      return undefined;
    }
    let markExited = (): void => undefined;
    const exit = new Promise<void>((resolve) => {
      markExited = resolve;
    });
    const child: Child = { proc, ready: false, exited: false, expectedExit: false, stderr: '', exit, markExited };
    this.child = child;
    proc.stdout?.resume(); // DuckDB may print (profiling output): drain it so the child never blocks
    proc.stdout?.on('error', () => undefined);
    proc.stderr?.on('error', () => undefined);
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      child.stderr = (child.stderr + chunk).slice(-STDERR_TAIL);
    });
    proc.on('message', (message: unknown) => this.onMessage(child, message));
    // 'close' (not 'exit') comes after the IPC channel and the pipes are drained, so a
    // 'fatal' message or the last stderr lines are never lost.
    proc.on('close', (code: number | null, signal: NodeJS.Signals | null) => this.onExit(child, code, signal));
    proc.on('error', (error: Error) => {
      // Failing to spawn emits only 'error'; other errors (a failed kill or send) are
      // followed by 'close' or have their own handling.
      if (proc.pid === undefined) {
        child.startFailure = l10n.t('the DuckDB engine could not start: {0}', error.message);
        this.onExit(child, null, null);
      }
    });
    child.startTimer = setTimeout(() => {
      child.startFailure = l10n.t('the DuckDB engine did not start within {0} s', START_TIMEOUT_MS / 1000);
      this.kill(child, false);
    }, START_TIMEOUT_MS);
    child.startTimer.unref();
    // A child forked ahead of need gets its configuration now (it answers 'ready' once locked down).
    if (taken) {
      child.adopted = true;
      this.post(child, { type: 'configure', config: this.config });
    }
    return child;
  }

  private post(child: Child, message: ParentMessage): void {
    if (child.exited || !child.proc.connected) return;
    try {
      child.proc.send(message, (error: Error | null) => {
        if (error) this.kill(child, false);
      });
    } catch {
      this.kill(child, false);
    }
  }

  private kill(child: Child, expected: boolean): void {
    if (child.exited) return;
    if (expected) child.expectedExit = true;
    try {
      child.proc.kill('SIGKILL');
    } catch {
      // Already gone: 'close' follows.
    }
  }

  private onMessage(child: Child, message: unknown): void {
    if (!isChildMessage(message)) return;
    this.handle(child, message);
  }

  private handle(child: Child, message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        child.ready = true;
        if (child.startTimer) clearTimeout(child.startTimer);
        this.pump();
        return;
      case 'fatal':
        child.startFailure = workerFailureText(message.message); // the child exits next
        return;
      case 'rows':
      case 'error': {
        const pending = child.inFlight;
        if (!pending || pending.id !== message.id) return;
        child.inFlight = undefined;
        if (child.cancelKillTimer) clearTimeout(child.cancelKillTimer);
        child.cancelKillTimer = undefined;
        this.settle(pending, message.type === 'rows' ? message.rows : new EngineError('query', message.message));
        this.pump();
        return;
      }
    }
  }

  private onExit(child: Child, code: number | null, signal: NodeJS.Signals | null): void {
    if (child.exited) return;
    child.exited = true;
    if (child.startTimer) clearTimeout(child.startTimer);
    if (child.cancelKillTimer) clearTimeout(child.cancelKillTimer);
    if (this.child === child) this.child = undefined;
    const inFlight = child.inFlight;
    child.inFlight = undefined;
    child.markExited();

    const how = signal ? l10n.t('signal {0}', signal) : l10n.t('exit code {0}', code ?? 'unknown');
    const details = child.stderr.trim() ? `\n${child.stderr.trim()}` : '';
    if (child.adopted && !child.ready && !child.expectedExit && child.startFailure === undefined) {
      // The spare died before it could be configured (killed while it waited): the queued
      // queries go to a child of our own, as if there had been no spare.
      this.pump();
      return;
    }
    if (child.startFailure !== undefined || !child.ready) {
      if (!child.expectedExit || child.startFailure !== undefined) {
        // It could not start: retrying for every queued query would only fail again.
        const text = child.startFailure ?? l10n.t('the DuckDB engine could not start ({0})', how);
        const error = new EngineError('unavailable', text + details);
        if (inFlight) this.settle(inFlight, error);
        this.failQueue(error);
      }
    } else if (!child.expectedExit) {
      const error = new EngineError(
        'crashed',
        `${l10n.t('the DuckDB engine stopped unexpectedly ({0}); run again', how)}${details}`,
      );
      if (inFlight) this.settle(inFlight, error);
      this.failQueue(error);
    }
    // After an expected end (an unanswered cancel) the queued queries go to a fresh child.
    this.pump();
  }
}

// DuckDbEngine: the Engine on embedded DuckDB, run in a child process (duckdbWorker) so a
// native crash or an out-of-memory kill never takes the editor or the CLI down. The child
// is forked lazily on the first query and again after it died; queries go to it one at a
// time per lane (a connection of the child: lane 0, or a session's own). Cancellation and
// timeouts interrupt the query in DuckDB, and kill the child if it does not answer. The
// child's handles are unreferenced whenever nothing waits on it, so the parent process never
// stays alive because of it.

import * as path from 'path';
import { EngineError, type Engine, type QueryOptions, type SqlRow, type SqlValue } from './engine';
import { isChildMessage, WORKER_LANES, type ChildMessage, type WorkerConfig } from './engineProtocol';
import * as l10n from '../../l10n/l10n';
import { setRef } from './childRef';
import { workerFailureText } from './workerFailureText';
import { DEFAULT_WORKER, prespawnWorker, sparePid } from './spareWorker';
import { killChild, postTo, startChild, type Child, type Pending } from './duckdbChild';

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
/** setTimeout's largest delay. */
const MAX_TIMEOUT_MS = 2_147_483_647;

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
  /** How many sessions each lane holds. */
  private readonly sessions: number[] = new Array<number>(WORKER_LANES).fill(0);
  readonly lanes = WORKER_LANES;
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
    return this.enqueue(sql, params, options, 0);
  }

  /**
   * Runs `work` with an engine whose queries all go to one lane of the child, the one with the
   * fewest sessions: two sessions at once run side by side, and a temporary table one creates
   * is seen by its next queries. Queries outside any session go to lane 0.
   */
  session<T>(work: (engine: Engine) => Promise<T>): Promise<T> {
    const lane = this.sessions.indexOf(Math.min(...this.sessions));
    this.sessions[lane]++;
    const pinned: Engine = {
      query: (sql, params = [], options = {}) => this.enqueue(sql, params, options, lane),
      session: (inner) => inner(pinned),
      close: () => Promise.resolve(),
    };
    return work(pinned).finally(() => {
      this.sessions[lane]--;
    });
  }

  private enqueue(sql: string, params: SqlValue[], options: QueryOptions, lane: number): Promise<SqlRow[]> {
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
        lane,
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
    for (const pending of child?.inFlight ?? []) if (pending) this.settle(pending, error);
    this.closing = child ? this.stop(child) : Promise.resolve();
    return this.closing;
  }

  // -------------------------------------------------------------------------------------

  private async stop(child: Child): Promise<void> {
    child.expectedExit = true;
    if (!child.exited) {
      setRef(child.proc, true); // so that awaiting close() really waits for the exit
      postTo(child, { type: 'close' });
    }
    const timer = setTimeout(() => killChild(child, true), CLOSE_GRACE_MS);
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
      if (child && child.inFlight[pending.lane] === pending && !child.exited) {
        postTo(child, { type: 'cancel', id: pending.id });
        pending.killTimer ??= setTimeout(() => killChild(child, true), CANCEL_GRACE_MS);
        // Nobody waits for the answer: if the process has nothing else to do, it may exit
        // (the child then sees its IPC channel close and ends itself).
        pending.killTimer.unref();
      }
    }
    this.updateRefs();
  }

  /** Sends each idle lane its next queued query when the child is ready; starts a child if needed. */
  private pump(): void {
    if (this.closed) return;
    if (this.queue.length > 0) {
      const child = this.child ?? this.spawn();
      if (child && child.ready && !child.exited) {
        for (let i = 0; i < this.queue.length;) {
          const pending = this.queue[i];
          if (child.inFlight[pending.lane]) {
            i++;
            continue;
          }
          this.queue.splice(i, 1);
          child.inFlight[pending.lane] = pending;
          const { id, sql, params, lane } = pending;
          postTo(child, { type: 'query', id, sql, params, lane });
        }
      }
    }
    this.updateRefs();
  }

  private updateRefs(): void {
    const child = this.child;
    if (!child || child.exited) return;
    const busy =
      this.closing !== undefined || this.queue.length > 0 || child.inFlight.some((p) => p !== undefined && !p.settled);
    setRef(child.proc, busy);
  }

  private failQueue(error: EngineError): void {
    for (const pending of this.queue.splice(0)) this.settle(pending, error);
  }

  private spawn(): Child | undefined {
    const started = startChild(this.workerPath, this.config, {
      message: (child, message) => this.onMessage(child, message),
      exit: (child, code, signal) => this.onExit(child, code, signal),
    });
    if (typeof started === 'string') {
      this.failQueue(new EngineError('unavailable', started));
      return undefined;
    }
    this.child = started;
    return started;
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
        const lane = child.inFlight.findIndex((p) => p?.id === message.id);
        const pending = child.inFlight[lane];
        if (!pending) return;
        child.inFlight[lane] = undefined;
        if (pending.killTimer) clearTimeout(pending.killTimer);
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
    if (this.child === child) this.child = undefined;
    const inFlight = child.inFlight.filter((p): p is Pending => p !== undefined);
    child.inFlight = [];
    for (const pending of inFlight) if (pending.killTimer) clearTimeout(pending.killTimer);
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
        for (const pending of inFlight) this.settle(pending, error);
        this.failQueue(error);
      }
    } else {
      const error = new EngineError(
        'crashed',
        `${l10n.t('the DuckDB engine stopped unexpectedly ({0}); run again', how)}${details}`,
      );
      // After an expected end (a cancelled query that did not stop) only the other lane's
      // query, if one ran, is lost with the child; the queued ones go to a fresh child.
      for (const pending of inFlight) this.settle(pending, error);
      if (!child.expectedExit) this.failQueue(error);
    }
    this.pump();
  }
}

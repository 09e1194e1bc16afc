// The DuckDB child forked ahead of need (DuckDbEngine.prespawn): Node and DuckDB load while the
// caller reads and checks its KPI file; the next engine to start a child takes it and sends it
// its configuration (the allowed folders are known only then; until that message the child has
// no DuckDB instance and can read nothing). Unreferenced: it never keeps the process alive, and
// it ends itself when its parent does. Also how every child is forked.
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { AWAIT_CONFIG } from './engineProtocol';
import { setRef } from './childRef';
import { workerEnvironment } from './workerEnvironment';

/** The worker script next to this file (or to the bundle). */
export const DEFAULT_WORKER = path.join(__dirname, 'duckdbWorker.js');

let spare: { proc: ChildProcess; workerPath: string; dead: boolean } | undefined;

/** Forks the worker script with its configuration (JSON), or AWAIT_CONFIG for a spare. */
export function forkWorker(workerPath: string, config: string): ChildProcess {
  return fork(workerPath, [], {
    serialization: 'advanced',
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    execArgv: [],
    env: workerEnvironment(process.env, config),
  });
}

/** The process id of the spare, while it waits to be taken. */
export function sparePid(): number | undefined {
  return spare && !spare.dead ? spare.proc.pid : undefined;
}

/** Forks a spare for this worker script, unless one waits already. */
export function prespawnWorker(workerPath: string): void {
  if (spare && !spare.dead) return;
  if (!fs.existsSync(workerPath)) return;
  try {
    const proc = forkWorker(workerPath, AWAIT_CONFIG);
    const s = { proc, workerPath, dead: false };
    const died = (): void => {
      s.dead = true;
    };
    proc.on('exit', died);
    proc.on('error', died);
    proc.stdout?.resume();
    proc.stderr?.resume();
    setRef(proc, false);
    spare = s;
  } catch {
    // No spare: the first query forks its own child.
  }
}

/** The spare for this worker script, if one is alive (it is then no longer the spare). */
export function takeSpare(workerPath: string): ChildProcess | undefined {
  const s = spare;
  spare = undefined;
  // Node knows of its end (exit code or signal): its 'close' may already have been emitted.
  const ended = s !== undefined && (s.proc.exitCode !== null || s.proc.signalCode !== null);
  if (!s || s.dead || ended || s.workerPath !== workerPath || !s.proc.connected) {
    if (s && !s.dead) s.proc.kill();
    return undefined;
  }
  s.proc.removeAllListeners('exit');
  s.proc.removeAllListeners('error');
  return s.proc;
}

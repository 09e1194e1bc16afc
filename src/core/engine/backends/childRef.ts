// Whether a child process keeps its parent alive: an idle DuckDB worker must not hold the
// extension host or the CLI open, a busy one must (duckdbEngine.ts).
import type { ChildProcess } from 'child_process';

interface Refable {
  ref(): unknown;
  unref(): unknown;
}

function isRefable(value: unknown): value is Refable {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Refable>;
  return typeof r.ref === 'function' && typeof r.unref === 'function';
}

/** Lets the child (process, IPC channel, pipes) keep the parent alive, or not. */
export function setRef(proc: ChildProcess, on: boolean): void {
  for (const handle of [proc, proc.channel, proc.stdout, proc.stderr]) {
    if (isRefable(handle)) {
      if (on) handle.ref();
      else handle.unref();
    }
  }
}

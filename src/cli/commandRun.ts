// What the evaluating commands (run, diff, sql) share around the core (which chooses the engine
// a file runs on: core/run/kpiFileEngine.ts): Ctrl-C turned into an abort of the running
// query, and a report written to --out (atomically) or to stdout.
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../core/util/atomicWrite';
import type { CliIo } from './io';
import * as l10n from '../core/l10n/l10n';

/** Runs `work` with a signal that Ctrl-C aborts (the query stops in the engine, the command ends cleanly). */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    return await work(controller.signal);
  } finally {
    process.removeListener('SIGINT', onInterrupt);
  }
}

/** Writes a report to `out` (relative to the CLI's folder; folders created; atomically), or prints it. */
export async function writeReport(io: CliIo, text: string, out: string | undefined): Promise<void> {
  if (!out) {
    io.out(text);
    return;
  }
  const target = path.resolve(io.cwd, out);
  await fs.promises.mkdir(path.dirname(target), { recursive: true });
  await writeFileAtomic(target, text);
  io.err(`${l10n.t('wrote {0}', out)}\n`);
}

// How a command ends when the engine fails under it: "interrupted" and exit 130 when the
// user pressed Ctrl-C (the run was cancelled), else the engine's message and exit 1.
import { EngineError } from '../core/engine/backends/engine';
import type { CliIo } from './io';
import * as l10n from '../core/l10n/l10n';

/** The exit code for an engine failure (after printing it), or undefined when `err` is not one. */
export function engineFailure(io: CliIo, err: unknown, command: string): number | undefined {
  if (!(err instanceof EngineError)) return undefined;
  io.err(
    `kpilens: ${err.kind === 'cancelled' ? l10n.t('{0} interrupted', command) : l10n.t('the engine failed: {0}', err.message)}\n`,
  );
  return err.kind === 'cancelled' ? 130 : 1;
}

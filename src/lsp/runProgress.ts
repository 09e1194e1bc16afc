// The progress of a run shown by the client (LSP work-done progress): "KPI Lens — evaluating
// shop.kpi.yaml…" from the start of an evaluation to its end, cancellable from the client's
// progress UI. On the token of the `workspace/executeCommand` request when the client sent one,
// else on a token the server asks for (`window/workDoneProgress/create`) when the client said it
// supports work-done progress; with neither, nothing is shown (the library's null reporter).
import * as path from 'path';
import type { Connection, WorkDoneProgressReporter as Reporter } from 'vscode-languageserver/node';
import { WorkDoneProgressReporter } from 'vscode-languageserver/node';
import * as l10n from '../core/l10n/l10n';

/** Runs `work` inside a progress report for the KPI file `uri`; `cancel` stops the run when the user cancels the progress. */
export async function withRunProgress<T>(
  connection: Connection,
  uri: string,
  /** The library's reporter on the request's own token (a null reporter when the request brought none). */
  attached: Reporter | undefined,
  cancel: () => void,
  work: () => Promise<T>,
): Promise<T> {
  const name = path.posix.basename(decodeURIComponent(new URL(uri).pathname));
  let reporter: Reporter | undefined;
  if (attached !== undefined && !WorkDoneProgressReporter.isNullInstance(attached)) {
    // Client-initiated: a cancel arrives as the request's own cancellation (handled by the run).
    reporter = attached;
  } else {
    try {
      const created = await connection.window.createWorkDoneProgress();
      created.token.onCancellationRequested(cancel);
      reporter = created;
    } catch {
      reporter = undefined; // the client refused the token: run without progress
    }
  }
  reporter?.begin('KPI Lens', undefined, l10n.t('evaluating {0}…', name), true);
  try {
    return await work();
  } finally {
    reporter?.done();
  }
}

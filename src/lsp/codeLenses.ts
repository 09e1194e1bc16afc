// Code lenses on each KPI: "▶ Run" and, once the file was evaluated, its latest value in one
// line ("41 (2025-Q4) · ▲3 vs 2025-Q3 · target ≥ 30 ✓", core/language/latestValue.ts). The
// file runs on save (initializationOptions `runOnSave: false` turns that off) and on the
// commands `kpilens.run` [uri, kpi?] and `kpilens.cancel` [uri]; the client is asked to
// refresh its lenses when a result arrives (if it supports it). A run shows the client's
// work-done progress, cancellable there (runProgress.ts).
import * as path from 'path';
import type {
  CancellationToken,
  CodeLens,
  Connection,
  TextDocuments,
  WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { MessageType } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { describeLatest } from '../core/language/latestValue';
import * as l10n from '../core/l10n/l10n';
import { toLspRange } from './convert';
import type { KpiDocuments } from './documents';
import { isKpiUri } from './documents';
import type { KpiRuns, RunOutcome } from './runs';
import { withRunProgress } from './runProgress';

export const RUN_COMMAND = 'kpilens.run';
export const CANCEL_COMMAND = 'kpilens.cancel';

/** What a run command answers: the KPIs' latest values in words, or why there are none. */
export type RunCommandAnswer = { kpis: { name: string; latest: string }[] } | { cancelled: true } | { error: string };

export function registerCodeLenses(
  connection: Connection,
  open: TextDocuments<TextDocument>,
  documents: KpiDocuments,
  runs: KpiRuns,
  runOnSave: boolean,
): void {
  const kpiDocument = (uri: unknown): TextDocument | undefined =>
    typeof uri === 'string' && isKpiUri(uri) ? open.get(uri) : undefined;

  /** The answer to a run of `only` (default: every KPI of the file); a failure is also shown to the user. */
  const report = (doc: TextDocument, outcome: RunOutcome, only?: string[]): RunCommandAnswer => {
    if ('result' in outcome)
      return {
        kpis: outcome.result.kpis
          .filter((k) => !only || only.includes(k.name))
          .map((k) => ({ name: k.name, latest: describeLatest(k) })),
      };
    if ('cancelled' in outcome) return { cancelled: true };
    const message =
      'refused' in outcome
        ? outcome.refused
        : l10n.t('KPI Lens could not evaluate {0}: {1}', path.basename(doc.uri), outcome.failed);
    void connection.sendNotification('window/showMessage', {
      type: 'refused' in outcome ? MessageType.Warning : MessageType.Error,
      message,
    });
    return { error: message };
  };

  connection.onCodeLens(async ({ textDocument }) => {
    const doc = kpiDocument(textDocument.uri);
    if (!doc) return [];
    const { index } = await documents.get(doc);
    const lenses: CodeLens[] = [];
    for (const d of index.declarations.filter((x) => x.kind === 'kpi')) {
      const range = toLspRange(d.range);
      lenses.push({ range, command: { title: l10n.t('▶ Run'), command: RUN_COMMAND, arguments: [doc.uri, d.name] } });
      const latest = runs.latest(doc.uri, d.name);
      if (latest)
        lenses.push({ range, command: { title: describeLatest(latest), command: RUN_COMMAND, arguments: [doc.uri] } });
    }
    return lenses;
  });

  /** Runs the file (or `kpis`) with the client's progress report shown, cancellable there. */
  const runWithProgress = (
    doc: TextDocument,
    kpis?: string[],
    token?: CancellationToken,
    attached?: WorkDoneProgressReporter,
  ) =>
    withRunProgress(
      connection,
      doc.uri,
      attached,
      () => runs.cancel(doc.uri),
      () => runs.run(doc, kpis, token),
    );

  connection.onExecuteCommand(async ({ command, arguments: args }, token, workDone) => {
    const doc = kpiDocument(args?.[0]);
    if (!doc) return { error: l10n.t('Open a *.kpi.yaml file to run its KPIs.') };
    if (command === CANCEL_COMMAND) return { cancelled: runs.cancel(doc.uri) };
    if (command !== RUN_COMMAND) return { error: `unknown command ${command}` };
    const kpis = typeof args?.[1] === 'string' ? [args[1]] : undefined;
    return report(doc, await runWithProgress(doc, kpis, token, workDone), kpis);
  });

  if (runOnSave) {
    open.onDidSave((e) => {
      if (!isKpiUri(e.document.uri)) return;
      void documents
        .get(e.document)
        .then((state) =>
          state.root !== undefined
            ? runWithProgress(e.document).then((outcome) => report(e.document, outcome))
            : undefined,
        );
    });
  }
  open.onDidClose((e) => runs.forget(e.document.uri));
}

// The commands of the palette and of code lenses: run a KPI file (or one KPI), show its
// report (the report webview, or the table in the KPI Lens output channel), Show SQL, Export,
// new file from a template, open the sample.
import { listCustomers } from './listCustomers';
import * as vscode from 'vscode';
import { limitSegmentValues } from '../core/report/limitRows';
import { renderTable } from '../core/report/render/table';
import { compareWith } from './compareWith';
import { exportReport } from './exportReport';
import { newKpiFile, openSample } from './projectCommands';
import type { KpiDocuments } from './kpiDocuments';
import type { KpiResults } from './kpiResults';
import type { ReportPanels } from './reportPanel';
import type { SqlDocuments } from './showSql';
import { isKpiDocument } from './kpiDocuments';

async function documentFor(uri: vscode.Uri | undefined): Promise<vscode.TextDocument | undefined> {
  if (uri) return vscode.workspace.openTextDocument(uri);
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isKpiDocument(doc)) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a *.kpi.yaml file to run its KPIs.'));
    return undefined;
  }
  return doc;
}

/** The KPI whose definition holds the cursor, if any. */
async function kpiAtCursor(documents: KpiDocuments, editor: vscode.TextEditor): Promise<string | undefined> {
  const { index } = await documents.get(editor.document);
  const offset = editor.document.offsetAt(editor.selection.active);
  return index.declarations.find(
    (d) => d.kind === 'kpi' && offset >= d.fullRange.startOffset && offset <= d.fullRange.endOffset,
  )?.name;
}

export function registerCommands(
  context: vscode.ExtensionContext,
  documents: KpiDocuments,
  results: KpiResults,
  output: vscode.OutputChannel,
  reports: ReportPanels,
  sqlDocuments: SqlDocuments,
): vscode.Disposable[] {
  const show = (uri: vscode.Uri) => {
    const result = results.result(uri);
    if (!result) return;
    const max = vscode.workspace.getConfiguration('kpilens.report').get<number>('maxSegmentValues', 25);
    const { result: limited, omitted } = limitSegmentValues(result, Math.max(1, max));
    output.clear();
    output.append(renderTable(limited));
    for (const [kpi, segments] of omitted) {
      for (const [segment, count] of segments)
        output.appendLine(
          vscode.l10n.t(
            "{0}: {1} more value(s) of segment '{2}' not shown (kpilens.report.maxSegmentValues = {3}); Export report has them all.",
            kpi,
            count,
            segment,
            max,
          ),
        );
    }
    output.show(true);
  };
  /** Evaluates a whole file with a cancellable progress notification. */
  const runWithProgress = (doc: vscode.TextDocument) =>
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: vscode.l10n.t('KPI Lens: evaluating {0}…', vscode.workspace.asRelativePath(doc.uri)),
        cancellable: true,
      },
      (_progress, token) => results.run(doc, undefined, token),
    );
  return [
    vscode.commands.registerCommand('kpilens.runFile', async (uri?: vscode.Uri) => {
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      const result = await runWithProgress(doc);
      if (result) show(doc.uri);
      return result;
    }),
    vscode.commands.registerCommand('kpilens.runKpi', async (uri: vscode.Uri, kpi: string) => {
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      return vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Window,
          title: vscode.l10n.t('KPI Lens: evaluating {0}…', kpi),
          cancellable: true,
        },
        (_progress, token) => results.run(doc, [kpi], token),
      );
    }),
    vscode.commands.registerCommand('kpilens.runKpiAtCursor', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !isKpiDocument(editor.document)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('Place the cursor in a KPI of a *.kpi.yaml file.'));
        return undefined;
      }
      const kpi = await kpiAtCursor(documents, editor);
      if (!kpi) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The cursor is not inside a KPI.'));
        return undefined;
      }
      return vscode.commands.executeCommand('kpilens.runKpi', editor.document.uri, kpi);
    }),
    vscode.commands.registerCommand('kpilens.showSql', async (uri?: vscode.Uri, kpi?: string) => {
      const editor = vscode.window.activeTextEditor;
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      const name =
        kpi ??
        (editor && editor.document.uri.toString() === doc.uri.toString()
          ? await kpiAtCursor(documents, editor)
          : undefined);
      return sqlDocuments.show(doc, name);
    }),
    vscode.commands.registerCommand('kpilens.newKpiFile', (template?: 'loyalty' | 'empty', target?: vscode.Uri) =>
      newKpiFile(template, target),
    ),
    vscode.commands.registerCommand('kpilens.openSample', (target?: vscode.Uri) =>
      openSample(context.extensionUri, target),
    ),
    vscode.commands.registerCommand('kpilens.exportReport', (uri?: vscode.Uri, format?: string, target?: vscode.Uri) =>
      exportReport(results, uri, format, target),
    ),
    // Runs the file and shows its report webview (created beside the editor, or revealed).
    vscode.commands.registerCommand('kpilens.runReport', async (uri?: vscode.Uri) => {
      const doc = await documentFor(uri);
      if (!doc) return undefined;
      const panel = reports.show(doc.uri, true);
      const rendered = panel.nextRender();
      const result = await runWithProgress(doc);
      if (result) await Promise.race([rendered, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      return result;
    }),
    // Shows the report webview of a file with its last results (running it when it has none).
    vscode.commands.registerCommand('kpilens.showReport', async (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (!target) return undefined;
      reports.show(target);
      return results.result(target);
    }),
    // The last results as a text table in the output channel.
    vscode.commands.registerCommand('kpilens.showReportText', (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      if (target) show(target);
    }),
    // The file (as in the editor) against its version at a git ref, in the report view.
    vscode.commands.registerCommand('kpilens.compareWith', async (uri?: vscode.Uri, ref?: string) => {
      const doc = await documentFor(uri);
      return doc ? compareWith(reports, doc, ref) : undefined;
    }),
    // For tests and automation: what the report view of a file last said it rendered.
    vscode.commands.registerCommand('kpilens.listCustomers', (uri?: vscode.Uri, segment?: string, value?: string) =>
      listCustomers(documents, results, uri, segment, value),
    ),
    vscode.commands.registerCommand('kpilens.reportViewState', (uri: vscode.Uri) => reports.panelOf(uri)?.rendered),
  ];
}

// The VS Code extension's entry point: wires the core to the editor — diagnostics, hovers,
// navigation, rename, outline, code lenses with values, the run commands, the report
// webview, the KPI tests in the Test Explorer, Show SQL and the connections' passwords. It computes nothing itself; the engine
// (DuckDB) starts in its own process on the first run only.
import * as path from 'path';
import * as vscode from 'vscode';
import { KpiCodeLenses } from './codeLenses';
import { registerCommands } from './commands';
import { registerConnectionCommands } from './connectionCommands';
import { ConnectionSecrets } from './connectionSecrets';
import { DataFileWatcher } from './dataWatcher';
import { KpiDiagnostics } from './diagnostics';
import { KpiDocuments, KPI_SELECTOR } from './kpiDocuments';
import { KpiResults } from './kpiResults';
import { registerLanguageFeatures } from './languageFeatures';
import { KpiQuickFixes } from './quickFixes';
import { ReportPanels } from './reportPanel';
import { SQL_SCHEME, SqlDocuments } from './showSql';
import { KpiStatusBar } from './statusBar';
import { KpiTestExplorer } from './kpiTests';
import { REPORT_VIEW_TYPE } from '../core/report/viewProtocol';
import { useLocale } from '../core/l10n/l10n';

export function activate(context: vscode.ExtensionContext): void {
  // The core's texts and number formats follow VS Code's display language, from the same bundle.
  useLocale(vscode.env.language, vscode.l10n.bundle);
  const output = vscode.window.createOutputChannel('KPI Lens');
  const documents = new KpiDocuments();
  // The columnar cache (Parquet copies of CSV/JSON data files) lives in the workspace's storage.
  const storage = context.storageUri ?? context.globalStorageUri;
  // Database passwords live in SecretStorage, handed to the engine in memory only.
  const secrets = new ConnectionSecrets(context.secrets);
  const results = new KpiResults(documents, output, storage ? path.join(storage.fsPath, 'cache') : undefined, secrets);
  const sqlDocuments = new SqlDocuments(results);
  const diagnostics = new KpiDiagnostics(documents);
  const reports = new ReportPanels(context.extensionUri, results, documents);
  context.subscriptions.push(output, results, diagnostics, reports, sqlDocuments);
  diagnostics.start(context);
  const kpiTests = new KpiTestExplorer();
  context.subscriptions.push(kpiTests);
  void kpiTests.discoverAll();
  context.subscriptions.push(
    ...registerLanguageFeatures(documents, results),
    vscode.languages.registerCodeLensProvider(KPI_SELECTOR, new KpiCodeLenses(documents, results)),
    vscode.languages.registerCodeActionsProvider(KPI_SELECTOR, new KpiQuickFixes(documents), {
      providedCodeActionKinds: KpiQuickFixes.kinds,
    }),
    new KpiStatusBar(results),
    new DataFileWatcher(documents, results),
    ...registerCommands(context, documents, results, output, reports, sqlDocuments),
    ...registerConnectionCommands(secrets),
    vscode.workspace.registerTextDocumentContentProvider(SQL_SCHEME, sqlDocuments),
    vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, reports.serializer()),
    // KPI tests of a file (default: the active editor's) through the Test Explorer's run handler.
    vscode.commands.registerCommand('kpilens.runKpiTests', (uri?: vscode.Uri) => {
      const target = uri ?? vscode.window.activeTextEditor?.document.uri;
      return target ? kpiTests.runFileTests(target) : undefined;
    }),
    // For tests and automation: the Test Explorer's items and the last run's outcomes.
    vscode.commands.registerCommand('kpilens.kpiTestsState', (uri?: vscode.Uri) => kpiTests.state(uri)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      documents.forget(d);
      results.forget(d.uri);
      sqlDocuments.forget(d.uri);
    }),
    // A file already evaluated is evaluated again when saved, so its lenses stay current.
    vscode.workspace.onDidSaveTextDocument((d) => {
      const autoRun = vscode.workspace.getConfiguration('kpilens').get<boolean>('autoRunOnSave', true);
      if (autoRun && results.result(d.uri)) void results.run(d);
    }),
  );
}

export function deactivate(): void {
  // Disposables registered in activate() are released by VS Code.
}

// Live diagnostics for *.kpi.yaml / *.kpi.yml files: the core validator runs on the editor's
// text (debounced while typing), and on save/open. In a restricted (untrusted) workspace
// only the text is checked; data files are not read (see KpiDocuments). A change of a
// kpilens.connections.yaml checks the open KPI files again (their connection names).
import * as vscode from 'vscode';
import { CONNECTIONS_FILE } from '../core/engine/connections/connections';
import { toVsDiagnostic } from './convert';
import type { KpiDocuments } from './kpiDocuments';
import { isKpiDocument } from './kpiDocuments';

const DEBOUNCE_MS = 250;

export class KpiDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kpilens');
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly documents: KpiDocuments) {}

  start(context: vscode.ExtensionContext): void {
    const connections = vscode.workspace.createFileSystemWatcher(`**/${CONNECTIONS_FILE}`);
    const recheck = () => {
      for (const d of vscode.workspace.textDocuments) {
        if (!isKpiDocument(d)) continue;
        this.documents.forget(d);
        this.schedule(d, DEBOUNCE_MS);
      }
    };
    context.subscriptions.push(
      connections,
      connections.onDidCreate(recheck),
      connections.onDidChange(recheck),
      connections.onDidDelete(recheck),
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() =>
        vscode.workspace.textDocuments.forEach((d) => {
          this.documents.forget(d);
          this.schedule(d, 0);
        }),
      ),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isKpiDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.validate(doc), delay),
    );
  }

  private async validate(doc: vscode.TextDocument): Promise<void> {
    this.timers.delete(doc.uri.toString());
    const version = doc.version;
    try {
      const { check } = await this.documents.get(doc);
      if (doc.version !== version || doc.isClosed) return; // a newer run is on its way
      this.collection.set(doc.uri, check.diagnostics.map(toVsDiagnostic));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.collection.set(doc.uri, [
        new vscode.Diagnostic(
          new vscode.Range(0, 0, 0, 0),
          `KPI Lens could not check this file (internal error: ${message})`,
          vscode.DiagnosticSeverity.Warning,
        ),
      ]);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

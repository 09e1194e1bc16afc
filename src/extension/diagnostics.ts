// Live diagnostics for *.kpi.yaml / *.kpi.yml files: the core validator runs on the editor's
// text (debounced while typing), and on save/open. In a restricted (untrusted) workspace
// only the text is checked; data files are not read.
import * as vscode from 'vscode';
import { checkKpiFile } from '../core/spec/checkFile';
import { HeaderCache } from '../core/data/headerCache';
import { toVsDiagnostic } from './convert';

const DEBOUNCE_MS = 250;

export function isKpiDocument(doc: vscode.TextDocument): boolean {
  return /\.kpi\.ya?ml$/i.test(doc.uri.path);
}

export class KpiDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('kpilens');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly versions = new Map<string, number>();
  private readonly headers = new HeaderCache();

  start(context: vscode.ExtensionContext): void {
    context.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidGrantWorkspaceTrust(() => vscode.workspace.textDocuments.forEach((d) => this.schedule(d, 0))),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (!isKpiDocument(doc)) return;
    const key = doc.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => void this.validate(doc), delay));
  }

  private async validate(doc: vscode.TextDocument): Promise<void> {
    const key = doc.uri.toString();
    this.timers.delete(key);
    const version = doc.version;
    this.versions.set(key, version);
    try {
      const result = await checkKpiFile(doc.uri.fsPath, doc.getText(), { data: vscode.workspace.isTrusted && doc.uri.scheme === 'file', headers: this.headers });
      if (this.versions.get(key) !== version || doc.isClosed) return; // a newer run is on its way
      this.collection.set(doc.uri, result.diagnostics.map(toVsDiagnostic));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.collection.set(doc.uri, [new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), `KPI Lens could not check this file (internal error: ${message})`, vscode.DiagnosticSeverity.Warning)]);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.collection.dispose();
  }
}

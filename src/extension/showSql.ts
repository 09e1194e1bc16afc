// "KPI Lens: Show SQL": the SQL each KPI of a file runs (or of the KPI under the cursor), in
// the dialect of the engine that runs it — DuckDB on data files, PostgreSQL on table sources
// — as the core's listing records it while each KPI really runs: the text `kpilens sql FILE`
// prints. Shown in a read-only virtual document (scheme `kpilens-sql`, language `sql`), one
// per KPI file and KPI, refreshed each time the command runs.
import * as path from 'path';
import * as vscode from 'vscode';
import type { KpiResults } from './kpiResults';

export const SQL_SCHEME = 'kpilens-sql';

export class SqlDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly results: KpiResults) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** The virtual document's address for a KPI file (and KPI): its name ends in .sql. */
  static uriOf(doc: vscode.Uri, kpi?: string): vscode.Uri {
    const name = `${path.posix.basename(doc.path)}${kpi ? ` (${kpi})` : ''}.sql`;
    return vscode.Uri.from({
      scheme: SQL_SCHEME,
      path: `/${name}`,
      query: new URLSearchParams({ file: doc.toString(), ...(kpi ? { kpi } : {}) }).toString(),
    });
  }

  /** Lists the SQL and opens (or refreshes) its document; returns the text, or undefined when it could not run. */
  async show(doc: vscode.TextDocument, kpi?: string): Promise<string | undefined> {
    const title = kpi
      ? vscode.l10n.t('KPI Lens: SQL of {0}…', kpi)
      : vscode.l10n.t('KPI Lens: SQL of {0}…', vscode.workspace.asRelativePath(doc.uri));
    const text = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      (_progress, token) => this.results.sqlListing(doc, kpi, token),
    );
    if (text === undefined) return undefined;
    const uri = SqlDocuments.uriOf(doc.uri, kpi);
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    let sqlDoc = await vscode.workspace.openTextDocument(uri);
    if (sqlDoc.languageId !== 'sql') sqlDoc = await vscode.languages.setTextDocumentLanguage(sqlDoc, 'sql');
    await vscode.window.showTextDocument(sqlDoc, { preview: true });
    return text;
  }

  /** Drops the text of a closed SQL document. */
  forget(uri: vscode.Uri): void {
    if (uri.scheme === SQL_SCHEME) this.texts.delete(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}

// Diagnostics as the user types: each change of a KPI file is checked (debounced) by the
// incremental checker, with the data checks inside a workspace root, and published with the
// document's version; a result for an older version is dropped. Closing a file clears them.
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { toLspDiagnostic } from './convert';
import type { KpiDocuments } from './documents';
import { isKpiUri } from './documents';

const DEBOUNCE_MS = 150;

export class KpiDiagnostics {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: KpiDocuments,
    private readonly open: TextDocuments<TextDocument>,
  ) {}

  start(): void {
    this.open.onDidOpen((e) => this.schedule(e.document, 0));
    this.open.onDidChangeContent((e) => this.schedule(e.document, DEBOUNCE_MS));
    this.open.onDidSave((e) => this.schedule(e.document, 0));
    this.open.onDidClose((e) => {
      clearTimeout(this.timers.get(e.document.uri));
      this.timers.delete(e.document.uri);
      this.documents.forget(e.document.uri);
      void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  /** Checks every open KPI file again (a connections file or the data changed). */
  recheckAll(): void {
    for (const doc of this.open.all()) {
      this.documents.forget(doc.uri);
      this.schedule(doc, 0);
    }
  }

  private schedule(doc: TextDocument, delay: number): void {
    if (!isKpiUri(doc.uri)) return;
    clearTimeout(this.timers.get(doc.uri));
    this.timers.set(
      doc.uri,
      setTimeout(() => void this.validate(doc.uri), delay),
    );
  }

  private async validate(uri: string): Promise<void> {
    this.timers.delete(uri);
    const doc = this.open.get(uri);
    if (!doc) return;
    const version = doc.version;
    try {
      const { check } = await this.documents.get(doc);
      if (this.open.get(uri)?.version !== version) return; // a newer check is on its way
      await this.connection.sendDiagnostics({ uri, version, diagnostics: check.diagnostics.map(toLspDiagnostic) });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.connection.console.error(`kpilens: could not check ${uri}: ${message}`);
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
  }
}

// Re-evaluates a KPI file when a data file it reads changes on disk (an export refreshed,
// a CSV regenerated), debounced so a file written in several chunks runs once.
import * as vscode from 'vscode';
import type { KpiDocuments } from './kpiDocuments';
import type { KpiResults } from './kpiResults';

const DEBOUNCE_MS = 500;

export class DataFileWatcher implements vscode.Disposable {
  private readonly watcher = vscode.workspace.createFileSystemWatcher(
    '**/*.{csv,tsv,tab,parquet,pq,json,ndjson,jsonl}',
  );
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly documents: KpiDocuments,
    private readonly results: KpiResults,
  ) {
    const onFile = (uri: vscode.Uri) => void this.changed(uri);
    this.watcher.onDidChange(onFile);
    this.watcher.onDidCreate(onFile);
    this.watcher.onDidDelete(onFile);
  }

  private async changed(uri: vscode.Uri): Promise<void> {
    for (const doc of vscode.workspace.textDocuments) {
      if (!this.results.result(doc.uri)) continue;
      // Headers may have changed too: check the file again before running it.
      this.documents.forget(doc);
      const { check } = await this.documents.get(doc);
      const reads = [...check.sources.values()].some((s) => s.files.includes(uri.fsPath));
      if (!reads) continue;
      const key = doc.uri.toString();
      clearTimeout(this.timers.get(key));
      this.timers.set(
        key,
        setTimeout(() => {
          this.timers.delete(key);
          void this.results.run(doc);
        }, DEBOUNCE_MS),
      );
    }
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.watcher.dispose();
  }
}

// Evaluates KPI files with the core engine (DuckDB in its own child process, started on the
// first run) and keeps each file's latest results for code lenses and hovers. Runs only in
// a trusted workspace; a newer run of the same file supersedes an older one.
import * as path from 'path';
import * as vscode from 'vscode';
import { EngineError } from '../core/engine/engine';
import type { Engine } from '../core/engine/engine';
import { KpiRunner } from '../core/engine/kpiRunner';
import type { KpiResult, RunResult } from '../core/report/resultModel';
import type { KpiDocuments } from './kpiDocuments';

export class KpiResults implements vscode.Disposable {
  private readonly results = new Map<string, RunResult>();
  private readonly running = new Map<string, AbortController>();
  private runner: KpiRunner | undefined;
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly runningChanged = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChangeRunning = this.runningChanged.event;
  private readonly failed = new vscode.EventEmitter<{ uri: vscode.Uri; message: string }>();
  /** A run that could not evaluate the file (the message the user was shown). */
  readonly onDidFail = this.failed.event;

  /** `cacheDir`: the columnar cache's folder, in the extension's workspace storage. */
  constructor(private readonly documents: KpiDocuments, private readonly output: vscode.OutputChannel, private readonly cacheDir?: string) {}

  kpi(uri: vscode.Uri, name: string): KpiResult | undefined {
    return this.results.get(uri.toString())?.kpis.find((k) => k.name === name);
  }

  isRunning(uri: vscode.Uri): boolean {
    return this.running.has(uri.toString());
  }

  /** Stops the run of a file, if one is under way. */
  cancel(uri: vscode.Uri): void {
    this.running.get(uri.toString())?.abort();
  }

  result(uri: vscode.Uri): RunResult | undefined {
    return this.results.get(uri.toString());
  }

  /** One runner (one engine) for the session, with the engine settings read when it starts. */
  private runnerNow(): KpiRunner {
    if (!this.runner) {
      const settings = vscode.workspace.getConfiguration('kpilens.engine');
      const memoryLimit = settings.get<string>('memoryLimit') || undefined;
      const threads = settings.get<number>('threads') || undefined;
      const maxSizeMB = vscode.workspace.getConfiguration('kpilens.cache').get<number>('maxSizeMB', 2048);
      // maxSizeMB 0 turns the cache off.
      const cache = this.cacheDir && maxSizeMB > 0 ? { cacheDir: this.cacheDir, cacheMaxBytes: maxSizeMB * 1024 * 1024 } : {};
      this.runner = new KpiRunner({ memoryLimit, threads, ...cache });
    }
    return this.runner;
  }

  /** Evaluates a document; returns its result, or undefined when it could not run. */
  async run(doc: vscode.TextDocument, kpis?: string[], token?: vscode.CancellationToken, wrap?: (engine: Engine) => Engine): Promise<RunResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('KPI Lens evaluates KPIs only in a trusted workspace.'));
      this.failed.fire({ uri: doc.uri, message: 'KPI Lens evaluates KPIs only in a trusted workspace (Restricted Mode is on).' });
      return undefined;
    }
    const key = doc.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    this.runningChanged.fire(doc.uri);
    token?.onCancellationRequested(() => controller.abort());
    this.output.appendLine(`[run] ${vscode.workspace.asRelativePath(doc.uri)}${kpis ? ` (${kpis.join(', ')})` : ''}`);
    const { check } = await this.documents.get(doc);
    try {
      // Show SQL (wrap) records every statement: nothing is taken from earlier runs then.
      const result = await this.runnerNow().run(check, { wrap, useMemo: wrap === undefined, kpis, signal: controller.signal, displayPath: vscode.workspace.asRelativePath(doc.uri) });
      if (controller.signal.aborted) return undefined;
      const previous = this.results.get(key);
      // A partial run (some KPIs) updates those KPIs and keeps the others.
      const merged: RunResult = kpis && previous ? { ...result, kpis: [...previous.kpis.filter((k) => !kpis.includes(k.name)), ...result.kpis] } : result;
      this.results.set(key, merged);
      this.output.appendLine(`[run] ${result.kpis.length} KPI(s) as of ${result.as_of}; ${result.diagnostics.length} data diagnostic(s)`);
      this.changed.fire(doc.uri);
      return merged;
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'cancelled') return undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.output.appendLine(`[run] ${vscode.workspace.asRelativePath(doc.uri)}: ${message}`);
      void vscode.window.showErrorMessage(vscode.l10n.t('KPI Lens could not evaluate {0}: {1}', path.basename(doc.uri.fsPath), message));
      this.failed.fire({ uri: doc.uri, message: `Could not evaluate ${path.basename(doc.uri.fsPath)}: ${message}` });
      return undefined;
    } finally {
      if (this.running.get(key) === controller) {
        this.running.delete(key);
        this.runningChanged.fire(doc.uri);
      }
    }
  }

  dispose(): void {
    for (const c of this.running.values()) c.abort();
    void this.runner?.close();
    this.changed.dispose();
    this.runningChanged.dispose();
    this.failed.dispose();
  }
}

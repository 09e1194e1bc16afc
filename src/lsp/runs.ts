// Evaluates KPI files for their code lenses and hovers: on save (unless the client turned it
// off) and on the `kpilens.run` command, through the core's runKpiFile with one session
// KpiRunner (DuckDB in its child process, no columnar cache: the server writes no file), or
// PostgreSQL for table sources (passwords from the environment, as the CLI). Only files inside
// a workspace root run, on the check that root gave them. A newer run of a file aborts the
// older one; `kpilens.cancel`, the request's cancellation and shutdown abort it too.
import type { CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EngineError } from '../core/engine/backends/engine';
import { KpiRunner } from '../core/engine/kpiRunner';
import type { KpiResult, RunResult } from '../core/report/resultModel';
import { runKpiFile } from '../core/run/runKpiFile';
import type { KpiDocuments } from './documents';
import * as path from 'path';
import * as l10n from '../core/l10n/l10n';

export type RunOutcome = { result: RunResult } | { cancelled: true } | { refused: string } | { failed: string };

export class KpiRuns {
  private readonly results = new Map<string, RunResult>();
  private readonly running = new Map<string, AbortController>();
  private runner: KpiRunner | undefined;

  constructor(
    private readonly documents: KpiDocuments,
    private readonly changed: (uri: string) => void,
  ) {}

  latest(uri: string, kpi: string): KpiResult | undefined {
    return this.results.get(uri)?.kpis.find((k) => k.name === kpi);
  }

  isRunning(uri: string): boolean {
    return this.running.has(uri);
  }

  /** Evaluates the document (all its KPIs, or `kpis`); a file outside every workspace root is refused. */
  async run(doc: TextDocument, kpis?: string[], token?: CancellationToken): Promise<RunOutcome> {
    const state = await this.documents.get(doc);
    if (state.root === undefined)
      return { refused: l10n.t('KPI Lens evaluates only the KPI files inside the workspace the editor opened.') };
    this.running.get(doc.uri)?.abort();
    const controller = new AbortController();
    this.running.set(doc.uri, controller);
    const cancel = token?.onCancellationRequested(() => controller.abort());
    try {
      this.runner ??= new KpiRunner();
      const run = await runKpiFile(state.file, state.check, {
        runner: this.runner,
        kpis,
        signal: controller.signal,
        displayPath: path.relative(state.root, state.file),
      });
      if (controller.signal.aborted) return { cancelled: true };
      const previous = this.results.get(doc.uri);
      // A partial run (some KPIs) updates those KPIs and keeps the others.
      const merged: RunResult =
        kpis && previous
          ? { ...run.result, kpis: [...previous.kpis.filter((k) => !kpis.includes(k.name)), ...run.result.kpis] }
          : run.result;
      this.results.set(doc.uri, merged);
      this.changed(doc.uri);
      return { result: merged };
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'cancelled') return { cancelled: true };
      return { failed: err instanceof Error ? err.message : String(err) };
    } finally {
      cancel?.dispose();
      if (this.running.get(doc.uri) === controller) this.running.delete(doc.uri);
    }
  }

  /** Stops the run of a file, if one is under way. */
  cancel(uri: string): boolean {
    const controller = this.running.get(uri);
    controller?.abort();
    return controller !== undefined;
  }

  forget(uri: string): void {
    this.cancel(uri);
    this.results.delete(uri);
  }

  async dispose(): Promise<void> {
    for (const c of this.running.values()) c.abort();
    await this.runner?.close();
    this.runner = undefined;
  }
}

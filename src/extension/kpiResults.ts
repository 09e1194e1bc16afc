// Evaluates KPI files through the core's runKpiFile (DuckDB in its own child process, started
// on the first run and kept by one KpiRunner with the columnar cache and the memo) and keeps
// each file's latest results — stamped, with the spec's and the data's diagnostics, as the
// report view and Export report show them — for code lenses and hovers. Files whose
// sources are tables run on their connection's PostgreSQL server (password from
// SecretStorage, else the environment; a pool per run, closed after it); a failing
// connection becomes a notification and a `connection-failed` diagnostic on the sources'
// `connection:` values, the tables' columns are checked when the file runs. Runs only in a
// trusted workspace (no connection is opened otherwise); a newer run of a file supersedes an
// older one.
import { runCustomerListing } from '../core/run/customerListingRun';
import type { CustomerListingRun } from '../core/run/customerListingRun';
import type { SegmentFilter } from '../core/report/customerListing';
import * as path from 'path';
import * as vscode from 'vscode';
import { EngineError } from '../core/engine/backends/engine';
import { KpiRunner } from '../core/engine/kpiRunner';
import type { PostgresConnectionSettings } from '../core/engine/backends/postgresEngine';
import { sqlListingText } from '../core/engine/evaluation/sqlListing';
import { connectionFailure } from '../core/engine/connections/connectionChecks';
import { kpiFileConnection, openKpiFileEngine, type RunnableConnection } from '../core/run/kpiFileEngine';
import { runKpiFile } from '../core/run/runKpiFile';
import type { KpiResult, RunResult } from '../core/report/resultModel';
import type { CheckResult } from '../core/kpifile/checkFile';
import type { Diagnostic } from '../core/kpifile/diagnostic';
import type { ConnectionSecrets } from './connectionSecrets';
import { toVsDiagnostic } from './convert';
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

  /** Problems found when a file ran on a connection: the connection failed, a table lacks a column, a table is missing. */
  private readonly runProblems = vscode.languages.createDiagnosticCollection('kpilens-run');

  /** `cacheDir`: the columnar cache's folder, in the extension's workspace storage; `secrets`: the connections' stored passwords. */
  constructor(
    private readonly documents: KpiDocuments,
    private readonly output: vscode.OutputChannel,
    private readonly cacheDir?: string,
    private readonly secrets?: ConnectionSecrets,
  ) {}

  /** Completes a connection's settings with the password kept in SecretStorage (else the environment's stays). */
  private readonly withPassword = async (settings: PostgresConnectionSettings): Promise<PostgresConnectionSettings> =>
    this.secrets ? this.secrets.withPassword(settings) : settings;

  /** Shows the problems of a run on a connection in the Problems panel (replacing the file's earlier ones). */
  private showRunProblems(doc: vscode.TextDocument, problems: Diagnostic[]): void {
    if (problems.length) this.runProblems.set(doc.uri, problems.map(toVsDiagnostic));
    else this.runProblems.delete(doc.uri);
  }

  /** A failure of the file's connection: a notification, the log, and a diagnostic on each `connection:` of its sources. */
  private connectionFailed(
    doc: vscode.TextDocument,
    check: CheckResult,
    connectionName: string,
    message: string,
  ): void {
    this.showRunProblems(doc, connectionFailure(check.document, check.model, connectionName, message));
  }

  /**
   * The SQL of a file's KPIs (all, or `kpi`), recorded while each runs alone on the file's
   * engine and dialect — the core's listing that `kpilens sql` prints. Undefined (the user was
   * told why) when the workspace is not trusted or the file cannot run.
   */
  async sqlListing(
    doc: vscode.TextDocument,
    kpi?: string,
    token?: vscode.CancellationToken,
  ): Promise<string | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('KPI Lens evaluates KPIs only in a trusted workspace.'));
      return undefined;
    }
    const { check } = await this.documents.get(doc);
    let connection: RunnableConnection;
    try {
      connection = await kpiFileConnection(check, { resolveConnection: this.withPassword });
    } catch (err) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t(
          'KPI Lens could not evaluate {0}: {1}',
          path.basename(doc.uri.fsPath),
          err instanceof Error ? err.message : String(err),
        ),
      );
      return undefined;
    }
    const controller = new AbortController();
    token?.onCancellationRequested(() => controller.abort());
    // The engine runKpiFile runs the file on (the session's DuckDB runner, or the connection's PostgreSQL).
    const opened = openKpiFileEngine(check, connection, { runner: this.runnerNow() });
    try {
      return await sqlListingText(check, {
        engine: opened.engine,
        dialect: opened.dialect,
        kpis: kpi ? [kpi] : undefined,
        displayPath: vscode.workspace.asRelativePath(doc.uri),
        signal: controller.signal,
      });
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'cancelled') return undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.output.appendLine(`[sql] ${vscode.workspace.asRelativePath(doc.uri)}: ${message}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('KPI Lens could not evaluate {0}: {1}', path.basename(doc.uri.fsPath), message),
      );
      if (connection.kind === 'postgres' && err instanceof EngineError)
        this.connectionFailed(doc, check, connection.settings.name, message);
      return undefined;
    } finally {
      await opened.close();
    }
  }

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
  /** The customer listing of a predictive clv KPI (listCustomers.ts), on the session's runner; customer-level: never kept here. */
  async customerListing(
    doc: vscode.TextDocument,
    kpi: string,
    filter: SegmentFilter | undefined,
    token?: vscode.CancellationToken,
  ): Promise<CustomerListingRun> {
    const { check } = await this.documents.get(doc);
    const controller = new AbortController();
    token?.onCancellationRequested(() => controller.abort());
    return runCustomerListing(doc.uri.fsPath, check, kpi, filter, {
      runner: this.runnerNow(),
      signal: controller.signal,
      displayPath: vscode.workspace.asRelativePath(doc.uri),
      resolveConnection: this.withPassword,
    });
  }

  private runnerNow(): KpiRunner {
    if (!this.runner) {
      const settings = vscode.workspace.getConfiguration('kpilens.engine');
      const memoryLimit = settings.get<string>('memoryLimit') || undefined;
      const threads = settings.get<number>('threads') || undefined;
      const maxSizeMB = vscode.workspace.getConfiguration('kpilens.cache').get<number>('maxSizeMB', 2048);
      // maxSizeMB 0 turns the cache off.
      const cache =
        this.cacheDir && maxSizeMB > 0 ? { cacheDir: this.cacheDir, cacheMaxBytes: maxSizeMB * 1024 * 1024 } : {};
      this.runner = new KpiRunner({ memoryLimit, threads, ...cache });
    }
    return this.runner;
  }

  /** Evaluates a document; returns its result, or undefined when it could not run. */
  async run(
    doc: vscode.TextDocument,
    kpis?: string[],
    token?: vscode.CancellationToken,
  ): Promise<RunResult | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(vscode.l10n.t('KPI Lens evaluates KPIs only in a trusted workspace.'));
      this.failed.fire({
        uri: doc.uri,
        message: 'KPI Lens evaluates KPIs only in a trusted workspace (Restricted Mode is on).',
      });
      return undefined;
    }
    const key = doc.uri.toString();
    this.running.get(key)?.abort();
    const controller = new AbortController();
    this.running.set(key, controller);
    this.runningChanged.fire(doc.uri);
    token?.onCancellationRequested(() => controller.abort());
    this.output.appendLine(`[run] ${vscode.workspace.asRelativePath(doc.uri)}${kpis ? ` (${kpis.join(', ')})` : ''}`);
    // The connection the run opens (its name, for a connection-failed diagnostic).
    let connectionName: string | undefined;
    let check: CheckResult | undefined;
    // The sources' data tests and freshness that failed, at their keys in the file (Problems panel).
    let sourceProblems: Diagnostic[] = [];
    try {
      check = (await this.documents.get(doc)).check;
      const run = await runKpiFile(doc.uri.fsPath, check, {
        runner: this.runnerNow(),
        kpis,
        signal: controller.signal,
        displayPath: vscode.workspace.asRelativePath(doc.uri),
        onSourceChecks: (outcomes) => (sourceProblems = outcomes.flatMap((o) => (o.diagnostic ? [o.diagnostic] : []))),
        resolveConnection: (settings) => {
          connectionName = settings.name;
          return this.withPassword(settings);
        },
      });
      const result = run.result;
      // On a connection: the tables' missing columns and the run's data errors (a missing table…) where they are
      // written; on every engine: the sources' failed data tests and freshness.
      if (run.connection.kind === 'postgres') {
        const columnProblems = run.check.diagnostics.filter((d) => !check?.diagnostics.includes(d));
        this.showRunProblems(doc, [
          ...columnProblems,
          ...run.dataDiagnostics.filter((d) => d.severity === 'error' && d.code === 'data-error'),
          ...sourceProblems,
        ]);
      } else {
        this.showRunProblems(doc, sourceProblems);
      }
      if (controller.signal.aborted) return undefined;
      const previous = this.results.get(key);
      // A partial run (some KPIs) updates those KPIs and keeps the others.
      const merged: RunResult =
        kpis && previous
          ? { ...result, kpis: [...previous.kpis.filter((k) => !kpis.includes(k.name)), ...result.kpis] }
          : result;
      this.results.set(key, merged);
      this.output.appendLine(
        `[run] ${result.kpis.length} KPI(s) as of ${result.as_of}; ${run.dataDiagnostics.length} data diagnostic(s)`,
      );
      this.changed.fire(doc.uri);
      return merged;
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'cancelled') return undefined;
      const message = err instanceof Error ? err.message : String(err);
      this.output.appendLine(`[run] ${vscode.workspace.asRelativePath(doc.uri)}: ${message}`);
      void vscode.window.showErrorMessage(
        vscode.l10n.t('KPI Lens could not evaluate {0}: {1}', path.basename(doc.uri.fsPath), message),
      );
      if (connectionName !== undefined && check && err instanceof EngineError)
        this.connectionFailed(doc, check, connectionName, message);
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
    this.runProblems.dispose();
  }

  /** Forgets the run problems of a closed file. */
  forget(uri: vscode.Uri): void {
    this.runProblems.delete(uri);
  }
}

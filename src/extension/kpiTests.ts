// KPI tests in VS Code's Test Explorer: a TestController lists the `tests:` of every KPI file
// of the workspace (one item per file, one child per test at its key), kept current as files
// are created, changed, saved or deleted; its run profile runs them with the core runner
// (core/testing/runKpiTests.ts, the real engine, each test through core/run/runKpiFile.ts;
// the file checked against the same data root as in the editor) and reports each failed expectation as a
// TestMessage at the expectation's line (expected vs actual). Evaluation needs a trusted
// workspace. The last run's outcomes are kept for `kpilens.kpiTestsState` (tests, automation).
import * as vscode from 'vscode';
import { checkKpiFile } from '../core/kpifile/checkFile';
import type { CheckResult } from '../core/kpifile/checkFile';
import { runKpiTests } from '../core/testing/runKpiTests';
import type { KpiTestOutcome } from '../core/testing/runKpiTests';
import { toVsRange } from './convert';
import { editorDataRoot } from './kpiDocuments';

const KPI_GLOB = '**/*.kpi.{yaml,yml}';
const EXCLUDE = '**/{node_modules,.git,out,dist}/**';

/** What a run said about one test item (for tests of the extension, through a command). */
export interface KpiTestItemState {
  id: string;
  label: string;
  /** 1-based line of the item in its file. */
  line: number | null;
  state: 'passed' | 'failed' | 'errored' | 'skipped' | null;
  messages: Array<{ message: string; line: number; column: number; expected?: string; actual?: string }>;
}

export class KpiTestExplorer implements vscode.Disposable {
  readonly controller = vscode.tests.createTestController('kpilens.tests', 'KPI tests');
  private readonly disposables: vscode.Disposable[] = [this.controller];
  private readonly outcomes = new Map<string, KpiTestItemState>();

  constructor() {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discoverAll();
    };
    this.controller.refreshHandler = () => this.discoverAll();
    this.controller.createRunProfile(
      'Run KPI tests',
      vscode.TestRunProfileKind.Run,
      (request, token) => this.run(request, token),
      true,
    );
    const watcher = vscode.workspace.createFileSystemWatcher(KPI_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => void this.discoverFile(uri)),
      watcher.onDidChange((uri) => void this.discoverFile(uri)),
      watcher.onDidDelete((uri) => this.controller.items.delete(uri.toString())),
      vscode.workspace.onDidSaveTextDocument((doc) => void this.discoverFile(doc.uri, doc.getText())),
      // A file opened in the editor is listed even when the watcher missed its creation (a
      // recursive watcher can miss files created right after their new folder).
      vscode.workspace.onDidOpenTextDocument((doc) => void this.discoverFile(doc.uri, doc.getText())),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  /** Lists the tests of every KPI file of the workspace. */
  async discoverAll(): Promise<void> {
    const files = await vscode.workspace.findFiles(KPI_GLOB, EXCLUDE);
    await Promise.all(files.map((uri) => this.discoverFile(uri)));
  }

  /** (Re)lists the tests of one file; a file without tests has no item. */
  async discoverFile(uri: vscode.Uri, text?: string): Promise<vscode.TestItem | undefined> {
    if (uri.scheme !== 'file' || !/\.kpi\.ya?ml$/i.test(uri.path)) return undefined;
    let source = text;
    if (source === undefined) {
      try {
        source = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        this.controller.items.delete(uri.toString());
        return undefined;
      }
    }
    const check = await checkKpiFile(uri.fsPath, source, { data: false });
    if (check.model.tests.size === 0) {
      this.controller.items.delete(uri.toString());
      return undefined;
    }
    const file = this.controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri);
    file.children.replace(
      [...check.model.tests.keys()].map((name) => {
        const item = this.controller.createTestItem(`${uri.toString()}#${name}`, name, uri);
        item.range = toVsRange(check.document.rangeOf(['tests', name], 'key'));
        const description = check.model.tests.get(name)?.description;
        if (description) item.description = description;
        return item;
      }),
    );
    this.controller.items.add(file);
    return file;
  }

  /** The run profile's handler: the requested files or tests (default all), file by file. */
  async run(request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
    const run = this.controller.createTestRun(request);
    try {
      const byFile = new Map<string, { file: vscode.TestItem; tests: vscode.TestItem[] }>();
      const roots: vscode.TestItem[] = request.include ? [...request.include] : [];
      if (!request.include) this.controller.items.forEach((item) => roots.push(item));
      const excluded = new Set((request.exclude ?? []).map((t) => t.id));
      for (const item of roots) {
        const file = item.parent ?? item;
        const entry = byFile.get(file.id) ?? { file, tests: [] };
        const tests: vscode.TestItem[] = [];
        if (item.parent) tests.push(item);
        else item.children.forEach((child) => tests.push(child));
        entry.tests.push(...tests.filter((t) => !excluded.has(t.id)));
        byFile.set(file.id, entry);
      }
      for (const { file, tests } of byFile.values()) {
        if (token.isCancellationRequested) {
          for (const t of tests) this.record(run, t, 'skipped');
          continue;
        }
        await this.runFile(run, file, tests, token);
      }
    } finally {
      run.end();
    }
  }

  private async runFile(
    run: vscode.TestRun,
    file: vscode.TestItem,
    tests: vscode.TestItem[],
    token: vscode.CancellationToken,
  ): Promise<void> {
    for (const t of tests) run.started(t);
    const uri = file.uri;
    if (!uri) return;
    if (!vscode.workspace.isTrusted) {
      for (const t of tests)
        this.record(run, t, 'errored', [
          new vscode.TestMessage('KPI Lens runs KPI tests only in a trusted workspace (Restricted Mode is on).'),
        ]);
      return;
    }
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    const text = open ? open.getText() : new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // Checked against the editor's data root (kpiDocuments.ts), so the tests read what the editor checks.
    const check: CheckResult = await checkKpiFile(uri.fsPath, text, { dataRoot: editorDataRoot(uri) });
    const names = tests.map((t) => t.label);
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    let outcomes: KpiTestOutcome[];
    try {
      outcomes = await runKpiTests(check, { tests: names, signal: controller.signal });
    } catch (err) {
      const message = new vscode.TestMessage(
        vscode.l10n.t('the KPI tests could not run: {0}', err instanceof Error ? err.message : String(err)),
      );
      for (const t of tests) this.record(run, t, 'errored', [message]);
      return;
    } finally {
      sub.dispose();
    }
    const specErrors = check.diagnostics.filter((d) => d.severity === 'error');
    for (const t of tests) {
      const outcome = outcomes.find((o) => o.name === t.label);
      if (!outcome) {
        this.record(run, t, 'skipped');
        continue;
      }
      if (outcome.passed) {
        this.record(run, t, 'passed');
        continue;
      }
      const messages: vscode.TestMessage[] = [];
      for (const d of [...specErrors, ...outcome.errors]) {
        const m = new vscode.TestMessage(`${d.message} [${d.code}]`);
        m.location = new vscode.Location(uri, toVsRange(d.range));
        messages.push(m);
      }
      for (const e of outcome.expectations) {
        if (e.passed) continue;
        const m = new vscode.TestMessage(e.message);
        // Expected vs actual, for the Test Explorer's diff view.
        if (e.actual !== undefined) {
          m.expectedOutput = String(e.expected);
          m.actualOutput = String(e.actual);
        }
        m.location = new vscode.Location(uri, toVsRange(e.range));
        messages.push(m);
      }
      this.record(run, t, 'failed', messages);
    }
  }

  private record(
    run: vscode.TestRun,
    item: vscode.TestItem,
    state: NonNullable<KpiTestItemState['state']>,
    messages: vscode.TestMessage[] = [],
  ): void {
    if (state === 'passed') run.passed(item);
    else if (state === 'failed') run.failed(item, messages);
    else if (state === 'errored') run.errored(item, messages);
    else run.skipped(item);
    this.outcomes.set(item.id, {
      id: item.id,
      label: item.label,
      line: item.range ? item.range.start.line + 1 : null,
      state,
      messages: messages.map((m) => ({
        message: typeof m.message === 'string' ? m.message : m.message.value,
        line: (m.location?.range.start.line ?? -1) + 1,
        column: (m.location?.range.start.character ?? -1) + 1,
        ...(m.expectedOutput !== undefined ? { expected: m.expectedOutput } : {}),
        ...(m.actualOutput !== undefined ? { actual: m.actualOutput } : {}),
      })),
    });
  }

  /** The items of a file (or every file) with the last run's outcome of each test. */
  state(uri?: vscode.Uri): KpiTestItemState[] {
    const out: KpiTestItemState[] = [];
    this.controller.items.forEach((file) => {
      if (uri && file.id !== uri.toString()) return;
      file.children.forEach((t) => {
        out.push(
          this.outcomes.get(t.id) ?? {
            id: t.id,
            label: t.label,
            line: t.range ? t.range.start.line + 1 : null,
            state: null,
            messages: [],
          },
        );
      });
    });
    return out;
  }

  /** Runs every test of a file through the run profile's handler (the `kpilens.runKpiTests` command). */
  async runFileTests(uri: vscode.Uri): Promise<KpiTestItemState[]> {
    const file = this.controller.items.get(uri.toString()) ?? (await this.discoverFile(uri));
    if (!file) return [];
    const source = new vscode.CancellationTokenSource();
    try {
      await this.run(new vscode.TestRunRequest([file]), source.token);
    } finally {
      source.dispose();
    }
    return this.state(uri);
  }
}

// The tools of `kpilens mcp`, as plain functions from their arguments to a JSON answer (server.ts
// registers them with the SDK). All read-only: they read KPI files and their data inside the
// server's folder (workspace.ts) and evaluate with the embedded DuckDB (or a table source's
// PostgreSQL connection) through the core's runKpiFile, without the columnar cache — nothing is
// written. Answers are the CLI's JSON: `kpilens check --format json`, `kpilens run --format json`
// (the DSL.md contract).
import * as fs from 'fs';
import { diagnosticToJson } from '../cli/commands/check';
import { isValidDate } from '../core/expr/dates';
import { hoverAt } from '../core/language/hover';
import { buildSymbolIndex } from '../core/language/symbols';
import * as l10n from '../core/l10n/l10n';
import { renderResult } from '../core/report/render';
import type { RunResult, SegmentKey } from '../core/report/resultModel';
import { runKpiFile } from '../core/run/runKpiFile';
import { checkKpiFile } from '../core/kpifile/checkFile';
import { runKpiTests } from '../core/testing/runKpiTests';
import { RecordingEngine } from '../core/engine/backends/recordingEngine';
import type { CheckResult } from '../core/kpifile/checkFile';
import { kpiSummary } from './kpiSummary';
import type { McpWorkspace } from './workspace';
import { Refusal } from './workspace';

async function checked(
  workspace: McpWorkspace,
  arg: string,
): Promise<{ file: string; shown: string; check: CheckResult }> {
  const file = workspace.kpiFile(arg);
  const text = await fs.promises.readFile(file, 'utf8');
  return { file, shown: workspace.show(file), check: await checkKpiFile(file, text, { dataRoot: workspace.root }) };
}

const errorCount = (check: CheckResult) => check.diagnostics.filter((d) => d.severity === 'error').length;

/** `list_kpis`: the KPIs of one file, or of every KPI file in the folder. */
export async function listKpis(workspace: McpWorkspace, args: { file?: string }): Promise<object> {
  const files = args.file !== undefined ? [args.file] : await workspace.kpiFiles();
  const out = [];
  for (const f of files) {
    const { shown, check } = await checked(workspace, f);
    out.push({
      file: shown,
      title: check.model.title ?? null,
      errors: errorCount(check),
      kpis: [...check.model.kpis.values()].map(kpiSummary),
    });
  }
  return { folder: workspace.root, files: out };
}

/** `describe_kpi`: one KPI in full — the summary, its definition in words as the editor's hover shows it, its problems. */
export async function describeKpi(workspace: McpWorkspace, args: { file: string; kpi: string }): Promise<object> {
  const { shown, check } = await checked(workspace, args.file);
  const kpi = check.model.kpis.get(args.kpi);
  if (!kpi)
    throw new Refusal(
      l10n.t('no KPI named {0} in {1}; the KPIs are {2}', args.kpi, shown, [...check.model.kpis.keys()].join(', ')),
    );
  const index = buildSymbolIndex(check.document, check.model);
  const declaration = index.declarations.find((d) => d.kind === 'kpi' && d.name === args.kpi);
  const hover = declaration ? hoverAt(check, index, declaration.range.startOffset) : undefined;
  const kpiKey = check.document.rangeOf(['kpis', args.kpi], 'key');
  const kpiValue = check.document.rangeOf(['kpis', args.kpi], 'value');
  return {
    file: shown,
    line: declaration?.range.start.line ?? null,
    ...kpiSummary(kpi),
    explanation: hover?.markdown ?? null,
    // The problems written inside its definition (from its name to the end of its mapping).
    diagnostics: check.diagnostics
      .filter((d) => d.range.startOffset >= kpiKey.startOffset && d.range.startOffset <= kpiValue.endOffset)
      .map((d) => diagnosticToJson(d, shown)),
  };
}

/** `check`: the diagnostics of one file, or of every KPI file in the folder (`kpilens check --format json`). */
export async function checkFiles(workspace: McpWorkspace, args: { file?: string }): Promise<object> {
  const files = args.file !== undefined ? [args.file] : await workspace.kpiFiles();
  const shownFiles: string[] = [];
  const diagnostics = [];
  for (const f of files) {
    const { shown, check } = await checked(workspace, f);
    shownFiles.push(shown);
    diagnostics.push(...check.diagnostics.map((d) => diagnosticToJson(d, shown)));
  }
  return { files: shownFiles, diagnostics };
}

/** The filters of `run`: the rows of one period (`2025-02`, `2025-Q1`…) and/or one segment (`{}`: the whole population). */
export interface RowFilter {
  period?: string;
  segment?: SegmentKey;
}

const sameSegment = (a: SegmentKey, b: SegmentKey) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(b).every(([k, v]) => a[k] === v);

/** The report with only the rows the filters keep (every KPI's other fields unchanged). */
export function filterRows(result: RunResult, filter: RowFilter): RunResult {
  if (filter.period === undefined && filter.segment === undefined) return result;
  return {
    ...result,
    kpis: result.kpis.map((k) => ({
      ...k,
      rows: k.rows.filter(
        (r) =>
          (filter.period === undefined || r.period === filter.period) &&
          (filter.segment === undefined || sameSegment(r.segment, filter.segment)),
      ),
    })),
  };
}

/** `run`: evaluates a file (or some of its KPIs); the answer is `kpilens run --format json`'s report, rows filtered by period and segment when asked. */
export async function runKpis(
  workspace: McpWorkspace,
  args: { file: string; kpis?: string[]; as_of?: string } & RowFilter,
  signal?: AbortSignal,
): Promise<object> {
  if (args.as_of !== undefined && !isValidDate(args.as_of))
    throw new Refusal(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", args.as_of));
  const { file, shown, check } = await checked(workspace, args.file);
  const unknown = (args.kpis ?? []).filter((k) => !check.model.kpis.has(k));
  if (unknown.length)
    throw new Refusal(
      l10n.t(
        'no KPI named {0} in {1}; the KPIs are {2}',
        unknown.join(', '),
        shown,
        [...check.model.kpis.keys()].join(', '),
      ),
    );
  const run = await runKpiFile(file, check, {
    kpis: args.kpis?.length ? args.kpis : undefined,
    asOf: args.as_of,
    displayPath: shown,
    signal,
  });
  return JSON.parse(renderResult(filterRows(run.result, args), 'json', { file: shown })) as object;
}

/** `test`: the KPI tests (`tests:` section) of a file, each expectation with its line, expected and actual value (`kpilens test`). */
export async function testKpis(
  workspace: McpWorkspace,
  args: { file: string; tests?: string[] },
  signal?: AbortSignal,
): Promise<object> {
  const { shown, check } = await checked(workspace, args.file);
  const unknown = (args.tests ?? []).filter((t) => !check.model.tests.has(t));
  if (unknown.length)
    throw new Refusal(
      l10n.t(
        'no test named {0} in {1}; the tests are {2}',
        unknown.join(', '),
        shown,
        [...check.model.tests.keys()].join(', '),
      ),
    );
  const outcomes = await runKpiTests(check, { tests: args.tests?.length ? args.tests : undefined, signal });
  return {
    file: shown,
    errors: check.diagnostics.filter((d) => d.severity === 'error').map((d) => diagnosticToJson(d, shown)),
    tests: outcomes.map((t) => ({
      name: t.name,
      passed: t.passed,
      expectations: t.expectations.map((e) => ({
        kpi: e.kpi,
        line: e.range.start.line,
        column: e.range.start.column,
        passed: e.passed,
        expected: e.expected,
        actual: e.actual ?? null,
        message: e.message,
      })),
      errors: t.errors.map((d) => diagnosticToJson(d, shown)),
    })),
  };
}

/**
 * `explain`: how a KPI's values come about — its definition in words, its inputs, the SQL the
 * engine ran to compute it (recorded during this very run, as `kpilens sql` lists it), and its
 * rows with n, interval and significance where the KPI has them.
 */
export async function explainKpi(
  workspace: McpWorkspace,
  args: { file: string; kpi: string; as_of?: string } & RowFilter,
  signal?: AbortSignal,
): Promise<object> {
  if (args.as_of !== undefined && !isValidDate(args.as_of))
    throw new Refusal(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", args.as_of));
  const { file, shown, check } = await checked(workspace, args.file);
  const kpi = check.model.kpis.get(args.kpi);
  if (!kpi)
    throw new Refusal(
      l10n.t('no KPI named {0} in {1}; the KPIs are {2}', args.kpi, shown, [...check.model.kpis.keys()].join(', ')),
    );
  let recorder: RecordingEngine | undefined;
  const run = await runKpiFile(file, check, {
    kpis: [args.kpi],
    asOf: args.as_of,
    displayPath: shown,
    signal,
    wrap: (engine) => (recorder = new RecordingEngine(engine)),
  });
  const report = filterRows(run.result, args);
  return {
    file: shown,
    ...kpiSummary(kpi),
    engine: run.connection.kind === 'postgres' ? 'postgres' : 'duckdb',
    sql: recorder?.statements ?? [],
    as_of: report.as_of,
    result: report.kpis.find((k) => k.name === args.kpi) ?? null,
    inputs: report.kpis.filter((k) => k.name !== args.kpi).map((k) => k.name),
    diagnostics: report.diagnostics,
  };
}

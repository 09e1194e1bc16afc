// Runs the KPI tests of a checked KPI file (`tests:` section) on the real engine: each test's
// inline rows are written to temporary CSV files that replace its sources' files, the file is
// checked again against them (so a missing column is reported where the spec names it), the
// expected KPIs are evaluated, and each expectation is compared with its row. Failures carry
// the range of the expectation in the KPI file, for `kpilens test` and the Test Explorer.
// The inline rows are checked against the data root of the file's own check (which the
// caller chose by data/dataRoot.ts's rule); each test runs through runKpiFile.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckResult } from '../kpifile/checkFile';
import { checkData } from '../kpifile/dataChecks';
import type { Diagnostic, Range } from '../kpifile/diagnostic';
import type { SpecModel } from '../kpifile/model';
import { checkSemantics } from '../kpifile/semanticChecks';
import type { KpiExpectation, KpiTestSpec } from '../kpifile/testsModel';
import { HeaderCache } from '../data/headerCache';
import { allowedDirectories } from '../engine/backends/allowedDirectories';
import { DuckDbEngine } from '../engine/backends/duckdbEngine';
import type { Engine } from '../engine/backends/engine';
import { runKpiFile } from '../run/runKpiFile';
import { isValidDate } from '../expr';
import type { KpiResult, ResultRow, RunResult } from '../report/resultModel';
import { inlineRowsCsv } from './inlineCsv';
import * as l10n from '../l10n/l10n';
import { quoteAll } from '../util/quote';

export interface ExpectationOutcome {
  kpi: string;
  /** The expectation's value in the KPI file. */
  range: Range;
  passed: boolean;
  /** `nps (2025-02, whole population): expected 40, actual 50 (off by +10)`. */
  message: string;
  expected: number | null;
  actual: number | null | undefined;
}

export interface KpiTestOutcome {
  name: string;
  /** The test's key in the KPI file. */
  range: Range;
  passed: boolean;
  expectations: ExpectationOutcome[];
  /** Errors met while running it (its rows lack a column, the data cannot be read…). */
  errors: Diagnostic[];
}

export interface RunTestsOptions {
  /** Only these tests (default: all). */
  tests?: string[];
  signal?: AbortSignal;
  /** Makes the engine (default: DuckDB locked to the given folders). */
  createEngine?: (allowedDirectories: string[]) => Engine;
}

export async function runKpiTests(check: CheckResult, options: RunTestsOptions = {}): Promise<KpiTestOutcome[]> {
  const tests = [...check.model.tests.values()].filter((t) => !options.tests || options.tests.includes(t.name));
  if (tests.length === 0) return [];
  const root = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'kpilens-test-'));
  try {
    const prepared: { test: KpiTestSpec; check: CheckResult; errors: Diagnostic[] }[] = [];
    for (const [i, test] of tests.entries()) prepared.push(await prepareTest(check, test, path.join(root, String(i))));
    const dirs = new Set(allowedDirectories(check));
    for (const p of prepared) for (const d of allowedDirectories(p.check)) dirs.add(d);
    const engine = (options.createEngine ?? ((allowed) => new DuckDbEngine({ allowedDirectories: allowed })))([
      ...dirs,
    ]);
    try {
      const outcomes: KpiTestOutcome[] = [];
      for (const p of prepared) outcomes.push(await runOne(check, p, engine, options.signal));
      return outcomes;
    } finally {
      await engine.close();
    }
  } finally {
    await fs.promises.rm(root, { recursive: true, force: true });
  }
}

/** The codes of the data checks (dataChecks.ts), redone against each test's files. */
const DATA_CODES = new Set(['missing-file', 'unknown-column', 'unknown-format', 'unreadable-file']);

/** The file's check with the test's sources reading its rows, and the errors that brings. */
async function prepareTest(
  check: CheckResult,
  test: KpiTestSpec,
  dir: string,
): Promise<{ test: KpiTestSpec; check: CheckResult; errors: Diagnostic[] }> {
  await fs.promises.mkdir(dir, { recursive: true });
  const sources = new Map(check.model.sources);
  const written = new Set<string>();
  for (const [name, rows] of test.data) {
    const spec = sources.get(name);
    if (!spec) continue;
    const file = path.join(dir, `${name}.csv`);
    await fs.promises.writeFile(file, inlineRowsCsv(rows, check.sources.get(name)?.columns ?? []), 'utf8');
    written.add(path.resolve(file));
    // The rows replace the source's file or table (a table source's test runs on its rows as files).
    const read = { ...spec, file, format: 'csv', encoding: undefined };
    delete read.table;
    delete read.connection;
    sources.set(name, read);
  }
  const model: SpecModel = { ...check.model, asOf: test.asOf ?? check.model.asOf, sources };
  const semantic = checkSemantics(check.document, model);
  // The inline rows' files are ours (a temporary folder): exempt from the data root.
  const data = await checkData(check.document, model, semantic.columnRefs, new HeaderCache(), check.dataRoot, written);
  // The data checks again, on the test's files: they replace those of the file's own check.
  const kept = check.diagnostics.filter((d) => !DATA_CODES.has(d.code));
  const errors = data.diagnostics.filter((d) => d.severity === 'error');
  return {
    test,
    check: {
      document: check.document,
      model,
      diagnostics: [...kept, ...data.diagnostics],
      sources: data.sources,
      ...(check.dataRoot !== undefined ? { dataRoot: check.dataRoot } : {}),
    },
    errors,
  };
}

async function runOne(
  original: CheckResult,
  p: { test: KpiTestSpec; check: CheckResult; errors: Diagnostic[] },
  engine: Engine,
  signal?: AbortSignal,
): Promise<KpiTestOutcome> {
  const { test } = p;
  const doc = original.document;
  const range = doc.rangeOf(['tests', test.name], 'key');
  const kpis = [...new Set(test.expect.map((e) => e.kpi))].filter((k) => p.check.model.kpis.has(k));
  let result: RunResult | undefined;
  const errors = [...p.errors];
  if (test.asOf !== undefined && !isValidDate(test.asOf)) {
    errors.push({
      file: original.model.file,
      range: doc.rangeOf(['tests', test.name, 'as_of']),
      severity: 'error',
      code: 'invalid-date',
      message: l10n.t("the test's as_of '{0}' is not a real date (YYYY-MM-DD)", test.asOf),
    });
  }
  if (errors.length === 0 && kpis.length > 0) {
    // The file's one run (core/run/runKpiFile.ts) on the tests' engine; its data errors keep their ranges.
    const run = await runKpiFile(original.model.file, p.check, { engine, kpis, signal });
    result = run.result;
    errors.push(...run.dataDiagnostics.filter((d) => d.severity === 'error'));
  }
  const expectations = test.expect.map((e) => judge(e, result, doc.rangeOf(e.path), errors.length > 0, original));
  return {
    name: test.name,
    range,
    passed: errors.length === 0 && expectations.every((x) => x.passed),
    expectations,
    errors,
  };
}

function judge(
  e: KpiExpectation,
  result: RunResult | undefined,
  range: Range,
  broken: boolean,
  check: CheckResult,
): ExpectationOutcome {
  const where = `${e.kpi}${rowLabel(e)}`;
  const fail = (why: string, actual?: number | null): ExpectationOutcome => ({
    kpi: e.kpi,
    range,
    passed: false,
    message: l10n.t('{0}: {1}', where, why),
    expected: e.value,
    actual,
  });
  if (!check.model.kpis.has(e.kpi)) return fail(l10n.t("unknown KPI '{0}'", e.kpi));
  const kpi = result?.kpis.find((k) => k.name === e.kpi);
  if (!kpi) {
    if (broken) return fail(l10n.t('not evaluated: the test has errors (see above)'));
    return fail(
      check.diagnostics.some((d) => d.severity === 'error')
        ? l10n.t('not evaluated: the KPI file has errors')
        : l10n.t('not evaluated'),
    );
  }
  const row = findRow(kpi, e);
  if (typeof row === 'string') return fail(row);
  const actual = row.value;
  const where2 = `${e.kpi}${rowLabel(e, row.period)}`;
  const failed: string[] = [];
  const valueOk = e.value === null || actual === null ? e.value === actual : Math.abs(actual - e.value) <= e.tolerance;
  if (!valueOk) failed.push(valueMismatch(e, actual));
  if (e.n !== undefined && row.n !== e.n) {
    failed.push(
      row.n === undefined
        ? l10n.t('expected n = {0}, actual n = none (this KPI has no n)', e.n)
        : l10n.t('expected n = {0}, actual n = {1}', e.n, row.n),
    );
  }
  const message =
    failed.length === 0
      ? `${where2} = ${show(actual)}`
      : failed.length === 1
        ? l10n.t('{0}: {1}', where2, failed[0])
        : l10n.t('{0}: {1}; {2}', where2, failed[0], failed[1]);
  return { kpi: e.kpi, range, passed: failed.length === 0, message, expected: e.value, actual };
}

/** The expected row, or why there is none. */
function findRow(kpi: KpiResult, e: KpiExpectation): ResultRow | string {
  const segment = JSON.stringify(e.segment ?? {});
  const candidates = kpi.rows.filter(
    (r) => JSON.stringify(r.segment) === segment && r.step === e.step && r.day === undefined,
  );
  if (candidates.length === 0) {
    const segs = [...new Set(kpi.rows.map((r) => JSON.stringify(r.segment)))].join(', ');
    return e.step !== undefined
      ? l10n.t("no row for segment {0} and step '{1}' (the rows have segments {2})", segment, e.step, segs)
      : l10n.t('no row for segment {0} (the rows have segments {1})', segment, segs);
  }
  if (e.period === undefined) return candidates[candidates.length - 1];
  const found = candidates.find((r) => r.period === e.period);
  return (
    found ??
    l10n.t(
      "no row for period '{0}' (the KPI's periods are {1})",
      e.period,
      quoteAll([...new Set(candidates.map((r) => r.period))]),
    )
  );
}

function rowLabel(e: KpiExpectation, period = e.period): string {
  const parts = [
    period ?? l10n.t('latest period'),
    e.segment && Object.keys(e.segment).length
      ? Object.entries(e.segment)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', ')
      : l10n.t('whole population'),
  ];
  if (e.step !== undefined) parts.push(l10n.t('step {0}', e.step));
  return ` (${parts.join(', ')})`;
}

/** `expected 40, actual 33.33 (off by -6.67)`, with the tolerance when the test set one. */
function valueMismatch(e: KpiExpectation, actual: number | null): string {
  if (e.value === null || actual === null) return l10n.t('expected {0}, actual {1}', show(e.value), show(actual));
  if (e.tolerance !== 1e-6)
    return l10n.t(
      'expected {0}, actual {1} (off by {2}, tolerance {3})',
      show(e.value),
      show(actual),
      signed(actual - e.value),
      show(e.tolerance),
    );
  return l10n.t('expected {0}, actual {1} (off by {2})', show(e.value), show(actual), signed(actual - e.value));
}

const show = (v: number | null | undefined): string =>
  v === null || v === undefined ? 'null' : String(Number(v.toPrecision(10)));
const signed = (v: number): string => (v >= 0 ? `+${show(v)}` : show(v));

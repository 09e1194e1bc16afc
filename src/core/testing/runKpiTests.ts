// Runs the KPI tests of a checked KPI file (`tests:` section) on the real engine: each test's
// inline rows are written to temporary CSV files that replace its sources' files, the file is
// checked again against them (so a missing column is reported where the spec names it), the
// expected KPIs are evaluated, and each expectation is compared with its row. Failures carry
// the range of the expectation in the KPI file, for `kpilens test` and the Test Explorer.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CheckResult } from '../spec/checkFile';
import { checkData } from '../spec/dataChecks';
import type { Diagnostic, Range } from '../spec/diagnostic';
import type { SpecModel } from '../spec/model';
import { checkSemantics } from '../spec/semanticChecks';
import type { KpiExpectation, KpiTestSpec } from '../spec/testsModel';
import { HeaderCache } from '../data/headerCache';
import { allowedDirectories } from '../engine/allowedDirectories';
import { DuckDbEngine } from '../engine/duckdbEngine';
import type { Engine } from '../engine/engine';
import { evaluateSpec } from '../engine/evaluate';
import { isValidDate } from '../expr';
import type { KpiResult, ResultRow, RunResult } from '../report/resultModel';
import { inlineRowsCsv } from './inlineCsv';

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
    const engine = (options.createEngine ?? ((allowed) => new DuckDbEngine({ allowedDirectories: allowed })))([...dirs]);
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
async function prepareTest(check: CheckResult, test: KpiTestSpec, dir: string): Promise<{ test: KpiTestSpec; check: CheckResult; errors: Diagnostic[] }> {
  await fs.promises.mkdir(dir, { recursive: true });
  const sources = new Map(check.model.sources);
  for (const [name, rows] of test.data) {
    const spec = sources.get(name);
    if (!spec) continue;
    const file = path.join(dir, `${name}.csv`);
    await fs.promises.writeFile(file, inlineRowsCsv(rows, check.sources.get(name)?.columns ?? []), 'utf8');
    sources.set(name, { ...spec, file, format: 'csv', encoding: undefined });
  }
  const model: SpecModel = { ...check.model, asOf: test.asOf ?? check.model.asOf, sources };
  const semantic = checkSemantics(check.document, model);
  const data = await checkData(check.document, model, semantic.columnRefs, new HeaderCache(), undefined, dir);
  // The data checks again, on the test's files: they replace those of the file's own check.
  const kept = check.diagnostics.filter((d) => !DATA_CODES.has(d.code));
  const errors = data.diagnostics.filter((d) => d.severity === 'error');
  return { test, check: { document: check.document, model, diagnostics: [...kept, ...data.diagnostics], sources: data.sources }, errors };
}

async function runOne(original: CheckResult, p: { test: KpiTestSpec; check: CheckResult; errors: Diagnostic[] }, engine: Engine, signal?: AbortSignal): Promise<KpiTestOutcome> {
  const { test } = p;
  const doc = original.document;
  const range = doc.rangeOf(['tests', test.name], 'key');
  const kpis = [...new Set(test.expect.map((e) => e.kpi))].filter((k) => p.check.model.kpis.has(k));
  let result: RunResult | undefined;
  const errors = [...p.errors];
  if (test.asOf !== undefined && !isValidDate(test.asOf)) {
    errors.push({ file: original.model.file, range: doc.rangeOf(['tests', test.name, 'as_of']), severity: 'error', code: 'invalid-date', message: `the test's as_of '${test.asOf}' is not a real date (YYYY-MM-DD)` });
  }
  if (errors.length === 0 && kpis.length > 0) {
    result = await evaluateSpec(p.check, { engine, kpis, signal });
    for (const d of result.diagnostics) {
      if (d.severity !== 'error') continue;
      const at = { line: d.line, column: d.column };
      errors.push({ file: original.model.file, range: { startOffset: 0, endOffset: 0, start: at, end: at }, severity: 'error', code: d.code as Diagnostic['code'], message: d.message });
    }
  }
  const expectations = test.expect.map((e) => judge(e, result, doc.rangeOf(e.path), errors.length > 0, original));
  return { name: test.name, range, passed: errors.length === 0 && expectations.every((x) => x.passed), expectations, errors };
}

function judge(e: KpiExpectation, result: RunResult | undefined, range: Range, broken: boolean, check: CheckResult): ExpectationOutcome {
  const where = `${e.kpi}${rowLabel(e)}`;
  const fail = (why: string, actual?: number | null): ExpectationOutcome => ({ kpi: e.kpi, range, passed: false, message: `${where}: ${why}`, expected: e.value, actual });
  if (!check.model.kpis.has(e.kpi)) return fail(`unknown KPI '${e.kpi}'`);
  const kpi = result?.kpis.find((k) => k.name === e.kpi);
  if (!kpi) return fail(broken ? 'not evaluated: the test has errors (see above)' : `not evaluated${check.diagnostics.some((d) => d.severity === 'error') ? ': the KPI file has errors' : ''}`);
  const row = findRow(kpi, e);
  if (typeof row === 'string') return fail(row);
  const actual = row.value;
  const where2 = `${e.kpi}${rowLabel(e, row.period)}`;
  const failed: string[] = [];
  const valueOk = e.value === null || actual === null ? e.value === actual : Math.abs(actual - e.value) <= e.tolerance;
  if (!valueOk) failed.push(`expected ${show(e.value)}, actual ${show(actual)}${e.value !== null && actual !== null ? ` (off by ${signed(actual - e.value)}${e.tolerance !== 1e-6 ? `, tolerance ${show(e.tolerance)}` : ''})` : ''}`);
  if (e.n !== undefined && row.n !== e.n) failed.push(`expected n = ${e.n}, actual n = ${row.n === undefined ? 'none (this KPI has no n)' : row.n}`);
  const message = failed.length ? `${where2}: ${failed.join('; ')}` : `${where2} = ${show(actual)}`;
  return { kpi: e.kpi, range, passed: failed.length === 0, message, expected: e.value, actual };
}

/** The expected row, or why there is none. */
function findRow(kpi: KpiResult, e: KpiExpectation): ResultRow | string {
  const segment = JSON.stringify(e.segment ?? {});
  const candidates = kpi.rows.filter((r) => JSON.stringify(r.segment) === segment && r.step === e.step && r.day === undefined);
  if (candidates.length === 0) {
    const segs = [...new Set(kpi.rows.map((r) => JSON.stringify(r.segment)))].join(', ');
    return `no row for segment ${segment}${e.step !== undefined ? ` and step '${e.step}'` : ''} (the rows have segments ${segs})`;
  }
  if (e.period === undefined) return candidates[candidates.length - 1];
  const found = candidates.find((r) => r.period === e.period);
  return found ?? `no row for period '${e.period}' (the KPI's periods are ${[...new Set(candidates.map((r) => r.period))].map((p) => `'${p}'`).join(', ')})`;
}

function rowLabel(e: KpiExpectation, period = e.period): string {
  const parts = [period ?? 'latest period', e.segment && Object.keys(e.segment).length ? Object.entries(e.segment).map(([k, v]) => `${k}=${String(v)}`).join(', ') : 'whole population'];
  if (e.step !== undefined) parts.push(`step ${e.step}`);
  return ` (${parts.join(', ')})`;
}

const show = (v: number | null | undefined): string => (v === null || v === undefined ? 'null' : String(Number(v.toPrecision(10))));
const signed = (v: number): string => (v >= 0 ? `+${show(v)}` : show(v));

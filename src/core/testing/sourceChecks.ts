// Runs the sources' data tests and freshness (sourceTestsModel.ts) on the engine, on the
// sources as the run reads them (their typed SELECT, instants in the file's time zone). Each
// test and each freshness gives an outcome — passed, or failed with a diagnostic at the test's
// key in the KPI file: a stable code, the failing rows counted (Diagnostic.count), a few
// values with their data file lines. The run's diagnostics (editor, `kpilens run`), `kpilens
// check --data` and `kpilens test` all come from here.
import * as path from 'path';
import type { Diagnostic, Severity } from '../kpifile/diagnostic';
import type { DiagnosticCode } from '../kpifile/codes';
import type { SpecModel, SourceSpec } from '../kpifile/model';
import type { SourceTestSpec } from '../kpifile/sourceTestsModel';
import type { YamlDocument, YamlPath } from '../kpifile/yamlDocument';
import type { Engine } from '../engine/backends/engine';
import { EngineError } from '../engine/backends/engine';
import type { Dialect } from '../engine/sql/dialect';
import type { SourceContext } from '../engine/sources/sourceContext';
import { resolveColumnName } from '../engine/sources/sourceContext';
import { duckdbMessage } from '../engine/sources/profile';
import { latestDateSql, sourceTestSql, type TestedRelation } from '../engine/sql/sourceTestQuery';
import { freshnessVerdict, runDate } from './freshness';
import { valueLines } from './exampleLines';
import { quote, quoteAll } from '../util/quote';
import * as l10n from '../l10n/l10n';

export interface SourceCheckOutcome {
  source: string;
  /** What was checked, in the file's words: `unique order_id`, `freshness`. */
  label: string;
  passed: boolean;
  /** Not run: the source could not be read (the run reports why). */
  skipped?: true;
  diagnostic?: Diagnostic;
}

export interface SourceChecksInput {
  model: SpecModel;
  document: YamlDocument;
  /** The sources as the run prepared them (an unreadable one is absent). */
  sources: ReadonlyMap<string, SourceContext>;
  engine: Engine;
  dialect: Dialect;
  /** The run's date: YYYY-MM-DD, or an instant with its offset (default: the clock). */
  now?: string;
  signal?: AbortSignal;
}

/** The sources the checks read: those with tests or freshness, and the sources their relationships name. */
export function checkedSourceNames(model: SpecModel): Set<string> {
  const out = new Set<string>();
  for (const s of model.sources.values()) {
    if (!s.tests?.length && !s.freshness) continue;
    out.add(s.name);
    for (const t of s.tests ?? []) if (t.to && model.sources.has(t.to)) out.add(t.to);
  }
  return out;
}

export function testLabel(t: SourceTestSpec): string {
  const column = t.columns.join(', ');
  if (t.kind === 'range') return `range ${column} ${t.min ?? ''}..${t.max ?? ''}`;
  if (t.kind === 'relationship') return `relationship ${column} → ${t.to}${t.toColumn ? `.${t.toColumn}` : ''}`;
  return `${t.kind} ${column}`;
}

const relationOf = (ctx: SourceContext): TestedRelation => ({
  selectSql: ctx.selectSql,
  column: (name) => resolveColumnName(ctx, name),
});

export async function runSourceChecks(input: SourceChecksInput): Promise<SourceCheckOutcome[]> {
  const out: SourceCheckOutcome[] = [];
  const today = runDate(input.now, input.model.timezone);
  for (const spec of input.model.sources.values()) {
    if (!spec.tests?.length && !spec.freshness) continue;
    const ctx = input.sources.get(spec.name);
    for (const test of spec.tests ?? []) {
      for (const column of test.kind === 'not_null' ? test.columns : test.columns.slice(0, 1)) {
        const one = test.kind === 'not_null' ? { ...test, columns: [column] } : test;
        if (!ctx) out.push({ source: spec.name, label: testLabel(one), passed: false, skipped: true });
        else out.push(await runTest(input, spec, ctx, one));
      }
    }
    if (spec.freshness) {
      if (!ctx || !spec.time) out.push({ source: spec.name, label: 'freshness', passed: false, skipped: true });
      else out.push(await runFreshness(input, spec, ctx, today));
    }
  }
  return out;
}

function diagnostic(
  input: SourceChecksInput,
  at: YamlPath,
  severity: Severity,
  code: DiagnosticCode,
  message: string,
  count?: number,
): Diagnostic {
  return {
    file: input.model.file,
    range: input.document.rangeOf(at, 'key'),
    severity,
    code,
    message,
    ...(count !== undefined ? { count } : {}),
  };
}

const CODES: Record<SourceTestSpec['kind'], DiagnosticCode> = {
  unique: 'not-unique',
  not_null: 'null-values',
  accepted_values: 'not-accepted',
  range: 'out-of-range',
  relationship: 'missing-reference',
};

/** A number as text the same in every engine (DuckDB writes 11.0 for a double, PostgreSQL 11). */
function plainValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const text = String(v);
  return /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text) ? String(Number(text)) : text;
}

async function runTest(
  input: SourceChecksInput,
  spec: SourceSpec,
  ctx: SourceContext,
  test: SourceTestSpec,
): Promise<SourceCheckOutcome> {
  const label = testLabel(test);
  const column = test.columns[0];
  const at: YamlPath = ['sources', spec.name, 'tests', test.index, test.kind];
  let target: { relation: TestedRelation; column: string } | undefined;
  if (test.kind === 'relationship') {
    const other = test.to ? input.sources.get(test.to) : undefined;
    const otherColumn = test.toColumn ?? (test.to ? input.model.sources.get(test.to)?.key : undefined);
    if (!other || !otherColumn) return { source: spec.name, label, passed: false, skipped: true };
    target = { relation: relationOf(other), column: otherColumn };
  }
  const sql = sourceTestSql(test, column, relationOf(ctx), input.dialect, target);
  let rows: number;
  let vals: number;
  let total: number;
  let examples: { v: string | null; n: number }[];
  try {
    const [counts] = await input.engine.query(sql.counts.sql, sql.counts.params, { signal: input.signal });
    rows = Number(counts?.rows ?? 0);
    vals = Number(counts?.vals ?? 0);
    total = Number(counts?.total ?? 0);
    if (rows === 0) return { source: spec.name, label, passed: true };
    examples = (await input.engine.query(sql.examples.sql, sql.examples.params, { signal: input.signal })).map((r) => ({
      v: plainValue(r.v),
      n: Number(r.n),
    }));
  } catch (err) {
    if (input.signal?.aborted || !(err instanceof EngineError && err.kind === 'query')) throw err;
    const message = l10n.t(
      "source '{0}', test {1}: the engine could not run it: {2}",
      spec.name,
      label,
      duckdbMessage(err.message),
    );
    return {
      source: spec.name,
      label,
      passed: false,
      diagnostic: diagnostic(input, at, 'error', 'data-error', message),
    };
  }
  const found = await valueLines(
    ctx,
    column,
    examples.map((e) => e.v),
  );
  const where = (v: string | null): string => {
    const lines = found.lines.get(v);
    return lines?.length && found.file ? ` (${path.basename(found.file)}:${lines.join(', :')})` : '';
  };
  const shown = examples
    .map((e) => {
      const value = e.v === null ? l10n.t('empty') : quote(e.v);
      return `${e.n > 1 ? l10n.t('{0} on {1} rows', value, e.n) : value}${where(e.v)}`;
    })
    .join(', ');
  const name = spec.name;
  let message: string;
  switch (test.kind) {
    case 'unique':
      message =
        vals === 1
          ? l10n.t("source '{0}': 1 value of '{1}' is on several rows: {2}", name, column, shown)
          : l10n.t(
              "source '{0}': {1} values of '{2}' are on several rows ({3} rows in all), e.g. {4}",
              name,
              vals,
              column,
              rows,
              shown,
            );
      break;
    case 'not_null':
      message =
        rows === 1
          ? l10n.t("source '{0}': 1 of {1} rows has no '{2}'{3}", name, total, column, where(null))
          : l10n.t("source '{0}': {1} of {2} rows have no '{3}'{4}", name, rows, total, column, where(null));
      break;
    case 'accepted_values': {
      const list = quoteAll((test.values ?? []).map(String));
      message =
        rows === 1
          ? l10n.t(
              "source '{0}': 1 row has a value of '{1}' that is not accepted ({2}): {3}",
              name,
              column,
              list,
              shown,
            )
          : l10n.t(
              "source '{0}': {1} rows have a value of '{2}' that is not accepted ({3}), e.g. {4}",
              name,
              rows,
              column,
              list,
              shown,
            );
      break;
    }
    case 'range': {
      const bounds =
        test.min !== undefined && test.max !== undefined
          ? `${test.min}..${test.max}`
          : test.min !== undefined
            ? `≥ ${test.min}`
            : `≤ ${test.max}`;
      message =
        rows === 1
          ? l10n.t(
              "source '{0}': 1 row has a value of '{1}' outside {2} or not a number: {3}",
              name,
              column,
              bounds,
              shown,
            )
          : l10n.t(
              "source '{0}': {1} rows have a value of '{2}' outside {3} or not a number, e.g. {4}",
              name,
              rows,
              column,
              bounds,
              shown,
            );
      break;
    }
    case 'relationship': {
      const other = `${test.to}.${target?.column ?? ''}`;
      message =
        rows === 1
          ? l10n.t("source '{0}': 1 row has a value of '{1}' not found in '{2}': {3}", name, column, other, shown)
          : l10n.t(
              "source '{0}': {1} rows have a value of '{2}' not found in '{3}' ({4} values), e.g. {5}",
              name,
              rows,
              column,
              other,
              vals,
              shown,
            );
      break;
    }
  }
  return {
    source: name,
    label,
    passed: false,
    diagnostic: diagnostic(input, at, test.severity, CODES[test.kind], message, rows),
  };
}

async function runFreshness(
  input: SourceChecksInput,
  spec: SourceSpec,
  ctx: SourceContext,
  today: string,
): Promise<SourceCheckOutcome> {
  const fresh = spec.freshness ?? {};
  const time = spec.time ?? '';
  const label = 'freshness';
  let latest: string | undefined;
  try {
    const [row] = await input.engine.query(latestDateSql(relationOf(ctx), time, input.dialect), [], {
      signal: input.signal,
    });
    latest = typeof row?.mx === 'string' ? row.mx.slice(0, 10) : undefined;
  } catch (err) {
    if (input.signal?.aborted || !(err instanceof EngineError && err.kind === 'query')) throw err;
    const message = l10n.t(
      "source '{0}', freshness: the engine could not run it: {1}",
      spec.name,
      duckdbMessage(err.message),
    );
    return {
      source: spec.name,
      label,
      passed: false,
      diagnostic: diagnostic(input, ['sources', spec.name, 'freshness'], 'error', 'data-error', message),
    };
  }
  if (!latest) {
    // No dated row: nothing says the data is current.
    const severity: Severity = fresh.errorAfterDays !== undefined ? 'error' : 'warning';
    const message = l10n.t("source '{0}' has no dated row in '{1}': its freshness cannot be told", spec.name, time);
    return {
      source: spec.name,
      label,
      passed: false,
      diagnostic: diagnostic(input, ['sources', spec.name, 'freshness'], severity, 'stale-source', message),
    };
  }
  const verdict = freshnessVerdict(latest, today, fresh);
  if (verdict.status === 'fresh') return { source: spec.name, label, passed: true };
  const bound = verdict.bound ?? 'warn_after';
  const days = bound === 'error_after' ? fresh.errorAfterDays : fresh.warnAfterDays;
  const message = l10n.t(
    "source '{0}' is stale: its latest '{1}' is {2}, {3} days before {4} (more than {5}: {6} days)",
    spec.name,
    time,
    latest,
    verdict.age,
    today,
    bound,
    days ?? 0,
  );
  return {
    source: spec.name,
    label,
    passed: false,
    diagnostic: diagnostic(
      input,
      ['sources', spec.name, 'freshness', bound],
      verdict.status === 'error' ? 'error' : 'warning',
      'stale-source',
      message,
    ),
  };
}

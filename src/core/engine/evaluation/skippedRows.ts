// Skipped-rows phase: the rows a reported KPI skipped in its displayed periods (invalid scores,
// unweighted kinds: its type's `invalid`), counted by one query and told as a warning with
// examples (remembered by the memo; positions and names are the current text's).
import { andFilter, EMPTY_VALUE } from '../../kpis/kpiType';
import { evaluationOf } from '../../kpis/kpiRules';
import { kpiType } from '../../kpis/registry';
import type { KpiSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import { CompileError } from '../sql/exprToSql';
import { ScanQuery } from '../sql/scanQuery';
import { quoteIdent, quoteString } from '../sql/sqlText';
import type { SourceContext } from '../sources/sourceContext';
import { resolveColumnName } from '../sources/sourceContext';
import type { EvaluationState, Request } from './evaluationState';
import { dependencyRequests } from './requests';
import { memoKey } from './memoKeys';
import type { PeriodWindow } from './periods';
import { spanOfRanges } from '../../util/calendar';
import { aggregateContext } from './scanAggregates';
import { filterSkippedRows, segmentSkippedRows } from './filterSkippedRows';
import { shownValues, skippedRowsText, type SkippedRows } from './skippedRowsText';
import { shownLines, valueLines } from './valueLines';
import { numberFormatHint } from './numberFormatHint';

/** Warns of the rows each reported KPI skipped, its own or those of the internal KPIs it derives from. */
export async function reportSkippedRows(st: EvaluationState, topRequests: Request[]): Promise<void> {
  const doc = st.check.document;
  for (const r of topRequests) {
    // A derived KPI's value is computed from its inputs' results when the run's result is made.
    if (!st.results.get(r.key) && evaluationOf(r.kpi)?.kind !== 'derived') continue;
    const key = memoKey(st, 'skipped-rows', r);
    const known = key ? st.options.memo?.get<{ skipped: SkippedRows[] }>(key) : undefined;
    const skipped = known ? known.skipped : await requestSkippedRows(st, r);
    if (key && !known) st.options.memo?.set(key, { skipped });
    // Positions and the name are the current text's (the memo keeps neither).
    for (const one of skipped)
      st.diag(
        doc.rangeOf(['kpis', r.kpi.name, one.field]),
        'warning',
        'invalid-values',
        l10n.t("KPI '{0}', {1}", r.kpi.name, one.text),
      );
  }
}

/**
 * The rows a reported KPI skipped: its own, or, for a derived KPI, those of each internal KPI
 * it is computed from (a clv's revenue per customer), told at the field naming that internal
 * KPI's `source.column` (the clv's `revenue`).
 */
async function requestSkippedRows(st: EvaluationState, r: Request): Promise<SkippedRows[]> {
  const windows = st.windows.get(r.period) ?? [];
  const own = await skippedRows(st, r.kpi, windows);
  const all = windows.length ? { label: 'all', ...spanOfRanges(windows) } : undefined;
  const filtered = all ? await filterSkippedRows(st, r.kpi, all) : null;
  const sliced = all ? await segmentSkippedRows(st, r.kpi, all) : [];
  if (own || filtered || sliced.length) return [own, filtered, ...sliced].filter((s): s is SkippedRows => s !== null);
  const out: SkippedRows[] = [];
  for (const dep of dependencyRequests(st, r.kpi, r.period)) {
    const internal = st.synthetic.get(dep.name);
    if (!internal?.source || typeof internal.fields.column !== 'string') continue;
    const named = `${internal.source}.${internal.fields.column}`;
    const field = Object.keys(r.kpi.fields).find((f) => r.kpi.fields[f] === named);
    const skipped = field ? await skippedRows(st, internal, st.windows.get(dep.period) ?? []) : null;
    if (field && skipped) out.push({ ...skipped, field });
  }
  return out;
}

/** The rows a KPI skipped in its displayed periods (invalid scores, unweighted kinds), as a warning. */
export async function skippedRows(
  st: EvaluationState,
  kpi: KpiSpec,
  windows: PeriodWindow[],
): Promise<SkippedRows | null> {
  const evaluation = kpiType(kpi.type)?.evaluation;
  const ctx = kpi.source ? st.sources.get(kpi.source) : undefined;
  if (evaluation?.kind !== 'aggregate' || !evaluation.invalid || !ctx || windows.length === 0) return null;
  const scan = new ScanQuery(ctx, st.sources, kpi.time ?? ctx.spec.time ?? '', st.dialect);
  const all = { label: 'all', ...spanOfRanges(windows) };
  let rows;
  let what: string;
  let column: string | undefined;
  let shown: string | undefined;
  try {
    // Compiled once; the names it uses register their joins on the scan before build().
    const actx = aggregateContext(st, kpi, scan);
    const inv = evaluation.invalid(actx);
    what = inv.what;
    column = inv.column;
    shown = inv.shown;
    // A column the reader typed as a number has no value that is not one: no scan.
    if (
      inv.column !== undefined &&
      (await numericColumn(st.options.engine, ctx, inv.column, st.dialect, st.options.signal))
    )
      return null;
    // A type that reads other dates than its windows' (a revenue over the months before each
    // period end): the rows of all of them, from the earliest date any window reads.
    // (The compile-only dialects' listings leave it out: they read no data.)
    const reach = evaluation.dates?.(actx);
    if (reach && (st.dialect.name === 'duckdb' || st.dialect.name === 'postgres')) {
      const ends = windows.map((w) => `(CAST(${quoteString(w.start)} AS DATE), CAST(${quoteString(w.end)} AS DATE))`);
      const [span] = await st.options.engine.query(
        `SELECT CAST(min(${reach.start}) AS VARCHAR) AS s, CAST(max(${reach.end}) AS VARCHAR) AS e FROM (VALUES ${ends.join(', ')}) AS "__w"("__ws", "__we")`,
        [],
        { signal: st.options.signal },
      );
      if (typeof span?.s === 'string' && typeof span?.e === 'string') {
        all.start = span.s.slice(0, 10);
        all.end = span.e.slice(0, 10);
      }
    }
    const where = andFilter(inv.condition, actx.filter);
    const filled = column !== undefined ? `${actx.column(column)} IS NOT NULL` : undefined;
    // A type that ties rows to windows otherwise than by their date (a customer base: every row).
    const join = evaluation.join?.(actx);
    const sql = scan.build(
      [all],
      { kind: 'whole' },
      [
        { alias: 'bad', sql: () => `count(*) FILTER (WHERE ${where})` },
        { alias: 'examples', sql: () => `${st.dialect.distinctList(inv.value)} FILTER (WHERE ${where})` },
        // The rows with a value at all: when every one is skipped, the column may be numbers
        // written with other separators (numberFormatHint.ts below).
        ...(filled !== undefined
          ? [{ alias: 'filled', sql: () => `count(*) FILTER (WHERE ${andFilter(filled, actx.filter)})` }]
          : []),
      ],
      join !== undefined ? { join } : {},
    );
    let answer = st.skippedScans.get(sql);
    if (!answer) {
      answer = st.options.engine.query(sql, [], { signal: st.options.signal });
      st.skippedScans.set(sql, answer);
    }
    rows = await answer;
  } catch (err) {
    if (err instanceof CompileError || (err instanceof EngineError && err.kind === 'query')) return null;
    throw err;
  }
  // Values that are not numbers are found in the file; so are those a KPI refuses (a score of 11),
  // as the warning shows them.
  const bad = Number(rows[0]?.bad ?? 0) > 0;
  const lines =
    column !== undefined && bad
      ? await valueLines(st, ctx, { ref: { parts: [column], span: { start: 0, end: 0 } }, as: 'number' })
      : shown !== undefined && bad
        ? await shownLines(
            st,
            ctx,
            resolveColumnName(ctx, shown),
            shownValues(rows[0]?.examples).filter((v) => v !== EMPTY_VALUE),
          )
        : undefined;
  const text = skippedRowsText(all, rows[0], what, (v) => lines?.get(v));
  if (!text) return null;
  // Numbers written with other separators ("1 234,56"): the settings that read them — only when
  // no value of the column was read as a number (a "12,5" among "7.5"s is a typo, not a setting).
  const hint =
    column !== undefined && ctx.spec.table === undefined && Number(rows[0]?.filled) === Number(rows[0]?.bad)
      ? numberFormatHint(shownValues(rows[0]?.examples), ctx.spec.csv)
      : undefined;
  return {
    field: typeof kpi.fields.column === 'string' ? 'column' : 'type',
    text: hint ? l10n.t('{0}; {1}', text, hint) : text,
  };
}

/** Whether a column of a DuckDB source is of a number type (DESCRIBE reads no row); false when unknown. */
async function numericColumn(
  engine: Engine,
  ctx: SourceContext,
  column: string,
  dialect: Dialect,
  signal?: AbortSignal,
): Promise<boolean> {
  if (dialect.name !== 'duckdb') return false;
  const rows = await engine.query(
    `DESCRIBE SELECT ${quoteIdent(resolveColumnName(ctx, column))} FROM (${ctx.selectSql})`,
    [],
    { signal },
  );
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL\(\d+,\s*\d+\))$/.test(
    String(rows[0]?.column_type ?? ''),
  );
}

// Skipped-rows phase: the rows a reported KPI skipped in its displayed periods (invalid scores,
// unweighted kinds: its type's `invalid`), counted by one query and told as a warning with
// examples (remembered by the memo; positions and names are the current text's).
import { andFilter } from '../../kpis/kpiType';
import { kpiType } from '../../kpis/registry';
import type { KpiSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import { CompileError } from '../sql/exprToSql';
import { ScanQuery } from '../sql/scanQuery';
import { quoteIdent } from '../sql/sqlText';
import type { SourceContext } from '../sources/sourceContext';
import { resolveColumnName } from '../sources/sourceContext';
import type { EvaluationState, Request } from './evaluationState';
import { memoKey } from './memoKeys';
import type { DateRange, PeriodWindow } from './periods';
import { aggregateContext } from './scanAggregates';

/** A KPI's skipped rows: the field the warning points at and its text after the KPI's name. */
interface SkippedRows {
  field: string;
  text: string;
}

/** Warns of the rows each reported KPI skipped. */
export async function reportSkippedRows(st: EvaluationState, topRequests: Request[]): Promise<void> {
  const doc = st.check.document;
  for (const r of topRequests) {
    if (!st.results.get(r.key)) continue;
    const key = memoKey(st, 'skipped', r);
    const known = key ? st.options.memo?.get<{ skipped: SkippedRows | null }>(key) : undefined;
    const skipped = known ? known.skipped : await skippedRows(st, r.kpi, st.windows.get(r.period) ?? []);
    if (key && !known) st.options.memo?.set(key, { skipped });
    // Positions and the name are the current text's (the memo keeps neither).
    if (skipped)
      st.diag(
        doc.rangeOf(['kpis', r.kpi.name, skipped.field]),
        'warning',
        'invalid-values',
        l10n.t("KPI '{0}', {1}", r.kpi.name, skipped.text),
      );
  }
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
  const all: DateRange = {
    label: 'all',
    start: windows.map((w) => w.start).sort()[0],
    end: windows
      .map((w) => w.end)
      .sort()
      .reverse()[0],
  };
  let rows;
  let what: string;
  try {
    // Compiled once; the names it uses register their joins on the scan before build().
    const actx = aggregateContext(st, kpi, scan);
    const inv = evaluation.invalid(actx);
    what = inv.what;
    // A column the reader typed as a number has no value that is not one: no scan.
    if (
      inv.column !== undefined &&
      (await numericColumn(st.options.engine, ctx, inv.column, st.dialect, st.options.signal))
    )
      return null;
    const where = andFilter(inv.condition, actx.filter);
    const sql = scan.build([all], { kind: 'whole' }, [
      { alias: 'bad', sql: () => `count(*) FILTER (WHERE ${where})` },
      { alias: 'examples', sql: () => `${st.dialect.distinctList(inv.value)} FILTER (WHERE ${where})` },
    ]);
    rows = await st.options.engine.query(sql, [], { signal: st.options.signal });
  } catch (err) {
    if (err instanceof CompileError || (err instanceof EngineError && err.kind === 'query')) return null;
    throw err;
  }
  const bad = Number(rows[0]?.bad ?? 0);
  if (bad === 0) return null;
  let examples: string[] = [];
  try {
    const parsed: unknown = JSON.parse(String(rows[0]?.examples ?? '[]'));
    if (Array.isArray(parsed)) examples = parsed.map(String);
  } catch {
    examples = [];
  }
  const shown = examples.slice(0, 5).join(', ') + (examples.length > 5 ? ', …' : '');
  const field = typeof kpi.fields.column === 'string' ? 'column' : 'type';
  return {
    field,
    text: shown
      ? l10n.t('{0}..{1}: {2} {3}: {4}', all.start, all.end, bad, what, shown)
      : l10n.t('{0}..{1}: {2} {3}', all.start, all.end, bad, what),
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

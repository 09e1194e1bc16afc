// Whether a scan of customer counts may group its rows first (sql/groupedRows.ts): every
// KPI of the batch counts customers only and compares dates with the window's bounds
// (`datesCompared`: churn, retention_rate, customers, new_customers), with no filter of its
// own, over the whole population or `by` slices, and the customers are rows (a key known
// unique, or no key). Then the counts are sums of "__kw" (ctx.weight), DuckDB only.
import type { KpiSpec } from '../../kpifile/model';
import type { AggregateContext } from '../../kpis/kpiType';
import { kpiType } from '../../kpis/registry';
import type { Dialect } from '../sql/dialect';
import type { Slice } from '../sql/scanQuery';
import type { SourceContext } from '../sources/sourceContext';
import { resolveColumnName } from '../sources/sourceContext';
import { quoteIdent } from '../sql/sqlText';

/** The column a grouped scan's counts read (AggregateContext.weight). */
export const GROUP_WEIGHT = '"__kw"';

export function customerCountsGrouping(
  kpis: KpiSpec[],
  slices: Slice[],
  ctx: SourceContext,
  context: (k: KpiSpec) => AggregateContext,
  dialect: Dialect,
): { dates: string[]; weight: string } | undefined {
  if (dialect.name !== 'duckdb' || kpis.length === 0) return undefined;
  if (ctx.spec.key && ctx.keyUnique !== true) return undefined;
  const dates = new Set<string>();
  for (const k of kpis) {
    const e = kpiType(k.type)?.evaluation;
    if (e?.kind !== 'aggregate' || !e.datesCompared || !e.join || e.perCustomer || e.steps || k.where) return undefined;
    for (const d of e.datesCompared(context(k))) dates.add(d);
  }
  for (const s of slices) {
    // A score slice joins each row's customer (scoreSegments.ts): its rows stay rows.
    if (s.kind === 'where' || (s.kind === 'by' && s.score)) return undefined;
    if (s.kind !== 'by') continue;
    const own = s.expr.length === 1 || (s.expr.length === 2 && s.expr[0] === ctx.spec.name);
    // A slice by one of the dates would see it clamped.
    if (own && dates.has(quoteIdent(resolveColumnName(ctx, s.expr[s.expr.length - 1])))) return undefined;
  }
  const weight = ctx.spec.key ? `count(${quoteIdent(resolveColumnName(ctx, ctx.spec.key))})` : 'count(*)';
  return { dates: [...dates], weight };
}

// What a scan asks of a KPI type: its aggregate context (columns and filter compiled against
// the scan, the source's key), and the extra count aggregates a value's interval needs.
import { parseExpression } from '../../expr';
import type { KpiSpec } from '../../kpifile/model';
import type { AggregateContext, CountsSql } from '../../kpis/kpiType';
import type { KpiCounts } from '../../stats/intervals';
import { CompileError } from '../sql/exprToSql';
import type { Aggregate, ScanQuery } from '../sql/scanQuery';
import * as l10n from '../../l10n/l10n';
import type { EvaluationState } from './evaluationState';
import { isBinaryColumn, isDecimalColumn, textNumberSql } from '../sources/sourceContext';

export function aggregateContext(st: EvaluationState, kpi: KpiSpec, scan: ScanQuery): AggregateContext {
  const ctx = kpi.source ? st.sources.get(kpi.source) : undefined;
  return {
    fields: kpi.fields,
    column: (name) => scan.column({ parts: [name], span: { start: 0, end: 0 } }),
    filter: kpi.where ? compileFilter(kpi.where, scan) : undefined,
    dialect: st.dialect,
    key: ctx?.spec.key ? scan.column({ parts: [ctx.spec.key], span: { start: 0, end: 0 } }) : undefined,
    ...(ctx?.spec.key ? { keyName: ctx.spec.key } : {}),
    keyUnique: ctx?.keyUnique === true,
    decimal: (name) => ctx !== undefined && !name.includes('.') && isDecimalColumn(ctx, name),
    binary: (name) => ctx !== undefined && !name.includes('.') && isBinaryColumn(ctx, name),
    textNumber: (name, sql) => (ctx && !name.includes('.') ? textNumberSql(ctx, name, sql, st.dialect) : undefined),
    declaredType: (name) =>
      Object.entries(ctx?.spec.columns ?? {}).find(([c]) => c.toLowerCase() === name.toLowerCase())?.[1],
  };
}

/** The extra aggregates `<alias>_n`, `<alias>_x` (share) or `<alias>_p`, `<alias>_d` (NPS) of a value's counts. */
export function countAggregates(alias: string, counts: CountsSql | undefined): Aggregate[] {
  if (!counts) return [];
  const parts: [string, string][] =
    counts.kind === 'share'
      ? [
          ['n', counts.n],
          ['x', counts.x],
        ]
      : [
          ['n', counts.n],
          ['p', counts.promoters],
          ['d', counts.detractors],
        ];
  return parts.map(([suffix, sql]) => ({ alias: `${alias}_${suffix}`, sql: () => sql }));
}

/** The counts read back from a scan row (none when the KPI has no count aggregates). */
export function countsOf(row: Record<string, unknown>, alias: string): KpiCounts | undefined {
  const num = (suffix: string) => Number(row[`${alias}_${suffix}`] ?? 0);
  if (!(`${alias}_n` in row)) return undefined;
  if (`${alias}_x` in row) return { kind: 'share', n: num('n'), x: num('x') };
  return { kind: 'nps', n: num('n'), promoters: num('p'), detractors: num('d') };
}

function compileFilter(where: string, scan: ScanQuery): string {
  const { expr } = parseExpression(where);
  if (!expr) throw new CompileError(l10n.t('the filter does not parse'));
  return scan.exprSql(expr);
}

// A row's further comparisons (`compare: [previous, year_ago]`) as every human surface shows
// them: the first comparison is the row's own change (kpiText.formatChange); each further one
// reads `▲31 % vs a year ago`, under the same rule (points for percents and scores).
import type { KpiResult, ResultRow, RowComparison } from '../resultModel';
import { changeTrend, formatChange, significanceText, type Trend } from './kpiText';
import * as l10n from '../../l10n/l10n';

/** `vs previous period` / `vs a year ago`. */
export function compareKindText(kind: string): string {
  return kind === 'year_ago' ? l10n.t('vs a year ago') : l10n.t('vs previous period');
}

export interface ShownComparison {
  kind: string;
  /** `▲31 %`. */
  change: string;
  /** `vs a year ago`. */
  versus: string;
  trend: Trend | null;
  significant: boolean | null;
  /** `significant (p = 0.01)` / `not significant (p = 0.4)`; null without a change test (kpiText.significanceText). */
  significance: string | null;
}

const asRow = (value: number | null, c: RowComparison) => ({
  value,
  previous: c.previous,
  delta: c.delta,
  change: c.change,
});

/** The comparisons after the first, those with a change to show, in the period's order. */
export function furtherComparisons(kpi: KpiResult, row: ResultRow): ShownComparison[] {
  const out: ShownComparison[] = [];
  for (const [kind, c] of Object.entries(row.comparisons ?? {}).slice(1)) {
    const change = formatChange(kpi, asRow(row.value, c));
    if (change === null) continue;
    const significant = c.significant ?? null;
    out.push({
      kind,
      change,
      versus: compareKindText(kind),
      trend: significant === false ? 'flat' : changeTrend(kpi, asRow(row.value, c)),
      significant,
      significance: significanceText(c),
    });
  }
  return out;
}

/** The label of the row's own change when the KPI has several comparisons (`vs previous period`), else null. */
export function firstComparisonText(kpi: KpiResult): string | null {
  return kpi.comparisons && kpi.comparisons.length > 1 ? compareKindText(kpi.comparisons[0]) : null;
}

/** ` sig.` / ` n.s.` after a change whose test was run (shares, NPS); '' otherwise. */
export function significanceMark(significant: boolean | null | undefined): string {
  return significant === true ? ` ${l10n.t('sig.')}` : significant === false ? ` ${l10n.t('n.s.')}` : '';
}

/** `▲31 % sig. vs a year ago · ▲2 % vs previous period`: the further comparisons in one plain text. */
export function furtherComparisonsText(kpi: KpiResult, row: ResultRow): string | null {
  const list = furtherComparisons(kpi, row);
  return list.length > 0
    ? list.map((c) => `${c.change}${significanceMark(c.significant)} ${c.versus}`).join(' · ')
    : null;
}

// The words of a diff's "why" (explainMoves.ts), whatever the format: one line per side of a
// KPI — which rows it reads in which period, how many rows and customers leave the base's
// count or enter the head's, their share of the value (sums, counts) or of the rows, the
// first customers, and rows kept whose measured value changed.
import { formatValue } from '../../report/formatValue';
import type { KpiDiff } from '../specDiff';
import type { KpiWhy, WhyCount } from '../whyTypes';
import * as l10n from '../../l10n/l10n';

const int = (n: number) => formatValue(n, 'integer');

/** Texts joined by `; ` (fr ` ; `, U+00A0). */
export function joinSemicolons(parts: string[]): string {
  return parts.reduce((a, b) => l10n.t('{0}; {1}', a, b));
}

function rowsText(n: number): string {
  return n === 1 ? l10n.t('1 row') : l10n.t('{0} rows', int(n));
}

function customersText(n: number): string {
  return n === 1 ? l10n.t('1 customer') : l10n.t('{0} customers', int(n));
}

/** `rows of revenue`, `numerator (revenue)`, `denominator (orders)`. */
export function whySideText(w: KpiWhy): string {
  if (w.role === 'numerator') return l10n.t('numerator ({0})', w.kpi);
  if (w.role === 'denominator') return l10n.t('denominator ({0})', w.kpi);
  return l10n.t('rows of {0}', w.kpi);
}

function moveText(k: KpiDiff, w: KpiWhy, c: WhyCount): string {
  const parts = [rowsText(c.rows)];
  if (c.customers !== null) parts.push(customersText(c.customers));
  if (w.role === 'rows' && w.shareOf === 'value' && c.value !== null && k.unit)
    parts.push(formatValue(c.value, k.unit.format, { currency: k.unit.currency, decimals: k.unit.decimals }));
  const details: string[] = [];
  if (c.share !== null)
    details.push(
      w.shareOf === 'value'
        ? l10n.t('{0} of the value', formatValue(c.share, 'percent'))
        : l10n.t('{0} of the rows', formatValue(c.share, 'percent')),
    );
  if (c.sample.length > 0) details.push(l10n.t('first: {0}', c.sample.join(', ')));
  return `${parts.join(', ')}${details.length > 0 ? ` (${joinSemicolons(details)})` : ''}`;
}

/**
 * `rows of revenue, 2025-03: 3 → 2 rows; leave: 1 row, 1 customer, 70 EUR (38.9 % of the
 * value; first: c1); enter: none`.
 */
export function whyText(k: KpiDiff, w: KpiWhy): string {
  const period = w.basePeriod === w.headPeriod ? w.basePeriod : `${w.basePeriod} → ${w.headPeriod}`;
  const head = `${whySideText(w)}, ${period}`;
  if (w.note !== undefined) return l10n.t('{0}: {1}', head, w.note);
  const parts = [
    l10n.t('{0} → {1} rows', int(w.baseRows), int(w.headRows)),
    w.leave.rows === 0 ? l10n.t('leave: none') : l10n.t('leave: {0}', moveText(k, w, w.leave)),
    w.enter.rows === 0 ? l10n.t('enter: none') : l10n.t('enter: {0}', moveText(k, w, w.enter)),
  ];
  if (w.changed.rows > 0) {
    const delta =
      w.changed.delta !== null && k.unit && w.role === 'rows'
        ? ` (${w.changed.delta >= 0 ? '+' : '−'}${formatValue(Math.abs(w.changed.delta), k.unit.format, { currency: k.unit.currency, decimals: k.unit.decimals })})`
        : '';
    parts.push(l10n.t('value changed on {0}', rowsText(w.changed.rows)) + delta);
  }
  return l10n.t('{0}: {1}', head, joinSemicolons(parts));
}

/** Every why line of the diff's KPIs: [KPI name, line]. */
export function whyLines(kpis: KpiDiff[]): [string, string][] {
  return kpis.flatMap((k) => (k.why ?? []).map((w): [string, string] => [k.name, whyText(k, w)]));
}

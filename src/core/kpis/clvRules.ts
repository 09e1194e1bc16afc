// The rules of KPI type `clv` beyond its schema (its `check`) and how a historical or simple clv
// is derived from its inputs (its `derived` evaluation): the revenue per customer as an internal
// customer_revenue KPI, the lifetime from `lifetime_years` or a churn KPI, minus a cac KPI.
import * as l10n from '../l10n/l10n';
import { checkSegmentsOfOneSource, type KpiCheckContext } from './kpiCheck';
import type { DerivedInput, DerivedValueContext, KpiEvaluation } from './kpiType';

/** Fields that only `method: predictive` reads. */
export const PREDICTIVE_CLV_FIELDS = ['horizon_months', 'discount_rate', 'backtest', 'bootstrap'] as const;
/** Fields that only `historical` / `simple` read. */
export const NON_PREDICTIVE_CLV_FIELDS = ['months', 'lifetime_years', 'churn', 'cac'] as const;

/** A monthly discount rate above this (≈ 214 % a year) is most likely an annual rate. */
const MAX_PLAUSIBLE_MONTHLY_RATE = 0.1;

/** method: predictive is fitted per period end (engine/evaluation/predictiveClvRun.ts). */
export function clvEvaluationFor(fields: Readonly<Record<string, unknown>>): KpiEvaluation | undefined {
  return fields.method === 'predictive' ? { kind: 'predictive-clv' } : undefined;
}

/** The revenue window in months: `months` for historical, else 12 (simple's ARPU). */
function revenueMonths(f: Readonly<Record<string, unknown>>): number {
  return f.method === 'historical' && typeof f.months === 'number' ? f.months : 12;
}

/** The revenue per customer (internal KPI), the churn at the month of each window's end, the cac. */
export function clvInputs(f: Readonly<Record<string, unknown>>): DerivedInput[] {
  const months = revenueMonths(f);
  const out: DerivedInput[] = [];
  if (typeof f.revenue === 'string' && f.revenue.includes('.')) {
    const [source, column] = f.revenue.split('.');
    out.push({
      role: 'revenue',
      name: `revenue_${months}m`,
      internal: { type: 'customer_revenue', title: '(revenue per customer)', source, fields: { column, months } },
    });
  }
  if (f.method === 'simple' && typeof f.lifetime_years !== 'number' && typeof f.churn === 'string')
    out.push({ role: 'churn', name: f.churn, over: 'month-of-end' });
  if (f.method === 'simple' && typeof f.cac === 'string') out.push({ role: 'cac', name: f.cac });
  return out;
}

/**
 * clv at the end b of a window: `historical` is the revenue per customer over `months`;
 * `simple` is ARPU (12 months) × lifetime − CAC, the lifetime being `lifetime_years` or
 * 1 / annual churn with annual churn = 1 − (1 − monthly churn at b's month)^12.
 */
export function clvValue({ fields: f, input }: DerivedValueContext): number | null {
  const revenue = input('revenue');
  if (f.method === 'historical' || revenue === null) return revenue;
  let lifetime: number | null;
  if (typeof f.lifetime_years === 'number') lifetime = f.lifetime_years;
  else {
    const monthly = input('churn');
    const annual = monthly === null ? null : 1 - (1 - monthly) ** 12;
    lifetime = annual === null || annual === 0 ? null : 1 / annual;
  }
  if (lifetime === null) return null;
  const cac = typeof f.cac === 'string' ? input('cac') : 0;
  if (cac === null) return null;
  const value = revenue * lifetime - cac;
  return Number.isFinite(value) ? value : null;
}

/** The method's fields, simple's lifetime, predictive's rate and segments, the revenue source's key and time. */
export function checkClv(ctx: KpiCheckContext): void {
  const { raw, label } = ctx;
  if (raw.method === 'predictive') checkPredictiveClv(ctx);
  else if (typeof raw.method === 'string') {
    // Its segments slice the revenue source's rows (a joined source's column through its key):
    // checked there, and a joined source is used (no `unused-source` for it).
    const revenue = revenueSource(ctx);
    if (revenue) ctx.segments.forEach((segName, i) => ctx.checkSegmentOn(i, segName, revenue));
    for (const f of PREDICTIVE_CLV_FIELDS) {
      if (raw[f] !== undefined)
        ctx.report(
          [f],
          'invalid-value',
          l10n.t("'{0}' applies to method: predictive only; {1} (method: {2}) ignores it", f, label, raw.method),
          'warning',
          'key',
        );
    }
  }
  if (raw.method === 'simple' && raw.lifetime_years === undefined && raw.churn === undefined) {
    ctx.report(
      [],
      'missing-field',
      l10n.t("{0} (method: simple) needs 'lifetime_years' or 'churn' to know how long customers stay", label),
      'error',
      'key',
    );
  }
  if (typeof raw.revenue === 'string') {
    const src = raw.revenue.split('.')[0];
    const s = ctx.sourceOf(src);
    if (s && s.key === undefined)
      ctx.report(['revenue'], 'missing-key', l10n.t("{0} needs customers, but source '{1}' has no 'key'", label, src));
    if (s && s.time === undefined)
      ctx.report(
        ['revenue'],
        'missing-time',
        l10n.t("{0} needs dated revenue, but source '{1}' has no 'time' column", label, src),
      );
  }
}

/**
 * method: predictive — fields of the other methods are ignored (warning); a monthly discount
 * rate above 10 % looks like an annual one (warning); segments must read the revenue source's
 * own columns (the customer summary is one query on it): another source's is not supported.
 */
function checkPredictiveClv(ctx: KpiCheckContext): void {
  const { raw, label } = ctx;
  for (const f of NON_PREDICTIVE_CLV_FIELDS) {
    if (raw[f] !== undefined)
      ctx.report(
        [f],
        'invalid-value',
        l10n.t(
          "'{0}' does not apply to method: predictive; {1} ignores it (use horizon_months, discount_rate, backtest)",
          f,
          label,
        ),
        'warning',
        'key',
      );
  }
  if (typeof raw.discount_rate === 'number' && raw.discount_rate > MAX_PLAUSIBLE_MONTHLY_RATE) {
    const annual = ((1 + raw.discount_rate) ** 12 - 1) * 100;
    ctx.report(
      ['discount_rate'],
      'invalid-value',
      l10n.t(
        'discount_rate is monthly: {0} a month is {1} % a year; for an annual rate A write (1 + A)^(1/12) − 1 (e.g. 10 % a year ≈ 0.008)',
        raw.discount_rate,
        annual.toFixed(0),
      ),
      'warning',
    );
  }
  const revenue = revenueSource(ctx);
  if (!revenue) return;
  checkSegmentsOfOneSource(ctx, revenue, true, (segName, other) =>
    l10n.t(
      "{0} (method: predictive) can be segmented by columns of '{1}' only; segment '{2}' reads '{3}', which this release does not join into the customer summary",
      label,
      revenue,
      segName,
      other,
    ),
  );
}

/** The source of a clv's `revenue` (source.column), when the file declares it. */
function revenueSource(ctx: KpiCheckContext): string | undefined {
  const { raw } = ctx;
  const source = typeof raw.revenue === 'string' && raw.revenue.includes('.') ? raw.revenue.split('.')[0] : undefined;
  return source !== undefined && ctx.sourceOf(source) ? source : undefined;
}

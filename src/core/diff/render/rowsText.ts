// The words of a diff's moved rows, whatever the format: a row's segment (`all`, `channel =
// web`, `enterprise`), its figure (a cohort day, a funnel step), its before/after in the KPI's
// format, its delta (with the relative change for amounts), its flags (a target that flipped,
// a significant change), and the top movers across the file's KPIs.
import { formatPlain, formatValue } from '../../report/formatValue';
import type { SegmentKey } from '../../report/resultModel';
import type { KpiDiff, RowChange, SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import * as l10n from '../../l10n/l10n';
import { joinSemicolons } from './whyText';

/** How many rows the top movers show. */
export const TOP_MOVERS = 10;

/** `all` for the whole population, `channel = web` for a `by` segment, `enterprise` for a `where` segment. */
export function segmentText(segment: SegmentKey): string {
  const parts = Object.entries(segment).map(([k, v]) => (v === true ? k : `${k} = ${v === null ? '∅' : String(v)}`));
  return parts.length === 0 ? l10n.t('all') : parts.join(', ');
}

/** `D30`, `step paid`, or ``. */
export function rowDetail(r: RowChange): string {
  return r.day !== undefined ? `D${r.day}` : r.step !== undefined ? l10n.t('step {0}', r.step) : '';
}

export function rowValueText(k: KpiDiff, value: number | null): string {
  const unit = k.unit ?? { format: 'number' };
  return formatValue(value, unit.format, { currency: unit.currency, decimals: unit.decimals });
}

/** `−70 EUR (−38.9 %)`, `+16.7 pp`, `—`. */
export function rowDeltaText(r: RowChange): string {
  if (r.deltaText === null) return '—';
  return r.relative !== null && r.relative !== 0
    ? `${r.deltaText} (${r.relative >= 0 ? '+' : '−'}${formatValue(Math.abs(r.relative), 'percent')})`
    : r.deltaText;
}

/** `target met → missed; significant (p = 0.003)`, or ``. */
export function rowFlags(r: RowChange): string {
  const flags: string[] = [];
  if (r.targetFlip === 'now_missed') flags.push(l10n.t('target met → missed'));
  if (r.targetFlip === 'now_met') flags.push(l10n.t('target missed → met'));
  if (r.significant === true && r.pValue !== null)
    flags.push(l10n.t('significant (p = {0})', formatPlain(Number(r.pValue.toPrecision(2)))));
  return flags.length === 0 ? '' : joinSemicolons(flags);
}

export interface RowLine {
  kpi: string;
  segment: string;
  detail: string;
  period: string;
  before: string;
  after: string;
  delta: string;
  flags: string;
}

export function rowLine(k: KpiDiff, r: RowChange): RowLine {
  return {
    kpi: k.name,
    segment: segmentText(r.segment),
    detail: rowDetail(r),
    period: r.period,
    before: rowValueText(k, r.before),
    after: rowValueText(k, r.after),
    delta: rowDeltaText(r),
    flags: rowFlags(r),
  };
}

/**
 * The largest moves across the changed and affected KPIs, largest first (ties keep the
 * file's order): rows both sides have — a row only one side has (an added or removed KPI, a
 * changed period or segment) is not a move; it is listed with its KPI's rows.
 */
export function topMovers(diff: SpecDiff, limit = TOP_MOVERS): RowLine[] {
  const all = changedKpis(diff).flatMap((k) =>
    (k.rows ?? []).filter((r) => r.before !== null && r.after !== null).map((r) => ({ k, r })),
  );
  return all
    .sort((p, q) => q.r.size - p.r.size)
    .slice(0, limit)
    .map(({ k, r }) => rowLine(k, r));
}

/** The moved and unchanged rows of the file: `12 rows moved, 30 unchanged.` */
export function rowCountsText(diff: SpecDiff): string | null {
  const kpis = changedKpis(diff).filter((k) => k.rows !== undefined);
  if (kpis.length === 0) return null;
  const moved = kpis.reduce((s, k) => s + (k.rows?.length ?? 0), 0);
  const same = kpis.reduce((s, k) => s + (k.unchangedRows ?? 0), 0);
  return l10n.t('Rows moved: {0}; unchanged: {1}.', moved, same);
}

/** The headings of a moved-rows table: [KPI,] Segment, [Figure,] Period, Before, After, Delta, Notes. */
export function rowHeadings(withKpi: boolean, withDetail: boolean): string[] {
  return [
    ...(withKpi ? [l10n.t('KPI')] : []),
    l10n.t('Segment'),
    ...(withDetail ? [l10n.t('Figure')] : []),
    l10n.t('Period'),
    l10n.t('Before'),
    l10n.t('After'),
    l10n.t('Delta'),
    l10n.t('Notes'),
  ];
}

/** The cells of a moved-rows table's line, in the order of rowHeadings. */
export function rowCells(r: RowLine, withKpi: boolean, withDetail: boolean): string[] {
  return [
    ...(withKpi ? [r.kpi] : []),
    r.segment,
    ...(withDetail ? [r.detail] : []),
    r.period,
    r.before,
    r.after,
    r.delta,
    r.flags,
  ];
}

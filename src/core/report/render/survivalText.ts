// The words of a survival KPI's report: each segment's median lifetime with its interval
// ("Median lifetime: 30 days (95 % CI 0 – not reached)", or "not reached" when fewer than half
// ended), its label (All, a segment value) and the step points of its curve. Shared by the
// HTML export's SVG (survivalSvg.ts) and the report view's chart (report/dashboard).
import * as l10n from '../../l10n/l10n';
import { formatPercentFigure, formatPlain } from '../formatValue';
import type { SurvivalReport, SurvivalSegmentReport } from '../resultModel';
import { wholePopulationLabel } from './layout';

/** `All`, `basic`, `enterprise` (a `where` segment's name), `plan=pro` with several segments. */
export function survivalSegmentLabel(segment: SurvivalSegmentReport['segment']): string {
  const entries = Object.entries(segment);
  if (entries.length === 0) return wholePopulationLabel();
  return entries.map(([name, v]) => (v === true ? name : v === null ? `${name}=(null)` : String(v))).join(' · ');
}

const days = (n: number | null): string => (n === null ? l10n.t('not reached') : l10n.t('{0} days', formatPlain(n)));

/** `Median lifetime: 30 days (95 % CI 0 days – not reached)`; `Median lifetime: not reached (S stays above 50 %)`. */
export function medianText(report: SurvivalReport, s: SurvivalSegmentReport): string {
  const level = formatPercentFigure(Number((report.confidence * 100).toPrecision(6)));
  if (s.subjects === 0) return l10n.t('Median lifetime: no subscription');
  if (s.median === null)
    return l10n.t(
      'Median lifetime: not reached (S stays above 50 %; {0} CI {1} – {2})',
      level,
      days(s.median_ci_low),
      days(s.median_ci_high),
    );
  return l10n.t(
    'Median lifetime: {0} ({1} CI {2} – {3})',
    days(s.median),
    level,
    days(s.median_ci_low),
    days(s.median_ci_high),
  );
}

/** `12 subscriptions, 5 ended, 7 still active at 2025-03-31`. */
export function survivalCountsText(report: SurvivalReport, s: SurvivalSegmentReport): string {
  return l10n.t('{0} subscriptions, {1} ended, {2} still active at {3}', s.subjects, s.events, s.censored, report.at);
}

/** The corners of a step curve starting at (0, 1): each point's S held until the next time. */
export function stepPoints(s: SurvivalSegmentReport): { t: number; s: number }[] {
  const out: { t: number; s: number }[] = [{ t: 0, s: 1 }];
  let last = 1;
  for (const p of s.curve) {
    if (p.survival !== last) {
      out.push({ t: p.t, s: last }, { t: p.t, s: p.survival });
      last = p.survival;
    }
  }
  const end = s.curve.length ? s.curve[s.curve.length - 1].t : 0;
  if (end > out[out.length - 1].t) out.push({ t: end, s: last });
  return out;
}

// The report view's model of a survival KPI: each segment's Kaplan–Meier step curve at the
// latest period end (corner points, S as a fraction) and the median lifetimes in words, for
// the view's chart (src/webview/survivalChart.ts) and the list under it.
import * as l10n from '../../l10n/l10n';
import type { KpiResult } from '../resultModel';
import { medianText, stepPoints, survivalCountsText, survivalSegmentLabel } from '../render/survivalText';

export interface SurvivalChart {
  /** `Lifetime: survival curve at 2025-03-31`. */
  caption: string;
  lines: { label: string; whole: boolean; points: { x: number; y: number }[] }[];
  /** Per segment: `All: Median lifetime: 30 days (95 % CI 0 days – not reached) · 5 subscriptions, …`. */
  notes: string[];
}

export function survivalChart(kpi: KpiResult, max = 8): SurvivalChart | null {
  const report = kpi.survival;
  if (!report) return null;
  const segments = report.segments.slice(0, max + 1);
  return {
    caption: l10n.t('{0}: survival curve at {1}', kpi.title, report.at),
    lines: segments.map((s) => ({
      label: survivalSegmentLabel(s.segment),
      whole: Object.keys(s.segment).length === 0,
      points: stepPoints(s).map((p) => ({ x: p.t, y: p.s })),
    })),
    notes: segments.map(
      (s) => `${survivalSegmentLabel(s.segment)}: ${medianText(report, s)} · ${survivalCountsText(report, s)}`,
    ),
  };
}

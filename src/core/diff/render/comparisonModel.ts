// What the report view's comparison box shows beyond the latest figures (webview/
// comparisonView.ts draws it): the top movers across the changed KPIs, the moved/unchanged row
// counts, why the rows moved, and the gates' verdict — the same texts as `kpilens diff`.
// Pure: no DOM, no Node API (bundled into the webview).
import type { SpecDiff } from '../specDiff';
import { changedKpis } from '../specDiff';
import { gateLines } from './gateText';
import { rowCells, rowCountsText, rowHeadings, topMovers } from './rowsText';
import { whyLines } from './whyText';

export interface ComparisonModel {
  /** The top movers' table: headings and cells (KPI, segment, [figure,] period, before, after, delta, notes). */
  movers: { headings: string[]; rows: string[][] };
  /** `Rows moved: 8; unchanged: 7.`, or null before evaluation. */
  counts: string | null;
  /** [KPI, why line] per side of each moved KPI. */
  why: [string, string][];
  /** The verdict line, then its reasons; [] without gates. */
  gates: string[];
  /** Whether the gates failed. */
  gatesFailed: boolean;
}

export function comparisonModel(diff: SpecDiff): ComparisonModel {
  if (diff.hasErrors)
    return { movers: { headings: [], rows: [] }, counts: null, why: [], gates: [], gatesFailed: false };
  const top = topMovers(diff);
  const withDetail = top.some((r) => r.detail !== '');
  return {
    movers: {
      headings: top.length > 0 ? rowHeadings(true, withDetail) : [],
      rows: top.map((r) => rowCells(r, true, withDetail)),
    },
    counts: rowCountsText(diff),
    why: whyLines(changedKpis(diff)),
    gates: diff.gates ? gateLines(diff.gates) : [],
    gatesFailed: diff.gates?.failed === true,
  };
}

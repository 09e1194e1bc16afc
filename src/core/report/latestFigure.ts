// The latest figure of a KPI, one rule for every surface (the report's headline and cards, the
// code lenses and hovers, `kpilens diff`): the whole population's row of the latest period, for
// a detail (none, a cohort day, a funnel step); for a cohort day, the latest cohort that has a
// value there (younger cohorts cannot have reached the day yet). Pure: bundled into the webview.
import type { ResultRow } from './resultModel';

/** Which figure of a KPI: its period value (neither), a cohort retention's day, or a funnel's step. */
export interface FigureDetail {
  day?: number;
  step?: string;
}

const isWhole = (row: ResultRow): boolean => Object.keys(row.segment).length === 0;

/**
 * The whole population's latest row for a detail (rows are oldest first, as the JSON contract
 * orders them): the last such row; for a day, the last that has a value (none has: the first).
 * Undefined when the KPI has no such row.
 */
export function latestFigure(rows: readonly ResultRow[], detail: FigureDetail = {}): ResultRow | undefined {
  let out: ResultRow | undefined;
  for (const row of rows) {
    if (!isWhole(row) || row.day !== detail.day || row.step !== detail.step) continue;
    if (row.day !== undefined && row.value === null && out) continue;
    out = row;
  }
  return out;
}

/** The details a KPI's whole-population rows have, in first-seen order (`{}` for period rows). */
export function figureDetails(rows: readonly ResultRow[]): FigureDetail[] {
  const out = new Map<string, FigureDetail>();
  for (const row of rows) {
    if (!isWhole(row)) continue;
    const detail: FigureDetail =
      row.day !== undefined ? { day: row.day } : row.step !== undefined ? { step: row.step } : {};
    out.set(JSON.stringify(detail), detail);
  }
  return [...out.values()];
}

/**
 * The figure a KPI is summed up by (the report's headline, the code lens): its latest period
 * value; for a cohort retention, the shortest day's value of the latest cohort that has one.
 * Undefined when there is none (no whole-population row, or a funnel that reports only steps).
 */
export function headlineFigure(rows: readonly ResultRow[]): ResultRow | undefined {
  if (rows.some((r) => r.day === undefined && r.step === undefined)) return latestFigure(rows);
  const days = rows.filter((r) => r.day !== undefined).map((r) => r.day as number);
  if (days.length === 0) return undefined;
  const row = latestFigure(rows, { day: Math.min(...days) });
  return row && row.value !== null ? row : undefined;
}

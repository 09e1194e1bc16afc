// A predictive clv's back-test calibration as a card table of the report view (the numbers of
// its chart, render/clvCalibration.ts): one row per calibration frequency bucket.
import type { KpiResult } from '../resultModel';
import { calibrationView } from '../render/clvCalibration';
import type { CardTable, TableCell } from './kpiCard';

/** A predictive clv's calibration table (the numbers of its chart). */
export function calibrationTables(kpi: KpiResult): CardTable[] {
  const view = kpi.model?.backtest ? calibrationView(kpi.title, kpi.model.backtest) : null;
  if (!view) return [];
  const cell = (text: string): TableCell => ({
    text,
    changeText: null,
    trend: null,
    status: null,
    smallSample: null,
    significance: null,
    interval: null,
  });
  return [
    {
      caption: view.caption,
      corner: view.headings[0],
      columns: view.headings.slice(1),
      rows: view.rows.map((r) => ({ label: r[0], cells: r.slice(1).map(cell) })),
    },
  ];
}

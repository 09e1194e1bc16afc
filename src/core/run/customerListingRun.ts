// The customer listing run (`kpilens customers`, the editor's "List customers"): runs a KPI file
// for one predictive clv KPI with the score segments' values asked for (runKpiFile's
// scoreListing), and joins, filters and sorts them (report/customerListing.ts). Customer-level:
// the callers write the result only where the user asked (SECURITY.md, guarantee 12).
import type { CheckResult } from '../kpifile/checkFile';
import type { ScoreSegmentValues } from '../engine/evaluation/scoreSegments';
import type { CustomerScoreRow } from '../report/customerScoresCsv';
import { buildCustomerListing } from '../report/customerListing';
import type { CustomerListing, SegmentFilter } from '../report/customerListing';
import type { ResultDiagnostic } from '../report/resultModel';
import { runKpiFile } from './runKpiFile';
import type { RunKpiFileOptions } from './runKpiFile';

export interface CustomerListingRun {
  /** Undefined when the KPI has no fit at its latest period end (the diagnostics say why). */
  listing?: CustomerListing;
  /** The score segments' values at the listing's date that a `--segment` filter could match. */
  values?: string[];
  diagnostics: ResultDiagnostic[];
}

export async function runCustomerListing(
  abs: string,
  check: CheckResult,
  kpi: string,
  filter: SegmentFilter | undefined,
  options: Omit<RunKpiFileOptions, 'kpis' | 'onCustomerScores' | 'scoreListing'>,
): Promise<CustomerListingRun> {
  let scores: CustomerScoreRow[] | undefined;
  let values: ScoreSegmentValues | undefined;
  const run = await runKpiFile(abs, check, {
    ...options,
    kpis: [kpi],
    onCustomerScores: (name, rows) => {
      if (name === kpi) scores = rows;
    },
    scoreListing: { onValues: (v) => (values = v) },
  });
  const diagnostics = run.result.diagnostics;
  const at = run.result.kpis.find((k) => k.name === kpi)?.model?.fitted_at;
  if (!scores || scores.length === 0 || !at) return { diagnostics };
  const built = buildCustomerListing(scores, values && values.end === at ? values : undefined, filter);
  return {
    listing: { kpi, at, ...(filter ? { filter } : {}), segments: built.segments, rows: built.rows },
    values: built.values,
    diagnostics,
  };
}

// The customer listing of `kpilens customers` (and the editor's "List customers" command): the
// customers of a predictive clv KPI at its latest period end with their scores and their value
// in each score segment, optionally only those of one segment value, sorted by CLV (highest
// first; customers without a score last; then by customer key), as CSV or JSON. Customer-level:
// written only where the user asks (SECURITY.md), never into reports, exports or diffs.
import { csvField, guardCsvFormula } from './render/escape';
import type { CustomerScoreRow } from './customerScoresCsv';
import { CUSTOMER_SCORE_COLUMNS, customerScoreCells } from './customerScoresCsv';

export interface CustomerListingRow extends CustomerScoreRow {
  /** The customer's value in each score segment (null: none at that end). */
  segments: Record<string, string | null>;
}

/** Which customers to keep: those whose value in `segment` (or in any score segment) is `value`. */
export interface SegmentFilter {
  segment?: string;
  value: string;
}

export interface CustomerListing {
  kpi: string;
  /** The period end the scores are at. */
  at: string;
  filter?: SegmentFilter;
  segments: string[];
  rows: CustomerListingRow[];
}

export function buildCustomerListing(
  scores: readonly CustomerScoreRow[],
  segmentValues: { customers: string[]; values: Record<string, (string | null)[]> } | undefined,
  filter?: SegmentFilter,
): { segments: string[]; rows: CustomerListingRow[]; values: string[] } {
  const segments = Object.keys(segmentValues?.values ?? {}).sort();
  const index = new Map((segmentValues?.customers ?? []).map((c, i) => [c, i]));
  const rows: CustomerListingRow[] = scores.map((s) => {
    const i = index.get(s.customer);
    return {
      ...s,
      segments: Object.fromEntries(
        segments.map((g) => [g, i === undefined ? null : (segmentValues?.values[g][i] ?? null)]),
      ),
    };
  });
  const kept = filter
    ? rows.filter((r) =>
        filter.segment !== undefined
          ? r.segments[filter.segment] === filter.value
          : Object.values(r.segments).includes(filter.value),
      )
    : rows;
  kept.sort((a, b) => {
    const x = a.score?.clv;
    const y = b.score?.clv;
    if (x !== undefined && y !== undefined && x !== y) return y - x;
    if ((x === undefined) !== (y === undefined)) return x === undefined ? 1 : -1;
    return a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0;
  });
  // The values a filter could have matched (its segment's, else every segment's): a filter
  // matching none of them is a typo, told by the caller.
  const values = new Set<string>();
  for (const r of rows)
    for (const [g, v] of Object.entries(r.segments))
      if (v !== null && (filter?.segment === undefined || filter.segment === g)) values.add(v);
  return { segments, rows: kept, values: [...values].sort() };
}

export function renderCustomerListingCsv(listing: CustomerListing): string {
  const out = [[...CUSTOMER_SCORE_COLUMNS, ...listing.segments].map((c) => csvField(guardCsvFormula(c))).join(',')];
  for (const r of listing.rows) {
    out.push([...customerScoreCells(r), ...listing.segments.map((g) => csvField(r.segments[g] ?? ''))].join(','));
  }
  return out.join('\n') + '\n';
}

export function renderCustomerListingJson(listing: CustomerListing): string {
  const value = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? n : null);
  return (
    JSON.stringify(
      {
        kpi: listing.kpi,
        at: listing.at,
        segment: listing.filter ?? null,
        customers: listing.rows.map((r) => ({
          customer: r.customer,
          frequency: r.frequency,
          recency_days: r.recency,
          t_days: r.T,
          monetary: r.monetary,
          expected_purchases: value(r.score?.expectedPurchases),
          probability_alive: value(r.score?.probabilityAlive),
          expected_spend: value(r.score?.expectedSpend),
          clv: value(r.score?.clv),
          segments: r.segments,
        })),
      },
      null,
      2,
    ) + '\n'
  );
}

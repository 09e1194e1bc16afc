// The per-customer scores of a predictive clv as CSV (`kpilens run --customers out.csv`):
// one row per customer with a purchase on or before the latest period end, the summary the
// models read (days) and the scores; empty cells where a customer could not be scored.
// The customer key is guarded against spreadsheet formulas like every CSV text cell.
import { csvField, guardCsvFormula } from './render/escape';

/** One customer's summary (times in days) and scores at the latest period end. */
export interface CustomerScoreRow {
  customer: string;
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
  /** Null when the model could not score the customer (a number was not finite). */
  score: { expectedPurchases: number; probabilityAlive: number; expectedSpend: number; clv: number } | null;
}

export const CUSTOMER_SCORE_COLUMNS = [
  'customer',
  'frequency',
  'recency_days',
  't_days',
  'monetary',
  'expected_purchases',
  'probability_alive',
  'expected_spend',
  'clv',
] as const;

const num = (n: number | undefined) => (n !== undefined && Number.isFinite(n) ? String(n) : '');

/** One customer's cells under CUSTOMER_SCORE_COLUMNS (the key guarded, empty cells where there is no score). */
export function customerScoreCells(r: CustomerScoreRow): string[] {
  return [
    csvField(guardCsvFormula(r.customer)),
    num(r.frequency),
    num(r.recency),
    num(r.T),
    num(r.monetary),
    num(r.score?.expectedPurchases),
    num(r.score?.probabilityAlive),
    num(r.score?.expectedSpend),
    num(r.score?.clv),
  ];
}

export function renderCustomerScoresCsv(rows: readonly CustomerScoreRow[]): string {
  const out = [CUSTOMER_SCORE_COLUMNS.join(',')];
  for (const r of rows) {
    out.push(customerScoreCells(r).join(','));
  }
  return out.join('\n') + '\n';
}

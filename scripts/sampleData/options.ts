// The sample-data generator's options and output shape: SampleDataOptions and its defaults (the
// committed sample's seed, customer count and date range), the four files' names and CSV columns,
// and the check of the options every generation starts with.
import { parseIsoDay } from './calendar';

export interface SampleDataOptions {
  /** Seed of the pseudo-random streams. */
  seed: number;
  /** Number of customers in customers.csv: those still customers at start plus those who sign up until end. */
  customers: number;
  /** First day of the data, YYYY-MM-DD. */
  start: string;
  /** Last day of the data, YYYY-MM-DD: the latest signup, order and survey date. */
  end: string;
  /**
   * Benchmarks only: the share of generated orders kept (default 1, all), drawn from a stream
   * of its own so that the customers, the kept orders and the survey do not change with it.
   */
  orderShare?: number;
  /** Benchmarks only: the share of paid orders turned into refunds (default 0), its own stream too. */
  extraRefunds?: number;
}

export interface SampleData {
  customers: string;
  orders: string;
  survey: string;
  marketingSpend: string;
}

export interface SampleFileSummary {
  file: string;
  rows: number;
  bytes: number;
}

export const DEFAULT_SAMPLE_OPTIONS: Readonly<SampleDataOptions> = Object.freeze({
  seed: 20251231,
  customers: 4000,
  start: '2023-01-01',
  end: '2025-12-31',
});

export const SAMPLE_FILES = {
  customers: 'customers.csv',
  orders: 'orders.csv',
  survey: 'survey.csv',
  marketingSpend: 'marketing_spend.csv',
} as const satisfies Record<keyof SampleData, string>;

export const SAMPLE_COLUMNS = {
  customers: ['customer_id', 'signup_date', 'churn_date', 'plan', 'country', 'acquisition_channel'],
  orders: ['order_id', 'customer_id', 'order_date', 'amount', 'channel', 'status'],
  survey: ['response_id', 'customer_id', 'responded_at', 'nps_score', 'csat_score', 'ces_score'],
  marketingSpend: ['month', 'channel', 'spend', 'campaign_type'],
} as const satisfies Record<keyof SampleData, readonly string[]>;

export type FileKey = keyof SampleData;

export function validateOptions(options: SampleDataOptions): { start: number; end: number } {
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number, got ${options.seed}`);
  if (!Number.isSafeInteger(options.customers) || options.customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${options.customers}`);
  }
  const start = parseIsoDay(options.start);
  const end = parseIsoDay(options.end);
  if (end < start) throw new RangeError(`end ${options.end} is before start ${options.start}`);
  return { start, end };
}

// The "why" of a diff (see whyQuery.ts): for one side of a KPI (the rows it reads, or the
// numerator / denominator KPI of a ratio), the rows and distinct customers that leave the
// base's set or enter the head's, in the latest period of each version, on the same data.
export interface WhyCount {
  rows: number;
  /** Distinct customers (the source's key); null when the source has no key. */
  customers: number | null;
  /** The KPI's value over these rows alone (a sum's amount, a count's rows); null for other types. */
  value: number | null;
  /** value / the side's whole value, or rows / the side's rows for a KPI whose value does not add up. */
  share: number | null;
  /** The first customers (by key, ascending), at most WHY_SAMPLE of them. */
  sample: string[];
}

export interface KpiWhy {
  /** `rows` (the KPI's own rows), `numerator` or `denominator` (a ratio's inputs). */
  role: 'rows' | 'numerator' | 'denominator';
  /** The KPI whose rows these are (itself, or a ratio's input). */
  kpi: string;
  /** The latest period of each side the rows are counted in (`2025-03`, `2025-Q1`). */
  basePeriod: string;
  headPeriod: string;
  baseRows: number;
  headRows: number;
  /** The value the shares are of: the base's for rows leaving, the head's for rows entering. */
  baseValue: number | null;
  headValue: number | null;
  /** Whether `share` is of the value (sum, count) or of the rows (other types). */
  shareOf: 'value' | 'rows';
  leave: WhyCount;
  enter: WhyCount;
  /** Rows on both sides whose measured value changed (a changed column): count and after − before. */
  changed: { rows: number; delta: number | null };
  /** Why there are no figures (the sides read sources with no column in common). */
  note?: string;
}

/** How many customers a sample shows. */
export const WHY_SAMPLE = 5;

/** The why without its customer keys (the default: a diff carries aggregates only, SECURITY.md). */
export function withoutCustomerSample(why: KpiWhy): KpiWhy {
  return { ...why, leave: { ...why.leave, sample: [] }, enter: { ...why.enter, sample: [] } };
}

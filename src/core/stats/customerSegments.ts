// Customer scores turned into segment values (the `score:` segments of docs/DSL.md): for the
// customers of one period end, each with the RFM summary the CLV models read, the value of
// each customer in one score segment. Pure: the engine (engine/evaluation/scoreSegments.ts)
// gives the summaries and the fitted models, the CLI's customer listing reuses the labels.
// - rfm: three digits R F M, each 1–5 by quintile (5 best: most recent, most frequent,
//   highest spend). R orders by days since the last purchase (most days first), F by purchase
//   days, M by total spend (smallest first). Quintiles are NTILE(5) over that order, ties broken
//   by the customer key (ascending; the caller gives customers in key order): of n customers
//   the first n mod 5 quintiles hold ⌈n/5⌉, the others ⌊n/5⌋ (SQL's NTILE).
// - rfm_group: the R×F grid of named groups (RFM_GROUPS below).
// - p_alive: the BG/NBD probability that the customer is still active, in bands [lo, hi).
// - clv_decile: NTILE(10) of the predictive CLV (10 = the highest value), same tie rule.
// - tenure: complete calendar months since the first purchase, in bands [lo, hi).
import type { BgnbdParams } from './bgnbd';
import { probabilityAlive } from './bgnbd';
import type { ClvScorer } from './clvModel';
import type { CustomerSummary } from './customerSummary';

export const SCORE_KINDS = ['rfm', 'rfm_group', 'p_alive', 'clv_decile', 'tenure'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];

/** The kinds whose values need the BG/NBD fit (and, for clv_decile, Gamma-Gamma). */
export const FITTED_KINDS: readonly ScoreKind[] = ['p_alive', 'clv_decile'];

export const DEFAULT_BANDS: Record<'p_alive' | 'tenure', number[]> = {
  p_alive: [0.25, 0.5, 0.75],
  tenure: [3, 6, 12, 24],
};

/** One customer at a period end: the models' summary (days) and the total spend of its purchase days. */
export interface ScoredCustomer {
  summary: CustomerSummary;
  /** Σ of the values of all its purchase days up to the period end. */
  total: number;
}

/**
 * The R×F grid of named groups (rows R = 5…1, columns F = 1…5): the segment map commonly used
 * with RFM quintile scores (e.g. the "seg_map" of RFM analyses after Putler's RFM segments),
 * with its lowest cell (R = 1, F = 1) named `lost` as in Putler's table. M is not used.
 */
export const RFM_GROUPS: readonly (readonly string[])[] = [
  /* R=5 */ ['new_customers', 'potential_loyalists', 'potential_loyalists', 'champions', 'champions'],
  /* R=4 */ ['promising', 'potential_loyalists', 'potential_loyalists', 'loyal', 'loyal'],
  /* R=3 */ ['about_to_sleep', 'about_to_sleep', 'need_attention', 'loyal', 'loyal'],
  /* R=2 */ ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
  /* R=1 */ ['lost', 'hibernating', 'at_risk', 'at_risk', 'cant_lose'],
];

/** Every group name, best first. */
export const RFM_GROUP_NAMES = [
  'champions',
  'loyal',
  'potential_loyalists',
  'new_customers',
  'promising',
  'need_attention',
  'about_to_sleep',
  'cant_lose',
  'at_risk',
  'hibernating',
  'lost',
] as const;

export function rfmGroup(r: number, f: number): string {
  return RFM_GROUPS[5 - r][f - 1];
}

/** The 1-based NTILE(buckets) of the row at 0-based position i of n ordered rows. */
export function ntile(i: number, n: number, buckets: number): number {
  const small = Math.floor(n / buckets);
  const big = n % buckets; // the first `big` buckets hold small + 1 rows
  const inBig = big * (small + 1);
  if (i < inBig) return Math.floor(i / (small + 1)) + 1;
  return big + Math.floor((i - inBig) / small) + 1;
}

/** NTILE(buckets) of each value, ordered by value then position (the key order); null values get null. */
export function ntiles(values: readonly (number | null)[], buckets: number): (number | null)[] {
  const order: number[] = [];
  values.forEach((v, i) => {
    if (v !== null) order.push(i);
  });
  order.sort((a, b) => (values[a] as number) - (values[b] as number) || a - b);
  const out: (number | null)[] = values.map(() => null);
  order.forEach((row, pos) => (out[row] = ntile(pos, order.length, buckets)));
  return out;
}

/** R, F and M quintiles (1–5) of customers given in key order. */
export function rfmScores(customers: readonly ScoredCustomer[]): { r: number; f: number; m: number }[] {
  // R: most days since the last purchase first, so negate the days.
  const r = ntiles(
    customers.map((c) => -(c.summary.T - c.summary.recency)),
    5,
  );
  const f = ntiles(
    customers.map((c) => c.summary.frequency + 1),
    5,
  );
  const m = ntiles(
    customers.map((c) => c.total),
    5,
  );
  return customers.map((_c, i) => ({ r: r[i] as number, f: f[i] as number, m: m[i] as number }));
}

const pad2 = (n: number) => {
  const s = String(Math.round(n * 100) / 100);
  return /^\d(\.|$)/.test(s) ? `0${s}` : s;
};

/** The labels of bands over [0, top]: "00-25%", …, "75-100%" (percent) or "00-03m", …, "24m+" (months). */
export function bandLabels(kind: 'p_alive' | 'tenure', bands: readonly number[]): string[] {
  if (kind === 'p_alive') {
    const edges = [0, ...bands, 1];
    return edges.slice(0, -1).map((lo, i) => `${pad2(lo * 100)}-${pad2(edges[i + 1] * 100)}%`);
  }
  const edges = [0, ...bands];
  return edges.map((lo, i) => (i + 1 < edges.length ? `${pad2(lo)}-${pad2(edges[i + 1])}m` : `${pad2(lo)}m+`));
}

/** The index of the band [edge_i, edge_i+1) holding v (bands sorted ascending). */
export function bandIndex(v: number, bands: readonly number[]): number {
  let i = 0;
  while (i < bands.length && v >= bands[i]) i++;
  return i;
}

/** Complete calendar months from `first` to `end` (ISO dates): the day of the month must be reached. */
export function completeMonths(first: string, end: string): number {
  const [fy, fm, fd] = first.split('-').map(Number);
  const [ey, em, ed] = end.split('-').map(Number);
  return (ey - fy) * 12 + (em - fm) - (ed < fd ? 1 : 0);
}

/** The ISO date `days` days before `end`. */
function daysBefore(end: string, days: number): string {
  return new Date(Date.parse(`${end}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

export interface ScoreModels {
  bgnbd?: BgnbdParams;
  /** The CLV scorer (BG/NBD + Gamma-Gamma, horizon and discount of the segment). */
  clv?: ClvScorer;
}

/**
 * The value of each customer (given in key order) at period end `end` in a score segment of
 * `kind`; null where it has none (no fit for p_alive / clv_decile, a CLV that is not finite).
 */
export function scoreSegmentValues(
  kind: ScoreKind,
  customers: readonly ScoredCustomer[],
  end: string,
  models: ScoreModels,
  bands?: readonly number[],
): (string | null)[] {
  switch (kind) {
    case 'rfm':
      return rfmScores(customers).map((s) => `${s.r}${s.f}${s.m}`);
    case 'rfm_group':
      return rfmScores(customers).map((s) => rfmGroup(s.r, s.f));
    case 'p_alive': {
      const params = models.bgnbd;
      if (!params) return customers.map(() => null);
      const b = bands ?? DEFAULT_BANDS.p_alive;
      const labels = bandLabels('p_alive', b);
      return customers.map((c) => {
        const p = probabilityAlive(params, c.summary);
        return Number.isFinite(p) ? labels[bandIndex(p, b)] : null;
      });
    }
    case 'clv_decile': {
      const scorer = models.clv;
      if (!scorer) return customers.map(() => null);
      const deciles = ntiles(
        customers.map((c) => scorer.score(c.summary)?.clv ?? null),
        10,
      );
      return deciles.map((d) => (d === null ? null : String(d).padStart(2, '0')));
    }
    case 'tenure': {
      const b = bands ?? DEFAULT_BANDS.tenure;
      const labels = bandLabels('tenure', b);
      // Many customers share an age T: each T's band is computed once.
      const byAge = new Map<number, string>();
      return customers.map((c) => {
        let label = byAge.get(c.summary.T);
        if (label === undefined) {
          label = labels[bandIndex(completeMonths(daysBefore(end, c.summary.T), end), b)];
          byAge.set(c.summary.T, label);
        }
        return label;
      });
    }
  }
}

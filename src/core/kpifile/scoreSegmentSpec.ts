// The `score:` form of a segment (docs/DSL.md "Score segments"): a customer's RFM code or
// group, probability-alive band, predictive-CLV decile or tenure band at each period end,
// computed from a purchase source (`revenue: source.column`). Its JSON Schema properties
// (buildSchema.ts adds them to the segment definition) and its reading into the model.
import { SCORE_KINDS } from '../stats/customerSegments';
import type { ScoreKind } from '../stats/customerSegments';

export interface ScoreSegmentSpec {
  kind: ScoreKind;
  /** The purchases: `source.column` of their value (its source's key and time are the customer and the date). */
  revenue?: string;
  /** Band edges: probabilities in (0, 1) for p_alive, months for tenure (ascending). */
  bands?: number[];
  /** clv_decile: the predictive CLV's horizon in months (default 12). */
  horizonMonths: number;
  /** clv_decile: the monthly discount rate (default 0). */
  discountRate: number;
}

/** The segment keys of the score form (besides title and description). */
export const SCORE_SEGMENT_KEYS = ['score', 'revenue', 'bands', 'horizon_months', 'discount_rate'] as const;

export const SCORE_SEGMENT_SCHEMA: Record<string, unknown> = {
  score: {
    enum: [...SCORE_KINDS],
    description:
      "A customer score at each period end: rfm (R, F, M quintiles as a code '545'), rfm_group (champions, loyal, at_risk… from the R×F grid), p_alive (BG/NBD probability-alive band), clv_decile (predictive CLV decile, 10 = highest), tenure (months since the first purchase, in bands). Needs `revenue`.",
  },
  revenue: {
    type: 'string',
    pattern: '^[A-Za-z_][A-Za-z0-9_]*\\.[^.]+$',
    description:
      'For a `score` segment: the purchases as `source.column` of their value; the source gives the customer (`key`) and the date (`time`).',
  },
  bands: {
    type: 'array',
    minItems: 1,
    maxItems: 20,
    items: { type: 'number', exclusiveMinimum: 0 },
    description:
      'For `score: p_alive` (probabilities in (0, 1), default [0.25, 0.5, 0.75]) or `score: tenure` (months, default [3, 6, 12, 24]): the band edges, ascending; a value v is in the band [edge, next edge).',
  },
  horizon_months: {
    type: 'integer',
    minimum: 1,
    maximum: 600,
    description: 'For `score: clv_decile`: the months of predicted value (default 12).',
  },
  discount_rate: {
    type: 'number',
    minimum: 0,
    maximum: 1,
    description: 'For `score: clv_decile`: the monthly discount rate (default 0).',
  },
};

/** The score form of a raw segment, or undefined when it has no (known) `score`. */
export function readScoreSegment(s: Record<string, unknown>): ScoreSegmentSpec | undefined {
  const kind = SCORE_KINDS.find((k) => k === s.score);
  if (!kind) return undefined;
  const bands =
    Array.isArray(s.bands) && s.bands.every((b) => typeof b === 'number' && Number.isFinite(b))
      ? (s.bands as number[])
      : undefined;
  return {
    kind,
    ...(typeof s.revenue === 'string' ? { revenue: s.revenue } : {}),
    ...(bands ? { bands } : {}),
    horizonMonths: typeof s.horizon_months === 'number' ? s.horizon_months : 12,
    discountRate: typeof s.discount_rate === 'number' ? s.discount_rate : 0,
  };
}

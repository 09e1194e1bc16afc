// Predictive CLV ("CLV dynamique"): BG/NBD for how many purchases a customer will make,
// Gamma-Gamma for how much each is worth, fitted together on one population with the
// checks that keep degenerate data from producing numbers (too few customers, no repeat
// buyer, no positive spend, an infinite mean spend). The CLV of a customer over H months
// with a monthly discount rate d is Σₘ₌₁..H (E[Y(m·τ)] − E[Y((m−1)·τ)]) · E[M] / (1+d)^m,
// τ = 30.4375 days (an average month).
import { expectedPurchases, fitBgnbd, probabilityAlive } from './bgnbd';
import type { BgnbdFit, BgnbdParams } from './bgnbd';
import type { CustomerSummary } from './customerSummary';
import { DAYS_PER_MONTH } from './customerSummary';
import { expectedSpend, fitGammaGamma, gammaGammaCustomers } from './gammaGamma';
import type { GammaGammaFit, GammaGammaParams } from './gammaGamma';
import * as l10n from '../l10n/l10n';

/** Fewer customers than this give no fit: 4 + 3 parameters need a population. */
export const MIN_CUSTOMERS = 10;
/** Fewer repeat buyers than this give no fit: the dropout and spend need repeat purchases. */
export const MIN_REPEAT_CUSTOMERS = 2;
/** |corr(frequency, monetary)| among repeat buyers above this breaks Gamma-Gamma's independence assumption. */
export const CORRELATION_WARNING = 0.3;

export interface ClvModel {
  bgnbd: BgnbdFit;
  gammaGamma: GammaGammaFit;
  customers: number;
  repeatCustomers: number;
}

export type ClvFit = { ok: true; model: ClvModel } | { ok: false; reason: string };

export function fitClvModel(customers: readonly CustomerSummary[]): ClvFit {
  const n = customers.length;
  const repeat = customers.filter((c) => c.frequency > 0).length;
  if (n === 0) return { ok: false, reason: l10n.t('no customer has a purchase') };
  if (n < MIN_CUSTOMERS)
    return {
      ok: false,
      reason:
        n === 1
          ? l10n.t('only 1 customer: the model needs at least {0}', MIN_CUSTOMERS)
          : l10n.t('only {0} customers: the model needs at least {1}', n, MIN_CUSTOMERS),
    };
  if (repeat === 0)
    return {
      ok: false,
      reason: l10n.t(
        'all {0} customers are one-time buyers: with no repeat purchase, BG/NBD cannot tell how often customers come back',
        n,
      ),
    };
  if (repeat < MIN_REPEAT_CUSTOMERS)
    return {
      ok: false,
      reason: l10n.t(
        'only {0} of {1} customers bought again: the model needs at least {2} repeat buyers',
        repeat,
        n,
        MIN_REPEAT_CUSTOMERS,
      ),
    };
  const spenders = gammaGammaCustomers(customers);
  if (spenders.length === 0)
    return {
      ok: false,
      reason: l10n.t(
        'no repeat buyer has a positive spend (repeat purchases worth 0): Gamma-Gamma cannot estimate spend',
      ),
    };
  if (spenders.length < MIN_REPEAT_CUSTOMERS || spenders.every((c) => c.monetary === spenders[0].monetary)) {
    return {
      ok: false,
      reason: l10n.t(
        'the {0} repeat buyer(s) with a positive spend all spend the same: Gamma-Gamma needs spend that varies between customers',
        spenders.length,
      ),
    };
  }
  const bgnbd = fitBgnbd(customers);
  if (!bgnbd) return { ok: false, reason: l10n.t('the BG/NBD likelihood could not be maximised (no finite value)') };
  const gammaGamma = fitGammaGamma(customers);
  if (!gammaGamma)
    return { ok: false, reason: l10n.t('the Gamma-Gamma likelihood could not be maximised (no finite value)') };
  if (!(gammaGamma.params.q > 1)) {
    return {
      ok: false,
      reason: l10n.t(
        'the Gamma-Gamma fit gives q = {0} ≤ 1, an infinite mean spend: spends are too few or too skewed',
        gammaGamma.params.q.toPrecision(3),
      ),
    };
  }
  return { ok: true, model: { bgnbd, gammaGamma, customers: n, repeatCustomers: repeat } };
}

export interface CustomerScore {
  expectedPurchases: number;
  probabilityAlive: number;
  expectedSpend: number;
  clv: number;
}

/** Scores customers; customers with the same (x, t_x, T, m) are computed once. */
export class ClvScorer {
  private readonly memo = new Map<string, CustomerScore | null>();

  constructor(
    private readonly bgnbd: BgnbdParams,
    private readonly gammaGamma: GammaGammaParams,
    private readonly horizonMonths: number,
    private readonly discountRate: number,
  ) {}

  /** The customer's scores, or null if a number is not finite (never NaN). */
  score(c: CustomerSummary): CustomerScore | null {
    const key = `${c.frequency}|${c.recency}|${c.T}|${c.monetary}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    const s = this.compute(c);
    this.memo.set(key, s);
    return s;
  }

  private compute(c: CustomerSummary): CustomerScore | null {
    const spend = expectedSpend(this.gammaGamma, c);
    const horizon = this.horizonMonths * DAYS_PER_MONTH;
    const purchases = expectedPurchases(this.bgnbd, c, horizon);
    let clv: number;
    if (this.discountRate === 0) clv = purchases * (spend ?? NaN);
    else {
      clv = 0;
      let before = 0;
      for (let m = 1; m <= this.horizonMonths; m++) {
        const upTo = m === this.horizonMonths ? purchases : expectedPurchases(this.bgnbd, c, m * DAYS_PER_MONTH);
        clv += ((upTo - before) * (spend ?? NaN)) / (1 + this.discountRate) ** m;
        before = upTo;
      }
    }
    const alive = probabilityAlive(this.bgnbd, c);
    if (spend === null || ![purchases, alive, spend, clv].every(Number.isFinite)) return null;
    return { expectedPurchases: purchases, probabilityAlive: alive, expectedSpend: spend, clv };
  }
}

/** Pearson correlation of frequency and monetary value among repeat buyers; null below 3 of them or with no spread. */
export function frequencyMonetaryCorrelation(customers: readonly CustomerSummary[]): number | null {
  const rows = gammaGammaCustomers(customers);
  const n = rows.length;
  if (n < 3) return null;
  const mx = rows.reduce((s, c) => s + c.frequency, 0) / n;
  const mm = rows.reduce((s, c) => s + c.monetary, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (const c of rows) {
    sxy += (c.frequency - mx) * (c.monetary - mm);
    sxx += (c.frequency - mx) ** 2;
    syy += (c.monetary - mm) ** 2;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

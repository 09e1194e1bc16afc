// What a predictive clv reports besides its values (predictiveClv.ts): the mean scores of each
// segment's customers, the fitted models' parameters, and the back-test — BG/NBD fitted at the
// calibration end, expected against actual purchases in the holdout, per frequency bucket too.
import type { PredictiveClvInput } from './predictiveClv';
import type { ClvBacktestReport, ClvModelReport, ClvSegmentMeans, SegmentKey } from '../../report/resultModel';
import { expectedPurchases, fitBgnbd } from '../../stats/bgnbd';
import { MIN_CUSTOMERS, MIN_REPEAT_CUSTOMERS } from '../../stats/clvModel';
import type { ClvModel, CustomerScore } from '../../stats/clvModel';
import type { CustomerSummary } from '../../stats/customerSummary';
import { calibrationBuckets } from '../../stats/clvBootstrap';
import { daysBetween } from '../../util/calendar';
import * as l10n from '../../l10n/l10n';

/** One customer of the summary: its purchase summary, its purchases in the holdout, its segment values. */
export interface ClvCustomerRow {
  customer: string;
  summary: CustomerSummary;
  holdout: number;
  segments: (string | boolean | null)[];
}

type Row = ClvCustomerRow;

export function segmentMeans(
  rows: Row[],
  scores: (CustomerScore | null)[],
  slices: SegmentKey[],
  inSlice: (row: Row, slice: SegmentKey) => boolean,
): ClvSegmentMeans[] {
  return slices.map((segment) => {
    let n = 0;
    const sum = { expected_purchases: 0, probability_alive: 0, expected_spend: 0, clv: 0 };
    rows.forEach((row, i) => {
      const s = scores[i];
      if (!s || !inSlice(row, segment)) return;
      n++;
      sum.expected_purchases += s.expectedPurchases;
      sum.probability_alive += s.probabilityAlive;
      sum.expected_spend += s.expectedSpend;
      sum.clv += s.clv;
    });
    const mean = (v: number) => (n > 0 ? v / n : 0);
    return {
      segment,
      customers: n,
      expected_purchases: mean(sum.expected_purchases),
      probability_alive: mean(sum.probability_alive),
      expected_spend: mean(sum.expected_spend),
      clv: mean(sum.clv),
    };
  });
}

export function modelReport(
  end: string,
  m: ClvModel,
  q: Pick<PredictiveClvInput, 'horizonMonths' | 'discountRate'>,
  rho: number | null,
  segments: ClvSegmentMeans[],
): ClvModelReport {
  const bg = m.bgnbd;
  const gg = m.gammaGamma;
  return {
    fitted_at: end,
    time_unit: 'days',
    horizon_months: q.horizonMonths,
    discount_rate: q.discountRate,
    customers: m.customers,
    repeat_customers: m.repeatCustomers,
    bgnbd: { ...bg.params, log_likelihood: bg.logLikelihood, converged: bg.converged },
    gamma_gamma: { ...gg.params, customers: gg.customers, log_likelihood: gg.logLikelihood, converged: gg.converged },
    frequency_monetary_correlation: rho,
    segments,
  };
}

/**
 * Fits BG/NBD on the summary at the calibration end and compares, per customer, the
 * expected purchases in the holdout days with the actual purchase days there.
 */
export function backtest(
  rows: Row[],
  calibrationEnd: string,
  holdoutEnd: string,
  holdoutMonths: number,
): ClvBacktestReport | string {
  const summaries = rows.map((r) => r.summary);
  const repeat = summaries.filter((s) => s.frequency > 0).length;
  if (rows.length < MIN_CUSTOMERS)
    return l10n.t(
      'only {0} customer(s) before {1}: the model needs at least {2}',
      rows.length,
      calibrationEnd,
      MIN_CUSTOMERS,
    );
  if (repeat < MIN_REPEAT_CUSTOMERS)
    return l10n.t(
      '{0} repeat buyer(s) before {1}: the model needs at least {2}',
      repeat,
      calibrationEnd,
      MIN_REPEAT_CUSTOMERS,
    );
  const fit = fitBgnbd(summaries);
  if (!fit) return l10n.t('the BG/NBD likelihood could not be maximised');
  const days = daysBetween(calibrationEnd, holdoutEnd);
  let absError = 0;
  let predicted = 0;
  let actual = 0;
  let n = 0;
  const scored: { frequency: number; predicted: number; actual: number }[] = [];
  for (const r of rows) {
    const e = expectedPurchases(fit.params, r.summary, days);
    if (!Number.isFinite(e)) continue;
    scored.push({ frequency: r.summary.frequency, predicted: e, actual: r.holdout });
    absError += Math.abs(e - r.holdout);
    predicted += e;
    actual += r.holdout;
    n++;
  }
  if (n === 0) return l10n.t('no customer could be scored');
  return {
    holdout_months: holdoutMonths,
    calibration_end: calibrationEnd,
    holdout_end: holdoutEnd,
    customers: n,
    mae: absError / n,
    predicted,
    actual,
    ratio: actual > 0 ? predicted / actual : null,
    calibration: calibrationBuckets(scored),
  };
}

// A predictive clv through the real engine (DuckDB child process) on a small hand-checked
// file, test/fixtures/clv/data/purchases.csv (source filter: status = 'paid'; as_of 2025-06-30):
//
//  customer  purchase days (value of the day)                        channel of the latest row
//  c01       01-05 (10), 02-10 (20 + 5 = 25: one day), 05-20 (30)   store
//  c02       01-10 (40)                                              web
//  c03       02-01 (15), 03-01 (15), 04-01 (18); 06-15 refunded      store
//  c04       03-03 (50), 03-20 (60)                                  web
//  c05       04-10 (12)                                              web
//  c06       01-02 (8), 01-20 (9), 02-05 (7), 03-15 (11), 06-01 (10) mobile
//  c07       05-05 (22)                                              web
//  c08       02-14 (33, store), 06-30 (44, web)                      web
//  c09       01-15 (5)                                               mobile
//  c10       03-10 (70), 04-10 (80), 05-10 (75)                      web
//  c11       06-20 (19)                                              store
//  c12       02-20 (25), 02-21 (26)                                  mobile
//  c13 buys on 07-02 (after as_of) and one row has no customer: neither is a customer at 06-30.
//
// Summary at 2025-06-30 (frequency = days − 1; recency, T in days; monetary = mean of the days after the first):
//  c01: 2, 05-20 − 01-05 = 135, 06-30 − 01-05 = 176, (25 + 30)/2 = 27.5
//  c03: 2, 04-01 − 02-01 = 59, 149, (15 + 18)/2 = 16.5
//  c06: 4, 150, 179, (9 + 7 + 11 + 10)/4 = 9.25     c10: 2, 61, 112, (80 + 75)/2 = 77.5
//  c04: 1, 17, 119, 60    c08: 1, 136, 136, 44     c12: 1, 1, 130, 26
//  one-time buyers (frequency 0, recency 0, monetary 0): c02 T 171, c05 81, c07 56, c09 166, c11 10
//
// Here: the customers' summary, the fit and its mean CLV per period and segment, the back-test,
// the bootstrap interval, discounting and horizon. Data the model cannot fit and odd column
// names: predictiveClvOddData.test.ts; `kpilens run --customers`: predictiveClvCustomers.test.ts.
import { strict as assert } from 'assert';
import * as path from 'path';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { CustomerScoreRow } from '../../../src/core/engine/evaluation/predictiveClv';
import { monthsBefore } from '../../../src/core/engine/evaluation/predictiveClv';
import { renderJson } from '../../../src/core/report/render/json';
import type { RunResult } from '../../../src/core/report/resultModel';
import { ClvScorer, fitClvModel } from '../../../src/core/stats/clvModel';
import { createRandom } from '../../../src/core/util/random';
import { DIR, PREDICTIVE, runClvSpec, spec } from './predictiveClvFixture';

let engine: DuckDbEngine;

function run(text: string, onScores?: (rows: CustomerScoreRow[]) => void): Promise<RunResult> {
  return runClvSpec(engine, text, onScores);
}

describe('engine: predictive clv (BG/NBD + Gamma-Gamma)', function () {
  this.timeout(60000);
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('monthsBefore keeps month ends at month ends', () => {
    assert.equal(monthsBefore('2025-06-30', 2), '2025-04-30');
    assert.equal(monthsBefore('2025-03-31', 1), '2025-02-28');
    assert.equal(monthsBefore('2025-06-15', 6), '2024-12-15');
  });

  it('summarises customers at the period end, fits, and reports the mean CLV per period and segment', async () => {
    let scores: CustomerScoreRow[] = [];
    const result = await run(spec(...PREDICTIVE), (rows) => (scores = rows));
    const summary = scores.map((s) => `${s.customer} ${s.frequency} ${s.recency} ${s.T} ${s.monetary}`);
    assert.deepEqual(summary, [
      'c01 2 135 176 27.5',
      'c02 0 0 171 0',
      'c03 2 59 149 16.5',
      'c04 1 17 119 60',
      'c05 0 0 81 0',
      'c06 4 150 179 9.25',
      'c07 0 0 56 0',
      'c08 1 136 136 44',
      'c09 0 0 166 0',
      'c10 2 61 112 77.5',
      'c11 0 0 10 0',
      'c12 1 1 130 26',
    ]);
    const k = result.kpis[0];
    const model = k.model;
    assert.ok(model, 'the fit is in the result');
    assert.equal(model.fitted_at, '2025-06-30');
    assert.equal(model.customers, 12);
    assert.equal(model.repeat_customers, 7);
    assert.equal(model.gamma_gamma.customers, 7);
    assert.equal(model.horizon_months, 12);
    assert.equal(model.discount_rate, 0);
    // The value is the mean, over the 12 customers, of the CLV scored with the reported parameters.
    const scorer = new ClvScorer(model.bgnbd, model.gamma_gamma, 12, 0);
    const clv = new Map(scores.map((s) => [s.customer, scorer.score(s)?.clv ?? NaN]));
    const mean = (ids: string[]) => ids.reduce((t, id) => t + (clv.get(id) ?? NaN), 0) / ids.length;
    const row = (seg: Record<string, string>) =>
      k.rows.find((r) => r.period === '2025-06' && JSON.stringify(r.segment) === JSON.stringify(seg));
    const all = [...clv.keys()];
    assert.ok(Math.abs((row({})?.value ?? NaN) - mean(all)) < 1e-9);
    // Channels by each customer's latest row: store = c01, c03, c11; mobile = c06, c09, c12.
    assert.ok(Math.abs((row({ channel: 'store' })?.value ?? NaN) - mean(['c01', 'c03', 'c11'])) < 1e-9);
    assert.ok(Math.abs((row({ channel: 'mobile' })?.value ?? NaN) - mean(['c06', 'c09', 'c12'])) < 1e-9);
    assert.deepEqual(
      model.segments.map((s) => `${JSON.stringify(s.segment)} ${s.customers}`),
      ['{} 12', '{"channel":"mobile"} 3', '{"channel":"store"} 3', '{"channel":"web"} 6'],
    );
    // Every value is a number (2025-05 and its previous, 2025-04, have fits too), never NaN.
    for (const r of k.rows)
      assert.ok(
        r.value !== null && Number.isFinite(r.value) && r.previous !== null && Number.isFinite(r.previous),
        JSON.stringify(r),
      );
    assert.ok(!renderJson(result).includes('NaN'));
    // Repeat buyers (x, m): (2, 27.5) (2, 16.5) (1, 60) (4, 9.25) (1, 44) (2, 77.5) (1, 26);
    // means 13/7 and 37.25; Σ dx·dm = −74.25, Σ dx² = 48/7, Σ dm² = 3619.375;
    // r = −74.25 / √(48/7 × 3619.375) = −0.471: above 0.3 in size, a warning.
    assert.ok(Math.abs((model.frequency_monetary_correlation ?? NaN) + 0.4713115) < 1e-6);
    const warning = result.diagnostics.find((d) => d.code === 'clv-assumption');
    assert.ok(
      warning &&
        warning.severity === 'warning' &&
        /correlation of purchase frequency and mean spend among repeat buyers is -0\.47 \(\|r\| > 0\.3\)/.test(
          warning.message,
        ),
      warning?.message,
    );
  });

  it('back-tests on the months before the last period end', async () => {
    const result = await run(spec(...PREDICTIVE));
    const bt = result.kpis[0].model?.backtest;
    assert.ok(bt);
    // Calibration up to 04-30: c01–c06, c08–c10, c12 (10 customers). Purchase days in
    // (04-30, 06-30]: c01 05-20, c06 06-01, c08 06-30, c10 05-10 (c03's 06-15 is refunded) = 4.
    assert.equal(bt.calibration_end, '2025-04-30');
    assert.equal(bt.holdout_end, '2025-06-30');
    assert.equal(bt.customers, 10);
    assert.equal(bt.actual, 4);
    assert.ok(bt.ratio !== null && Math.abs(bt.ratio - bt.predicted / 4) < 1e-12);
    assert.ok(bt.mae >= 0 && Number.isFinite(bt.mae));
    // Calibration: frequency (repeat purchase days) up to 04-30 and purchase days in the holdout:
    //  c02 0/0, c05 0/0, c08 0/1 (06-30), c09 0/0 → f0: 4 customers, actual 1/4 = 0.25;
    //  c01 1/1 (05-20), c04 1/0, c10 1/1 (05-10), c12 1/0 → f1: 4, actual 2/4 = 0.5;
    //  c03 2/0 (06-15 refunded) → f2: 1, 0;  c06 3/1 (06-01) → f3: 1, 1.
    assert.deepEqual(
      bt.calibration?.map((b) => [b.frequency, b.or_more, b.customers, b.actual]),
      [
        [0, false, 4, 0.25],
        [1, false, 4, 0.5],
        [2, false, 1, 0],
        [3, false, 1, 1],
      ],
    );
    // The buckets' predictions add up to the back-test's Σ predicted.
    const total = (bt.calibration ?? []).reduce((t, b) => t + b.customers * b.predicted, 0);
    assert.ok(Math.abs(total - bt.predicted) < 1e-9, `${total} vs ${bt.predicted}`);
    const info = result.diagnostics.find((d) => d.code === 'clv-backtest');
    assert.ok(
      info && info.severity === 'info' && /10 customers, MAE \d+\.\d{3} purchases per customer/.test(info.message),
      info?.message,
    );
  });

  it('bootstrap: a seeded percentile interval per segment at the latest period end, on its rows and in the model', async () => {
    let scores: CustomerScoreRow[] = [];
    const text = spec(...PREDICTIVE.slice(0, -1), '    bootstrap: { samples: 20, seed: 7 }', '    period: monthly');
    const result = await run(text, (rows) => (scores = rows));
    const k = result.kpis[0];
    const model = k.model;
    assert.ok(model?.bootstrap);
    assert.deepEqual(
      { ...model.bootstrap, failed: undefined },
      { samples: 20, seed: 7, confidence: 0.95, method: 'percentile', failed: undefined },
    );
    // The whole population's interval re-computed here: 20 samples of the 12 customers (in the
    // scores' order) drawn with int(0, 11) from seed 7, each refitted; failed fits left out.
    const draws = createRandom(7);
    const means: number[] = [];
    let failed = 0;
    for (let b = 0; b < 20; b++) {
      const picks = Array.from({ length: 12 }, () => draws.int(0, 11));
      const fit = fitClvModel(picks.map((i) => scores[i]));
      if (!fit.ok) {
        failed++;
        continue;
      }
      const scorer = new ClvScorer(fit.model.bgnbd.params, fit.model.gammaGamma.params, 12, 0);
      const clvs = picks.map((i) => scorer.score(scores[i])?.clv).filter((v): v is number => v !== undefined);
      means.push(clvs.reduce((t, v) => t + v, 0) / clvs.length);
    }
    assert.equal(model.bootstrap.failed, failed);
    means.sort((a, b) => a - b);
    const q = (p: number) => {
      const h = (means.length - 1) * p;
      const lo = Math.floor(h);
      return means[lo] + (h - lo) * (means[Math.min(means.length - 1, lo + 1)] - means[lo]);
    };
    const whole = model.segments[0];
    assert.ok(Math.abs((whole.clv_ci_low ?? NaN) - q(0.025)) < 1e-9);
    assert.ok(Math.abs((whole.clv_ci_high ?? NaN) - q(0.975)) < 1e-9);
    // The latest period's rows carry the same interval with n = customers; earlier periods none.
    const june = k.rows.find((r) => r.period === '2025-06' && Object.keys(r.segment).length === 0);
    assert.deepEqual([june?.n, june?.ci_low, june?.ci_high], [12, whole.clv_ci_low, whole.clv_ci_high]);
    const may = k.rows.find((r) => r.period === '2025-05' && Object.keys(r.segment).length === 0);
    assert.equal(may?.ci_low, undefined);
    const store = model.segments.find((s) => s.segment.channel === 'store');
    const storeRow = k.rows.find((r) => r.period === '2025-06' && r.segment.channel === 'store');
    assert.deepEqual([storeRow?.n, storeRow?.ci_low], [3, store?.clv_ci_low]);
  });

  it('discounting lowers the value; a longer horizon raises it', async () => {
    const value = async (...extra: string[]) =>
      (await run(spec(...PREDICTIVE.slice(0, -1), ...extra, '    period: monthly'))).kpis[0].rows.find(
        (r) => r.period === '2025-06' && Object.keys(r.segment).length === 0,
      )?.value ?? NaN;
    const base = await value();
    assert.ok((await value('    discount_rate: 0.05')) < base);
    assert.ok((await value('    horizon_months: 24')) > base);
  });
});

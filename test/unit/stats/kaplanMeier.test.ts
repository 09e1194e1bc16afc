// The Kaplan–Meier estimator, Greenwood's log-log interval and the median lifetime with its
// Brookmeyer–Crowley interval, against values worked out by hand (arithmetic in the comments;
// z = Φ⁻¹(0.975) = 1.959964) and against a published textbook table.
import { strict as assert } from 'assert';
import { kaplanMeier, medianLifetime, survivalAt } from '../../../src/core/stats/kaplanMeier';
import type { SurvivalCount } from '../../../src/core/stats/kaplanMeier';

const close = (actual: number | null | undefined, expected: number, tol = 1e-6, what = '') =>
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= tol,
    `${what} ${String(actual)} is not within ${tol} of ${expected}`,
  );

/** Durations as counts: `[time, event?]` pairs, one subject each. */
const subjects = (list: [number, boolean][]): SurvivalCount[] =>
  list.map(([time, event]) => ({ time, events: event ? 1 : 0, censored: event ? 0 : 1 }));

describe('Kaplan–Meier', () => {
  it('a small case: an end on the first day, an event and a censoring tied at the same time (events first)', () => {
    // Durations (days): 0 ended (cancelled on its first day), 2 ended, 2 still active, 3 ended, 5 still active.
    const curve = kaplanMeier(
      subjects([
        [0, true],
        [2, true],
        [2, false],
        [3, true],
        [5, false],
      ]),
      0.95,
    );
    // t=0: 5 at risk, 1 ends → S = 4/5 = 0.8.
    // t=2: 4 at risk (the one censored at 2 still counts: events first), 1 ends → S = 0.8 × 3/4 = 0.6.
    // t=3: 2 at risk, 1 ends → S = 0.6 × 1/2 = 0.3.   t=5: 1 at risk, censored → S stays 0.3.
    assert.deepEqual(
      curve.points.map((p) => [p.time, p.atRisk, p.events, p.censored, Math.round(p.survival * 1e9) / 1e9]),
      [
        [0, 5, 1, 0, 0.8],
        [2, 4, 1, 1, 0.6],
        [3, 2, 1, 0, 0.3],
        [5, 1, 0, 1, 0.3],
      ],
    );
    assert.deepEqual([curve.subjects, curve.events, curve.censored], [5, 3, 2]);
    // Greenwood at t=2: 1/(5·4) + 1/(4·3) = 0.05 + 0.0833333 = 0.1333333; log 0.6 = −0.5108256;
    // se = √0.1333333 / 0.5108256 = 0.3651484 / 0.5108256 = 0.7148199; z·se = 1.4010213;
    // low = 0.6^exp(1.4010213) = 0.6^4.0593557 = exp(−2.0736233) = 0.135335 × 0.929022 = 0.125730;
    // high = 0.6^exp(−1.4010213) = 0.6^0.2463447 = exp(−0.1258397) = 0.881756.
    // (R survival 3.5-3, survfit(conf.type = "log-log"): 0.1257301830, 0.8817564074.)
    const at2 = curve.points[1];
    close(at2.low, 0.12573, 1e-5, 'low at 2');
    close(at2.high, 0.881756, 1e-5, 'high at 2');
    // S at chosen days: before the first event S = 1 (no interval); between steps the last step's value;
    // n at risk at day t = durations ≥ t.
    assert.deepEqual(survivalAt(curve, 0).survival, 0.8);
    assert.equal(survivalAt(curve, 0).atRisk, 5);
    close(survivalAt(curve, 1).survival, 0.8);
    assert.equal(survivalAt(curve, 1).atRisk, 4); // 2, 2, 3, 5
    close(survivalAt(curve, 4).survival, 0.3);
    assert.equal(survivalAt(curve, 4).atRisk, 1); // 5
    close(survivalAt(curve, 5).survival, 0.3);
    // Beyond the last observed duration (5, censored, S > 0) the curve is unknown: null, n = 0.
    assert.deepEqual(survivalAt(curve, 6), { time: 6, survival: null, low: null, high: null, atRisk: 0 });
    // Median: the first t with S ≤ 0.5 is 3 (S(2) = 0.6, S(3) = 0.3). Its interval starts at the
    // first t whose lower band is ≤ 0.5: t = 0 (Greenwood 1/(5·4) = 0.05, se = √0.05 / |log 0.8| =
    // 0.2236068 / 0.2231436 = 1.0020758, low = 0.8^exp(1.9640323) = 0.8^7.1281 = 0.2038); it ends at the
    // first t whose upper band is ≤ 0.5: none (0.969, 0.882, then at 3 — Greenwood 0.05 + 1/12 + 1/(2·1)
    // = 0.6333333, se = 0.7958224 / 1.2039728 = 0.6609970, high = 0.3^exp(−1.2955264) = 0.3^0.2737 = 0.7192).
    assert.deepEqual(medianLifetime(curve), { median: 3, low: 0, high: null });
  });

  it('a curve starting at day 1: S = 1 before it, with no interval', () => {
    const curve = kaplanMeier(
      subjects([
        [1, true],
        [4, false],
      ]),
      0.95,
    );
    assert.deepEqual(survivalAt(curve, 0), { time: 0, survival: 1, low: null, high: null, atRisk: 2 });
    // t=1: 2 at risk, 1 ends → S = 1/2 = 0.5 ≤ 0.5 → median 1.
    close(survivalAt(curve, 3).survival, 0.5);
    assert.equal(medianLifetime(curve).median, 1);
  });

  it('all censored: S = 1 throughout, no interval, the median is not reached (null)', () => {
    const curve = kaplanMeier(
      subjects([
        [3, false],
        [5, false],
        [7, false],
      ]),
      0.95,
    );
    assert.deepEqual(
      curve.points.map((p) => [p.time, p.survival, p.low, p.high]),
      [
        [3, 1, null, null],
        [5, 1, null, null],
        [7, 1, null, null],
      ],
    );
    assert.deepEqual(medianLifetime(curve), { median: null, low: null, high: null });
  });

  it('every subject ends: S reaches 0 and stays 0 beyond the last time (no band at S = 0)', () => {
    // t=2: 2 at risk, 1 ends → 0.5; t=4: 1 at risk, 1 ends → 0.
    const curve = kaplanMeier(
      subjects([
        [2, true],
        [4, true],
      ]),
      0.95,
    );
    assert.deepEqual(survivalAt(curve, 9), { time: 9, survival: 0, low: null, high: null, atRisk: 0 });
    // Median 2 (S(2) = 0.5). At t=2: Greenwood 1/(2·1) = 0.5, se = √0.5 / |log 0.5| = 0.7071068 /
    // 0.6931472 = 1.0201394, z·se = 1.9994365; low band = 0.5^exp(1.9994365) = 0.5^7.3849 = 0.0060 ≤ 0.5
    // → the interval starts at 2; high band = 0.5^exp(−1.9994365) = 0.5^0.13541 = 0.9104 > 0.5; at
    // t=4, S = 0 has no band → the interval's end is not reached (R: lower 2, upper NA).
    assert.deepEqual(medianLifetime(curve), { median: 2, low: 2, high: null });
  });

  it('no subject: empty curve, S unknown, no median', () => {
    const curve = kaplanMeier([], 0.95);
    assert.deepEqual(curve.points, []);
    assert.equal(survivalAt(curve, 30).survival, null);
    assert.deepEqual(medianLifetime(curve), { median: null, low: null, high: null });
  });

  // The 6-MP group of Freireich et al. (1963), remission times in weeks, as tabulated by Gehan
  // (1965) and in Kleinbaum & Klein, "Survival Analysis: A Self-Learning Text" (3rd ed., 2012),
  // chapter 2, Table of the KM estimates for group 1:
  //   t(j)  n(j)  m(j) q(j)  S(t(j))
  //    6    21    3    1    0.8571  (= 18/21)
  //    7    17    1    1    0.8067  (= 0.8571 × 16/17)
  //   10    15    1    1    0.7529  (× 14/15)
  //   13    12    1    0    0.6902  (× 11/12)
  //   16    11    1    3    0.6275  (× 10/11)
  //   22     7    1    0    0.5378  (× 6/7)
  //   23     6    1    5    0.4482  (× 5/6)
  // median 23. (R survival 3.5-3 survfit(conf.type = "log-log") gives the same S and
  // the intervals checked below: [0.619718, 0.951552] at 6, median 23 with 95 % LCL 13, UCL NA.)
  it('the 6-MP leukaemia remission data (Freireich 1963; Gehan 1965; Kleinbaum & Klein)', () => {
    const events = [6, 6, 6, 7, 10, 13, 16, 22, 23];
    const censored = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35];
    const curve = kaplanMeier(
      subjects([
        ...events.map((t): [number, boolean] => [t, true]),
        ...censored.map((t): [number, boolean] => [t, false]),
      ]),
      0.95,
    );
    const steps = curve.points.filter((p) => p.events > 0);
    assert.deepEqual(
      steps.map((p) => [p.time, p.atRisk, p.events]),
      [
        [6, 21, 3],
        [7, 17, 1],
        [10, 15, 1],
        [13, 12, 1],
        [16, 11, 1],
        [22, 7, 1],
        [23, 6, 1],
      ],
    );
    const expected = [0.857, 0.807, 0.753, 0.69, 0.627, 0.538, 0.448];
    steps.forEach((p, i) => close(p.survival, expected[i], 0.0005, `S(${p.time})`));
    close(steps[0].survival, 18 / 21, 1e-12);
    close(steps[6].survival, (18 / 21) * (16 / 17) * (14 / 15) * (11 / 12) * (10 / 11) * (6 / 7) * (5 / 6), 1e-12);
    // The log-log interval at 6: Greenwood 3/(21·18) = 0.0079365; log(18/21) = −0.1541507;
    // se = 0.0890871 / 0.1541507 = 0.5779228; z·se = 1.1327072;
    // low = (6/7)^exp(1.1327072) = (6/7)^3.1041 = exp(−0.478505) = 0.619718;
    // high = (6/7)^exp(−1.1327072) = (6/7)^0.322150 = exp(−0.0496597) = 0.951552.
    close(steps[0].low, 0.619718, 1e-5, 'low at 6');
    close(steps[0].high, 0.951552, 1e-5, 'high at 6');
    close(steps[6].low, 0.188052, 1e-5, 'low at 23');
    close(steps[6].high, 0.680143, 1e-5, 'high at 23');
    // Median 23 (S(22) = 0.538 > 0.5 ≥ S(23) = 0.448). Brookmeyer–Crowley: the times whose band
    // holds 0.5 start where the lower band first is ≤ 0.5 — at 13 (0.4316; at 10 it is 0.5032) —
    // and end where the upper band first is ≤ 0.5: never (0.680 at 23, the last event) →
    // [13, not reached], as R reports.
    assert.deepEqual(medianLifetime(curve), { median: 23, low: 13, high: null });
  });
});

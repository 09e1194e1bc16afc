// compareRows: every row of a KPI before → after, matched by period, segment, day and step;
// moved rows sorted by the size of the move, unchanged rows counted; target flips and the
// significance of a share's change; the texts in English and French. Expected values by hand.
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { compareRows, moveSize } from '../../../src/core/diff/compareRows';
import { rowFlags, rowLine, topMovers } from '../../../src/core/diff/render/rowsText';
import type { KpiDiff, SpecDiff } from '../../../src/core/diff/specDiff';
import type { KpiResult, ResultRow, SegmentKey } from '../../../src/core/report/resultModel';

const row = (period: string, segment: SegmentKey, value: number | null, extra: Partial<ResultRow> = {}): ResultRow => ({
  period,
  segment,
  value,
  previous: null,
  change: null,
  status: null,
  ...extra,
});

const revenue = (rows: ResultRow[]): KpiResult => ({
  name: 'revenue',
  title: 'Revenue',
  type: 'sum',
  format: 'currency',
  currency: 'EUR',
  period: 'monthly',
  target: null,
  rows,
});

describe('compareRows: every row, sorted by the size of the move', () => {
  it('lists moved rows by relative size, counts the others, and keeps rows only one side has', () => {
    const before = revenue([
      row('2025-02', {}, 100),
      row('2025-02', { channel: 'web' }, 60),
      row('2025-02', { channel: 'store' }, 40),
      row('2025-03', {}, 200),
      row('2025-03', { channel: 'web' }, 150),
      row('2025-03', { channel: 'store' }, 50),
    ]);
    const after = revenue([
      row('2025-02', {}, 100),
      row('2025-02', { channel: 'web' }, 60),
      row('2025-02', { channel: 'store' }, 40),
      row('2025-03', {}, 180),
      row('2025-03', { channel: 'web' }, 150),
      row('2025-03', { channel: 'store' }, 20),
      row('2025-03', { channel: 'app' }, 10),
    ]);
    const { rows, unchanged } = compareRows(before, after);
    // Moves: app — → 10 (a new row: first); store 50 → 20 = −30, −30/50 = −60 %; all 200 → 180 = −20, −10 %.
    // Unchanged: the three February rows and March web = 4.
    assert.equal(unchanged, 4);
    assert.deepEqual(
      rows.map((r) => [r.period, r.segment, r.before, r.after, r.delta, r.deltaText, r.relative]),
      [
        ['2025-03', { channel: 'app' }, null, 10, null, null, null],
        ['2025-03', { channel: 'store' }, 50, 20, -30, '−30 EUR', -0.6],
        ['2025-03', {}, 200, 180, -20, '−20 EUR', -0.1],
      ],
    );
    assert.deepEqual(
      rows.map((r) => r.size),
      [Number.MAX_VALUE, 0.6, 0.1],
    );
    // The sizes cross JSON to the report view unchanged (Infinity would become null).
    assert.deepEqual(
      (JSON.parse(JSON.stringify(rows)) as { size: number }[]).map((r) => r.size),
      [Number.MAX_VALUE, 0.6, 0.1],
    );
    // The top movers leave out the row only the head has (app): it is new, not a move.
    const k: KpiDiff = {
      kind: 'changed',
      name: 'revenue',
      title: 'Revenue',
      type: 'sum',
      changes: [],
      indirect: [],
      rows,
      unchangedRows: unchanged,
      unit: { format: 'currency', currency: 'EUR' },
    };
    const diff: SpecDiff = {
      file: 'x.kpi.yaml',
      base: { label: 'main', diagnostics: [] },
      head: { label: 'head', diagnostics: [] },
      kpis: [k],
      definitions: [],
      runDiagnostics: [],
      hasErrors: false,
    };
    assert.deepEqual(
      topMovers(diff).map((r) => [r.segment, r.delta]),
      [
        ['channel = store', '−30 EUR (−60 %)'],
        ['all', '−20 EUR (−10 %)'],
      ],
    );
  });

  it('a share: delta in points, no relative change, a target flip and a significant change called out', () => {
    const share = (value: number, n: number, status: 'met' | 'missed'): ResultRow =>
      row('2025-03', {}, value, { n, status });
    const kpi = (r: ResultRow[]): KpiResult => ({
      name: 'repeat',
      title: 'Repeat',
      type: 'repurchase_rate',
      format: 'percent',
      period: 'monthly',
      target: { min: 0.6 },
      confidence: 0.95,
      rows: r,
    });
    // 50 of 100 (missed, < 0.6) → 65 of 100 (met): +0.15 = +15 pp.
    // Pooled p = 115/200 = 0.575; SE = √(0.575 × 0.425 × (1/100 + 1/100)) = √0.0048875 = 0.069911;
    // z = 0.15 / 0.069911 = 2.1456; p = 2 × (1 − Φ(2.1456)) = 0.0319 < 0.05 → significant.
    const [moved] = compareRows(kpi([share(0.5, 100, 'missed')]), kpi([share(0.65, 100, 'met')])).rows;
    assert.deepEqual(
      [moved.deltaText, moved.relative, moved.targetFlip, moved.significant],
      ['+15 pp', null, 'now_met', true],
    );
    assert.ok(Math.abs((moved.pValue ?? 0) - 0.0319) < 0.0001);
    assert.ok(Math.abs(moved.size - 0.15) < 1e-12);
    // 50 of 100 → 52 of 100: p = 2 × (1 − Φ(0.02 / √(0.51 × 0.49 × 0.02))) = 2 × (1 − Φ(0.2829)) = 0.777: not significant.
    const [small] = compareRows(kpi([share(0.5, 100, 'missed')]), kpi([share(0.52, 100, 'missed')])).rows;
    assert.deepEqual([small.deltaText, small.targetFlip, small.significant], ['+2 pp', null, false]);
    assert.equal(rowFlags(small), '');
    // The same value with a flipped status (a changed target) is still listed.
    const flipped = compareRows(kpi([share(0.5, 100, 'met')]), kpi([share(0.5, 100, 'missed')]));
    assert.deepEqual([flipped.rows.length, flipped.rows[0]?.targetFlip, flipped.unchanged], [1, 'now_missed', 0]);
  });

  it('cohort days and funnel steps are rows of their own; null on both sides is unchanged', () => {
    const cohort = (values: (number | null)[]): KpiResult => ({
      name: 'r',
      title: 'R',
      type: 'cohort_retention',
      format: 'percent',
      period: 'monthly',
      target: null,
      rows: [
        row('2025-01', {}, values[0], { day: 30 }),
        row('2025-01', {}, values[1], { day: 60 }),
        row('2025-02', {}, values[2], { day: 30 }),
        row('2025-02', {}, values[3], { day: 60 }),
      ],
    });
    // D30 of 2025-01: 0.4 → 0.5 = +10 pp; D60 of 2025-01: 0.3 → 0.3; D30 of 2025-02: 0.5 → 0.45 = −5 pp; D60 of 2025-02: null both.
    const { rows, unchanged } = compareRows(cohort([0.4, 0.3, 0.5, null]), cohort([0.5, 0.3, 0.45, null]));
    assert.equal(unchanged, 2);
    assert.deepEqual(
      rows.map((r) => [r.period, r.day, r.deltaText]),
      [
        ['2025-01', 30, '+10 pp'],
        ['2025-02', 30, '−5 pp'],
      ],
    );
  });

  it('the size of a move: points for percents, points / 100 for scores, relative change otherwise', () => {
    // NPS 20 → 35: 15 points → 0.15; a percent 0.1 → 0.25: 0.15; an amount 200 → 230: 30/200 = 0.15.
    assert.equal(moveSize('score', 20, 35, 15, null), 0.15);
    assert.ok(Math.abs(moveSize('points', 0.1, 0.25, 0.15, null) - 0.15) < 1e-12);
    assert.equal(moveSize('relative', 200, 230, 30, 0.15), 0.15);
    // From 0 there is no relative change: the largest move; no move at all: 0.
    assert.equal(moveSize('relative', 0, 5, 5, null), Number.MAX_VALUE);
    assert.equal(moveSize('relative', 5, 5, 0, 0), 0);
  });

  it('French: the delta in points with U+00A0, the flags translated', () => {
    const kpi = (value: number, n: number, status: 'met' | 'missed'): KpiResult => ({
      name: 'repeat',
      title: 'Repeat',
      type: 'repurchase_rate',
      format: 'percent',
      period: 'monthly',
      target: { min: 0.6 },
      rows: [row('2025-03', { plan: 'pro' }, value, { n, status })],
    });
    const k: KpiDiff = {
      kind: 'changed',
      name: 'repeat',
      title: 'Repeat',
      type: 'repurchase_rate',
      changes: [],
      indirect: [],
      unit: { format: 'percent' },
    };
    useLocale('fr', frenchBundle);
    try {
      const [moved] = compareRows(kpi(0.5, 100, 'missed'), kpi(0.65, 100, 'met')).rows;
      // +15 points; p = 0.0319 shown with two significant digits: 0,032.
      assert.deepEqual(rowLine(k, moved), {
        kpi: 'repeat',
        segment: 'plan = pro',
        detail: '',
        period: '2025-03',
        before: '50\u00a0%',
        after: '65\u00a0%',
        delta: '+15\u00a0pt',
        flags: 'cible manquée → atteinte\u00a0; significatif (p = 0,032)',
      });
    } finally {
      useLocale('en', undefined);
    }
  });
});

// Hand-built run results shared by the renderer tests: a sum with a channel segment over
// three months (a null value, a previous of 0), an NPS with a target, a cohort retention
// with a censored cell, a funnel, and a data diagnostic.
import type { KpiResult, ResultRow, RunResult } from '../../../src/core/report/resultModel';

const none = { previous: null, change: null, status: null } as const;

export function revenue(): KpiResult {
  const r = (
    period: string,
    channel: string | null,
    value: number | null,
    previous: number | null,
    change: number | null,
  ): ResultRow => ({
    period,
    segment: channel === null ? {} : { channel },
    value,
    previous,
    change,
    status: null,
  });
  return {
    name: 'revenue',
    title: 'Revenue',
    type: 'sum',
    format: 'currency',
    period: 'monthly',
    target: null,
    currency: 'EUR',
    segments: ['channel'],
    rows: [
      r('2025-10', null, 100, 90, 0.1111111111111111),
      r('2025-10', 'web', 60, 0, null),
      r('2025-10', 'store', 40, 50, -0.2),
      r('2025-11', null, 110, 100, 0.1),
      r('2025-11', 'web', 70, 60, 0.16666666666666666),
      r('2025-11', 'store', null, 40, null),
      r('2025-12', null, 123.5, 110, 0.12272727272727273),
      r('2025-12', 'web', 80, 70, 0.14285714285714285),
      r('2025-12', 'store', 43.5, null, null),
    ],
  };
}

export function nps(): KpiResult {
  return {
    name: 'nps',
    title: 'Net Promoter Score',
    type: 'nps',
    format: 'score',
    period: 'monthly',
    target: { min: 30 },
    rows: [
      { period: '2025-11', segment: {}, value: 28, previous: 25, change: 0.12, status: 'missed' },
      { period: '2025-12', segment: {}, value: 41, previous: 39.77, change: 0.031, status: 'met' },
    ],
  };
}

export function cohorts(): KpiResult {
  const rows: ResultRow[] = [];
  const cells: Array<[string, Array<number | null>]> = [
    ['2025-10', [0.5, 0.4, 0.35]],
    ['2025-11', [0.45, 0.38, null]],
    ['2025-12', [0.41, null, null]],
  ];
  for (const [period, values] of cells) {
    values.forEach((value, i) => rows.push({ period, segment: {}, value, ...none, day: [30, 60, 90][i] }));
  }
  return {
    name: 'retention_cohorts',
    title: 'Cohort retention',
    type: 'cohort_retention',
    format: 'percent',
    period: 'monthly',
    target: null,
    rows,
  };
}

export function funnel(): KpiResult {
  const period = '2025-01-01..2025-06-30';
  return {
    name: 'checkout',
    title: 'Checkout funnel',
    type: 'funnel',
    format: 'percent',
    period: 'h1_2025',
    target: null,
    direction: 'lower_is_better',
    rows: [
      { period, segment: {}, value: 0.7, ...none },
      { period, segment: {}, value: 1, ...none, step: 'visit' },
      { period, segment: {}, value: 0.6, ...none, step: 'cart' },
      { period, segment: {}, value: 0.3, ...none, step: 'paid' },
    ],
  };
}

export function loyalty(): RunResult {
  return {
    as_of: '2025-12-31',
    title: 'Loyalty KPIs',
    kpis: [revenue(), nps(), cohorts(), funnel()],
    diagnostics: [
      {
        file: 'data/surveys.csv',
        line: 12,
        column: 3,
        severity: 'warning',
        message: '3 responses outside 0..10 skipped',
        code: 'data-invalid-score',
      },
    ],
  };
}

/** An NPS with its sample sizes, intervals and change tests: November below min_sample 30. */
export function npsWithIntervals(): KpiResult {
  return {
    ...nps(),
    confidence: 0.95,
    min_sample: 30,
    rows: [
      {
        period: '2025-11',
        segment: {},
        value: 28,
        previous: 25,
        change: 0.12,
        status: 'missed',
        n: 12,
        ci_low: -10.5,
        ci_high: 66.5,
        below_min_sample: true,
        previous_n: 40,
        p_value: 0.84,
        significant: false,
      },
      {
        period: '2025-12',
        segment: {},
        value: 41,
        previous: 28,
        change: 0.4642857,
        status: 'met',
        n: 400,
        ci_low: 33.2,
        ci_high: 48.8,
        below_min_sample: false,
        previous_n: 12,
        p_value: 0.021,
        significant: true,
      },
    ],
  };
}

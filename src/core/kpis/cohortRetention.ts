// KPI type `cohort_retention`: 30/60/90-day (or any N-day) retention of signup cohorts.
import * as l10n from '../l10n/l10n';
import { checkSegmentsOfOneSource, type KpiCheckContext } from './kpiCheck';
import { defineKpiType } from './kpiType';

export const cohortRetention = defineKpiType({
  type: 'cohort_retention',
  title: 'Cohort retention',
  family: 'behaviour',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  formula:
    "For each cohort (customers of the `cohort` source whose `start` falls in a period of the KPI's grain) and each N in `days`: the share of the cohort with ≥ 1 activity row dated in [start + N − window + 1, start + N] (each customer's own start date; window default 30). Customers with start + N after as_of are not yet observable and are left out; a cell with no observable customer is null.",
  sample: 'n = observable customers of the cohort at day N, counted share = those active in the window.',
  evaluation: { kind: 'cohort' },
  countsCustomers: true,
  segmentSourceField: 'cohort',
  check: checkCohort,
  fields: {
    cohort: {
      schema: { type: 'string', pattern: '^[a-z][a-z0-9_]*$' },
      description: 'The source with one row per customer (its `key`) and the start date.',
      required: true,
      ref: { kind: 'source' },
    },
    start: {
      schema: { type: 'string', minLength: 1 },
      description: "The column of the cohort source with each customer's start date (e.g. signup_date).",
      required: true,
      ref: { kind: 'column', ofField: 'cohort' },
    },
    days: {
      schema: { type: 'array', items: { type: 'integer', minimum: 1, maximum: 3660 }, minItems: 1, uniqueItems: true },
      description: 'The days after start at which retention is measured, e.g. [30, 60, 90].',
      required: true,
    },
    window: {
      schema: { type: 'integer', minimum: 1, maximum: 3660, default: 30 },
      description: 'How many days up to start + N count as "still active" (default 30).',
    },
  },
});

function checkCohort(ctx: KpiCheckContext): void {
  checkCohortSegments(ctx);
  checkCohortDays(ctx);
}

/**
 * A cohort's segments slice its customers by columns of the cohort source itself (its query
 * takes each customer's first row: engine/sql/cohortQuery.ts); another source's column is not
 * joined there, which the run told only by leaving the whole KPI out.
 */
function checkCohortSegments(ctx: KpiCheckContext): void {
  const { raw, label, sourceOf } = ctx;
  const cohort = typeof raw.cohort === 'string' && sourceOf(raw.cohort) ? raw.cohort : undefined;
  if (!cohort) return;
  checkSegmentsOfOneSource(ctx, cohort, false, (segName, other) =>
    l10n.t(
      "{0} can be segmented by columns of its cohort source '{1}' only; segment '{2}' reads '{3}', which this release does not join into the cohorts",
      label,
      cohort,
      segName,
      other,
    ),
  );
}

/** A day shorter than the window would count activity before the customer's start date. */
function checkCohortDays({ raw, source, sourceOf, report }: KpiCheckContext): void {
  if (typeof raw.cohort !== 'string' || !sourceOf(raw.cohort) || !source) return;
  const window = typeof raw.window === 'number' ? raw.window : 30;
  if (!Array.isArray(raw.days)) return;
  raw.days.forEach((d, i) => {
    if (typeof d === 'number' && d < window) {
      report(
        ['days', i],
        'invalid-value',
        l10n.t(
          "day {0} is shorter than the window ({1} days): activity before the start date would count; lower 'window'",
          d,
          window,
        ),
        'warning',
      );
    }
  });
}

// KPI type `survival`: the Kaplan–Meier retention curve of subscriptions (start, end; a null
// end is still active), right-censored at each period end, with the median lifetime and its
// interval (the estimator: core/stats/kaplanMeier.ts; the counts: engine/sql/survivalQuery.ts).
import { defineKpiType } from './kpiType';

export const survival = defineKpiType({
  type: 'survival',
  title: 'Survival (Kaplan–Meier)',
  family: 'behaviour',
  usesSource: true,
  needsTime: false,
  defaultFormat: 'percent',
  formula:
    "At the end b of each period, over the source's rows (one per subscription) whose `start` is on or before b: a row whose `end` is on or before b ended after end − start days (an event); a row with no end, or an end after b, is still active and censored at b − start days. S(t) = Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), with nᵢ the subscriptions lasting ≥ tᵢ days (events counted before censorings at the same time) and dᵢ those ending at tᵢ. One row per day N of `at` (default: every distinct event time) with S(N), n = subscriptions at risk at N and the log-log interval from Greenwood's variance (none before the first event); S beyond the last observed duration is null. Median lifetime = the smallest t with S(t) ≤ 0.5 (not reached otherwise), its interval by Brookmeyer–Crowley through the same bands; reported with each segment's curve at the latest period end. Rows with no start date or an end before the start are left out and counted.",
  sample:
    'n = subscriptions at risk at day N (lasting at least N days); the interval is the log-log Greenwood interval of S(N).',
  evaluation: { kind: 'survival' },
  fields: {
    start: {
      schema: { type: 'string', minLength: 1 },
      description: 'The column with the date each subscription started (e.g. start_date).',
      required: true,
      ref: { kind: 'column', date: true },
    },
    end: {
      schema: { type: 'string', minLength: 1 },
      description: 'The column with the date it ended (cancelled, churned); empty while still active.',
      required: true,
      ref: { kind: 'column', date: true },
    },
    at: {
      schema: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 36600 }, minItems: 1, uniqueItems: true },
      description: 'The days S(t) is reported at, e.g. [30, 90, 180, 365] (default: every distinct event time).',
    },
  },
});

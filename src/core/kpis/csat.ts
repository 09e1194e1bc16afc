// KPI type `csat`: the share of satisfied survey answers.
import * as l10n from '../l10n/l10n';
import type { KpiCheckContext } from './kpiCheck';
import { andFilter, defineKpiType, numberColumnField } from './kpiType';
import type { AggregateContext, ShareCountsSql } from './kpiType';
import { invalidScores, scoreSql, validScoreSql } from './scores';

export const csat = defineKpiType({
  type: 'csat',
  title: 'Customer satisfaction (CSAT)',
  family: 'satisfaction',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'percent',
  formula:
    'Share of valid responses (integers 1..scale) with score ≥ satisfied_min (defaults: scale 5, satisfied_min 4). Other values are skipped and reported.',
  sample: 'n = valid answers, counted share = satisfied answers.',
  fields: {
    column: numberColumnField('The column holding the satisfaction score.'),
    scale: {
      schema: { type: 'integer', minimum: 2, maximum: 100, default: 5 },
      description: 'The highest score of the scale (default 5: scores 1..5).',
    },
    satisfied_min: {
      schema: { type: 'integer', minimum: 1, maximum: 100, default: 4 },
      description: 'The lowest score counted as satisfied (default 4).',
    },
  },
  check: checkSatisfiedMin,
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) => {
      const c = satisfiedCounts(ctx);
      return ctx.dialect.divide(c.x, c.n);
    },
    counts: satisfiedCounts,
    invalid: (ctx) => invalidScores(ctx, 1, typeof ctx.fields.scale === 'number' ? ctx.fields.scale : 5),
  },
});

/** Satisfied answers (x) among valid answers (n). */
function satisfiedCounts(ctx: AggregateContext): ShareCountsSql {
  const scale = typeof ctx.fields.scale === 'number' ? ctx.fields.scale : 5;
  const min = typeof ctx.fields.satisfied_min === 'number' ? ctx.fields.satisfied_min : 4;
  const valid = validScoreSql(ctx, 1, scale);
  const n = (cond: string) => `count(*) FILTER (WHERE ${andFilter(cond, ctx.filter)})`;
  return { kind: 'share', n: n(valid), x: n(`${valid} AND ${scoreSql(ctx)} >= ${min}`) };
}

/** satisfied_min above the scale: no answer could count as satisfied. */
function checkSatisfiedMin({ raw, report }: KpiCheckContext): void {
  if (typeof raw.scale === 'number' && typeof raw.satisfied_min === 'number' && raw.satisfied_min > raw.scale) {
    report(
      ['satisfied_min'],
      'invalid-value',
      l10n.t(
        'satisfied_min ({0}) is above the scale ({1}): no answer could count as satisfied',
        raw.satisfied_min,
        raw.scale,
      ),
    );
  }
}

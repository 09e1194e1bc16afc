// KPI type `nps`: the Net Promoter Score of 0–10 survey answers.
import { andFilter, defineKpiType, numberColumnField } from './kpiType';
import { invalidScores, scoreSql, validScoreSql } from './scores';

export const nps = defineKpiType({
  type: 'nps',
  title: 'Net Promoter Score',
  family: 'satisfaction',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'score',
  formula:
    '100 × (#responses ≥ 9 − #responses ≤ 6) / #valid responses, from −100 to 100. Valid = an integer 0..10; other values are skipped and reported as a data warning with their count.',
  sample: 'n = valid answers; the interval comes from the shares of promoters and detractors.',
  fields: { column: numberColumnField('The column holding the 0–10 answer to "How likely are you to recommend us?".') },
  scoreValues: true,
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) => {
      const valid = validScoreSql(ctx, 0, 10);
      const v = scoreSql(ctx);
      const n = (cond: string) => `count(*) FILTER (WHERE ${andFilter(cond, ctx.filter)})`;
      // Through the dialect's division: Trino keeps a DECIMAL(4,1)'s one decimal in `100.0 * x / n` (33.3).
      return ctx.dialect.divide(`100.0 * (${n(`${valid} AND ${v} >= 9`)} - ${n(`${valid} AND ${v} <= 6`)})`, n(valid));
    },
    counts: (ctx) => {
      const valid = validScoreSql(ctx, 0, 10);
      const v = scoreSql(ctx);
      const n = (cond: string) => `count(*) FILTER (WHERE ${andFilter(cond, ctx.filter)})`;
      return {
        kind: 'nps',
        n: n(valid),
        promoters: n(`${valid} AND ${v} >= 9`),
        detractors: n(`${valid} AND ${v} <= 6`),
      };
    },
    invalid: (ctx) => invalidScores(ctx, 0, 10),
  },
});

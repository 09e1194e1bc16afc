// KPI type `ces`: the Customer Effort Score, mean of valid answers.
import { andFilter, defineKpiType, numberColumnField } from './kpiType';
import { invalidScores, scoreSql, validScoreSql } from './scores';

export const ces = defineKpiType({
  type: 'ces',
  title: 'Customer Effort Score (CES)',
  family: 'satisfaction',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'number',
  formula:
    'Mean of the valid responses (integers 1..scale, default scale 7). `direction` says whether high is good (default higher_is_better: "the company made it easy").',
  fields: {
    column: numberColumnField('The column holding the effort score.'),
    scale: {
      schema: { type: 'integer', minimum: 2, maximum: 100, default: 7 },
      description: 'The highest score of the scale (default 7: scores 1..7).',
    },
  },
  scoreValues: true,
  evaluation: {
    kind: 'aggregate',
    empty: null,
    sql: (ctx) =>
      `avg(${scoreSql(ctx)}) FILTER (WHERE ${andFilter(validScoreSql(ctx, 1, typeof ctx.fields.scale === 'number' ? ctx.fields.scale : 7), ctx.filter)})`,
    invalid: (ctx) => invalidScores(ctx, 1, typeof ctx.fields.scale === 'number' ? ctx.fields.scale : 7),
  },
});

// KPI type `formula`: an expression over other KPIs' values.
import { defineKpiType } from './kpiType';

export const formula = defineKpiType({
  type: 'formula',
  title: 'Formula',
  family: 'generic',
  usesSource: false,
  needsTime: false,
  defaultFormat: 'number',
  formula:
    "The expression `expr` evaluated on the other KPIs' values for the same period and segment (e.g. `revenue / customers`). Division by zero gives null.",
  evaluation: { kind: 'derived' },
  fields: {
    expr: {
      schema: { type: 'string', minLength: 1 },
      description:
        'An expression over KPI names and numbers: + - * /, parentheses, coalesce, abs, round, least, greatest.',
      required: true,
      ref: { kind: 'kpi-expression' },
    },
  },
});

// KPI type `formula`: an expression over other KPIs' values.
import { collectNames, parseExpression } from '../expr';
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
  evaluation: {
    kind: 'derived',
    // Its inputs are the KPI names the expression uses, each in the role of its name.
    inputs: (f) => (typeof f.expr === 'string' ? kpiNamesIn(f.expr).map((name) => ({ role: name, name })) : []),
    value: ({ fields, expression }) => (typeof fields.expr === 'string' ? expression(fields.expr) : null),
  },
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

/** The KPI names an expression uses (unqualified names), each once, in order. */
function kpiNamesIn(text: string): string[] {
  const { expr } = parseExpression(text);
  if (!expr) return [];
  return [
    ...new Set(
      collectNames(expr)
        .filter((n) => n.parts.length === 1)
        .map((n) => n.parts[0]),
    ),
  ];
}

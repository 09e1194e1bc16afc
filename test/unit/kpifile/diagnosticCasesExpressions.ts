// Diagnostic code cases on expressions (a KPI's `where`): syntax, unknown functions, arity,
// invalid date literals and types. Positions counted by hand (1-based lines and columns, as
// `kpilens check` prints them).
import { type Case, PERIODS, REVENUE, SOURCE, withKpis } from './diagnosticCase';
import { lines } from '../helpers';

export const EXPRESSION_CASES: Case[] = [
  {
    code: 'expr-syntax',
    title: 'a filter that stops after an operator',
    text: withKpis(...REVENUE, '    where: "amount >"'),
    expected: ['15:21 error expr-syntax'],
  },
  {
    code: 'expr-unknown-function',
    title: 'a misspelt function',
    text: withKpis(...REVENUE, '    where: coalesc(amount, 0) > 10'),
    expected: ['15:12 error expr-unknown-function'],
    message: /coalesce/,
  },
  {
    code: 'expr-arity',
    title: 'abs with two arguments',
    text: withKpis(...REVENUE, '    where: abs(amount, 1) > 10'),
    expected: ['15:24 error expr-arity'],
  },
  {
    code: 'expr-invalid-date',
    title: 'a date literal on 30 February',
    text: withKpis(...REVENUE, "    where: order_date >= date '2025-02-30'"),
    expected: ['15:31 error expr-invalid-date'],
  },
  {
    code: 'expr-type',
    title: 'a filter that gives a number',
    text: withKpis(...REVENUE, '    where: amount * 2'),
    expected: ['15:12 error expr-type'],
    message: /must give true or false/,
  },
  {
    code: 'expr-type',
    title: 'an in list of a number and a string (no column holds both)',
    text: withKpis(...REVENUE, `    where: "status in ('paid', 5)"`),
    expected: ['15:32 error expr-type'],
    message: /an in list needs values of one type: got a string and a number/,
  },
  {
    code: 'expr-type',
    title: "the source's time column (read as dates) compared with a number",
    text: withKpis(...REVENUE, '    where: "order_date > 5"'),
    expected: ['15:26 error expr-type'],
    message: /^'order_date' holds dates: it cannot be compared with numbers$/,
  },
  {
    code: 'expr-type',
    title: 'a column declared a number, alone as a filter (DuckDB would keep every row but those of 0)',
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      '    columns: { amount: number }',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
      "    where: amount and status = 'paid'",
    ),
    expected: ['16:12 error expr-type'],
    message: /^'amount' holds numbers, not true or false: a filter compares it with a value \(e\.g\. amount > 0\)$/,
  },
];

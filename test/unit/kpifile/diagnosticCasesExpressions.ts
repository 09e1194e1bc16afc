// Diagnostic code cases on expressions (a KPI's `where`): syntax, unknown functions, arity,
// invalid date literals and types. Positions counted by hand (1-based lines and columns, as
// `kpilens check` prints them).
import { type Case, REVENUE, withKpis } from './diagnosticCase';

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
];

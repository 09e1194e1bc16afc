// The shape of the diagnostic code tests (diagnosticCodes.test.ts): a case is a broken KPI file
// with every diagnostic expected as `line:column severity code`; the valid base file (the orders
// source, the monthly period, the revenue KPI) that most cases break in one place.
import type { DiagnosticCode } from '../../../src/core/kpifile/codes';
import { lines } from '../helpers';

export const SOURCE = [
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  '    key: customer_id',
];
export const PERIODS = ['periods:', '  monthly: { grain: month, last: 3 }'];

/** kpilens: 1, the orders source and the monthly period: lines 1–8; KPIs start at line 9. */
export function withKpis(...kpiLines: string[]): string {
  return lines('kpilens: 1', ...SOURCE, ...PERIODS, 'kpis:', ...kpiLines);
}

export const REVENUE = [
  '  revenue:',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  '    period: monthly',
];

export interface Case {
  code: DiagnosticCode;
  title: string;
  text: string;
  /** Every diagnostic expected, as `line:column severity code`. */
  expected: string[];
  /** Words the message of the case's diagnostic must contain. */
  message?: RegExp;
  /** Checked with the editor's connection checks too (withConnectionChecks). */
  connections?: boolean;
}

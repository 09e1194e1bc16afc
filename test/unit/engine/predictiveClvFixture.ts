// The predictive clv tests' fixture (predictiveClv.test.ts works its customers' summary out by
// hand): test/fixtures/clv (purchases.csv with the source filter status = 'paid', and
// onetime.csv), a spec at as_of 2025-06-30 with a monthly period and a channel segment, the
// predictive clv KPI, and its evaluation on a given engine once the spec is checked valid.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import type { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { CustomerScoreRow } from '../../../src/core/engine/evaluation/predictiveClv';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';

export const DIR = path.join(FIXTURES, 'clv');

export const spec = (...kpi: string[]) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-06-30',
    'sources:',
    '  orders: { file: data/purchases.csv, time: order_date, key: customer_id, where: "status = \'paid\'" }',
    '  onetime: { file: data/onetime.csv, time: order_date, key: customer_id }',
    'periods:',
    '  monthly: { grain: month, last: 2 }',
    'segments:',
    '  channel: { by: channel }',
    'kpis:',
    ...kpi,
  );

export const PREDICTIVE = [
  '  clv:',
  '    type: clv',
  '    method: predictive',
  '    revenue: orders.amount',
  '    segments: [channel]',
  '    backtest: { holdout_months: 2 }',
  '    period: monthly',
];

/** Evaluates a spec of the fixture on `engine` once the spec is checked valid; the customers' scores go to `onScores`. */
export async function runClvSpec(
  engine: DuckDbEngine,
  text: string,
  onScores?: (rows: CustomerScoreRow[]) => void,
): Promise<RunResult> {
  const check = await checkKpiFile(path.join(DIR, 'test.kpi.yaml'), text);
  assert.deepEqual(
    check.diagnostics
      .filter((d) => d.severity !== 'info')
      .map((d) => d.message)
      .filter((m) => !/not used by any KPI/.test(m)),
    [],
    'the spec of the test is valid',
  );
  return evaluateSpec(check, { engine, onCustomerScores: onScores ? (_k, rows) => onScores(rows) : undefined });
}

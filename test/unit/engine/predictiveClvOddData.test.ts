// A predictive clv through the real engine (DuckDB child process) on data the model cannot
// fit — all one-time buyers, a single customer, zero spend: a clear error diagnostic and no
// value, never NaN — and on odd column names (a space, an apostrophe, a euro sign), quoted
// safely. The fixture (test/fixtures/clv) and its customers' summary: predictiveClv.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { CustomerScoreRow } from '../../../src/core/engine/evaluation/predictiveClv';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { DIR, runClvSpec, spec } from './predictiveClvFixture';

let engine: DuckDbEngine;

function run(text: string, onScores?: (rows: CustomerScoreRow[]) => void): Promise<RunResult> {
  return runClvSpec(engine, text, onScores);
}

describe('engine: predictive clv (BG/NBD + Gamma-Gamma)', function () {
  this.timeout(60000);
  before(() => {
    engine = new DuckDbEngine({ allowedDirectories: [DIR, path.join(DIR, 'data')] });
  });
  after(() => engine.close());

  it('all one-time buyers: an error diagnostic at the KPI and no value, never NaN', async () => {
    const result = await run(
      spec('  clv:', '    type: clv', '    method: predictive', '    revenue: onetime.amount', '    period: monthly'),
    );
    const d = result.diagnostics.find((x) => x.code === 'clv-fit' && x.severity === 'error');
    assert.ok(d && /all 12 customers are one-time buyers/.test(d.message), JSON.stringify(result.diagnostics));
    assert.ok(result.kpis[0].rows.every((r) => r.value === null));
    assert.equal(result.kpis[0].model, undefined);
  });

  it('a single customer: a clear diagnostic', async () => {
    const text = spec(
      '  clv:',
      '    type: clv',
      '    method: predictive',
      '    revenue: orders.amount',
      '    period: monthly',
    ).replace('where: "status = \'paid\'"', 'where: "customer_id = \'c06\'"');
    const result = await run(text);
    const d = result.diagnostics.find((x) => x.code === 'clv-fit' && x.severity === 'error');
    assert.ok(d && /only 1 customer: the model needs at least 10/.test(d.message), JSON.stringify(result.diagnostics));
  });

  it('quotes odd column names (a space, an apostrophe, a euro sign) safely', async () => {
    // Same purchases, renamed columns: the same 12 customers and summary as above.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-clv-'));
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      const csv = fs
        .readFileSync(path.join(DIR, 'data', 'purchases.csv'), 'utf8')
        .replace('order_id,customer_id,order_date,amount,', "order_id,client's id,order date,montant €,");
      fs.writeFileSync(path.join(dir, 'data', 'odd.csv'), csv);
      const text = lines(
        'kpilens: 1',
        'as_of: 2025-06-30',
        'sources:',
        '  odd: { file: data/odd.csv, time: order date, key: "client\'s id", where: "status = \'paid\'" }',
        'periods:',
        '  monthly: { grain: month, last: 1 }',
        'kpis:',
        '  clv:',
        '    type: clv',
        '    method: predictive',
        '    revenue: odd.montant €',
        '    period: monthly',
      );
      const check = await checkKpiFile(path.join(dir, 'odd.kpi.yaml'), text);
      assert.deepEqual(
        check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
      );
      const local = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data')] });
      let rows: CustomerScoreRow[] = [];
      try {
        await evaluateSpec(check, { engine: local, onCustomerScores: (_k, r) => (rows = r) });
      } finally {
        await local.close();
      }
      assert.deepEqual(
        rows.slice(0, 3).map((s) => `${s.customer} ${s.frequency} ${s.recency} ${s.T} ${s.monetary}`),
        ['c01 2 135 176 27.5', 'c02 0 0 171 0', 'c03 2 59 149 16.5'],
      );
      assert.equal(rows.length, 12);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('zero spend: a clear diagnostic', async () => {
    const text = spec(
      '  clv:',
      '    type: clv',
      '    method: predictive',
      '    revenue: orders.zero',
      '    period: monthly',
    ).replace(
      'time: order_date, key: customer_id, where',
      'time: order_date, key: customer_id, columns: { zero: integer }, where',
    );
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-clv-'));
    try {
      fs.mkdirSync(path.join(dir, 'data'));
      const csv = fs
        .readFileSync(path.join(DIR, 'data', 'purchases.csv'), 'utf8')
        .split('\n')
        .map((l, i) => (l ? `${l},${i === 0 ? 'zero' : '0'}` : l))
        .join('\n');
      fs.writeFileSync(path.join(dir, 'data', 'purchases.csv'), csv);
      fs.copyFileSync(path.join(DIR, 'data', 'onetime.csv'), path.join(dir, 'data', 'onetime.csv'));
      const check = await checkKpiFile(path.join(dir, 'z.kpi.yaml'), text);
      const local = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data')] });
      try {
        const result = await evaluateSpec(check, { engine: local });
        const d = result.diagnostics.find((x) => x.code === 'clv-fit' && x.severity === 'error');
        assert.ok(d && /no repeat buyer has a positive spend/.test(d.message), JSON.stringify(result.diagnostics));
      } finally {
        await local.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

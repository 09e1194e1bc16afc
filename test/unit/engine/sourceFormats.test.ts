// The same orders read from every supported format — CSV, TSV, Parquet, JSON, NDJSON, a
// glob over several CSV parts — give the same numbers; column type overrides apply.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';

// January 2025: 3 orders (10 + 20 + 30 = 60) by 2 customers; one order in February.
const ROWS = [
  { customer_id: 'c1', order_date: '2025-01-05', amount: 10 },
  { customer_id: 'c2', order_date: '2025-01-15', amount: 20 },
  { customer_id: 'c1', order_date: '2025-01-31', amount: 30 },
  { customer_id: 'c2', order_date: '2025-02-01', amount: 40 },
];

describe('engine: every source format', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-formats-'));
    const csv = (rows: typeof ROWS, sep = ',') =>
      ['customer_id', 'order_date', 'amount'].join(sep) +
      '\n' +
      rows.map((r) => [r.customer_id, r.order_date, r.amount].join(sep)).join('\n') +
      '\n';
    fs.writeFileSync(path.join(dir, 'orders.csv'), csv(ROWS));
    fs.writeFileSync(path.join(dir, 'orders.tsv'), csv(ROWS, '\t'));
    fs.writeFileSync(path.join(dir, 'orders_semicolon.csv'), csv(ROWS, ';'));
    fs.writeFileSync(path.join(dir, 'orders.json'), JSON.stringify(ROWS));
    fs.writeFileSync(path.join(dir, 'orders.ndjson'), ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'part-1.csv'), csv(ROWS.slice(0, 2)));
    fs.writeFileSync(path.join(dir, 'part-2.csv'), csv(ROWS.slice(2)));
    fs.writeFileSync(
      path.join(dir, 'orders.parquet'),
      Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: 'customer_id', data: ROWS.map((r) => r.customer_id), type: 'STRING' },
            { name: 'order_date', data: ROWS.map((r) => r.order_date), type: 'STRING' },
            { name: 'amount', data: ROWS.map((r) => r.amount), type: 'DOUBLE' },
          ],
        }),
      ),
    );
    fs.writeFileSync(
      path.join(dir, 'typed.csv'),
      'customer_id,order_date,amount\nc1,2025-01-05,10\nc2,2025-01-15,9\nc3,2025-01-20,n/a\n',
    );
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('CSV, semicolon CSV, TSV, Parquet, JSON, NDJSON and a glob give the same count, sum and buyers', async () => {
    const sources = {
      csv: 'orders.csv',
      semicolon: 'orders_semicolon.csv',
      tsv: 'orders.tsv',
      parquet: 'orders.parquet',
      json: 'orders.json',
      ndjson: 'orders.ndjson',
      glob: 'part-*.csv',
    };
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      ...Object.entries(sources).map(
        ([name, file]) => `  ${name}: { file: ${file}, time: order_date, key: customer_id }`,
      ),
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'defaults: { period: jan }',
      'kpis:',
      ...Object.keys(sources).flatMap((name) => [
        `  ${name}_orders: { type: count, source: ${name} }`,
        `  ${name}_revenue: { type: sum, source: ${name}, column: amount }`,
        `  ${name}_buyers: { type: active_customers, source: ${name} }`,
      ]),
    );
    const check = await checkKpiFile(path.join(dir, 'formats.kpi.yaml'), text);
    assert.deepEqual(
      check.diagnostics.map((d) => d.message),
      [],
    );
    const r = await evaluateSpec(check, { engine });
    assert.deepEqual(r.diagnostics, []);
    for (const name of Object.keys(sources)) {
      const value = (kpi: string) => r.kpis.find((k) => k.name === `${name}_${kpi}`)?.rows[0].value;
      assert.deepEqual([value('orders'), value('revenue'), value('buyers')], [3, 60, 2], name);
    }
  });

  it('a column type override makes text a number (values that do not convert are null)', async () => {
    const check = await checkKpiFile(
      path.join(dir, 'typed.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  orders: { file: typed.csv, time: order_date, key: customer_id, columns: { amount: number } }',
        'periods:',
        '  jan: { grain: month, last: 1 }',
        'kpis:',
        '  big: { type: count, source: orders, period: jan, where: amount > 9 }',
        '  avg_amount: { type: avg, source: orders, column: amount, period: jan }',
      ),
    );
    assert.deepEqual(
      check.diagnostics.map((d) => d.message),
      [],
    );
    const r = await evaluateSpec(check, { engine });
    // amount 10 and 9 are numbers; 'n/a' becomes null. Only 10 > 9; the mean of 10 and 9 is 9.5.
    assert.equal(r.kpis.find((k) => k.name === 'big')?.rows[0].value, 1);
    assert.equal(r.kpis.find((k) => k.name === 'avg_amount')?.rows[0].value, 9.5);
  });
});

// The columnar cache's Parquet copies keep a dictionary for a column of few values and write a
// column of many ids plainly (parquetOptions.ts: at most 10 000 values per row group; DuckDB's
// default would keep a dictionary of 20 000 customer ids here, and builds one for unique ids
// before dropping it: the copy's CPU for nothing). The copy's values are the file's.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';

// 120 000 orders (one row group): customers c0…c19999 in turn (each on 6 rows), channel 'web'
// on even rows, 'shop' on odd ones.
const ROWS = 120000;
const CUSTOMERS = 20000;

describe('columnar cache: Parquet dictionaries only for columns of few values', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-parquet-'));
    fs.mkdirSync(path.join(dir, 'data'));
    const rows = Array.from(
      { length: ROWS },
      (_x, i) => `c${i % CUSTOMERS},${i % 2 === 0 ? 'web' : 'shop'},2025-01-15,1`,
    );
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      ['customer_id,channel,order_date,amount', ...rows].join('\n') + '\n',
    );
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('customer_id written plainly, channel with a dictionary; the KPIs read the same values', async () => {
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  jan: { grain: month, last: 1, compare: none }',
      'segments:',
      '  channel: { by: channel }',
      'defaults: { period: jan }',
      'kpis:',
      '  orders: { type: count, source: orders, segments: [channel] }',
      '  buyers: { type: count_distinct, source: orders, column: customer_id }',
    );
    const cacheDir = path.join(dir, '.kpilens', 'cache');
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'test.kpi.yaml'), spec), {
      engine,
      cache: new ColumnarCache({ dir: cacheDir }),
    });
    const value = (kpi: string, segment: Record<string, string> = {}) =>
      r.kpis
        .find((k) => k.name === kpi)
        ?.rows.find((x) => x.period === '2025-01' && JSON.stringify(x.segment) === JSON.stringify(segment))?.value;
    // Every order is in January: 120 000, half web (even rows), half shop; 20 000 customers.
    assert.equal(value('orders'), ROWS);
    assert.equal(value('orders', { channel: 'web' }), ROWS / 2);
    assert.equal(value('orders', { channel: 'shop' }), ROWS / 2);
    assert.equal(value('buyers'), CUSTOMERS);
    const [copy] = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.parquet'));
    assert.ok(copy, 'the copy');
    const meta = await engine.query(
      `SELECT path_in_schema AS col, encodings AS enc FROM parquet_metadata('${path.join(cacheDir, copy)}') WHERE row_group_id = 0`,
    );
    const enc = (col: string) => String(meta.find((m) => m.col === col)?.enc ?? '');
    assert.doesNotMatch(enc('customer_id'), /DICTIONARY/);
    assert.match(enc('channel'), /DICTIONARY/);
  });
});

// What the columnar cache copies (issue 21): a CSV's id-like text columns (an order id) that the
// KPI file never names are left out of its copy — no number and no diagnostic changes, the copy
// costs less — and a file that names one of them copies the source again, then with every column. The copy's
// writer statistics stand for the queries that read the copy again after it was written (the
// counts of unconverted values, the time column's first and last dates).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { columnMentions } from '../../../src/core/kpifile/columnMentions';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { copyStatsOf } from '../../../src/core/engine/cache/copyStats';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { explainSources } from '../../../src/core/engine/sources/sourceExplain';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { copiesIn, recordedRun } from './recordedRun';

/** Rows of orders.csv: every one in January 2025, each of 1.25. */
const ROWS = 20_500;
/** The line (header = line 1) whose late_qty is no number: beyond the 20,480 rows the inference samples. */
const LATE_LINE = 20_492;

const REGIONS = ['north', 'south', 'east'];

function ordersCsv(): string {
  const out = ['order_id,customer_id,order_date,amount,note,region,late_qty'];
  for (let i = 0; i < ROWS; i++) {
    const line = i + 2;
    const note = i % 10 === 0 ? 'gift' : `n${i}`;
    out.push(
      `O-${i},c${i % 50},2025-01-${String(1 + (i % 28)).padStart(2, '0')},1.25,${note},${REGIONS[i % 3]},${line === LATE_LINE ? 'lots' : i % 7}`,
    );
  }
  return out.join('\n') + '\n';
}

const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  purchases: { file: data/orders.csv, time: order_date, key: customer_id }',
  'periods:',
  '  jan: { grain: month, last: 1 }',
  'defaults: { period: jan }',
  'kpis:',
  '  revenue: { type: sum, source: purchases, column: amount }',
  '  buyers: { type: active_customers, source: purchases }',
);
/** The same file with one more KPI, whose filter names the `note` column. */
const WITH_NOTE = SPEC + lines('  gifts: { type: count, source: purchases, where: "note = \'gift\'" }');

describe('engine: the columns a cached copy holds', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-cachecols-'));
    fs.mkdirSync(path.join(dir, 'data'));
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ordersCsv());
    cacheDir = path.join(dir, '.kpilens', 'cache');
    engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data'), cacheDir] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = (text: string, cache?: ColumnarCache) => recordedRun(dir, engine, text, cache);
  const copies = copiesIn;
  const value = (r: RunResult, kpi: string) => r.kpis.find((k) => k.name === kpi)?.rows[0]?.value;
  /** The columns of the one cached copy (flags of unconverted values left out). */
  async function copiedColumns(): Promise<string[]> {
    const parquet = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.parquet'));
    assert.equal(parquet.length, 1, 'one entry');
    const rows = await engine.query(
      `DESCRIBE SELECT * FROM read_parquet('${path.join(cacheDir, parquet[0]).replace(/'/g, "''")}')`,
    );
    return rows.map((r) => String(r.column_name)).filter((c) => !c.startsWith('__kpilens_'));
  }

  it('leaves out the id-like text columns the file never names: the numbers and diagnostics are those without the cache', async () => {
    const plain = await run(SPEC);
    const cached = await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    // order_id and note are id-like texts nothing names (20 500 and 18 451 different values in
    // the first 20 480 rows): left out. region is text nothing names but of 3 values: kept, as
    // late_qty, a number column nothing names: read and checked (its late 'lots' makes it text).
    assert.deepEqual(await copiedColumns(), ['customer_id', 'order_date', 'amount', 'region', 'late_qty']);
    // 20,500 purchases of 1.25 in January: 25,625; customers c0..c49.
    for (const r of [plain, cached]) {
      assert.equal(value(r.result, 'revenue'), 25_625);
      assert.equal(value(r.result, 'buyers'), 50);
    }
    assert.deepEqual(cached.result.diagnostics, plain.result.diagnostics);
    const told = cached.result.diagnostics.map((d) => d.message).join('\n');
    assert.match(told, /late_qty/);
    assert.match(told, new RegExp(`orders\\.csv:${LATE_LINE}`));
  });

  it('copies a source again, with every column, when the file names one more; then not again', async () => {
    const first = await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    assert.ok(!(await copiedColumns()).includes('note'));
    // A filter on region (kept) needs no copy.
    const region = await run(
      SPEC + lines('  north: { type: count, source: purchases, where: "region = \'north\'" }'),
      new ColumnarCache({ dir: cacheDir }),
    );
    assert.equal(copies(region.sql), 0);
    assert.equal(value(region.result, 'north'), 6834); // i = 0, 3, …, 20 499: ⌈20 500 / 3⌉
    // The edit names `note`: the entry is written again (the same entry, now every column), as
    // the first run wrote it (two reads: late_qty's late 'lots' makes it text).
    const edited = await run(WITH_NOTE, new ColumnarCache({ dir: cacheDir }));
    assert.equal(copies(first.sql), 2);
    assert.equal(copies(edited.sql), 2);
    assert.deepEqual(await copiedColumns(), [
      'order_id',
      'customer_id',
      'order_date',
      'amount',
      'note',
      'region',
      'late_qty',
    ]);
    // Every tenth purchase (i = 0, 10, …, 20,490) is a gift: 2,050.
    assert.equal(value(edited.result, 'gifts'), 2050);
    assert.equal(value(edited.result, 'revenue'), 25_625);
    // Both versions of the file now read that copy without copying.
    for (const text of [SPEC, WITH_NOTE]) {
      const again = await run(text, new ColumnarCache({ dir: cacheDir }));
      assert.equal(copies(again.sql), 0);
      assert.equal(value(again.result, 'revenue'), 25_625);
    }
  });

  it('`check --explain` shows every column, even after a run copied fewer', async () => {
    await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), SPEC);
    const [explained] = await explainSources(check, engine, new ColumnarCache({ dir: cacheDir }));
    assert.deepEqual(
      explained.columns.map((c) => `${c.name} ${c.type}`),
      [
        'order_id VARCHAR',
        'customer_id VARCHAR',
        'order_date DATE',
        'amount DECIMAL(18,4)',
        'note VARCHAR',
        'region VARCHAR',
        'late_qty VARCHAR',
      ],
    );
  });

  it("takes the unconverted values' counts and the dates' range from the copy's writer, without reading the copy again", async () => {
    // Two bad dates, after a first date of Dec 30 and a last of Jan 20; a text among the amounts
    // (the column is text: the KPI skips it).
    fs.writeFileSync(
      path.join(dir, 'data', 'orders.csv'),
      lines(
        'order_id,customer_id,order_date,amount',
        'a,c1,2025-01-20,10',
        'b,c2,2024-12-30,2.5',
        'c,c1,soon,1',
        'd,c3,2025-01-05,abc',
        'e,c3,later,4',
      ),
    );
    const plain = await run(SPEC);
    const cached = await run(SPEC, new ColumnarCache({ dir: cacheDir }));
    const rereads = cached.sql.filter((s) => /count\("__kpilens_bad_|AS mn, CAST\(max\(d\)/.test(s));
    assert.deepEqual(rereads, []);
    assert.equal(plain.sql.filter((s) => s.includes('AS mn, CAST(max(d)')).length, 1, 'profiled by a query without');
    assert.deepEqual(cached.result.diagnostics, plain.result.diagnostics);
    const told = cached.result.diagnostics.map((d) => d.message).join('\n');
    assert.match(told, /2 values of column 'order_date'/);
    assert.match(told, /'amount' is not a number: 'abc' at orders\.csv:5/);
    // January: 10 (Jan 20) + nothing for d (abc) = 10; the dates run Dec 30 .. Jan 20.
    assert.equal(value(cached.result, 'revenue'), 10);
    const meta = fs.readdirSync(cacheDir).find((f) => f.endsWith('.json')) ?? '';
    const entry = JSON.parse(fs.readFileSync(path.join(cacheDir, meta), 'utf8')) as {
      csv: { report: { dates: Record<string, unknown> } };
    };
    assert.deepEqual(entry.csv.report.dates, { order_date: { min: '2024-12-30', max: '2025-01-20' } });
  });
});

describe('the columns a KPI file names (columnMentions)', () => {
  it('finds a name in any text of the model, whatever its case, quoted or not; nothing else', async () => {
    const check = await checkKpiFile(
      path.join(os.tmpdir(), 'mentions.kpi.yaml'),
      lines(
        'kpilens: 1',
        'sources:',
        '  shop: { file: data/shop.csv, time: Order_Date, columns: { Qty: integer } }',
        'segments:',
        '  region: { by: shop.Region }',
        'kpis:',
        '  gross: { type: sum, source: shop, column: amount, where: "\\"Pay Mode\\" = \'card\' and \\"a\\"\\"b\\" > 0" }',
      ),
    );
    const reads = columnMentions(check.model);
    for (const name of ['order_date', 'QTY', 'region', 'Amount', 'pay mode', 'a"b']) assert.ok(reads(name), name);
    for (const name of ['order_id', 'country', 'notes']) assert.ok(!reads(name), name);
  });
});

describe("a Parquet copy's writer statistics (copyStatsOf)", () => {
  it('reads the rows and each column by its unquoted name; nothing from a row without them', () => {
    const stats = copyStatsOf({
      filename: '/tmp/x.parquet',
      count: 3,
      column_statistics: JSON.stringify({
        '"a""b"': { null_count: '1', min: '2024-12-30', max: '2025-01-20', num_values: '3' },
        '"flag"': { null_count: '3', num_values: '3' },
      }),
    });
    assert.equal(stats?.rows, 3);
    assert.deepEqual(stats?.columns.get('a"b'), { nulls: 1, min: '2024-12-30', max: '2025-01-20' });
    assert.deepEqual(stats?.columns.get('flag'), { nulls: 3 });
    assert.equal(copyStatsOf({ Count: 3 }), undefined);
    assert.equal(copyStatsOf(undefined), undefined);
  });
});

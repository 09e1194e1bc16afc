// The layout of a one-file CSV source (csvLayout.ts) found once and given to the reads of its
// columnar copy (issue 21: each read left to DuckDB's sniffer read the file's first 32 MB
// again): with the real engine and cache, every read of the copy but the one sniff names the
// columns and sniffs nothing, and files laid out every way read as the sniffer reads them —
// line ends \r\n and \r, quotes escaped by a backslash, a value starting with '#', a doubled
// quote in a file whose first rows have none, a header repeating a name (left to the sniffer).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';

const SPEC = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  orders: { file: data/orders.csv, time: day }',
  'periods:',
  '  jan: { grain: month, last: 1, compare: none }',
  'defaults: { period: jan }',
  'kpis:',
  '  orders: { type: count, source: orders }',
  '  revenue: { type: sum, source: orders, column: amount }',
  '  notes: { type: count, source: orders, where: "note = \'x \\"y\\"\'" }',
);

describe('engine: the layout of a CSV file, found once for its copy', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-layout-'));
    fs.mkdirSync(path.join(dir, 'data'));
    engine = new DuckDbEngine({ allowedDirectories: [dir, path.join(dir, 'data'), path.join(dir, 'cache')] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(text: string): Promise<{ result: RunResult; sql: string[] }> {
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), text);
    const check = await checkKpiFile(path.join(dir, 'test.kpi.yaml'), SPEC);
    const recorder = new RecordingEngine(engine);
    const result = await evaluateSpec(check, {
      engine: recorder,
      cache: new ColumnarCache({ dir: path.join(dir, 'cache') }),
    });
    return { result, sql: recorder.statements };
  }
  const values = (r: RunResult) => Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value]));
  const csvReads = (sql: string[]) => sql.filter((s) => s.includes('read_csv('));

  it('a plain file: sniffed once, then every read of the copy names its columns', async () => {
    const { result, sql } = await run(
      lines('day,amount,note', '2025-01-05,10.50,a', '2025-01-06,2.25,"x ""y"""', '2025-02-01,100,b'),
    );
    // January: 10.50 + 2.25; the note x "y" once.
    assert.deepEqual(values(result), { orders: 2, revenue: 12.75, notes: 1 });
    assert.equal(sql.filter((s) => s.includes('sniff_csv(')).length, 1);
    const reads = csvReads(sql);
    assert.ok(reads.length >= 2, 'the inference and the copy read the text');
    for (const read of reads) {
      assert.match(read, /auto_detect = false/);
      assert.match(read, /columns = \{'day': 'VARCHAR', 'amount': 'VARCHAR', 'note': 'VARCHAR'\}/);
      assert.match(read, /escape = '"', new_line = '\\n', comment = ''/);
    }
  });

  it('line ends \\r\\n and \\r: the rows as the sniffer finds them', async () => {
    const crlf = await run('day,amount,note\r\n2025-01-05,1.5,a\r\n2025-01-06,2,"x ""y"""\r\n');
    assert.deepEqual(values(crlf.result), { orders: 2, revenue: 3.5, notes: 1 });
    assert.match(csvReads(crlf.sql)[0], /new_line = '\\r\\n'/);
    fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
    const cr = await run('day,amount,note\r2025-01-05,1.5,a\r2025-01-06,2,b\r2025-01-07,4,c\r');
    assert.deepEqual(values(cr.result), { orders: 3, revenue: 7.5, notes: 0 });
  });

  it('quotes escaped by a backslash: read as such, not as broken quotes', async () => {
    const { result, sql } = await run(
      lines('day,amount,note', '2025-01-05,1,"x \\"y\\""', '2025-01-06,2,"p\\\\q"', '2025-01-07,4,c'),
    );
    assert.deepEqual(values(result), { orders: 3, revenue: 7, notes: 1 });
    assert.match(csvReads(sql)[0], /escape = '\\'/);
  });

  it('values starting with # are rows, not comments (an order named #1001)', async () => {
    const { result } = await run(
      lines('note,day,amount', '1000,2025-01-05,1', '#1001,2025-01-06,2', '#1002,2025-01-07,4'),
    );
    assert.deepEqual(values(result), { orders: 3, revenue: 7, notes: 0 });
  });

  it('no quote in the first rows, a doubled quote further down: read as a quote (RFC 4180)', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i) => `2025-01-${String((i % 28) + 1).padStart(2, '0')},1,n${i}`);
    const { result, sql } = await run(lines('day,amount,note', ...rows, '2025-01-30,5,"x ""y"""'));
    assert.deepEqual(values(result), { orders: 30_001, revenue: 30_005, notes: 1 });
    assert.match(csvReads(sql)[0], /escape = '"'/);
  });

  it('a header repeating a name (v, V): left to the sniffer, as before', async () => {
    const { sql } = await run(lines('day,amount,note,Note', '2025-01-05,1,a,b'));
    assert.equal(sql.filter((s) => s.includes('sniff_csv(')).length, 0);
    for (const read of csvReads(sql)) assert.doesNotMatch(read, /auto_detect/);
  });
});

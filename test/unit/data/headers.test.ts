// Reading column names from the header (or footer) of each data format, never the whole
// file, and the cache that re-reads a header only when the file changes.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { formatOf, resolveDataFiles } from '../../../src/core/data/dataFiles';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { readHeader, sniffDelimiter } from '../../../src/core/data/headerReaders';
import { SHOP } from '../helpers';

describe('data file headers', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-headers-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  it('reads a CSV header', async () => {
    assert.deepEqual(await readHeader(path.join(SHOP, 'data', 'orders.csv'), 'csv'), [
      'order_id',
      'customer_id',
      'order_date',
      'amount',
      'channel',
      'status',
    ]);
  });

  it('strips a BOM, handles CRLF, quoted names with commas and semicolon delimiters', async () => {
    const f1 = write('bom.csv', '\uFEFF"id","name, full",amount\r\n1,"a, b",3\r\n');
    assert.deepEqual(await readHeader(f1, 'csv'), ['id', 'name, full', 'amount']);
    const f2 = write('semi.csv', 'id;date;montant\n1;2025-01-01;3,5\n');
    assert.deepEqual(await readHeader(f2, 'csv'), ['id', 'date', 'montant']);
  });

  it('trims the names as DuckDB reads them: no-break and em spaces too (csv-parse 7; 6 kept them)', async () => {
    const file = write('nbsp.csv', 'id,\u00a0amount\u00a0,\u2003day\n1,2.5,2025-01-01\n');
    const names = ['id', 'amount', 'day'];
    assert.deepEqual(await readHeader(file, 'csv'), names);
    // The engine's reader names the same columns, so a KPI's `column: amount` is checked as it runs.
    const db = await DuckDBInstance.create(':memory:');
    const reader = await (await db.connect()).runAndReadAll(`select * from read_csv('${file}', header = true)`);
    assert.deepEqual(reader.columnNames(), names);
  });

  it('names columns as DuckDB does: spaces inside quotes trimmed, an empty name column<position from 0>', async () => {
    // A quoted name with a no-break space inside its quotes, an empty name between two delimiters
    // and the stray empty column of a trailing delimiter (Excel's "Save as CSV" of such a sheet).
    const file = write('names.csv', 'id,"amount\u00a0",,"\u202fday",\n1,2.5,x,2025-01-01,\n');
    const names = ['id', 'amount', 'column2', 'day', 'column4'];
    assert.deepEqual(await readHeader(file, 'csv'), names);
    const db = await DuckDBInstance.create(':memory:');
    const reader = await (await db.connect()).runAndReadAll(`select * from read_csv('${file}', header = true)`);
    assert.deepEqual(reader.columnNames(), names);
  });

  it('sniffs the delimiter that splits the header most', () => {
    assert.equal(sniffDelimiter('a,b,c'), ',');
    assert.equal(sniffDelimiter('a;b;c'), ';');
    assert.equal(sniffDelimiter('a\tb\tc'), '\t');
    assert.equal(sniffDelimiter('a|b'), '|');
    assert.equal(sniffDelimiter('"x;y",b,c'), ',');
  });

  it('reads only the first record even when the file is much larger than the read chunk', async () => {
    const big = 'a,b\n' + '1,2\n'.repeat(100_000);
    assert.deepEqual(await readHeader(write('big.csv', big), 'csv'), ['a', 'b']);
  });

  it('reads a header whose quoted name holds a newline', async () => {
    assert.deepEqual(await readHeader(write('nl.csv', 'id,"two\nlines"\n1,2\n'), 'csv'), ['id', 'two\nlines']);
  });

  it('reads TSV, NDJSON and JSON array headers', async () => {
    assert.deepEqual(await readHeader(path.join(SHOP, 'data', 'visits.tsv'), 'tsv'), [
      'customer_id',
      'visit_date',
      'page',
    ]);
    assert.deepEqual(await readHeader(path.join(SHOP, 'data', 'events.ndjson'), 'ndjson'), [
      'customer_id',
      'event_time',
      'event_type',
    ]);
    assert.deepEqual(await readHeader(path.join(SHOP, 'data', 'tickets.json'), 'json'), [
      'customer_id',
      'ticket_date',
      'ces_score',
    ]);
    const tricky = write('tricky.json', '[{"a": "}{\\"", "b": {"c": 1}}, {"z": 2}]');
    assert.deepEqual(await readHeader(tricky, 'json'), ['a', 'b']);
  });

  it('reads a Parquet schema from the footer', async () => {
    const buf = parquetWriteBuffer({
      columnData: [
        { name: 'customer_id', data: ['c1', 'c2'], type: 'STRING' },
        { name: 'amount', data: [1.5, 2.5], type: 'DOUBLE' },
        { name: 'order_date', data: [new Date('2025-01-01'), new Date('2025-01-02')], type: 'TIMESTAMP' },
      ],
    });
    const file = write('orders.parquet', Buffer.from(buf));
    assert.deepEqual(await readHeader(file, 'parquet'), ['customer_id', 'amount', 'order_date']);
  });

  it('rejects empty files, truncated Parquet and non-object JSON with a message', async () => {
    await assert.rejects(readHeader(write('empty.csv', ''), 'csv'), /empty/);
    await assert.rejects(readHeader(write('bad.parquet', 'PAR1 not really'), 'parquet'), /not a readable Parquet file/);
    await assert.rejects(readHeader(write('list.json', '[1, 2, 3]'), 'json'), /no JSON object/);
    await assert.rejects(readHeader(write('garbage.ndjson', '{"a": 1,,}\n'), 'ndjson'), /not valid JSON/);
  });

  it('caches by size and mtime, and re-reads a changed file', async () => {
    const cache = new HeaderCache();
    const file = write('cached.csv', 'a,b\n1,2\n');
    assert.deepEqual(await cache.columns(file, 'csv'), { ok: true, columns: ['a', 'b'] });
    fs.writeFileSync(file, 'a,b,c\n1,2,3\n');
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    assert.deepEqual(await cache.columns(file, 'csv'), { ok: true, columns: ['a', 'b', 'c'] });
    fs.rmSync(file);
    const gone = await cache.columns(file, 'csv');
    assert.equal(gone.ok, false);
  });

  it('tells the format from the extension, or from an explicit format', () => {
    assert.equal(formatOf('x/orders.CSV'), 'csv');
    assert.equal(formatOf('x/orders.jsonl'), 'ndjson');
    assert.equal(formatOf('x/orders.pq'), 'parquet');
    assert.equal(formatOf('x/orders.txt'), undefined);
    assert.equal(formatOf('x/orders.txt', 'tsv'), 'tsv');
  });

  it('resolves globs relative to the spec folder, sorted; none gives []', async () => {
    write('part-2.csv', 'a\n');
    write('part-1.csv', 'a\n');
    const files = await resolveDataFiles(dir, 'part-*.csv');
    assert.deepEqual(
      files.map((f) => path.basename(f)),
      ['part-1.csv', 'part-2.csv'],
    );
    assert.deepEqual(await resolveDataFiles(dir, 'nothing-*.csv'), []);
    assert.deepEqual(await resolveDataFiles(dir, 'missing.csv'), []);
  });
});

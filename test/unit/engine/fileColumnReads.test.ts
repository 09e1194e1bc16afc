// A JSON or Parquet column read as another type than the file holds it converts as a CSV value
// does, and what does not convert is told. DuckDB's own casts read a declared number `1e400` as
// nothing and `12,5` as nothing, a whole number 12.5 as 13, a date text `2025-1-12 x` as
// 12 January and `infinity` as a date after any other — each silently. Before, a JSON file gave
// other numbers than the same rows in a CSV, without a word; now they are equal and reported.
import { strict as assert } from 'assert';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { firstValues, januaryFile, januarySpec, specRunFolder } from './specRunFixture';

const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);
const ndjson = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('engine: JSON and Parquet columns read as the KPIs need them', function () {
  this.timeout(120000);
  const folder = specRunFolder('filereads');

  it('NDJSON: a declared number written as text is a number only when written as one', async () => {
    const amounts = ['10', ' 7 ', 'abc', '1e400', '12,5', '', null];
    const data = ndjson(amounts.map((amount, i) => ({ id: i + 1, t: '2025-01-05', amount })));
    const r = await folder.run(
      'num',
      januarySpec('file: num.ndjson, time: t, columns: { amount: number }', ['s', 'n']),
      {
        'num.ndjson': data,
      },
    );
    // 10 + 7 = 17 over the 7 rows of January; `abc`, `1e400` (too large for a number) and `12,5`
    // (a JSON number text has a decimal point) are no numbers; the empty text is empty. The
    // examples (the least and greatest refused texts) are told at their lines, in the file's order.
    assert.deepEqual(firstValues(r), { s: 17, n: 7 });
    assert.deepEqual(warnings(r), [
      "3 values of column 'amount' in source 'o' are not a number ('abc' at num.ndjson:3, '12,5' at num.ndjson:5, …): they are read as empty",
    ]);
    // The same rows in a CSV read with a decimal point give the same sum (declaring none, its
    // "12,5" would tell a decimal comma: csvNumberFormat.test.ts).
    const csv = lines('id,t,amount', ...amounts.map((a, i) => `${i + 1},2025-01-05,"${a ?? ''}"`));
    const c = await folder.run(
      'numcsv',
      januarySpec('file: num.csv, time: t, decimal: ".", columns: { amount: number }', ['s', 'n']),
      {
        'num.csv': csv,
      },
    );
    assert.deepEqual(firstValues(c), { s: 17, n: 7 });
  });

  it('Parquet: a declared whole number is not rounded, a text that is none is told', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 't', data: ['2025-01-05', '2025-01-06', '2025-01-07', '2025-01-08'], type: 'STRING' },
        { name: 'amount', data: [10, 12.5, 3, -2], type: 'DOUBLE' },
        { name: 'units', data: ['1', '2', 'two', '4.0'], type: 'STRING' },
      ],
    });
    const spec = januaryFile('file: pq.parquet, time: t, columns: { amount: integer, units: integer }', {
      s: 'type: sum, column: amount',
      u: 'type: sum, column: units',
    });
    const r = await folder.run('pq', spec, { 'pq.parquet': new Uint8Array(parquet) });
    // amount: 10 + 3 - 2 = 11 (12.5 is no whole number; before, it was rounded to 12: 23);
    // units: 1 + 2 = 3 (`two` and `4.0` are no whole numbers, as in a CSV; before, 4.0 was 4: 7).
    // A Parquet file has no lines: the values are told at their rows (2; 3 and 4).
    assert.deepEqual(firstValues(r), { s: 11, u: 3 });
    assert.deepEqual(warnings(r), [
      "1 value of column 'amount' in source 'o' is not a whole number ('12.5' at row 2 of pq.parquet): it is read as empty",
      "2 values of column 'units' in source 'o' are not a whole number ('two' at row 3 of pq.parquet, '4.0' at row 4 of pq.parquet): they are read as empty",
    ]);
  });

  it('NDJSON: a filter compares a text with a date only when it is written as one', async () => {
    const shipped = ['2025-01-10', '2025-1-12 x', 'infinity', '2025-01-20T10:00:00Z', '2025-01-02', null];
    const data = ndjson(shipped.map((s, i) => ({ id: i + 1, t: '2025-01-05', shipped: s, amount: 1 })));
    const spec = januaryFile('file: ship.ndjson, time: t', {
      late: 'type: count, where: "shipped >= date \'2025-01-10\'"',
    });
    const r = await folder.run('ship', spec, { 'ship.ndjson': data });
    // 2025-01-10 and 2025-01-20 (an instant, its day in UTC): 2; before, `2025-1-12 x` (12 January)
    // and `infinity` were counted too: 4, without a word.
    assert.deepEqual(firstValues(r), { late: 2 });
    assert.deepEqual(warnings(r), [
      "KPI 'late', 2025-01-01..2025-01-31: 2 row(s) left out by the filter, 'shipped' is not a date: 2025-1-12 x, infinity",
    ]);
  });

  it("NDJSON: a churn's end date written as text that is no date is told, not a churn", async () => {
    const ends = ['2025-01-10', '2025-1-1 x', null, 'epoch', ''];
    const data = ndjson(ends.map((churn_date, i) => ({ cid: `c${i}`, signup: '2024-06-01', churn_date })));
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  customers: { file: customers.ndjson, key: cid }',
      'periods:',
      '  m: { grain: month, last: 1 }',
      'kpis:',
      '  churn: { type: churn, source: customers, start: signup, end: churn_date, period: m }',
    );
    const r = await folder.run('churn', spec, { 'customers.ndjson': data });
    // The five were customers on 1 January (`2025-1-1 x` and `epoch` are no dates, read as
    // empty: still customers); c0 was lost: 1 / 5. Before: `2025-1-1 x` was a churn on 1 January
    // and `epoch` one in 1970 (no customer then): 2 / 4, without a word.
    assert.equal(firstValues(r).churn, 1 / 5);
    assert.deepEqual(warnings(r), [
      "2 values of column 'churn_date' in source 'customers' are not a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset) ('2025-1-1 x' at customers.ndjson:2, 'epoch' at customers.ndjson:4): they are read as empty",
    ]);
  });

  it("JSON: a declared number in a column of mixed values (DuckDB's JSON type) is read as a CSV's", async () => {
    const amounts: unknown[] = [5, 'abc', '7', null, 9, '1_000'];
    const data = JSON.stringify(amounts.map((amount, i) => ({ id: i + 1, t: '2025-01-05', amount })));
    const r = await folder.run('mixed', januarySpec('file: mixed.json, time: t, columns: { amount: number }', ['s']), {
      'mixed.json': data,
    });
    // 5 + 7 + 9 = 21; `abc` and `1_000` are no numbers (before, they were left out without a word).
    // The file is one line: each value is told at its line and character.
    assert.deepEqual(firstValues(r), { s: 21 });
    const at = (text: string) => `mixed.json:1:${data.indexOf(JSON.stringify(text)) + 1}`;
    assert.deepEqual(warnings(r), [
      `2 values of column 'amount' in source 'o' are not a number ('abc' at ${at('abc')}, '1_000' at ${at('1_000')}): they are read as empty`,
    ]);
  });

  it("Parquet: an instant declared a date is its day in the file's time zone", async () => {
    const at = ['2025-01-31T23:30:00Z', '2025-01-15T12:00:00Z', '2024-12-31T23:30:00Z'];
    const micros = at.map((t) => BigInt(Date.parse(t)) * 1000n);
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 't', data: micros },
        { name: 'amount', data: [1, 2, 4] },
      ],
      schema: [
        { name: 'root', num_children: 2 },
        {
          name: 't',
          type: 'INT64',
          repetition_type: 'OPTIONAL',
          logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' },
        },
        { name: 'amount', type: 'INT32', repetition_type: 'OPTIONAL' },
      ],
    });
    const spec = januarySpec('file: tz.parquet, time: t, columns: { t: date }', ['s']).replace(
      'as_of:',
      'timezone: Europe/Paris\nas_of:',
    );
    const r = await folder.run('tz', spec, { 'tz.parquet': new Uint8Array(parquet) });
    // In Paris: 1 February 00:30, 15 January, 1 January 00:30: January is 2 + 4 = 6 (before, the
    // days of UTC: 1 + 2 = 3).
    assert.deepEqual(firstValues(r), { s: 6 });
    assert.deepEqual(warnings(r), []);
  });

  it("NDJSON: a French export's texts are read with the source's decimal, thousands and date_format", async () => {
    const rows = [
      ['05/01/2025', '1 234,50'],
      ['31/01/2025', '12,5'],
      ['2025-01-10', '7'],
      ['01/02/2025', '100'],
      ['15/01/2025', 'abc'],
    ];
    const data = ndjson(rows.map(([t, amount], i) => ({ id: i + 1, t, amount })));
    const source = `file: fr.ndjson, time: t, decimal: ',', thousands: ' ', date_format: '%d/%m/%Y', columns: { amount: number }`;
    const r = await folder.run('fr', januarySpec(source, ['s', 'n']), { 'fr.ndjson': data });
    // January: 5, 31 and 15 January; `2025-01-10` is not written as the source writes dates (left
    // out, told); 1 234,50 + 12,5 = 1247, `abc` is no number. Before, date_format, decimal and
    // thousands were CSV-only: every French date and number was refused (the sum was 7).
    assert.deepEqual(firstValues(r), { s: 1247, n: 3 });
    assert.deepEqual(warnings(r), [
      "1 value of column 't' in source 'o' is not a date written %d/%m/%Y ('2025-01-10' at fr.ndjson:3): it is read as empty; rows without a date are left out of the KPIs",
      "1 value of column 'amount' in source 'o' is not a number (decimal comma) ('abc' at fr.ndjson:5): it is read as empty",
    ]);
  });

  it("NDJSON: a declared time column's bad dates are told once; a KPI's own time column's too", async () => {
    const rows = [
      ['2025-01-05', '2025-01-06'],
      ['2025-1-7 x', '2025-01-08'],
      ['2025-01-09', 'soon'],
    ];
    const data = ndjson(rows.map(([t, shipped], i) => ({ id: i + 1, t, shipped, amount: 1 })));
    const spec = januaryFile('file: two.ndjson, time: t, columns: { t: date }', {
      n: 'type: count',
      shipped_n: 'type: count, time: shipped',
    });
    const r = await folder.run('two', spec, { 'two.ndjson': data });
    // By t: 5 and 9 January (`2025-1-7 x` is no date); by shipped: 6 and 8 January (`soon` is none).
    assert.deepEqual(firstValues(r), { n: 2, shipped_n: 2 });
    assert.deepEqual(warnings(r), [
      "1 value of column 't' in source 'o' is not a date (YYYY-MM-DD) ('2025-1-7 x' at two.ndjson:2): it is read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
      "1 value of column 'shipped' in source 'o' is not a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset) ('soon' at two.ndjson:3): it is read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
    ]);
  });
});

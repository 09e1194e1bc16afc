// The texts a CSV's time column may hold without a date_format: a date is four digits of a year,
// a month and a day (2025-01-05, 2025/1/20), optionally a time of day and an offset. DuckDB's own
// casts read more, wrong and silently: `2025-1-1 x` was 2025-01-01 (anything after a date of 10
// characters or less), `25-01-10` the year 25, `epoch` 1 January 1970, `(BC)` a date before Christ,
// `infinity` a date past the year 5 million — and `10:00 UTC` a wall time, an hour off in Paris.
// Each is now a bad value, counted and reported at its line, or (UTC) the instant it says. In a
// JSON or Parquet file, a time text that is no date was left out without a word: it is told. A
// churn's end dates are read as dates too (they were text when the first rows had none).
import { strict as assert } from 'assert';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { INFER_SAMPLE_ROWS } from '../../../src/core/engine/sources/csvSourceRead';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);

describe('engine: time texts are dates only when written as dates', function () {
  this.timeout(120000);
  const folder = specRunFolder('datetexts');

  it('a date with other text after it, a short year, BC and special values are bad values', async () => {
    const data = lines(
      'id,t,amount',
      '1,2025-01-01,10',
      '2,2025-1-1 x,20',
      '3,2025-01-15,5',
      '4,2025-1-2 1,7',
      '5,2025/1/20,1',
      '6,25-01-10,100',
      '7,2025-01-10 (BC),100',
      '8,epoch,100',
      '9,infinity,100',
      '10,2025-01-31,1000',
    );
    const r = await folder.run('bad', januarySpec('file: bad.csv, time: t', ['s', 'n']), { 'bad.csv': data });
    // January: lines 2, 4, 6 and 11 (10 + 5 + 1 + 1000 = 1016 over 4 rows); lines 3, 5 and 7–10
    // are no dates (before: 20 and 7 were counted on 1 and 2 January, a sum of 1043 over 6 rows).
    assert.deepEqual(firstValues(r), { s: 1016, n: 4 });
    assert.deepEqual(warnings(r), [
      "6 values of column 't' in source 'o' are not a date (YYYY-MM-DD) ('2025-1-1 x' at bad.csv:3, '2025-1-2 1' at bad.csv:5, '25-01-10' at bad.csv:7, …): they are read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
    ]);
  });

  it('timestamps: an offset, Z or UTC is an instant, placed in the file time zone; other text is no timestamp', async () => {
    const data = lines(
      'id,t,amount',
      '1,2025-01-05 10:00,1',
      '2,2025-01-31 23:30 UTC,2',
      '3,2025-01-31T22:30:00Z,4',
      '4,2025-01-01T00:30:00+02:00,8',
      '5,2025-01-10 10:00 x,16',
      '6,2025-01-10 10:00:00 (BC),32',
      '7,2025-01-20T08:00:00.5,64',
    );
    const spec = januarySpec('file: ts.csv, time: t', ['s', 'n']).replace('as_of:', 'timezone: Europe/Paris\nas_of:');
    const r = await folder.run('ts', spec, { 'ts.csv': data });
    // In Paris: line 3 is 1 February 00:30 (UTC, an instant: before, 31 January 23:30 as a wall
    // time), line 5 is 31 January 23:30, line 4 is 31 December 23:30; lines 6 and 7 are no
    // timestamps. January: 1 + 4 + 64 = 69 over 3 rows.
    assert.deepEqual(firstValues(r), { s: 69, n: 3 });
    assert.deepEqual(warnings(r), [
      "2 values of column 't' in source 'o' are not a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset) ('2025-01-10 10:00 x' at ts.csv:6, '2025-01-10 10:00:00 (BC)' at ts.csv:7): they are read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)",
    ]);
  });

  it('NDJSON and Parquet: a time text that is no date is told, where its row was left out without a word', async () => {
    const rows = [
      ['2025-01-01', 10],
      ['2025-1-1 x', 20],
      ['2025-01-15T10:00:00Z', 5],
      ['epoch', 7],
    ] as const;
    const ndjson = rows.map(([t, amount], i) => JSON.stringify({ id: i + 1, t, amount })).join('\n') + '\n';
    const nd = await folder.run('nd', januarySpec('file: nd.ndjson, time: t', ['s', 'n']), { 'nd.ndjson': ndjson });
    // January: 10 + 5 over 2 rows; `2025-1-1 x` and `epoch` are no dates.
    assert.deepEqual(firstValues(nd), { s: 15, n: 2 });
    // Told as a CSV's: the values, at their lines, and the rows left out.
    const told = (at: (line: number) => string) =>
      `2 values of column 't' in source 'o' are not a date or timestamp (YYYY-MM-DD hh:mm:ss, optional offset) ('2025-1-1 x' at ${at(2)}, 'epoch' at ${at(4)}): they are read as empty; rows without a date are left out of the KPIs; if the dates are written otherwise, set the source's 'date_format' or 'timestamp_format' (e.g. %d/%m/%Y)`;
    assert.deepEqual(warnings(nd), [told((n) => `nd.ndjson:${n}`)]);
    // The same rows in a Parquet file whose time column is text.
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 't', data: rows.map(([t]) => t), type: 'STRING' },
        { name: 'amount', data: rows.map(([, amount]) => amount), type: 'DOUBLE' },
      ],
    });
    const pq = await folder.run('pq', januarySpec('file: pq.parquet, time: t', ['s', 'n']), {
      'pq.parquet': new Uint8Array(parquet),
    });
    assert.deepEqual(firstValues(pq), { s: 15, n: 2 });
    assert.deepEqual(warnings(pq), [told((n) => `row ${n} of pq.parquet`)]);
  });

  it("a churn's end dates are read as dates, even when its first rows have none", async () => {
    // More customers without a churn date than the type inference samples, then c2 (churned on
    // 10 January), c3 (`2025-1-1 x`) and c4 (`n/a`); all signed up in 2024.
    const quiet = INFER_SAMPLE_ROWS + 5;
    const rows = ['customer_id,signup_date,churn_date'];
    for (let i = 0; i < quiet; i++) rows.push(`q${i},2024-01-01,`);
    rows.push('c2,2024-01-01,2025-01-10', 'c3,2024-01-01,2025-1-1 x', 'c4,2024-01-01,n/a');
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  customers: { file: customers.csv, time: signup_date, key: customer_id }',
      'periods:',
      '  m: { grain: month, last: 1 }',
      'kpis:',
      '  churn: { type: churn, source: customers, start: signup_date, end: churn_date, period: m }',
    );
    const r = await folder.run('churn', spec, { 'customers.csv': lines(...rows) });
    // January: every customer was active on 1 January (c3's and c4's ends are no dates: still
    // customers); one lost, c2: 1 / (quiet + 3). The column sampled empty was text, and
    // `2025-1-1 x` was a churn on 1 January: 2 / (quiet + 3), without a word.
    assert.equal(firstValues(r).churn, 1 / (quiet + 3));
    const line = quiet + 3;
    assert.deepEqual(warnings(r), [
      `2 values of column 'churn_date' in source 'customers' are not a date (YYYY-MM-DD) ('2025-1-1 x' at customers.csv:${line}, 'n/a' at customers.csv:${line + 1}): they are read as empty`,
    ]);
  });
});

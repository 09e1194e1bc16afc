// A filter comparing a column the source holds as text with a number or a date: a column with no
// value (a header-only export, a column Excel left empty), one empty in its first rows, or one
// with a text among its numbers (`abc`) is read as text, and `where: amount > 0` used to stop
// every KPI of the source with DuckDB's "Cannot compare values of type VARCHAR and type
// INTEGER_LITERAL". The column is now read as a number there, the way the file writes numbers; a
// row whose value is not one is left out by the filter and reported (at its line in a CSV), never
// dropped silently.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { INFER_SAMPLE_ROWS } from '../../../src/core/engine/sources/csvSourceRead';
import { lines } from '../helpers';
import { firstValues, januaryFile as spec, specRunFolder } from './specRunFixture';

const errorsOf = (r: RunResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
const warningsOf = (r: RunResult) => r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);

describe('engine: filters comparing a text column with a number or a date', function () {
  this.timeout(120000);
  const folder = specRunFolder('textfilters');
  const kpis = {
    pos: "type: sum, column: amount, where: 'amount > 0'",
    npos: "type: count, where: 'amount > 0'",
    n: 'type: count',
  };

  it('a header-only export: every KPI is evaluated, on no row', async () => {
    const r = await folder.run('header', spec('file: header.csv, time: t', kpis), {
      'header.csv': lines('id,t,amount'),
    });
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { pos: 0, npos: 0, n: 0 });
  });

  it('a column empty in every row: no row passes the filter, and none is reported', async () => {
    const r = await folder.run('empty', spec('file: empty.csv, time: t', kpis), {
      'empty.csv': lines('id,t,amount', '1,2025-01-10,', '2,2025-01-11,', '3,2025-01-12,'),
    });
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { pos: 0, npos: 0, n: 3 });
    assert.deepEqual(warningsOf(r), []);
  });

  it('a column empty in its first rows, numbers after: read as numbers by the filter', async () => {
    // More empty rows than the type inference samples (INFER_SAMPLE_ROWS), then 7, -3 and 2.5.
    const empty = INFER_SAMPLE_ROWS + 10;
    const rows = ['id,t,amount', ...Array.from({ length: empty }, (_x, i) => `${i},2025-01-05,`)];
    rows.push(`${empty},2025-01-10,7`, `${empty + 1},2025-01-11,-3`, `${empty + 2},2025-01-12,2.5`);
    const r = await folder.run('late', spec('file: late.csv, time: t', kpis), { 'late.csv': lines(...rows) });
    assert.deepEqual(errorsOf(r), []);
    // amount > 0: 7 and 2.5 → sum 9.5, count 2.
    assert.deepEqual(firstValues(r), { pos: 9.5, npos: 2, n: empty + 3 });
    assert.deepEqual(warningsOf(r), []);
  });

  it('a text among the numbers: its row is left out by the filter and reported with its value', async () => {
    const r = await folder.run('abc', spec('file: abc.csv, time: t', kpis), {
      'abc.csv': lines('id,t,amount', '1,2025-01-10,12', '2,2025-01-11,abc', '3,2025-01-12,-4', '4,2025-01-13,3'),
    });
    assert.deepEqual(errorsOf(r), []);
    // amount > 0: 12 and 3 → 15, count 2; `abc` is neither.
    assert.deepEqual(firstValues(r), { pos: 15, npos: 2, n: 4 });
    const warned = warningsOf(r);
    assert.equal(warned.length, 2, warned.join('\n'));
    for (const m of warned)
      assert.match(
        m,
        /2025-01-01\.\.2025-01-31: 1 row\(s\) left out by the filter, 'amount' is not a number: 'abc' at abc\.csv:3$/,
      );
    // The warning points at the KPI's `where` value (line 9: `npos: { …, where: 'amount > 0' }`).
    const at = r.diagnostics.find((d) => d.code === 'invalid-values' && d.message.startsWith("KPI 'npos'"));
    const line = spec('file: abc.csv, time: t', kpis).split('\n')[8];
    assert.deepEqual([at?.line, at?.column], [9, line.indexOf("'amount > 0'") + 1]);
  });

  it('a row the rest of the filter refuses anyway is not reported', async () => {
    const r = await folder.run(
      'and',
      spec('file: and.csv, time: t', { web: 'type: count, where: "amount > 0 and channel = \'web\'"' }),
      {
        'and.csv': lines('id,t,amount,channel', '1,2025-01-10,abc,shop', '2,2025-01-11,5,web', '3,2025-01-12,n/a,web'),
      },
    );
    // Row 1 fails channel = 'web' whatever its amount; row 3 cannot be decided.
    assert.deepEqual(firstValues(r), { web: 1 });
    assert.deepEqual(warningsOf(r), [
      "KPI 'web', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: 'n/a' at and.csv:4",
    ]);
  });

  it('a filter converting two columns: each one told with its own count, its values and their lines', async () => {
    // amount > 0 or shipped = 2025-01-05, row by row (line = row + 1):
    // 1: 5 > 0 → kept; 2: abc, Jan 6 → NULL or false, undecided (amount); 3: -1, soon → false or
    // NULL, undecided (shipped); 4: zz, later → undecided (both); 5: abc, Jan 5 → NULL or true,
    // kept; 6: 2, soon → true or NULL, kept.
    const r = await folder.run(
      'two',
      spec('file: two.csv, time: t', { k: 'type: count, where: "amount > 0 or shipped = date \'2025-01-05\'"' }),
      {
        'two.csv': lines(
          'id,t,amount,shipped',
          '1,2025-01-10,5,2025-01-05',
          '2,2025-01-11,abc,2025-01-06',
          '3,2025-01-12,-1,soon',
          '4,2025-01-13,zz,later',
          '5,2025-01-14,abc,2025-01-05',
          '6,2025-01-15,2,soon',
        ),
      },
    );
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { k: 3 });
    // 3 rows (2, 3, 4); amount unreadable in rows 2 and 4, shipped in rows 3 and 4.
    assert.deepEqual(warningsOf(r), [
      "KPI 'k', 2025-01-01..2025-01-31: 3 row(s) left out by the filter: 'amount' is not a number (2: 'abc' at two.csv:3, 'zz' at two.csv:5); 'shipped' is not a date (2: 'later' at two.csv:5, 'soon' at two.csv:4)",
    ]);
  });

  it('a JSON source whose amounts are texts: read as numbers by the filter, the text reported', async () => {
    const rows = [
      { id: 1, t: '2025-01-10', amount: '12' },
      { id: 2, t: '2025-01-11', amount: 'abc' },
      { id: 3, t: '2025-01-12', amount: '-4' },
    ];
    const r = await folder.run('json', spec('file: rows.json, time: t', { npos: kpis.npos }), {
      'rows.json': JSON.stringify(rows),
    });
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { npos: 1 });
    assert.deepEqual(warningsOf(r), [
      "KPI 'npos', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: abc",
    ]);
  });

  it('JSON values of mixed kinds, or nulls only (the JSON type of DuckDB): read as their text', async () => {
    const mixed = [
      { id: 1, t: '2025-01-10', amount: 5, code: 'x' },
      { id: 2, t: '2025-01-12', amount: 'abc', code: 7 },
      { id: 3, t: '2025-01-13', amount: -2, code: 'x' },
    ];
    const nulls = mixed.map((r) => ({ ...r, amount: null }));
    const kpis = {
      pos: "type: count, where: 'amount > 0'",
      abs: "type: count, where: 'abs(amount) > 0'",
      x: 'type: count, where: "code = \'x\'"',
    };
    const r = await folder.run('mixed', spec('file: mixed.json, time: t', kpis), {
      'mixed.json': JSON.stringify(mixed),
    });
    assert.deepEqual(errorsOf(r), []);
    // amount > 0: 5 only; |5| and |-2| > 0; code = 'x': rows 1 and 3.
    assert.deepEqual(firstValues(r), { pos: 1, abs: 2, x: 2 });
    assert.deepEqual(warningsOf(r), [
      "KPI 'pos', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: abc",
      "KPI 'abs', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: abc",
    ]);
    const n = await folder.run('nulls', spec('file: nulls.json, time: t', kpis), {
      'nulls.json': JSON.stringify(nulls),
    });
    assert.deepEqual(errorsOf(n), []);
    assert.deepEqual(firstValues(n), { pos: 0, abs: 0, x: 2 });
    assert.deepEqual(warningsOf(n), []);
  });

  it('the numbers of a text column are exact decimals, as those of a number column', async () => {
    const r = await folder.run(
      'exact',
      spec('file: exact.csv, time: t', {
        times: "type: count, where: 'amount * 3 = 0.3'",
        plus: "type: count, where: 'amount + 0.2 = 0.3'",
        s: 'type: sum, column: amount',
      }),
      {
        'exact.csv': lines(
          'id,t,amount',
          '1,2025-01-10,0.1',
          '2,2025-01-11,0.2',
          '3,2025-01-12,abc',
          '4,2025-01-13,0.1',
        ),
      },
    );
    // As binary doubles 0.1 × 3 is 0.30000000000000004 and 0.1 + 0.2 + 0.1 is 0.4000000000000001.
    assert.deepEqual(firstValues(r), { times: 2, plus: 2, s: 0.4 });
  });

  it('a column declared a number with a text in it stays exact, early or late in the file', async () => {
    const data = (rows: string[]) => lines('id,t,amount', ...rows);
    const early = ['1,2025-01-10,0.1', '2,2025-01-11,0.2', '3,2025-01-12,abc', '4,2025-01-13,0.1'];
    const filler = Array.from({ length: INFER_SAMPLE_ROWS }, (_x, i) => `f${i},2024-12-01,0.5`);
    const kpis = { times: "type: count, where: 'amount * 3 = 0.3'", s: 'type: sum, column: amount' };
    for (const [name, rows] of [
      ['early', early],
      ['late', [...filler, ...early]],
    ] as const) {
      const r = await folder.run(name, spec(`file: ${name}.csv, time: t, columns: { amount: number }`, kpis), {
        [`${name}.csv`]: data([...rows]),
      });
      assert.deepEqual(firstValues(r), { times: 2, s: 0.4 }, name);
      assert.deepEqual(
        r.diagnostics.map((d) => d.message),
        [
          `1 value of column 'amount' in source 'o' is not a number ('abc' at ${name}.csv:${rows.indexOf('3,2025-01-12,abc') + 2}): it is read as empty`,
        ],
        name,
      );
    }
  });

  it('a decimal-comma file: the filter reads the numbers as the file writes them', async () => {
    const r = await folder.run(
      'comma',
      spec('file: comma.csv, time: t, delimiter: ";", decimal: ",", thousands: "."', {
        big: "type: sum, column: amount, where: 'amount >= 12'",
      }),
      {
        'comma.csv': lines(
          'id;t;amount',
          '1;2025-01-10;12,5',
          '2;2025-01-11;abc',
          '3;2025-01-12;1.000,25',
          '4;2025-01-13;11,99',
        ),
      },
    );
    assert.deepEqual(errorsOf(r), []);
    // 12.5 + 1000.25; 11.99 is below 12, abc is reported.
    assert.deepEqual(firstValues(r), { big: 1012.75 });
    assert.deepEqual(warningsOf(r), [
      "KPI 'big', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: 'abc' at comma.csv:3",
    ]);
  });

  it('between, in and arithmetic read the text column as a number too', async () => {
    const r = await folder.run(
      'ops',
      spec('file: ops.csv, time: t', {
        btw: "type: count, where: 'amount * 2 between 10 and 30'",
        lst: "type: count, where: 'amount in (5, 15)'",
        neg: "type: count, where: '- amount < 0'",
      }),
      { 'ops.csv': lines('id,t,amount', '1,2025-01-10,5', '2,2025-01-11,x', '3,2025-01-12,15', '4,2025-01-13,16') },
    );
    assert.deepEqual(errorsOf(r), []);
    // ×2: 10, 30, 32 → between: 5 and 15; in: 5 and 15; -amount < 0: 5, 15, 16.
    assert.deepEqual(firstValues(r), { btw: 2, lst: 2, neg: 3 });
  });

  it('a text column compared with a text stays text (codes keep their leading zeros)', async () => {
    const r = await folder.run(
      'codes',
      spec('file: codes.csv, time: t', { c: 'type: count, where: "code = \'00042\'"' }),
      { 'codes.csv': lines('id,t,code', '1,2025-01-10,00042', '2,2025-01-11,42', '3,2025-01-12,abc') },
    );
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { c: 1 });
    assert.deepEqual(warningsOf(r), []);
  });

  it('a text column compared with a date: read as a date; the source filter reports at the KPI', async () => {
    const r = await folder.run(
      'dates',
      spec('file: dates.csv, time: t, where: "shipped >= date \'2025-01-05\'"', { n: 'type: count' }),
      { 'dates.csv': lines('id,t,shipped', '1,2025-01-10,2025-01-04', '2,2025-01-11,n/a', '3,2025-01-12,2025-01-06') },
    );
    assert.deepEqual(errorsOf(r), []);
    assert.deepEqual(firstValues(r), { n: 1 });
    assert.deepEqual(warningsOf(r), [
      "KPI 'n', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'shipped' is not a date: 'n/a' at dates.csv:3",
    ]);
  });
});

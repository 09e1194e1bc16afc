// The type inference of CSV columns (csvInference.ts inferSql, on the real DuckDB): what the
// first rows of each column hold — the kinds of its values, the digits of its numbers, how
// many values are written with each number of digits after the point — and the type each
// column gets, computed by hand here for columns of every kind, in two number dialects, for
// column names that need quoting, for a header-only file and for a wide export (48 columns),
// whose SQL holds the classing rules once, not once per column (issue 21: a 60-column export
// took 4 s to infer on 20 480 rows, most of it planning a query with the rules 60 times).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { rawCsvSql } from '../../../src/core/engine/sources/csvDialect';
import type { CsvDialect } from '../../../src/core/engine/sources/csvDialect';
import {
  declaredNumberType,
  inferredType,
  inferSql,
  namesRows,
  onlyDates,
  sampledColumns,
  writtenScale,
} from '../../../src/core/engine/sources/csvInference';
import type { SampledColumn } from '../../../src/core/engine/sources/csvInference';
import { NUMBER_SHAPES } from '../../../src/core/engine/sources/csvNumberFormat';
import { lines } from '../helpers';

const KIND = { code: 1, whole: 2, decimal: 4, boolean: 8, date: 16, timestamp: 32, text: 64 };

describe('engine: the type inference of CSV columns', function () {
  this.timeout(60000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-infer-'));
  const engine = new DuckDbEngine({ allowedDirectories: [dir] });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sample(name: string, text: string, dialect: CsvDialect): Promise<Map<string, SampledColumn>> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const header = text
      .split('\n')[0]
      .split(dialect.delimiter)
      .map((h) => h.replace(/^"|"$/g, '').replace(/""/g, '"'));
    const rows = await engine.query(
      inferSql(header, rawCsvSql([file], dialect, header, { sample: true }), dialect, 'UTC', 20480),
    );
    const sampled = sampledColumns(rows, header);
    return new Map(header.map((h, i) => [h, sampled[i]]));
  }

  const written = (s: SampledColumn) => Object.fromEntries([...s.written].sort(([a], [b]) => a - b));

  it('columns of every kind, with a point: kinds, digits and types as counted by hand', async () => {
    const s = await sample(
      'kinds.csv',
      lines(
        'qty,code,amount,big,ratio,flag,day,at,mixed_day,label,empty',
        '3,00042,12.50,123456789012.5,1e3,true,2025-01-05,2025-01-05 10:00,2025-01-05,a,',
        '-4,00043,7.125,1.25,2.5E-1,FALSE,2025-01-06,2025-01-06,n/a,b,',
        '+12, 007 ,0.1,-3,4,false,2025-01-07,2025-01-07T23:30:00+02:00,,c,',
      ),
      { delimiter: ',' },
    );
    const get = (c: string) => s.get(c) as SampledColumn;
    // qty: 3, -4, +12 are whole numbers; each is written with no digit after the point.
    assert.deepEqual(
      { ...get('qty'), written: written(get('qty')) },
      {
        kinds: KIND.whole,
        whole: 2,
        scale: 0,
        exponent: false,
        written: { 0: 3 },
        values: 3,
        distinct: 3,
        // No separator: nothing told of the file's numbers (csvNumberFormat.ts).
        numbers: { shapes: 0, examples: new Map(), numberLike: 3, values: 3 },
      },
    );
    assert.equal(inferredType(get('qty')), 'BIGINT');
    assert.equal(writtenScale(get('qty')), 0);
    // code: 00042, 00043 and ' 007 ' are whole numbers with a leading zero: codes, read as text.
    assert.equal(get('code').kinds, KIND.code);
    assert.equal(inferredType(get('code')), 'VARCHAR');
    // …but declared a number, they are numbers: the decimal of their digits.
    assert.equal(declaredNumberType(get('code')), 'DECIMAL(18,4)');
    // amount: 12.50 (2 digits written, 1 needed), 7.125 (3), 0.1 (1): at most 2 whole digits and 3 after the point.
    assert.deepEqual(
      { ...get('amount'), written: written(get('amount')) },
      {
        kinds: KIND.decimal,
        whole: 2,
        scale: 3,
        exponent: false,
        written: { 1: 1, 2: 1, 3: 1 },
        values: 3,
        distinct: 3,
        // 12.50 and 0.1 have a decimal point no thousands separator could be; 7.125 reads two ways.
        numbers: {
          shapes: NUMBER_SHAPES.pointDecimal,
          examples: new Map([[NUMBER_SHAPES.pointDecimal, '0.1']]),
          numberLike: 3,
          values: 3,
        },
      },
    );
    assert.equal(inferredType(get('amount')), 'DECIMAL(18,4)');
    // As many values with 1, 2 and 3 digits: the fewest digits is the one kept.
    assert.equal(writtenScale(get('amount')), 1);
    // big: 12 whole digits and 1 after the point, 1.25 (2 after), -3 (whole): 12 + 4 digits fit 18.
    assert.equal(get('big').kinds, KIND.whole | KIND.decimal);
    assert.deepEqual([get('big').whole, get('big').scale], [12, 2]);
    assert.equal(inferredType(get('big')), 'DECIMAL(18,4)');
    // ratio: an exponent makes a double.
    assert.equal(get('ratio').exponent, true);
    assert.equal(inferredType(get('ratio')), 'DOUBLE');
    assert.equal(inferredType(get('flag')), 'BOOLEAN');
    assert.equal(get('day').kinds, KIND.date);
    assert.equal(inferredType(get('day')), 'DATE');
    // at: a timestamp, a date, an instant with an offset: timestamps.
    assert.equal(get('at').kinds, KIND.timestamp | KIND.date);
    assert.equal(inferredType(get('at')), 'TIMESTAMP');
    assert.equal(onlyDates(get('at')), false);
    // mixed_day: a date and n/a (the empty value is not counted): text, but only dates as a time column.
    assert.equal(get('mixed_day').kinds, KIND.date | KIND.text);
    assert.equal(inferredType(get('mixed_day')), 'VARCHAR');
    assert.equal(onlyDates(get('mixed_day')), true);
    assert.equal(inferredType(get('label')), 'VARCHAR');
    // empty: no value at all.
    assert.deepEqual(
      { ...get('empty'), written: written(get('empty')) },
      {
        kinds: 0,
        whole: 0,
        scale: 0,
        exponent: false,
        written: {},
        values: 0,
        distinct: 0,
        numbers: { shapes: 0, examples: new Map(), numberLike: 0, values: 0 },
      },
    );
    assert.equal(inferredType(get('empty')), 'VARCHAR');
    assert.equal(writtenScale(get('empty')), undefined);
  });

  it('a decimal-comma file with a point for thousands: 1.234,5 is a number, 05.01.2025 is not', async () => {
    const s = await sample(
      'comma.csv',
      lines('amount;day;total', '1.234,5;05.01.2025;12', '2,25;06.01.2025;1.000', '-0,5;07.01.2025;7'),
      { delimiter: ';', decimal: ',', thousands: '.' },
    );
    const amount = s.get('amount') as SampledColumn;
    // 1234.5 (4 whole digits, 1 after), 2.25 (2 after), -0.5 (1 after).
    assert.deepEqual(
      { ...amount, written: written(amount) },
      {
        kinds: KIND.decimal,
        whole: 4,
        scale: 2,
        exponent: false,
        written: { 1: 2, 2: 1 },
        values: 3,
        distinct: 3,
        // A decimal comma in all three (-0,5 the least), groups after a point in 1.234,5.
        numbers: {
          shapes: NUMBER_SHAPES.commaDecimal | NUMBER_SHAPES.pointGroups,
          examples: new Map([
            [NUMBER_SHAPES.commaDecimal, '-0,5'],
            [NUMBER_SHAPES.pointGroups, '1.234,5'],
          ]),
          numberLike: 3,
          values: 3,
        },
      },
    );
    assert.equal(writtenScale(amount), 1);
    // A date with points is no number (the separator is not between groups of three digits).
    assert.equal((s.get('day') as SampledColumn).kinds & (KIND.whole | KIND.decimal), 0);
    // 12, 1.000 (one thousand) and 7: whole numbers.
    const total = s.get('total') as SampledColumn;
    assert.equal(total.kinds, KIND.whole);
    assert.equal(total.whole, 4);
  });

  it('id-like columns: at least 1 000 values in the first rows, at least half of them different', async () => {
    const rows = ['id,status,pair,code,sparse'];
    for (let i = 0; i < 2000; i++)
      rows.push(
        `O-${i},${i % 3 === 0 ? 'refunded' : 'paid'},P${Math.floor(i / 2)},K${i % 900},${i % 4 === 0 ? `S${i}` : ''}`,
      );
    const s = await sample('ids.csv', lines(...rows), { delimiter: ',' });
    const get = (c: string) => s.get(c) as SampledColumn;
    // id: 2 000 values, 2 000 different; pair: 2 000 values, 1 000 different (exactly half).
    assert.deepEqual([get('id').values, get('id').distinct, namesRows(get('id'))], [2000, 2000, true]);
    assert.deepEqual([get('pair').values, get('pair').distinct, namesRows(get('pair'))], [2000, 1000, true]);
    // status: 2 different; code: 900 different of 2 000; sparse: 500 values (all different) only.
    assert.deepEqual([get('status').distinct, namesRows(get('status'))], [2, false]);
    assert.deepEqual([get('code').distinct, namesRows(get('code'))], [900, false]);
    assert.deepEqual([get('sparse').values, get('sparse').distinct, namesRows(get('sparse'))], [500, 500, false]);
  });

  it('column names with quotes, spaces and accents, and a header-only file', async () => {
    const s = await sample(
      'names.csv',
      lines('"Montant ""TTC""",date de commande,Pays é', '10,2025-01-05,FR', '12.5,2025-01-06,BE'),
      { delimiter: ',' },
    );
    assert.equal(inferredType(s.get('Montant "TTC"') as SampledColumn), 'DECIMAL(18,4)');
    assert.equal(inferredType(s.get('date de commande') as SampledColumn), 'DATE');
    assert.equal(inferredType(s.get('Pays é') as SampledColumn), 'VARCHAR');
    const none = await sample('header.csv', lines('a,b'), { delimiter: ',' });
    assert.deepEqual(
      [...none.values()].map((c) => [c.kinds, c.written.size, inferredType(c)]),
      [
        [0, 0, 'VARCHAR'],
        [0, 0, 'VARCHAR'],
      ],
    );
  });

  it('a wide export (48 columns): every column typed, the rules in the SQL once', async () => {
    const kinds = ['id', 'amount', 'day', 'qty'];
    const header = Array.from({ length: 48 }, (_, i) => `${kinds[i % 4]}_${i}`);
    const row = (r: number) =>
      header
        .map((h) =>
          h.startsWith('id')
            ? `X${String(r).padStart(6, '0')}`
            : h.startsWith('amount')
              ? `${r}.${String(r % 100).padStart(2, '0')}`
              : h.startsWith('day')
                ? `2025-01-${String((r % 28) + 1).padStart(2, '0')}`
                : String(r % 7),
        )
        .join(',');
    const s = await sample('wide.csv', lines(header.join(','), ...Array.from({ length: 300 }, (_, r) => row(r))), {
      delimiter: ',',
    });
    const types = header.map((h) => inferredType(s.get(h) as SampledColumn));
    assert.deepEqual(
      [...new Set(types.map((t, i) => `${kinds[i % 4]}:${t}`))],
      ['id:VARCHAR', 'amount:DECIMAL(18,4)', 'day:DATE', 'qty:BIGINT'],
    );
    // Every amount is written with 2 digits after the point: 300 values.
    assert.deepEqual(written(s.get('amount_1') as SampledColumn), { 2: 300 });
    // The SQL grows by the names only (each named twice: selected and unpivoted).
    const sql = (names: string[]) => inferSql(names, 'raw', { delimiter: ',' }, 'UTC', 20480).length;
    const perName = (sql(header) - sql(header.slice(0, 1))) / 47;
    assert.ok(perName < 2 * 12, `the SQL grows by ${perName} characters per column`);
  });
});

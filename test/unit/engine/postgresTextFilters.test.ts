// A PostgreSQL `text` column compared with a number in a filter (`where: amount > 0`): PostgreSQL
// compares no text with a number ("operator does not exist: text > integer"), so the run used to
// fail for every KPI of the source. The column is read as a number there, as on DuckDB
// (textColumnFilters.test.ts); a value that is not one is left out by the filter and reported.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';
import { postgresSuite } from './postgresServer';

describe('engine: PostgreSQL text columns compared with numbers', function () {
  this.timeout(120_000);
  const suite = postgresSuite('pg-text', async (pg) => {
    await pg.query('CREATE TABLE public.tx_orders (paid_on date, amount text, code text)');
    const rows: [string, string, string][] = [
      ['2025-01-10', '12', '00042'],
      ['2025-01-11', 'abc', '42'],
      ['2025-01-12', '-4', '00042'],
      ['2025-01-13', '3.5', 'x'],
    ];
    for (const row of rows) await pg.query('INSERT INTO public.tx_orders VALUES ($1, $2, $3)', row);
    // Amounts as text whose doubles' sum is not their decimal sum.
    await pg.query('CREATE TABLE public.tx_amounts (paid_on date, amount text)');
    // One quarter of a sweep's export, in its order.
    for (const amount of '19.99 0.1 0.2 -19.99 1000000.01 0.3 33.33 33.33 33.34 19.99 19.99 7.77 -7.77 0.1 12.34'.split(
      ' ',
    ))
      await pg.query('INSERT INTO public.tx_amounts VALUES ($1, $2)', ['2025-01-10', amount]);
  });

  it('sums a text column exactly, as the decimals it holds (not as doubles)', async () => {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  a: { table: public.tx_amounts, connection: pg, time: paid_on }',
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'kpis:',
      '  total: { type: sum, source: a, column: amount, period: jan }',
      '  mean: { type: avg, source: a, column: amount, period: jan }',
    );
    const file = path.join(suite.dir, 'amounts.kpi.yaml');
    fs.writeFileSync(file, text);
    const r = await evaluateSpec(await checkKpiFile(file, text), { engine: suite.pg, dialect: postgresDialect });
    // By hand: 19.99 − 19.99 + 19.99 + 19.99 + 7.77 − 7.77 = 39.98; 0.1 + 0.2 + 0.3 + 0.1 = 0.7;
    // 33.33 + 33.33 + 33.34 = 100; + 1000000.01 + 12.34 = 1000153.03 (PostgreSQL's doubles:
    // 1000153.0299999999).
    assert.equal(r.kpis[0].rows[0].value, 1000153.03);
    assert.equal(r.kpis[1].rows[0].value, 1000153.03 / 15);
  });

  it('reads the text as a number in the filter and reports the row it cannot decide', async () => {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  o: { table: public.tx_orders, connection: pg, time: paid_on }',
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'defaults: { period: jan }',
      'kpis:',
      "  pos: { type: sum, source: o, column: amount, where: 'amount > 0' }",
      "  npos: { type: count, source: o, where: 'amount > 0' }",
      '  code: { type: count, source: o, where: "code = \'00042\'" }',
    );
    const file = path.join(suite.dir, 'tx.kpi.yaml');
    fs.writeFileSync(file, text);
    const r = await evaluateSpec(await checkKpiFile(file, text), { engine: suite.pg, dialect: postgresDialect });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    // amount > 0: 12 and 3.5 → 15.5 over 2 rows; code stays text: 2 rows of '00042'.
    assert.deepEqual(Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value])), {
      pos: 15.5,
      npos: 2,
      code: 2,
    });
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message),
      [
        "KPI 'pos', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: abc",
        "KPI 'npos', 2025-01-01..2025-01-31: 1 row(s) left out by the filter, 'amount' is not a number: abc",
      ],
    );
  });
});

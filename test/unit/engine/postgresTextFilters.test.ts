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

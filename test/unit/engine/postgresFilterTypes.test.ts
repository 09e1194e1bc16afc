// Filters against the types of a PostgreSQL table's columns (filterColumnTypes.test.ts on
// DuckDB): `where: amount` on a numeric column, a date compared with a number, a boolean with a
// text stopped the table's query ("argument of WHERE must be type boolean", "operator does not
// exist: date > integer") and every KPI of the source with it. Now each is an expr-type error at
// its characters, only its KPI is not evaluated, the others run on the server.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';
import { postgresSuite } from './postgresServer';

describe('engine: PostgreSQL filters against the types of their columns', function () {
  this.timeout(120_000);
  const suite = postgresSuite('pg-filter-types', async (pg) => {
    await pg.query('CREATE TABLE public.ft_orders (paid_on date, amount numeric(12,2), vip boolean, since date)');
    const rows: [string, string, boolean, string][] = [
      ['2025-01-10', '12.50', true, '2024-02-01'],
      ['2025-01-11', '0.00', false, '2024-06-01'],
      ['2025-01-12', '-4.00', true, '2023-09-30'],
    ];
    for (const row of rows) await pg.query('INSERT INTO public.ft_orders VALUES ($1, $2, $3, $4)', row);
  });

  it('a misfit is told at its characters; the other KPIs of the table run', async () => {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  o: { table: public.ft_orders, connection: pg, time: paid_on }',
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'defaults: { period: jan }',
      'kpis:',
      '  n: { type: count, source: o }',
      '  vips: { type: count, source: o, where: vip }',
      '  pos: { type: sum, source: o, column: amount, where: "amount > 0" }',
      '  num: { type: count, source: o, where: amount }',
      '  old: { type: count, source: o, where: "since > 2024" }',
      '  yes: { type: count, source: o, where: "vip = \'yes\'" }',
    );
    const file = path.join(suite.dir, 'types.kpi.yaml');
    fs.writeFileSync(file, text);
    const r = await evaluateSpec(await checkKpiFile(file, text), { engine: suite.pg, dialect: postgresDialect });
    // By hand: 3 rows; vip on 2; amount > 0: 12.50 alone.
    assert.deepEqual(Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value])), { n: 3, vips: 2, pos: 12.5 });
    assert.deepEqual(
      r.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`),
      [
        "12:41 expr-type 'amount' holds numbers, not true or false: a filter compares it with a value (e.g. amount > 0)",
        "13:50 expr-type 'since' holds dates: it cannot be compared with numbers",
        "14:48 expr-type 'yes' is not true or false, and 'vip' holds true or false",
        "12:3 not-evaluated KPI 'num' could not be evaluated: its filter does not fit the types of the data's columns",
        "13:3 not-evaluated KPI 'old' could not be evaluated: its filter does not fit the types of the data's columns",
        "14:3 not-evaluated KPI 'yes' could not be evaluated: its filter does not fit the types of the data's columns",
      ],
    );
  });
});

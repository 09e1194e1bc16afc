// A PostgreSQL table's numeric and floating columns may hold NaN, Infinity and -Infinity, which
// are no numbers (docs/language.md). PostgreSQL sums them to NaN and ranks them above every
// number: a sum and an average over a `numeric` came out as no value while the run said the rows
// were skipped, and `num > 2` kept a NaN. They are read as null wherever a number is read — the
// aggregates and the filters —, and told, as a CSV file's `NaN` text is (nonFiniteNumbers.test.ts).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';
import { postgresSuite } from './postgresServer';

describe('engine: PostgreSQL NaN and infinities are no numbers', function () {
  this.timeout(120_000);
  const suite = postgresSuite('pg-non-finite', async (pg) => {
    await pg.query('CREATE TABLE public.nf (d date, amount double precision, num numeric, qty real)');
    const rows: [string, string | null, string | null, string | null][] = [
      ['2025-03-01', '10', '1.5', '1'],
      ['2025-03-02', 'NaN', 'NaN', 'NaN'],
      ['2025-03-03', 'Infinity', '2.5', '-Infinity'],
      ['2025-03-04', '20', '-Infinity', '4'],
      ['2025-03-05', null, '3', null],
    ];
    for (const row of rows) await pg.query('INSERT INTO public.nf VALUES ($1, $2, $3, $4)', row);
  });

  it('aggregates and filters leave them out, and the run tells them', async () => {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-03-31',
      'sources:',
      '  x: { table: public.nf, connection: pg, time: d }',
      'periods:',
      '  mar: { grain: month, last: 1 }',
      'defaults: { period: mar }',
      'kpis:',
      '  s: { type: sum, source: x, column: amount }',
      '  sn: { type: sum, source: x, column: num }',
      '  an: { type: avg, source: x, column: num }',
      '  mx: { type: max, source: x, column: num }',
      '  sq: { type: sum, source: x, column: qty }',
      '  big: { type: count, source: x, where: "num > 2" }',
      '  bigd: { type: count, source: x, where: "amount > 15" }',
      '  low: { type: avg, source: x, column: amount, where: "num < 2" }',
      '  arith: { type: count, source: x, where: "num * 2 >= 3" }',
    );
    const file = path.join(suite.dir, 'nf.kpi.yaml');
    fs.writeFileSync(file, text);
    const r = await evaluateSpec(await checkKpiFile(file, text), { engine: suite.pg, dialect: postgresDialect });
    // By hand, the finite values only: amount 10, 20 → 30; num 1.5, 2.5, 3 → 7, mean 7/3, max 3;
    // qty 1, 4 → 5; num > 2: 2.5, 3 → 2 rows; amount > 15: 20 → 1; amount where num < 2: the
    // 1.5 row's 10 → 10; num * 2 >= 3: 1.5, 2.5, 3 → 3. Before: s 30, sn and an null, mx NaN,
    // big 3 (NaN ranked above 2), bigd 3 (NaN and Infinity above 15), low 15, arith 4.
    const values = Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value]));
    assert.deepEqual(values, {
      s: 30,
      sn: 7,
      an: 7 / 3,
      mx: 3,
      sq: 5,
      big: 2,
      bigd: 1,
      low: 10,
      arith: 3,
    });
    const told = r.diagnostics.map((d) => `${d.code} ${d.message.replace(/^KPI '(\w+)'.*?: /, '$1: ')}`);
    assert.ok(
      told.includes("invalid-values sn: 2 row(s) skipped, 'num' is not a number: -Infinity, NaN"),
      told.join('\n'),
    );
    assert.ok(
      told.includes("invalid-values s: 2 row(s) skipped, 'amount' is not a number: Infinity, NaN"),
      told.join('\n'),
    );
    assert.ok(
      told.includes("invalid-values big: 2 row(s) left out by the filter, 'num' is not a number: -Infinity, NaN"),
      told.join('\n'),
    );
    assert.ok(
      told.includes("invalid-values bigd: 2 row(s) left out by the filter, 'amount' is not a number: Infinity, NaN"),
      told.join('\n'),
    );
  });
});

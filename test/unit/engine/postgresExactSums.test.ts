// A PostgreSQL `numeric` column is summed as it is, exactly (issue 21: the same exact sums as a
// CSV's decimals on DuckDB); a `double precision` one (or a column declared `number`) as the
// numeric of each double, so that a parallel plan's order of additions changes nothing. Ten
// payments of 0.10 sum to exactly 1 (as binary doubles, 0.1 added ten times is
// 0.9999999999999999), their mean is 0.1.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

describe('engine: exact sums of PostgreSQL numeric columns', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-exact-'));
    await pg.query(
      'CREATE TABLE public.ex_pay (paid_on date, amount numeric(12,2), fee numeric(12,2), rate double precision)',
    );
    for (let day = 1; day <= 10; day++)
      await pg.query('INSERT INTO public.ex_pay VALUES ($1, 0.10, 0.10, 0.1)', [
        `2025-01-${String(day).padStart(2, '0')}`,
      ]);
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(columns: string): Promise<RunResult> {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  pay: { table: public.ex_pay, connection: pg, time: paid_on${columns} }`,
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'defaults: { period: jan }',
      'kpis:',
      '  total: { type: sum, source: pay, column: amount }',
      '  mean: { type: avg, source: pay, column: amount }',
      '  fees: { type: sum, source: pay, column: fee }',
      '  rates: { type: sum, source: pay, column: rate }',
      '  mean_rate: { type: avg, source: pay, column: rate }',
    );
    const file = path.join(dir, 'pay.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    return evaluateSpec(check, { engine: pg, dialect: postgresDialect });
  }

  const value = (r: RunResult, kpi: string) => r.kpis.find((k) => k.name === kpi)?.rows[0]?.value;

  it('sums and averages numeric amounts exactly: 10 × 0.10 = 1, mean 0.1', async () => {
    const r = await run('');
    assert.equal(value(r, 'total'), 1);
    assert.equal(value(r, 'mean'), 0.1);
    assert.equal(value(r, 'fees'), 1);
  });

  it('sums and averages double precision amounts exactly too: 10 × 0.1 = 1, mean 0.1', async () => {
    const r = await run('');
    // Before: 0.9999999999999999 and 0.09999999999999999 (the doubles added in the table's order).
    assert.equal(value(r, 'rates'), 1);
    assert.equal(value(r, 'mean_rate'), 0.1);
  });

  it('a numeric column given the type number in columns: is read as a double, and summed exactly as doubles are', async () => {
    const r = await run(', columns: { fee: number }');
    assert.equal(value(r, 'total'), 1);
    // Each fee is the double 0.1, added as its numeric: 1 (before: 0.1 added ten times as binary
    // doubles, 0.9999999999999999).
    let doubles = 0;
    for (let i = 0; i < 10; i++) doubles += 0.1;
    assert.notEqual(doubles, 1);
    assert.equal(value(r, 'fees'), 1);
  });
});

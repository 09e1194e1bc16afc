// percentile, time_between_purchases and the revenue retention types on a real PostgreSQL
// server (postgresServer.ts), on tables holding test/fixtures/kpitypes' CSV rows: the same
// hand-computed numbers as DuckDB's (kpiTypesExpected.ts). Skipped, with a message, only
// when no PostgreSQL binaries are installed.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import type { RunResult } from '../../../src/core/report/resultModel';
import { FIXTURES, lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';
import { assertExpected, KPIS } from './kpiTypesExpected';

const DIR = path.join(FIXTURES, 'kpitypes');

/** A fixture CSV's rows (no quoted fields in these files), empty fields as null. */
function csvRows(name: string): (string | null)[][] {
  const [, ...rows] = fs.readFileSync(path.join(DIR, name), 'utf8').trim().split('\n');
  return rows.map((line) => line.split(',').map((v) => (v === '' ? null : v)));
}

describe('engine: percentile, time between purchases, revenue retention on PostgreSQL (hand-checked)', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;
  let result: RunResult;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-types-'));
    // amount stays text in orders and lines (values 'abc', 'x'); the engine's safe cast skips it.
    await pg.query(
      'CREATE TABLE public.kt_orders (order_id integer, customer_id text, order_date date, amount text, channel text)',
    );
    for (const row of csvRows('orders.csv'))
      await pg.query('INSERT INTO public.kt_orders VALUES ($1, $2, $3, $4, $5)', row);
    await pg.query('CREATE TABLE public.kt_lines (order_id text, customer_id text, order_date date, amount text)');
    for (const row of csvRows('order_lines.csv'))
      await pg.query('INSERT INTO public.kt_lines VALUES ($1, $2, $3, $4)', row);
    await pg.query(
      'CREATE TABLE public.kt_revenue (customer_id text, paid_on date, amount double precision, plan text)',
    );
    for (const row of csvRows('revenue.csv'))
      await pg.query('INSERT INTO public.kt_revenue VALUES ($1, $2, $3, $4)', row);
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { table: public.kt_orders, connection: pg, time: order_date, key: customer_id }',
      '  lines: { table: public.kt_lines, connection: pg, time: order_date, key: customer_id }',
      '  revenue: { table: public.kt_revenue, connection: pg, time: paid_on, key: customer_id }',
      ...KPIS,
    );
    const file = path.join(dir, 'types.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    result = await evaluateSpec(check, { engine: pg, dialect: postgresDialect, asOf: '2025-04-30' });
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("gives DuckDB's hand-computed values: ties, a single order, empty months, segments, steps", () => {
    assert.deepEqual(
      result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    assertExpected(result);
  });

  it('reports the non-numeric amount it skipped, as DuckDB does', () => {
    const skipped = result.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);
    assert.ok(
      skipped.includes("KPI 'median_basket', 2025-01-01..2025-04-30: 1 row(s) skipped, 'amount' is not a number: abc"),
      skipped.join('\n'),
    );
  });
});

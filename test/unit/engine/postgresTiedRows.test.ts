// PostgreSQL breaks ties as DuckDB does (dialect.ts): when a customer is on several rows of a
// joined dimension table with the same latest time, the greatest text of the value wins, in
// whichever order the rows were inserted (PostgreSQL's array_agg keeps no order among ties).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

describe('engine: PostgreSQL rows tied on the latest time', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-ties-'));
    await pg.query('CREATE TABLE public.tie_orders (customer_id text, order_date date, amount numeric(12,2))');
    for (const [c, d, a] of [
      ['C1', '2025-03-05', 10],
      ['C1', '2025-03-10', 20],
      ['C2', '2025-03-12', 5],
    ] as const)
      await pg.query('INSERT INTO public.tie_orders VALUES ($1, $2, $3)', [c, d, a]);
    // C1 on two rows of 2025-03-01: basic then premium, and the other way round.
    for (const [table, plans] of [
      ['tie_a', ['basic', 'premium']],
      ['tie_b', ['premium', 'basic']],
    ] as const) {
      await pg.query(`CREATE TABLE public.${table} (customer_id text, signup_date date, plan text)`);
      for (const plan of plans) await pg.query(`INSERT INTO public.${table} VALUES ('C1', '2025-03-01', $1)`, [plan]);
      await pg.query(`INSERT INTO public.${table} VALUES ('C2', '2025-01-05', 'basic')`);
    }
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const table of ['tie_a', 'tie_b']) {
    it(`${table}: C1 takes 'premium', the greater of its tied plans`, async () => {
      const text = lines(
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  orders: { table: public.tie_orders, connection: pg, time: order_date, key: customer_id }',
        `  customers: { table: public.${table}, connection: pg, time: signup_date, key: customer_id }`,
        'periods:',
        '  march: { grain: month, last: 1, compare: none }',
        'segments:',
        '  plan: { by: customers.plan }',
        'defaults: { period: march }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
      );
      const file = path.join(dir, `${table}.kpi.yaml`);
      fs.writeFileSync(file, text);
      const check = await checkKpiFile(file, text);
      const r = await evaluateSpec(check, { engine: pg, dialect: postgresDialect });
      const rows = Object.fromEntries(r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value]));
      // premium: C1 10 + 20 = 30; basic: C2 5.
      assert.deepEqual(rows, { '{}': 35, '{"plan":"premium"}': 30, '{"plan":"basic"}': 5 });
      // And told, as on files (before: nothing on PostgreSQL): C1 is on 2 rows.
      assert.deepEqual(
        r.diagnostics.filter((d) => d.code === 'duplicate-keys').map((d) => d.message.slice(0, 59)),
        ["1 value of 'customer_id' is on 2 rows of source 'customers'"],
      );
    });
  }
});

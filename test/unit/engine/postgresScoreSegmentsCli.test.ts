// `kpilens customers` and `kpilens sql` on a PostgreSQL connection (a throwaway server,
// postgresServer.ts) for a file with score segments: test/fixtures/scores/customers.kpi.yaml
// with its orders in a table (the RFM groups and tenure bands of its customers at 2025-03-31
// are worked out by hand in postgresScoreSegments.test.ts and scoreSegments.test.ts); and the
// compile-only dialects' refusal of score segments. Skipped, with a message, only when no
// PostgreSQL binaries are installed (the refusal runs without a server).

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import { FIXTURES, runCli, withEnv } from '../helpers';
import { serverSettings, startPostgresForSuite, writeConnectionsFile, type PostgresServer } from './postgresServer';

const DIR = path.join(FIXTURES, 'scores');

describe('kpilens customers and sql with score segments on a PostgreSQL connection', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-customers-'));
    await pg.query(
      'CREATE TABLE public.s_orders (order_id text, customer_id text, order_date date, amount numeric(12,2))',
    );
    await pg.query(
      `COPY public.s_orders FROM ${quoteString(server.stage(path.join(DIR, 'data', 'orders.csv')))} WITH (FORMAT csv, HEADER true)`,
    );
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The temporary tables of score segments left on any connection. */
  async function leftTables(): Promise<number> {
    const rows = await pg.query("SELECT count(*) AS n FROM pg_class WHERE relname LIKE '\\_\\_kpilens\\_%'");
    return Number(rows[0].n);
  }

  it('kpilens customers lists a score segment’s customers on a PostgreSQL connection', async () => {
    const file = path.join(dir, 'customers.kpi.yaml');
    fs.writeFileSync(
      file,
      fs
        .readFileSync(path.join(DIR, 'customers.kpi.yaml'), 'utf8')
        .replace('file: data/orders.csv', 'table: public.s_orders, connection: pg'),
    );
    writeConnectionsFile(dir, server);
    const password = { KPILENS_PG_PASSWORD_PG: server.password };
    const r = await withEnv(password, () =>
      runCli(['customers', file, '--segment', 'hibernating', '--format', 'json', '--no-cache'], dir),
    );
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as {
      at: string;
      customers: { customer: string; segments: Record<string, string> }[];
    };
    assert.equal(out.at, '2025-03-31');
    // hibernating at 03-31: c04 (R1 F2), c09 (R2 F1), c11 (R1 F2); tenure 9, 2 and 10 months.
    assert.deepEqual(Object.fromEntries(out.customers.map((c) => [c.customer, c.segments])), {
      c04: { rfm_group: 'hibernating', tenure: '06-12m' },
      c09: { rfm_group: 'hibernating', tenure: '00-03m' },
      c11: { rfm_group: 'hibernating', tenure: '06-12m' },
    });
    assert.equal(await leftTables(), 0);
    // kpilens sql prints what ran: the labels by position in an array, the keys in byte order.
    const sql = await withEnv(password, () => runCli(['sql', file, '--kpi', 'orders_count'], dir));
    assert.equal(sql.code, 0, sql.err);
    assert.match(sql.out, /ORDER BY "__e", "__k" COLLATE "C"\) - 1 AS "__rn"/);
    assert.match(sql.out, /LEFT JOIN unnest\(CAST\(CAST\(\$\d+ AS VARCHAR\) AS INTEGER\[\]\)\) WITH ORDINALITY/);
  });
});

describe('score segments in a compile-only dialect', () => {
  it('are refused in words: KPI Lens computes the customers’ values where it runs the SQL', async () => {
    const r = await runCli(['sql', 'customers.kpi.yaml', '--dialect', 'bigquery', '--kpi', 'orders_count'], DIR);
    assert.match(
      r.err,
      /KPI 'orders_count' could not be evaluated: score segments are computed where KPI Lens runs the SQL \(DuckDB, PostgreSQL\): BigQuery SQL is printed only/,
    );
  });
});

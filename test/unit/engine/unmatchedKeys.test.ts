// Rows whose key the source they are joined to does not hold (unmatchedKeys.ts): a customer
// missing from the customer export, an id written " C3" on one side and "C3" on the other. A
// segment by `customers.plan` shows them as (null) — by hand below — and a warning now says
// so, with the keys quoted (their spaces show) at their lines; so does a filter on a joined
// column, which leaves them out. On DuckDB from CSV files (through the cache, where the search
// is remembered with the copy) and on PostgreSQL tables. Without a (null) slice nor such a
// filter, nothing is searched (no warning to give: every row found its customer).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const ORDERS = lines(
  'order_id,customer_id,order_date,amount',
  'O1,C1,2025-03-02,10',
  'O2,C2,2025-03-03,20',
  'O3, C3,2025-03-04,40',
  'O4,C9,2025-03-05,80',
  'O5,C9,2025-03-06,160',
  'O6,,2025-03-07,320',
  'O7,C1,2025-03-08,640',
);
const CUSTOMERS = lines(
  'customer_id,signup_date,plan',
  'C1,2025-01-01,basic',
  'C2,2025-01-02,premium',
  'C3,2025-01-03,basic',
);

const spec = (orders: string, customers: string) =>
  lines(
    'kpilens: 1',
    'as_of: 2025-03-31',
    'sources:',
    `  orders: { ${orders}, time: order_date, key: customer_id }`,
    `  customers: { ${customers}, time: signup_date, key: customer_id }`,
    'periods:',
    '  march: { grain: month, last: 1, compare: none }',
    'segments:',
    '  plan: { by: customers.plan }',
    'defaults: { period: march }',
    'kpis:',
    '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
  );

const bySegment = (r: RunResult) =>
  Object.fromEntries(r.kpis[0].rows.map((row) => [JSON.stringify(row.segment), row.value]));
const unmatched = (r: RunResult) =>
  r.diagnostics.filter((d) => d.code === 'unmatched-keys').map((d) => `${d.line}:${d.column} ${d.message}`);

describe('engine: keys the joined source does not hold', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-unmatched-'));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const run = async (orders: string, customers: string, cache?: ColumnarCache) => {
    fs.writeFileSync(path.join(dir, 'orders.csv'), orders);
    fs.writeFileSync(path.join(dir, 'customers.csv'), customers);
    const text = spec('file: orders.csv', 'file: customers.csv');
    const file = path.join(dir, 'j.kpi.yaml');
    fs.writeFileSync(file, text);
    return evaluateSpec(await checkKpiFile(file, text), { engine, ...(cache ? { cache } : {}) });
  };

  // 4 rows of 6 with a key are in customers; ' C3' (line 4) and 'C9' (lines 5, 6) are not: 3 rows, 2 keys, 50 %.
  // At orders' key: line 4, `  orders: { file: orders.csv, time: order_date, key: ` is 53 characters.
  const WARNING =
    "4:54 3 rows of source 'orders' (50 %) have a 'customer_id' that source 'customers' does not hold (2 such keys, e.g. ' C3' (orders.csv:4), 'C9' (orders.csv:5)): the columns they read from 'customers' are empty (a segment by them shows (null), a filter on them leaves them out)";

  it('counts and shows the rows whose key is not in the joined source; the (null) slice holds them', async () => {
    for (const cache of [undefined, new ColumnarCache({ dir: path.join(dir, 'cache') })]) {
      const r = await run(ORDERS, CUSTOMERS, cache);
      // basic: C1 10 + 640; premium: C2 20; (null): ' C3' 40 + C9 80 + 160 and the row without a key 320.
      assert.deepEqual(bySegment(r), {
        '{}': 1270,
        '{"plan":"basic"}': 650,
        '{"plan":"premium"}': 20,
        '{"plan":null}': 600,
      });
      assert.deepEqual(unmatched(r), [WARNING]);
    }
    // The search is remembered with the cached copy of orders: the same warning, from the fact.
    const metas = fs.readdirSync(path.join(dir, 'cache')).filter((f) => f.endsWith('.json'));
    const facts = metas.map((f) => fs.readFileSync(path.join(dir, 'cache', f), 'utf8')).join('\n');
    assert.match(facts, /unmatched-keys:[0-9a-f]{32}/);
    const again = await run(ORDERS, CUSTOMERS, new ColumnarCache({ dir: path.join(dir, 'cache') }));
    assert.deepEqual(unmatched(again), [WARNING]);
  });

  it('says nothing when every key is there, and finds a key newly missing after the customers change', async () => {
    const all = CUSTOMERS + lines(' C3,2025-01-03,basic', 'C9,2025-01-09,premium').trimEnd() + '\n';
    assert.deepEqual(unmatched(await run(ORDERS, all)), []);
    const cache = path.join(dir, 'cache2');
    assert.deepEqual(unmatched(await run(ORDERS, all, new ColumnarCache({ dir: cache }))), []);
    // C2 gone from the customers: its one row of orders is told (a new copy of customers, a new search).
    const withoutC2 = all.replace('C2,2025-01-02,premium\n', '');
    const r = await run(ORDERS, withoutC2, new ColumnarCache({ dir: cache }));
    assert.deepEqual(unmatched(r), [
      "4:54 1 row of source 'orders' (17 %) has a 'customer_id' that source 'customers' does not hold ('C2' (orders.csv:3)): the columns it reads from 'customers' are empty (a segment by them shows (null), a filter on them leaves it out)",
    ]);
  });

  it('a filter on a joined column leaves those rows out, and says so without any segment', async () => {
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(dir, 'customers.csv'), CUSTOMERS);
    const text = spec('file: orders.csv', 'file: customers.csv').replace(
      '  revenue: { type: sum, source: orders, column: amount, segments: [plan] }',
      `  revenue: { type: sum, source: orders, column: amount, where: "customers.plan <> 'premium'" }`,
    );
    const file = path.join(dir, 'f.kpi.yaml');
    fs.writeFileSync(file, text);
    const r = await evaluateSpec(await checkKpiFile(file, text), { engine });
    // Only C1's rows pass (10 + 640): C2 is premium, the others have no plan to compare.
    assert.equal(r.kpis[0].rows[0].value, 650);
    assert.deepEqual(unmatched(r), [WARNING]);
  });

  describe('on PostgreSQL tables', function () {
    let server: PostgresServer;
    let pg: PostgresEngine;
    before(async function () {
      server = await startPostgresForSuite(this);
      pg = new PostgresEngine(serverSettings(server));
      await pg.query('CREATE TABLE public.um_orders (customer_id text, order_date date, amount numeric(12,2))');
      await pg.query('CREATE TABLE public.um_customers (customer_id text, signup_date date, plan text)');
      for (const row of ORDERS.trim().split('\n').slice(1)) {
        const [, c, d, a] = row.split(',');
        await pg.query('INSERT INTO public.um_orders VALUES ($1, $2, $3)', [c === '' ? null : c, d, a]);
      }
      for (const row of CUSTOMERS.trim().split('\n').slice(1)) {
        const [c, d, p] = row.split(',');
        await pg.query('INSERT INTO public.um_customers VALUES ($1, $2, $3)', [c, d, p]);
      }
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });

    it('the same rows, the same keys (no lines: a table has none)', async () => {
      const text = spec('table: public.um_orders, connection: pg', 'table: public.um_customers, connection: pg');
      const file = path.join(dir, 'pg.kpi.yaml');
      fs.writeFileSync(file, text);
      const r = await evaluateSpec(await checkKpiFile(file, text), { engine: pg, dialect: postgresDialect });
      assert.deepEqual(bySegment(r), {
        '{}': 1270,
        '{"plan":"basic"}': 650,
        '{"plan":"premium"}': 20,
        '{"plan":null}': 600,
      });
      // `  orders: { table: public.um_orders, connection: pg, time: order_date, key: ` is 76 characters.
      assert.deepEqual(unmatched(r), [
        "4:77 3 rows of source 'orders' (50 %) have a 'customer_id' that source 'customers' does not hold (2 such keys, e.g. ' C3', 'C9'): the columns they read from 'customers' are empty (a segment by them shows (null), a filter on them leaves them out)",
      ]);
    });
  });
});

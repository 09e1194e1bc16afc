// Table sources' columns are checked when the file runs (withTableColumnChecks): a column a
// KPI names that the table lacks is an unknown-column error at its place, with did-you-mean,
// and only the KPIs using it are left out (in the editor and in kpilens run); the SQL listing
// runs in PostgreSQL's dialect. On a
// throwaway PostgreSQL server (postgresServer.ts); skipped, with a message, only when no
// PostgreSQL binaries are installed (npm test's pretest and .ci/run install them).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { kpiSqlListing } from '../../../src/core/engine/evaluation/sqlListing';
import { tableColumns, withTableColumnChecks } from '../../../src/core/engine/connections/tableColumns';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { lines, runCli, withEnv } from '../helpers';
import { serverSettings, startPostgresForSuite, writeConnectionsFile, type PostgresServer } from './postgresServer';

/** The table source 'orders' on connection 'pg' and the monthly period (lines 1–10), then `kpis`. */
function withOrders(...kpis: string[]): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-06-30',
    'sources:',
    '  orders:',
    '    table: analytics.orders',
    '    connection: pg',
    '    time: order_date',
    'periods:',
    '  monthly: { grain: month, last: 2 }',
    'kpis:',
    ...kpis,
  );
}

/** KPI 'revenue' of a column (line 13: '    column: NAME'). */
const revenueOf = (column: string) => [
  '  revenue:',
  '    type: sum',
  `    column: ${column}`,
  '    source: orders',
  '    period: monthly',
];

/** A file whose KPI 'revenue' misspells its column (line 13, '    column: amout'); 'orders' is right. */
const MISSPELT = withOrders(
  ...revenueOf('amout'),
  '  orders:',
  '    type: count',
  '    source: orders',
  '    period: monthly',
);

describe('table sources: columns checked when the file runs (PostgreSQL)', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    await pg.query('CREATE SCHEMA analytics');
    await pg.query(
      'CREATE TABLE analytics.orders (order_id text, customer_id text, order_date date, amount numeric(12,2))',
    );
    await pg.query(
      "INSERT INTO analytics.orders VALUES ('o1', 'c1', DATE '2025-06-02', 10.50), ('o2', 'c2', DATE '2025-06-15', 4.25), ('o3', 'c1', DATE '2025-05-20', 7)",
    );
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-cols-'));
  });

  after(async () => {
    await pg?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("reads a table's columns in order; a missing table has none", async () => {
    assert.deepEqual(await tableColumns(pg, 'analytics.orders'), ['order_id', 'customer_id', 'order_date', 'amount']);
    assert.deepEqual(await tableColumns(pg, 'analytics.nothing'), []);
  });

  it('a misspelt column is an unknown-column error at its place; the other KPIs run with hand-computed values', async () => {
    // Line 13 is '    column: amout': the value starts at column 13.
    const text = MISSPELT;
    const file = path.join(dir, 'cols.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    const checked = await withTableColumnChecks(check, pg);
    const errors = checked.diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(
      errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`),
      [
        "13:13 unknown-column column 'amout' is not in source 'orders' (table 'analytics.orders'), read by KPI 'revenue'; did you mean 'amount'?",
      ],
    );
    assert.equal(errors[0].fixes?.[0].newText, 'amount');
    const result = await evaluateSpec(checked, { engine: pg, dialect: postgresDialect });
    assert.equal(
      result.kpis.find((k) => k.name === 'revenue'),
      undefined,
      'revenue is not evaluated',
    );
    // Orders of 2025-06: o1 (06-02) and o2 (06-15) = 2; of 2025-05: o3 = 1.
    const orders = result.kpis.find((k) => k.name === 'orders');
    assert.deepEqual(
      orders?.rows.map((r) => [r.period, r.value]),
      [
        ['2025-05', 1],
        ['2025-06', 2],
      ],
    );
    // A correct file is returned as it was.
    const fixed = text.replace('amout', 'amount');
    const good = await checkKpiFile(file, fixed);
    assert.equal(await withTableColumnChecks(good, pg), good);
  });

  it('kpilens run checks the columns too: the unknown-column line on stderr, exit 1, the other KPI in the report', async () => {
    const text = MISSPELT;
    fs.writeFileSync(path.join(dir, 'cli.kpi.yaml'), text);
    writeConnectionsFile(dir, server);
    const r = await withEnv({ KPILENS_PG_PASSWORD_PG: server.password }, () =>
      runCli(['run', 'cli.kpi.yaml', '--format', 'json'], dir),
    );
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.err,
      /^cli\.kpi\.yaml:13:13: error: column 'amout' is not in source 'orders' \(table 'analytics\.orders'\), read by KPI 'revenue'; did you mean 'amount'\? \[unknown-column\]$/m,
    );
    const report = JSON.parse(r.out) as { kpis: { name: string; rows: { period: string; value: number }[] }[] };
    // The orders of June 2025 by hand: o1 and o2.
    assert.deepEqual(
      report.kpis.map((k) => [k.name, k.rows.find((x) => x.period === '2025-06')?.value]),
      [['orders', 2]],
    );
  });

  it("the SQL listing on a connection is PostgreSQL's: parameters and quoted names, no DuckDB function", async () => {
    const text = withOrders(...revenueOf('amount'));
    const file = path.join(dir, 'sql.kpi.yaml');
    fs.writeFileSync(file, text);
    const blocks = [];
    for await (const b of kpiSqlListing(await checkKpiFile(file, text), { engine: pg, dialect: postgresDialect }))
      blocks.push(b);
    assert.equal(blocks.length, 1);
    assert.match(blocks[0].text, /^-- KPI revenue \(PostgreSQL\): \d+ statements\n/);
    assert.match(blocks[0].text, /FROM "analytics"\."orders"/);
    assert.doesNotMatch(blocks[0].text, /TRY_CAST|GROUP BY ALL|read_csv/);
  });
});

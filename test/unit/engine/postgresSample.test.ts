// The whole sample KPI file (samples/loyalty.kpi.yaml) evaluated on PostgreSQL and on
// DuckDB gives the same numbers. The sample's CSV files are loaded with COPY into typed
// tables of a throwaway server (postgresServer.ts); the PostgreSQL variant of the spec is
// the sample with each `file: data/X.csv` replaced by `table: public.X` on connection `pg`
// — made here from the sample, so the two never drift apart. Every KPI of the file (the
// cohort_retention cells and clv included) must give DuckDB's values, n and intervals within
// 1e-9 relative.
// Skipped, with a message, only when no PostgreSQL binaries are installed.

import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { postgresDialect } from '../../../src/core/engine/sql/dialect';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import type { RunResult } from '../../../src/core/report/resultModel';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import { quoteIdent } from '../../../src/core/engine/sql/sqlText';
import { lines, runCli, withEnv } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const REPO = path.resolve(__dirname, '../../../..');
const SAMPLE = path.join(REPO, 'samples', 'loyalty.kpi.yaml');

/** Typed tables for the sample's CSV files (dates as date, money as numeric, scores as double). */
const TABLES: Record<string, string> = {
  orders: 'order_id text, customer_id text, order_date date, amount numeric(12,2), channel text, status text',
  customers: 'customer_id text, signup_date date, churn_date date, plan text, country text, acquisition_channel text',
  survey:
    'response_id text, customer_id text, responded_at date, nps_score double precision, csat_score double precision, ces_score double precision',
  marketing_spend: 'month date, channel text, spend numeric(12,2), campaign_type text',
};

/** Every leaf of `a` and `b` equal; numbers within 1e-9 relative (absolute near 0). */
function assertSame(a: unknown, b: unknown, where: string): number {
  if (typeof a === 'number' && typeof b === 'number') {
    const scale = Math.max(1, Math.abs(a), Math.abs(b));
    assert.ok(Math.abs(a - b) <= 1e-9 * scale, `${where}: DuckDB ${a} vs PostgreSQL ${b}`);
    return 1;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    assert.equal(b.length, a.length, `${where}: ${a.length} vs ${b.length} items`);
    return a.reduce((n: number, x, i) => n + assertSame(x, b[i], `${where}[${i}]`), 0);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    let n = 0;
    for (const k of keys)
      n += assertSame((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${where}.${k}`);
    return n;
  }
  assert.deepEqual(b, a, `${where}`);
  return 0;
}

describe('the sample KPI file on PostgreSQL and on DuckDB', function () {
  this.timeout(180_000);
  let server: PostgresServer;
  let pg: PostgresEngine;
  let duck: DuckDbEngine;
  let dir: string;

  before(async function () {
    server = await startPostgresForSuite(this);
    pg = new PostgresEngine(serverSettings(server));
    for (const [table, columns] of Object.entries(TABLES)) {
      await pg.query(`CREATE TABLE public.${table} (${columns})`);
      const staged = server.stage(path.join(REPO, 'samples', 'data', `${table}.csv`));
      await pg.query(`COPY public.${table} FROM ${quoteString(staged)} WITH (FORMAT csv, HEADER true)`);
    }
    await pg.query('ANALYZE');
    duck = new DuckDbEngine({ allowedDirectories: [path.join(REPO, 'samples')] });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pg-spec-'));
  });

  after(async () => {
    await pg?.close();
    await duck?.close();
    server?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives every value DuckDB gives — every KPI, n, interval and cohort cell — within 1e-9 relative', async () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const pgText = text.replace(/^(\s+)file: data\/(\w+)\.csv$/gm, '$1table: public.$2\n$1connection: pg');
    assert.notEqual(pgText, text);
    assert.ok(!/file:/.test(pgText.replace(/#.*$/gm, '')), 'every source of the variant is a table');
    const pgFile = path.join(dir, 'loyalty.kpi.yaml');
    fs.writeFileSync(pgFile, pgText);

    const duckCheck = await checkKpiFile(SAMPLE, text);
    const pgCheck = await checkKpiFile(pgFile, pgText);
    assert.deepEqual(
      pgCheck.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );

    let started = Date.now();
    const expected: RunResult = await evaluateSpec(duckCheck, { engine: duck });
    const duckMs = Date.now() - started;
    started = Date.now();
    const actual: RunResult = await evaluateSpec(pgCheck, { engine: pg, dialect: postgresDialect });
    const pgMs = Date.now() - started;
    console.log(`      sample: DuckDB ${duckMs} ms, PostgreSQL ${pgMs} ms`);

    assert.equal(actual.as_of, expected.as_of);
    const types = new Map([...duckCheck.model.kpis.values()].map((k) => [k.name, k.type]));
    const compared: string[] = [];
    let numbers = 0;
    for (const kpi of expected.kpis) {
      const type = types.get(kpi.name) ?? '';
      const other = actual.kpis.find((k) => k.name === kpi.name);
      assert.ok(
        other,
        `${kpi.name} is evaluated on PostgreSQL: ${JSON.stringify(actual.diagnostics.filter((d) => d.severity === 'error'))}`,
      );
      numbers += assertSame(kpi, other, kpi.name);
      compared.push(`${kpi.name} (${type})`);
    }
    // Every KPI of the sample ran on PostgreSQL and was compared, nothing more.
    assert.equal(actual.kpis.length, expected.kpis.length);
    assert.deepEqual(compared.map((c) => c.replace(/ \(.*/, '')).sort(), [...types.keys()].sort());
    assert.ok(
      types.size >= 2 && [...types.values()].includes('cohort_retention') && [...types.values()].includes('clv'),
    );
    // Cohort cells: each displayed period's days of every cohort, with n and the interval.
    const cohortRows = expected.kpis.filter((k) => types.get(k.name) === 'cohort_retention').flatMap((k) => k.rows);
    assert.ok(
      cohortRows.length > 10 && cohortRows.some((r) => r.value !== null && r.n !== undefined),
      'cohort cells compared',
    );
    assert.ok(numbers > 100, `compared ${numbers} numbers`);
    console.log(`      compared ${numbers} numbers of ${compared.join(', ')}`);
    // The same data warnings (skipped answers: same counts, same values — DuckDB writes the
    // double 11 as '11.0', PostgreSQL as '11'; a CSV's values are quoted and placed at their
    // lines, a table's have none).
    const warnings = (ds: RunResult['diagnostics']) =>
      ds.map((d) => `${d.code} ${d.message.replace(/'([^']*)' at [\w.-]+:\d+/g, '$1').replace(/(\d)\.0\b/g, '$1')}`);
    assert.deepEqual(warnings(actual.diagnostics), warnings(expected.diagnostics));
    assert.equal(actual.diagnostics.filter((d) => d.code === 'unsupported-feature').length, 0);
  });

  /** The sample made to read tables of the test server, written with a connections file in `dir`. */
  function writePgSpec(connection: string[]): string {
    const text = fs
      .readFileSync(SAMPLE, 'utf8')
      .replace(/^(\s+)file: data\/(\w+)\.csv$/gm, '$1table: public.$2\n$1connection: pg');
    fs.writeFileSync(path.join(dir, 'loyalty.kpi.yaml'), text);
    fs.writeFileSync(
      path.join(dir, 'kpilens.connections.yaml'),
      ['connections:', '  pg:', '    dialect: postgres', ...connection, ''].join('\n'),
    );
    return path.join(dir, 'loyalty.kpi.yaml');
  }

  it('kpilens run uses the connection of kpilens.connections.yaml, with the password from KPILENS_PG_PASSWORD_<NAME>', async () => {
    const spec = writePgSpec([
      `    host: ${server.host}`,
      `    port: ${server.port}`,
      `    database: ${server.database}`,
      `    user: ${server.user}`,
      '    connect_timeout_ms: 3000',
    ]);
    const pgRun = await withEnv({ KPILENS_PG_PASSWORD_PG: server.password, PGPASSWORD: undefined }, () =>
      runCli(['run', spec, '--kpi', 'revenue', 'nps', '--format', 'json'], dir),
    );
    assert.equal(pgRun.code, 0, pgRun.err);
    // kpilens sql prints what ran on PostgreSQL: its dialect, the tables quoted.
    const sql = await withEnv({ KPILENS_PG_PASSWORD_PG: server.password, PGPASSWORD: undefined }, () =>
      runCli(['sql', spec, '--kpi', 'revenue'], dir),
    );
    assert.equal(sql.code, 0, sql.err);
    assert.match(sql.out, /^-- KPI revenue \(PostgreSQL\): \d+ statements\n/);
    assert.match(sql.out, /FROM "public"\."orders"/);
    assert.match(sql.out, /CAST\(CAST\("amount" AS TEXT\) AS DOUBLE PRECISION\)/);
    assert.doesNotMatch(sql.out, /TRY_CAST|GROUP BY ALL|read_csv/);
    const duckRun = await runCli(['run', SAMPLE, '--kpi', 'revenue', 'nps', '--format', 'json', '--no-cache']);
    assert.equal(duckRun.code, 0, duckRun.err);
    const pgResult = JSON.parse(pgRun.out) as RunResult;
    const duckResult = JSON.parse(duckRun.out) as RunResult;
    assert.equal(pgResult.kpis.length, 2);
    assertSame(duckResult.kpis, pgResult.kpis, 'kpis');
    // The installed command (bin/kpilens.js → dist/cli.js) loads the PostgreSQL client from
    // dist/pg.js on first use (esbuild.mjs): the same numbers through it.
    const bundled = execFileSync(
      process.execPath,
      [path.join(REPO, 'bin', 'kpilens.js'), 'run', spec, '--kpi', 'revenue', 'nps', '--format', 'json'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, KPILENS_PG_PASSWORD_PG: server.password, PGPASSWORD: '' } },
    );
    assertSame(pgResult.kpis, (JSON.parse(bundled) as RunResult).kpis, 'bundled kpis');
  });

  it('a wrong password, an unreachable port and an undefined connection end kpilens run with a clear message, exit 1, quickly', async () => {
    const spec = writePgSpec([
      `    host: ${server.host}`,
      `    port: ${server.port}`,
      `    database: ${server.database}`,
      `    user: ${server.user}`,
      '    connect_timeout_ms: 2000',
    ]);
    let started = Date.now();
    const wrong = await withEnv({ KPILENS_PG_PASSWORD_PG: 'wrong', PGPASSWORD: undefined }, () =>
      runCli(['run', spec, '--kpi', 'revenue'], dir),
    );
    assert.equal(wrong.code, 1);
    assert.match(
      wrong.err,
      /PostgreSQL connection 'pg' \(127\.0\.0\.1:\d+, database 'postgres', user 'kpilens'\) refused the login: wrong user or password\. Set the password in KPILENS_PG_PASSWORD_PG/,
    );
    assert.ok(Date.now() - started < 10_000);

    writePgSpec([
      `    host: ${server.host}`,
      '    port: 1',
      `    database: ${server.database}`,
      `    user: ${server.user}`,
      '    connect_timeout_ms: 2000',
    ]);
    started = Date.now();
    const closed = await withEnv({ KPILENS_PG_PASSWORD_PG: server.password }, () =>
      runCli(['run', spec, '--kpi', 'revenue'], dir),
    );
    assert.equal(closed.code, 1);
    assert.match(closed.err, /cannot reach the PostgreSQL connection 'pg' \(127\.0\.0\.1:1,/);
    assert.ok(Date.now() - started < 10_000);

    fs.writeFileSync(
      path.join(dir, 'kpilens.connections.yaml'),
      'connections:\n  other: { dialect: postgres, database: x, user: y }\n',
    );
    const undefinedConnection = await runCli(['run', spec, '--kpi', 'revenue'], dir);
    assert.equal(undefinedConnection.code, 1);
    assert.match(undefinedConnection.err, /connection 'pg' is not defined in .*kpilens\.connections\.yaml/);
  });

  it("a missing table is a data-error on the source's table, and its KPIs are not evaluated", async () => {
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-06-30',
      'sources:',
      '  orders:',
      '    table: analytics.no_such_table',
      '    connection: pg',
      '    time: order_date',
      'periods:',
      '  monthly: { grain: month, last: 2 }',
      'kpis:',
      '  revenue:',
      '    type: sum',
      '    source: orders',
      '    column: amount',
      '    period: monthly',
    );
    const file = path.join(dir, 'missing.kpi.yaml');
    fs.writeFileSync(file, text);
    const result = await evaluateSpec(await checkKpiFile(file, text), { engine: pg, dialect: postgresDialect });
    const errors = result.diagnostics
      .filter((d) => d.severity === 'error')
      .map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
    // Line 5 is '    table: analytics.no_such_table': the value starts at column 12.
    assert.ok(
      errors.includes(
        "5:12 data-error table 'analytics.no_such_table' of source 'orders' does not exist on connection 'pg' (or the user may not read it)",
      ),
      errors.join('\n'),
    );
    assert.deepEqual(
      result.kpis.filter((k) => k.rows.some((r) => r.value !== null)),
      [],
    );
  });

  it('names and values of the spec reach PostgreSQL only quoted: a hostile table, column and filter values (KPI and source names are lower-case identifiers by the schema)', async () => {
    // A table and columns whose names are SQL, and rows whose values are SQL.
    const table = 'o"; DROP TABLE orders; --'; // no dot: a dot separates schema and table
    const amount = 'am"ount\'); DROP TABLE public.orders; --';
    await pg.query(
      `CREATE TABLE public.${quoteIdent(table)} (${quoteIdent(amount)} numeric, "day" date, "status" text)`,
    );
    await pg.query(
      `INSERT INTO public.${quoteIdent(table)} VALUES (10, DATE '2025-06-02', 'it''s paid'), (5, DATE '2025-06-03', 'x'' OR ''1''=''1'), (7, DATE '2025-06-04', 'other')`,
    );
    const valueFilter = "status = 'it''s paid' or status = 'x'' OR ''1''=''1'";
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-06-30',
      'sources:',
      '  hostile:',
      `    table: '${('public.' + table).replace(/'/g, "''")}'`,
      '    connection: pg',
      '    time: day',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'kpis:',
      '  paid:',
      '    type: sum',
      '    source: hostile',
      `    column: '${amount.replace(/'/g, "''")}'`,
      `    where: "${valueFilter}"`,
      '    period: monthly',
    );
    const file = path.join(dir, 'hostile.kpi.yaml');
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    const recorder = new RecordingEngine(pg);
    const result = await evaluateSpec(check, { engine: recorder, dialect: postgresDialect });
    // Rows of June 2025 passing the filter: 10 ('it''s paid') + 5 (the row whose status is the quote trick) = 15.
    const june = result.kpis.find((k) => k.name === 'paid')?.rows.find((r) => r.period === '2025-06');
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error'),
      [],
    );
    assert.equal(june?.value, 15, JSON.stringify(result.diagnostics));
    // Every statement names the hostile table and column only as quoted identifiers.
    const scans = recorder.statements.filter((sql) => sql.includes('DROP TABLE'));
    assert.ok(scans.length > 0);
    for (const sql of scans) {
      const unquoted = sql
        .split(quoteIdent(table))
        .join('')
        .split(quoteIdent(amount))
        .join('')
        .split(quoteString("it's paid"))
        .join('')
        .split(quoteString("x' OR '1'='1"))
        .join('');
      assert.ok(!unquoted.includes('DROP TABLE'), `unquoted text in: ${sql}`);
    }
    assert.deepEqual(await pg.query('SELECT count(*) AS n FROM public.orders'), [{ n: 65184 }]);
  });
});

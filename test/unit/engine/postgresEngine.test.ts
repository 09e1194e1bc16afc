// Tests of PostgresEngine against a real, throwaway PostgreSQL server (Debian's package,
// started by postgresServer.ts): value conversion, $n parameters, injection through
// values and connection settings, the statement timeout, cancellation, and clear errors
// for a wrong password, an unreachable port and a missing table — all within bounded time.
// Skipped, with a message, only when no PostgreSQL binaries are installed.

import { strict as assert } from 'assert';
import { EngineError, type EngineErrorKind } from '../../../src/core/engine/backends/engine';
import { PostgresEngine, type PostgresConnectionSettings } from '../../../src/core/engine/backends/postgresEngine';
import { duckdbDialect, postgresDialect, type Dialect } from '../../../src/core/engine/sql/dialect';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { quoteString } from '../../../src/core/engine/sql/sqlText';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

/** Generous bound for "quickly" on a busy 2-core machine. */
const QUICK_MS = 5000;

async function expectKind(promise: Promise<unknown>, kind: EngineErrorKind, message?: RegExp): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.kind, kind, `kind of: ${error.message}`);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail('expected the query to fail');
}

describe('PostgresEngine (a real PostgreSQL server)', function () {
  this.timeout(60_000);
  let server: PostgresServer;
  let engine: PostgresEngine;
  let settings: PostgresConnectionSettings;

  before(async function () {
    server = await startPostgresForSuite(this);
    settings = serverSettings(server, 'test', { connectTimeoutMs: 3000 });
    engine = new PostgresEngine(settings);
    await engine.query('CREATE TABLE orders (id integer, customer text, amount numeric(10,2), day date)');
    await engine.query(
      "INSERT INTO orders VALUES (1, 'a', 10.50, DATE '2025-01-02'), (2, 'b', 4.25, DATE '2025-01-03')",
    );
  });

  after(async () => {
    await engine?.close();
    server?.stop();
  });

  it('returns numbers, dates, booleans and nulls as SqlValues', async () => {
    const rows = await engine.query(
      'SELECT count(*) AS n, sum(amount) AS total, min(day) AS first, true AS t, NULL::text AS nothing FROM orders',
    );
    // count(*) is bigint and sum(numeric) is numeric: both come back as numbers; 10.50 + 4.25 = 14.75.
    assert.deepEqual(rows, [{ n: 2, total: 14.75, first: '2025-01-02', t: true, nothing: null }]);
  });

  it('binds $n parameters as values, never as SQL text', async () => {
    const evil = "a' OR '1'='1";
    const rows = await engine.query('SELECT count(*) AS n FROM orders WHERE customer = $1', [evil]);
    assert.deepEqual(rows, [{ n: 0 }]);
    const rows2 = await engine.query('SELECT $1::text AS v', ["'); DROP TABLE orders; --"]);
    assert.deepEqual(rows2, [{ v: "'); DROP TABLE orders; --" }]);
    assert.deepEqual(await engine.query('SELECT count(*) AS n FROM orders'), [{ n: 2 }]);
  });

  it('a query that runs too long stops at its timeout', async () => {
    const started = Date.now();
    await expectKind(engine.query('SELECT pg_sleep(30)', [], { timeoutMs: 300 }), 'timeout', /300 ms/);
    assert.ok(Date.now() - started < QUICK_MS);
    // The server really stopped it: the next query runs at once.
    assert.deepEqual(await engine.query('SELECT 1 AS one'), [{ one: 1 }]);
  });

  it('the server-side statement_timeout stops a query too', async () => {
    const short = new PostgresEngine({ ...settings, statementTimeoutMs: 200 });
    try {
      await expectKind(short.query('SELECT pg_sleep(30)'), 'timeout', /statement_timeout of 200 ms/);
    } finally {
      await short.close();
    }
  });

  it('an AbortSignal cancels the query in the server', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const running = engine.query('SELECT pg_sleep(30)', [], { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expectKind(running, 'cancelled');
    assert.ok(Date.now() - started < QUICK_MS);
    // pg_cancel_backend reached the backend: no query is still sleeping a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const sleeping = await engine.query(
      "SELECT count(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(30)%' AND state = 'active'",
    );
    assert.deepEqual(sleeping, [{ n: 0 }]);
  });

  it('a missing table is a query error that names it', async () => {
    await expectKind(
      engine.query('SELECT * FROM "analytics"."no_such_table"'),
      'query',
      /does not exist.*no_such_table/,
    );
  });

  it('a wrong password is a clear error, not a hang', async () => {
    const wrong = new PostgresEngine({ ...settings, password: 'not-the-password' });
    const started = Date.now();
    try {
      await expectKind(
        wrong.query('SELECT 1'),
        'unavailable',
        /refused the login: wrong user or password\. Set the password in KPILENS_PG_PASSWORD_TEST/,
      );
    } finally {
      await wrong.close();
    }
    assert.ok(Date.now() - started < QUICK_MS);
  });

  it('an unreachable port is a clear error within the connect timeout', async () => {
    // The server's own port after it is stopped would race; a port nothing listens on:
    const closed = new PostgresEngine({ ...settings, port: 1, connectTimeoutMs: 2000 });
    const started = Date.now();
    try {
      await expectKind(
        closed.query('SELECT 1'),
        'unavailable',
        /cannot reach the PostgreSQL connection 'test' \(127\.0\.0\.1:1/,
      );
    } finally {
      await closed.close();
    }
    assert.ok(Date.now() - started < QUICK_MS);
  });

  it('a host that never answers fails after the connect timeout', async () => {
    // 10.255.255.1 is not routed here: the TCP handshake gets no answer (or fails at once).
    const silent = new PostgresEngine({ ...settings, host: '10.255.255.1', connectTimeoutMs: 500 });
    const started = Date.now();
    try {
      await expectKind(silent.query('SELECT 1'), 'unavailable');
    } finally {
      await silent.close();
    }
    assert.ok(Date.now() - started < QUICK_MS);
  });

  it('connection settings full of quotes reach no SQL: a login fails cleanly and the data stays', async () => {
    const evilUser = new PostgresEngine({
      ...settings,
      user: 'x"; DROP TABLE orders; --',
      database: "postgres' OR '1'='1",
    });
    try {
      await expectKind(evilUser.query('SELECT 1'), 'unavailable');
    } finally {
      await evilUser.close();
    }
    assert.deepEqual(await engine.query('SELECT count(*) AS n FROM orders'), [{ n: 2 }]);
  });

  it("the PostgreSQL try-casts give what DuckDB's TRY_CAST gives: numbers and dates, null for what does not convert", async () => {
    const texts = [
      '12',
      ' 12 ',
      '-3.5',
      '+4',
      '1e3',
      '.5',
      '5.',
      'abc',
      '',
      '1,5',
      '2025-02-28',
      '2024-02-29',
      '2025-02-29',
      '2025-02-30',
      '2025-04-31',
      '2025-13-01',
      '2025-00-10',
      '2025-01-05 10:30:00',
      '20250105',
      '2025-1-5',
      '2000-02-29',
      '1900-02-29',
      '2025-06-31',
      '2025-12-31',
      '2025-01-32',
      '2025-2-29',
      '2028-2-29',
      ' 2025-03-04',
    ];
    // Not compared: year 0000 (DuckDB reads it as 1 BC, PostgreSQL's try-cast gives null).
    const sql = (d: Dialect) =>
      `SELECT v, ${d.tryCast('v', 'DOUBLE')} AS num, CAST(${d.tryCast('v', 'DATE')} AS VARCHAR) AS day FROM (VALUES ${texts.map((t) => `(CAST(${quoteString(t)} AS VARCHAR))`).join(', ')}) AS x(v) ORDER BY v`;
    const duck: Engine = new DuckDbEngine({ allowedDirectories: [] });
    try {
      const expected = await duck.query(sql(duckdbDialect));
      const actual = await engine.query(sql(postgresDialect));
      // Sorted the same way (byte order of plain ASCII text in both, the server's locale being C).
      assert.deepEqual(actual, expected);
      // Spot checks against the calendar: 2024 is a leap year, 2025 is not; April has 30 days.
      const day = (v: string) => actual.find((r) => r.v === v)?.day;
      assert.equal(day('2024-02-29'), '2024-02-29');
      assert.equal(day('2025-02-29'), null);
      assert.equal(day('2025-04-31'), null);
      assert.equal(day('2000-02-29'), '2000-02-29', '2000 is a leap year (divisible by 400)');
      assert.equal(day('1900-02-29'), null, '1900 is not (a century not divisible by 400)');
    } finally {
      await duck.close();
    }
  });

  it('the PostgreSQL date try-cast takes a date alone or before a time and an offset, nothing else after it', async () => {
    const texts: [string, string | null][] = [
      ['2025-01-05', '2025-01-05'],
      ['2025-01-05 10:30', '2025-01-05'],
      ['2025-01-05T10:30:00Z', '2025-01-05'],
      ['2025-01-05 10:30:00.5+02:00', '2025-01-05'],
      ['2025-01-05 10:30 UTC', '2025-01-05'],
      // Before: the date at the start of any text was taken (2025-01-05 for each of these).
      ['2025-01-05 garbage', null],
      ['2025-01-05x', null],
      ['2025-01-05 10:30:00 x', null],
      ['2025-01-05 BC', null],
      ['2025-01-05 10:30 UTC+1', null],
    ];
    const rows = await engine.query(
      `SELECT v, CAST(${postgresDialect.tryCast('v', 'DATE')} AS VARCHAR) AS day FROM (VALUES ${texts.map(([t]) => `(CAST(${quoteString(t)} AS VARCHAR))`).join(', ')}) AS x(v)`,
    );
    assert.deepEqual(
      rows.map((r) => [r.v, r.day]),
      texts,
    );
  });
});

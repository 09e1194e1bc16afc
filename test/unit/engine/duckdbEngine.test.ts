// Tests of DuckDbEngine against real DuckDB in a real child process: value conversion,
// parameters, the file-access lockdown, errors, cancellation, timeouts, crashes, close()
// and that a parent process never stays alive because of the child.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError, type EngineErrorKind, type SqlValue } from '../../../src/core/engine/backends/engine';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { isolatedWorkerCopy } from '../helpers';
import { processExists, waitUntilGone } from './processState';

/** A query that runs for minutes unless interrupted. */
const LONG_QUERY = 'SELECT count(*) AS n FROM range(10_000_000_000) a WHERE a.range % 7 = 3';
/** Generous bound for "quickly" on a busy 2-core machine. */
const QUICK_MS = 5000;

const ENGINE_JS = path.resolve(__dirname, '../../../src/core/engine/backends/duckdbEngine.js');

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the query to fail');
}

async function expectKind(promise: Promise<unknown>, kind: EngineErrorKind, message?: RegExp): Promise<EngineError> {
  const error = await rejection(promise);
  assert.equal(error.kind, kind, `kind of: ${error.message}`);
  if (message) assert.match(error.message, message);
  return error;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the engine has a running child (the first query forks it lazily). */
async function waitForPid(engine: DuckDbEngine): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const pid = engine.pid;
    if (pid !== undefined) return pid;
    await sleep(20);
  }
  assert.fail('the engine did not start a child');
}

describe('DuckDbEngine', function () {
  this.timeout(30_000);

  let root: string;
  let dataDir: string;
  let engine: DuckDbEngine;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-engine-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'orders.csv'), 'id,amount,day\n1,10.5,2025-01-30\n2,4.5,2025-01-31\n');
    fs.writeFileSync(path.join(root, 'secret.csv'), 'a,b\n1,2\n');
    fs.mkdirSync(path.join(root, 'data-other'));
    fs.writeFileSync(path.join(root, 'data-other', 'x.csv'), 'a\n1\n');
    engine = new DuckDbEngine({ allowedDirectories: [dataDir] });
  });

  after(async () => {
    await engine.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  describe('results', () => {
    it('starts no child until the first query', async () => {
      const lazy = new DuckDbEngine({ allowedDirectories: [dataDir] });
      assert.equal(lazy.pid, undefined);
      await lazy.close();
      await expectKind(lazy.query('SELECT 1'), 'unavailable', /closed/);
    });

    it('converts scalar values to JSON-friendly JavaScript', async () => {
      const rows = await engine.query(`
        SELECT 42::INTEGER AS int, 2.5::DOUBLE AS dbl, 12.34::DECIMAL(10,2) AS dec, 'héllo' AS txt,
               DATE '2025-01-31' AS day, TIMESTAMP '2025-01-31 10:11:12' AS ts, true AS yes, NULL AS nothing,
               9007199254740991::BIGINT AS big_safe, 9007199254740993::BIGINT AS big_unsafe,
               sum(x)::HUGEINT AS huge, count(*) AS n, -7::TINYINT AS tiny, 0.25::FLOAT AS flt
        FROM (VALUES (1), (2)) t(x)`);
      assert.deepEqual(rows, [
        {
          int: 42,
          dbl: 2.5,
          dec: 12.34,
          txt: 'héllo',
          day: '2025-01-31',
          ts: '2025-01-31 10:11:12',
          yes: true,
          nothing: null,
          big_safe: 9007199254740991,
          big_unsafe: '9007199254740993',
          huge: 3,
          n: 2,
          tiny: -7,
          flt: 0.25,
        },
      ]);
    });

    it('writes nested values as JSON text and infinite dates as words', async () => {
      const [row] = await engine.query(`
        SELECT [1, 2, NULL] AS list, {'a': 1, 'b': DATE '2025-01-01', 'c': [1.5::DECIMAL(3,1)]} AS struct,
               MAP {'k': 10} AS map, 'infinity'::DATE AS pos, '-infinity'::TIMESTAMP AS neg,
               TIMESTAMP '2025-01-31 10:11:12.5' AS frac, 1 AS "Mixed Case"`);
      assert.deepEqual(row, {
        list: '[1,2,null]',
        struct: '{"a":1,"b":"2025-01-01","c":[1.5]}',
        map: '{"k":10}',
        pos: 'infinity',
        neg: '-infinity',
        frac: '2025-01-31 10:11:12.5',
        'Mixed Case': 1,
      });
    });

    it('returns every row, and no row for an empty result', async () => {
      const rows = await engine.query('SELECT range AS i FROM range(5000)');
      assert.equal(rows.length, 5000);
      assert.deepEqual(rows[4999], { i: 4999 });
      assert.deepEqual(await engine.query('SELECT 1 AS a WHERE false'), []);
    });

    it('binds $n and ? parameters', async () => {
      const [row] = await engine.query('SELECT $1 + 1 AS a, $2 AS b, $3 AS c, $4 IS NULL AS d, $1 * $5 AS e', [
        41,
        'x',
        true,
        null,
        0.5,
      ]);
      assert.deepEqual(row, { a: 42, b: 'x', c: true, d: true, e: 20.5 });
      const [row2] = await engine.query('SELECT ? AS a, ? AS b', ["it's", 3]);
      assert.deepEqual(row2, { a: "it's", b: 3 });
      const notAValue = [1n] as unknown as SqlValue[];
      await expectKind(engine.query('SELECT $1', notAValue), 'query', /parameter 1/);
    });
  });

  describe('file access lockdown', () => {
    it('reads a CSV inside an allowed folder', async () => {
      const file = path.join(dataDir, 'orders.csv');
      const rows = await engine.query(`SELECT id, amount, day FROM read_csv('${file}') ORDER BY id`);
      assert.deepEqual(rows, [
        { id: 1, amount: 10.5, day: '2025-01-30' },
        { id: 2, amount: 4.5, day: '2025-01-31' },
      ]);
      const [count] = await engine.query(`SELECT count(*) AS n FROM read_csv('${dataDir}/*.csv')`);
      assert.deepEqual(count, { n: 2 });
    });

    it('refuses files outside the allowed folders', async () => {
      const outside = [
        "SELECT * FROM read_csv('/etc/passwd')",
        `SELECT * FROM read_csv('${dataDir}/../secret.csv')`,
        `SELECT * FROM read_csv('${path.join(root, 'secret.csv')}')`,
        `SELECT * FROM read_csv('${path.join(root, 'data-other', 'x.csv')}')`,
        `SELECT * FROM read_csv('${dataDir}/../*.csv')`,
        "SELECT * FROM read_text('/etc/hostname')",
        `SELECT * FROM glob('${root}/*')`,
        "SELECT * FROM read_csv('file:///etc/passwd')",
        `COPY (SELECT 1) TO '${path.join(root, 'written.csv')}'`,
        `ATTACH '${path.join(root, 'x.duckdb')}'`,
      ];
      for (const sql of outside) {
        await expectKind(engine.query(sql), 'query', /Permission Error|disabled/);
      }
      assert.ok(!fs.existsSync(path.join(root, 'written.csv')));
    });

    it('refuses globs over /etc, and links inside an allowed folder that point out of it', async () => {
      fs.symlinkSync('/etc/passwd', path.join(dataDir, 'passwd-link.csv'));
      fs.symlinkSync('/etc', path.join(dataDir, 'etc-link'));
      fs.symlinkSync(path.join(root, 'secret.csv'), path.join(dataDir, 'secret-link.csv'));
      try {
        for (const sql of [
          "SELECT * FROM read_csv('/etc/*')",
          "SELECT * FROM glob('/etc/*')",
          `SELECT * FROM read_csv('${dataDir}/../../../../../../etc/passwd')`,
          `SELECT * FROM read_csv('${path.join(dataDir, 'passwd-link.csv')}', header = false, delim = ':')`,
          `SELECT * FROM read_csv('${path.join(dataDir, 'etc-link', 'passwd')}', header = false, delim = ':')`,
          `SELECT * FROM read_csv('${path.join(dataDir, 'secret-link.csv')}')`,
          `SELECT * FROM read_csv('${dataDir}/*-link.csv')`,
        ]) {
          await expectKind(engine.query(sql), 'query', /Permission Error|disabled/);
        }
      } finally {
        for (const link of ['passwd-link.csv', 'etc-link', 'secret-link.csv'])
          fs.rmSync(path.join(dataDir, link), { force: true });
      }
    });

    it('refuses the network and extensions', async () => {
      await expectKind(engine.query("SELECT * FROM read_csv('https://example.invalid/x.csv')"), 'query');
      await expectKind(engine.query('INSTALL httpfs'), 'query');
      await expectKind(engine.query('LOAD httpfs'), 'query');
      await expectKind(engine.query('FORCE INSTALL httpfs'), 'query');
      for (const sql of [
        "SELECT * FROM read_parquet('s3://bucket/x.parquet')",
        "SELECT * FROM read_json('http://127.0.0.1:9/x.json')",
        "ATTACH 'https://example.invalid/x.duckdb'",
        "INSTALL x FROM 'https://example.invalid'",
        `LOAD '${path.join(dataDir, 'x.duckdb_extension')}'`,
        'INSTALL sqlite',
        "SELECT * FROM sqlite_scan('/etc/x.db', 't')",
      ]) {
        await expectKind(engine.query(sql), 'query');
      }
      // Even listing the extensions is refused: their folder is outside the allowed ones.
      await expectKind(engine.query('SELECT * FROM duckdb_extensions()'), 'query', /Permission Error/);
    });

    it('cannot be undone from SQL', async () => {
      for (const sql of [
        'SET enable_external_access = true',
        'RESET enable_external_access',
        "SET allowed_directories = ['/']",
        "SET allowed_paths = ['/etc/passwd']",
        'SET lock_configuration = false',
        'SET autoload_known_extensions = true',
        'SET autoinstall_known_extensions = true',
        'SET allow_community_extensions = true',
      ]) {
        await expectKind(engine.query(sql), 'query', /locked|Cannot change/);
      }
      const [row] = await engine.query(
        "SELECT current_setting('enable_external_access') AS ext, current_setting('lock_configuration') AS locked, " +
          "current_setting('autoload_known_extensions') AS autoload, current_setting('autoinstall_known_extensions') AS autoinstall",
      );
      assert.deepEqual(row, { ext: false, locked: true, autoload: false, autoinstall: false });
      await expectKind(engine.query("SELECT * FROM read_csv('/etc/passwd')"), 'query');
    });

    it('applies memory_limit and threads', async () => {
      const tuned = new DuckDbEngine({ allowedDirectories: [dataDir], memoryLimit: '512MB', threads: 1 });
      try {
        const [row] = await tuned.query(
          "SELECT current_setting('threads') AS threads, current_setting('memory_limit') AS mem",
        );
        assert.equal(row.threads, 1);
        assert.match(String(row.mem), /^(512\.0 MiB|488\.2 MiB|512MB)$/);
      } finally {
        await tuned.close();
      }
    });

    it('reports a configuration DuckDB refuses as unavailable', async () => {
      const bad = new DuckDbEngine({ allowedDirectories: [dataDir], memoryLimit: 'lots' });
      try {
        await expectKind(bad.query('SELECT 1'), 'unavailable', /memory_limit/);
      } finally {
        await bad.close();
      }
    });

    it('rejects relative allowed folders at construction', () => {
      assert.throws(() => new DuckDbEngine({ allowedDirectories: ['data'] }), /absolute/);
    });
  });

  describe('errors', () => {
    it('reports DuckDB errors as query errors and keeps working', async () => {
      const syntax = await expectKind(engine.query('SELEC 1'), 'query', /Parser Error/);
      assert.match(syntax.message, /syntax error/);
      await expectKind(engine.query('SELECT missing_column FROM range(3)'), 'query', /Binder Error.*missing_column/s);
      await expectKind(engine.query("SELECT 'abc'::INTEGER"), 'query', /Conversion Error/);
      assert.deepEqual(await engine.query('SELECT 1 AS ok'), [{ ok: 1 }]);
    });

    it('reports a missing worker script as unavailable', async () => {
      const broken = new DuckDbEngine({ allowedDirectories: [dataDir], workerPath: path.join(root, 'nope.js') });
      await expectKind(broken.query('SELECT 1'), 'unavailable', /worker script is missing/);
      await broken.close();
    });

    it('reports a DuckDB module that cannot be loaded as unavailable', async () => {
      // A copy of the compiled worker where `@duckdb/node-api` cannot be resolved.
      const { workerPath } = isolatedWorkerCopy(path.join(root, 'isolated'));
      const isolated = new DuckDbEngine({ allowedDirectories: [dataDir], workerPath });
      await expectKind(
        isolated.query('SELECT 1'),
        'unavailable',
        /the DuckDB engine could not be loaded: .*@duckdb\/node-api/,
      );
      await isolated.close();
    });
  });

  describe('cancellation, timeouts and crashes', () => {
    it('cancels a running query through its AbortSignal, then runs the next one', async () => {
      await engine.query('SELECT 1');
      const pid = await waitForPid(engine);
      const controller = new AbortController();
      const started = Date.now();
      const running = engine.query(LONG_QUERY, [], { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await expectKind(running, 'cancelled');
      assert.ok(Date.now() - started < QUICK_MS, `cancelled after ${Date.now() - started} ms`);
      assert.deepEqual(await engine.query('SELECT 2 AS two'), [{ two: 2 }]);
      assert.equal(engine.pid, pid, 'the interrupt stopped the query without killing the child');
    });

    it('rejects at once a query whose signal is already aborted', async () => {
      await expectKind(engine.query('SELECT 1', [], { signal: AbortSignal.abort() }), 'cancelled');
    });

    it('cancels a queued query without disturbing the running one', async () => {
      const controller = new AbortController();
      const first = engine.query('SELECT count(*) AS n FROM range(20_000_000) a WHERE a.range % 3 = 0');
      const queued = engine.query('SELECT 1', [], { signal: controller.signal });
      controller.abort();
      await expectKind(queued, 'cancelled');
      assert.deepEqual(await first, [{ n: 6_666_667 }]);
    });

    it('stops a query that exceeds timeoutMs', async () => {
      const started = Date.now();
      await expectKind(engine.query(LONG_QUERY, [], { timeoutMs: 300 }), 'timeout', /300 ms/);
      assert.ok(Date.now() - started < QUICK_MS, `timed out after ${Date.now() - started} ms`);
      assert.deepEqual(await engine.query('SELECT 3 AS three', [], { timeoutMs: 10_000 }), [{ three: 3 }]);
    });

    it('kills a child that does not answer a cancel and runs the queued queries in a new one', async function () {
      if (process.platform === 'win32') this.skip();
      const frozen = new DuckDbEngine({ allowedDirectories: [dataDir] });
      try {
        await frozen.query('SELECT 1'); // the child is ready: the long query goes to it at once
        const controller = new AbortController();
        const running = expectKind(frozen.query(LONG_QUERY, [], { signal: controller.signal }), 'cancelled');
        const pid = await waitForPid(frozen);
        await sleep(300);
        process.kill(pid, 'SIGSTOP'); // a child that cannot answer anymore
        const started = Date.now();
        controller.abort();
        await running;
        assert.ok(Date.now() - started < 1000, 'the caller does not wait for the child');
        assert.deepEqual(await frozen.query('SELECT 6 AS six'), [{ six: 6 }]);
        assert.ok(Date.now() - started < QUICK_MS + 2000, `the next query waited ${Date.now() - started} ms`);
        assert.notEqual(frozen.pid, pid);
        assert.ok(await waitUntilGone(pid, QUICK_MS), 'the frozen child was killed');
      } finally {
        await frozen.close();
      }
    });

    it('reports a killed child as crashed and starts a fresh one for the next query', async () => {
      const crashy = new DuckDbEngine({ allowedDirectories: [dataDir] });
      try {
        await crashy.query('SELECT 1'); // the child is ready: the long query goes to it at once
        const running = expectKind(
          crashy.query(LONG_QUERY),
          'crashed',
          /^the DuckDB engine stopped unexpectedly \(signal SIGKILL\); run again$/,
        );
        const queued = expectKind(crashy.query('SELECT 1'), 'crashed');
        const pid = await waitForPid(crashy);
        await sleep(300);
        process.kill(pid, 'SIGKILL');
        await running;
        await queued;
        assert.deepEqual(await crashy.query('SELECT 4 AS four'), [{ four: 4 }]);
        const next = crashy.pid;
        assert.ok(next !== undefined && next !== pid, 'a new child runs the next query');
      } finally {
        await crashy.close();
      }
    });
  });

  describe('memory limit', () => {
    it('a query past memory_limit fails with a clear out-of-memory error, and the next query works', async () => {
      const small = new DuckDbEngine({ allowedDirectories: [dataDir], memoryLimit: '32MB', threads: 1 });
      try {
        // One string of 50 million numbers and commas (~440 MB) cannot fit in 32 MB.
        const error = await expectKind(
          small.query("SELECT length(string_agg(range::VARCHAR, ',')) AS n FROM range(50_000_000)"),
          'query',
          /Out of Memory Error/,
        );
        assert.doesNotMatch(error.message, /\n\s+at /, 'no stack trace');
        const pid = small.pid;
        assert.deepEqual(await small.query('SELECT 7 AS seven'), [{ seven: 7 }]);
        assert.equal(small.pid, pid, 'the child survived its out-of-memory error');
      } finally {
        await small.close();
      }
    });
  });

  describe('close', () => {
    it('rejects pending queries, ends the child and can be called twice', async () => {
      const closing = new DuckDbEngine({ allowedDirectories: [dataDir] });
      const running = expectKind(closing.query(LONG_QUERY), 'cancelled', /closed/);
      const queued = expectKind(closing.query('SELECT 1'), 'cancelled', /closed/);
      const pid = await waitForPid(closing);
      await sleep(200);
      const started = Date.now();
      await closing.close();
      assert.ok(Date.now() - started < QUICK_MS, `closed after ${Date.now() - started} ms`);
      await running;
      await queued;
      assert.equal(processExists(pid), false, 'the child has exited');
      assert.equal(closing.pid, undefined);
      await closing.close();
      await expectKind(closing.query('SELECT 1'), 'unavailable');
    });

    it('holds the parent process only while a query waits, and leaves no handle after close()', async () => {
      // getActiveResourcesInfo lists the handles that keep the event loop alive.
      const count = (): number => process.getActiveResourcesInfo().filter((r) => r === 'ProcessWrap').length;
      const before = count();
      const short = new DuckDbEngine({ allowedDirectories: [dataDir] });
      await short.query('SELECT 1');
      assert.equal(count(), before, 'an idle child does not keep the parent alive');
      const controller = new AbortController();
      const running = expectKind(short.query(LONG_QUERY, [], { signal: controller.signal }), 'cancelled');
      assert.equal(count(), before + 1, 'a busy child does');
      controller.abort();
      await running;
      assert.equal(count(), before);
      const pid = short.pid;
      await short.close();
      await sleep(50); // a closed handle leaves the list a loop turn or two later
      assert.equal(count(), before);
      assert.ok(pid !== undefined && !processExists(pid));
    });

    function runScript(body: string): { status: number | null; stdout: string; stderr: string; ms: number } {
      const script = `
        const { DuckDbEngine } = require(${JSON.stringify(ENGINE_JS)});
        const engine = new DuckDbEngine({ allowedDirectories: [${JSON.stringify(dataDir)}] });
        (async () => { ${body} })().catch((e) => { console.error(e); process.exitCode = 1; });`;
      const started = Date.now();
      const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr, ms: Date.now() - started };
    }

    it('lets a CLI exit promptly after close(), and even without it; the orphaned child ends itself', async () => {
      for (const body of [
        "const rows = await engine.query('SELECT 5 AS five'); console.log(JSON.stringify(rows)); await engine.close();",
        "const rows = await engine.query('SELECT 5 AS five'); console.log(JSON.stringify(rows));",
        `engine.query(${JSON.stringify(LONG_QUERY)}).catch(() => {}); await new Promise((r) => setTimeout(r, 300));
         console.log('[{"five":5}]'); await engine.close();`,
        `const c = new AbortController(); const p = engine.query(${JSON.stringify(LONG_QUERY)}, [], { signal: c.signal });
         setTimeout(() => c.abort(), 300); await p.catch(() => {}); console.log('[{"five":5}]');`,
      ]) {
        const result = runScript(`${body}\nconsole.error('child pid', engine.pid ?? 'none');`);
        assert.equal(result.status, 0, `${body}\n${result.stderr}`);
        assert.equal(result.stdout.trim(), '[{"five":5}]');
        assert.ok(result.ms < 10_000, `the script took ${result.ms} ms`);
        const pid = /child pid (\d+)/.exec(result.stderr);
        if (pid)
          assert.ok(
            await waitUntilGone(Number(pid[1]), QUICK_MS),
            `child ${pid[1]} still runs after its parent exited (${body})`,
          );
      }
    });
  });
});

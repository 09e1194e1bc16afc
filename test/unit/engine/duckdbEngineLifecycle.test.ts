// Tests of DuckDbEngine's child process against real DuckDB: cancellation, timeouts, a frozen
// and a killed child, a query past memory_limit, close(), and that a parent process never stays
// alive because of the child.

import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { ENGINE_JS, expectKind, LONG_QUERY, QUICK_MS, sleep, waitForPid, withEngineSuite } from './duckdbEngineHelpers';
import { processExists, waitUntilGone } from './processState';

describe('DuckDbEngine', function () {
  this.timeout(30_000);

  let dataDir: string;
  let engine: DuckDbEngine;

  withEngineSuite((s) => ({ dataDir, engine } = s));

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

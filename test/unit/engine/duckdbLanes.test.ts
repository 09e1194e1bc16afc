// Tests of DuckDbEngine's lanes against real DuckDB: two sessions run their queries side by
// side on connections of their own (a temporary table stays with its session), every lane
// reads in UTC whatever the machine's time zone, queries outside a session keep one
// connection, the protocol refuses a lane that does not exist, and a child killed for a
// cancel that did not stop reports the other lane's query instead of losing it.
import { strict as assert } from 'assert';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { isParentMessage, WORKER_LANES } from '../../../src/core/engine/backends/engineProtocol';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { expectKind, LONG_QUERY, QUICK_MS, sleep, waitForPid, withEngineSuite } from './duckdbEngineHelpers';
import { waitUntilGone } from './processState';

/** Runs `work` in a session of `engine` and hands the pinned engine out while it holds it. */
function holdSession(engine: DuckDbEngine): { pinned: Promise<Engine>; release: () => void; done: Promise<void> } {
  let release = (): void => undefined;
  let handOut = (_e: Engine): void => undefined;
  const pinned = new Promise<Engine>((resolve) => (handOut = resolve));
  const held = new Promise<void>((resolve) => (release = resolve));
  const done = engine.session(async (e) => {
    handOut(e);
    await held;
  });
  return { pinned, release, done };
}

describe('DuckDbEngine lanes', function () {
  this.timeout(30_000);

  let dataDir: string;
  let engine: DuckDbEngine;

  withEngineSuite((s) => ({ dataDir, engine } = s));

  it('two sessions run side by side: a short query in one ends while a long one runs in the other', async () => {
    assert.equal(engine.lanes, WORKER_LANES);
    assert.ok(WORKER_LANES >= 2);
    const a = holdSession(engine);
    const b = holdSession(engine);
    const [ea, eb] = await Promise.all([a.pinned, b.pinned]);
    await Promise.all([ea.query('SELECT 1'), eb.query('SELECT 1')]); // the child is ready
    const controller = new AbortController();
    let longSettled = false;
    const long = ea.query(LONG_QUERY, [], { signal: controller.signal }).finally(() => (longSettled = true));
    const cancelled = expectKind(long, 'cancelled');
    await sleep(200);
    const started = Date.now();
    assert.deepEqual(await eb.query('SELECT 42 AS n'), [{ n: 42 }]);
    assert.equal(longSettled, false, 'the other session’s query answered while the long one still ran');
    assert.ok(Date.now() - started < QUICK_MS, `the short query waited ${Date.now() - started} ms`);
    controller.abort();
    await cancelled;
    a.release();
    b.release();
    await Promise.all([a.done, b.done]);
  });

  it('a temporary table stays with its session; queries outside any session share one connection', async () => {
    const a = holdSession(engine);
    const b = holdSession(engine);
    const [ea, eb] = await Promise.all([a.pinned, b.pinned]);
    await ea.query('CREATE TEMP TABLE lane_a AS SELECT 7 AS x');
    await eb.query('CREATE TEMP TABLE lane_b AS SELECT 8 AS x');
    assert.deepEqual(await ea.query('SELECT x FROM lane_a'), [{ x: 7 }]);
    assert.deepEqual(await eb.query('SELECT x FROM lane_b'), [{ x: 8 }]);
    await expectKind(eb.query('SELECT x FROM lane_a'), 'query', /lane_a/);
    await expectKind(ea.query('SELECT x FROM lane_b'), 'query', /lane_b/);
    // A session inside a session is the same one.
    assert.ok(ea.session);
    assert.deepEqual(await ea.session((inner) => inner.query('SELECT x FROM lane_a')), [{ x: 7 }]);
    a.release();
    b.release();
    await Promise.all([a.done, b.done]);
    await engine.query('CREATE TEMP TABLE outside AS SELECT 9 AS x');
    for (let i = 0; i < 4; i++) assert.deepEqual(await engine.query('SELECT x FROM outside'), [{ x: 9 }]);
  });

  it('every lane reads in UTC, whatever the time zone of the machine', async () => {
    const saved = process.env.TZ;
    process.env.TZ = 'Pacific/Auckland';
    const zoned = new DuckDbEngine({ allowedDirectories: [dataDir] });
    try {
      const a = holdSession(zoned);
      const b = holdSession(zoned);
      const sessions = await Promise.all([a.pinned, b.pinned]);
      for (const e of sessions) {
        const [row] = await e.query(
          `SELECT current_setting('TimeZone') AS tz, CAST(TIMESTAMPTZ '2025-03-31 23:30:00+00' AS DATE) AS day`,
        );
        assert.deepEqual(row, { tz: 'UTC', day: '2025-03-31' });
      }
      a.release();
      b.release();
      await Promise.all([a.done, b.done]);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
      await zoned.close();
    }
  });

  it('the child refuses a query for a lane it does not have', () => {
    const query = { type: 'query', id: 1, sql: 'SELECT 1', params: [] };
    assert.equal(isParentMessage(query), true);
    for (let lane = 0; lane < WORKER_LANES; lane++) assert.equal(isParentMessage({ ...query, lane }), true);
    for (const lane of [WORKER_LANES, -1, 0.5, '1', null])
      assert.equal(isParentMessage({ ...query, lane }), false, `lane ${String(lane)}`);
  });

  it('a cancel that does not stop kills the child: the other lane’s query is reported, the next ones run in a new child', async function () {
    if (process.platform === 'win32') this.skip();
    const frozen = new DuckDbEngine({ allowedDirectories: [dataDir] });
    try {
      const a = holdSession(frozen);
      const b = holdSession(frozen);
      const [ea, eb] = await Promise.all([a.pinned, b.pinned]);
      await Promise.all([ea.query('SELECT 1'), eb.query('SELECT 1')]);
      const controller = new AbortController();
      const cancelled = expectKind(ea.query(LONG_QUERY, [], { signal: controller.signal }), 'cancelled');
      const lost = expectKind(eb.query(LONG_QUERY), 'crashed', /run again/);
      const pid = await waitForPid(frozen);
      await sleep(300);
      process.kill(pid, 'SIGSTOP'); // a child that cannot answer anymore
      controller.abort();
      await cancelled;
      await lost;
      assert.ok(await waitUntilGone(pid, QUICK_MS), 'the frozen child was killed');
      assert.deepEqual(await eb.query('SELECT 5 AS five'), [{ five: 5 }]);
      assert.deepEqual(await frozen.query('SELECT 6 AS six'), [{ six: 6 }]);
      a.release();
      b.release();
      await Promise.all([a.done, b.done]);
    } finally {
      await frozen.close();
    }
  });
});

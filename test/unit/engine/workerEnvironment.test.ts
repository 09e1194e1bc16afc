// The environment a DuckDB child is forked with (workerEnvironment.ts, issue 21): DuckDB's
// allocator keeps the pages it frees for 30 s (its background thread hands them back when the
// child is idle) unless the user set its options; the child runs as plain Node with its
// configuration; and a real engine's child has that environment.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { WORKER_CONFIG_ENV } from '../../../src/core/engine/backends/engineProtocol';
import {
  DUCKDB_ALLOCATOR_ENV,
  DUCKDB_ALLOCATOR_OPTIONS,
  workerEnvironment,
} from '../../../src/core/engine/backends/workerEnvironment';

describe('engine: the environment of a DuckDB child', function () {
  this.timeout(60_000);

  it('keeps freed pages 30 s, handed back when idle, runs as plain Node, carries its configuration, keeps the parent’s variables', () => {
    const env = workerEnvironment({ PATH: '/bin', LANG: 'fr_FR.UTF-8' }, '{"x":1}');
    assert.equal(env[DUCKDB_ALLOCATOR_ENV], 'dirty_decay_ms:30000,muzzy_decay_ms:30000,background_thread:true');
    assert.equal(env.ELECTRON_RUN_AS_NODE, '1');
    assert.equal(env[WORKER_CONFIG_ENV], '{"x":1}');
    assert.equal(env.PATH, '/bin');
    assert.equal(env.LANG, 'fr_FR.UTF-8');
  });

  it('keeps the allocator options the user set, even empty ones', () => {
    assert.equal(workerEnvironment({ [DUCKDB_ALLOCATOR_ENV]: 'narenas:1' }, '')[DUCKDB_ALLOCATOR_ENV], 'narenas:1');
    assert.equal(workerEnvironment({ [DUCKDB_ALLOCATOR_ENV]: '' }, '')[DUCKDB_ALLOCATOR_ENV], '');
  });

  it('is the environment a real engine’s child runs with', async function () {
    // /proc/<pid>/environ: the environment the child process was started with (Linux only).
    if (os.platform() !== 'linux') this.skip();
    const saved = process.env[DUCKDB_ALLOCATOR_ENV];
    delete process.env[DUCKDB_ALLOCATOR_ENV];
    const engine = new DuckDbEngine({ allowedDirectories: [os.tmpdir()] });
    try {
      const rows = await engine.query('SELECT 6 * 7 AS answer');
      assert.equal(rows[0].answer, 42);
      const pid = engine.pid;
      assert.ok(pid !== undefined && pid !== process.pid, 'a child of its own answers');
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
      assert.ok(environ.includes(`${DUCKDB_ALLOCATOR_ENV}=${DUCKDB_ALLOCATOR_OPTIONS}`), environ.join('\n'));
      assert.ok(environ.includes('ELECTRON_RUN_AS_NODE=1'));
    } finally {
      await engine.close();
      if (saved === undefined) delete process.env[DUCKDB_ALLOCATOR_ENV];
      else process.env[DUCKDB_ALLOCATOR_ENV] = saved;
    }
  });
});

// DuckDbEngine.prespawn (issue 21): a DuckDB child forked ahead of need, while the CLI reads
// and checks the KPI file, is taken by the next engine with that engine's own allowed folders
// (the lockdown holds); a spare that died is replaced by a fresh child; a spare nobody takes
// never keeps a process alive and ends with its parent; the bundled `kpilens run` forks its
// child before it reads the bundle, and the bundle takes that child (one fork in all).
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError } from '../../../src/core/engine/backends/engine';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { waitUntilGone } from './processState';
import { REPO_ROOT } from '../helpers';

const ENGINE_JS = path.resolve(__dirname, '../../../src/core/engine/backends/duckdbEngine.js');

describe('engine: a DuckDB child forked ahead of need', function () {
  this.timeout(60_000);
  let root: string;
  let dataDir: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-prespawn-'));
    dataDir = path.join(root, 'data');
    fs.mkdirSync(dataDir);
    fs.writeFileSync(path.join(dataDir, 'a.csv'), 'x\n1\n2\n');
    fs.writeFileSync(path.join(root, 'secret.csv'), 'x\n42\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is taken by the next engine, with that engine’s allowed folders: in them it reads, outside it is refused', async () => {
    DuckDbEngine.prespawn();
    const spare = DuckDbEngine.sparePid;
    assert.ok(spare !== undefined, 'a spare child runs');
    const engine = new DuckDbEngine({ allowedDirectories: [dataDir] });
    try {
      const rows = await engine.query(`SELECT sum(x) AS s FROM read_csv('${path.join(dataDir, 'a.csv')}')`);
      assert.equal(Number(rows[0].s), 3); // 1 + 2
      assert.equal(engine.pid, spare, 'the engine runs in the spare child');
      assert.equal(DuckDbEngine.sparePid, undefined, 'taken: no spare left');
      const refused = await engine.query(`SELECT * FROM read_csv('${path.join(root, 'secret.csv')}')`).catch((e) => e);
      assert.ok(refused instanceof EngineError && refused.kind === 'query', String(refused));
      assert.match(refused.message, /Permission Error|disabled/);
    } finally {
      await engine.close();
    }
  });

  it('a spare that died is replaced by a child of the engine’s own', async () => {
    DuckDbEngine.prespawn();
    const spare = DuckDbEngine.sparePid;
    assert.ok(spare !== undefined);
    // Killed just before an engine takes it (the engine may or may not know yet): either way
    // the query runs in a child of the engine's own.
    process.kill(spare, 'SIGKILL');
    const engine = new DuckDbEngine({ allowedDirectories: [dataDir] });
    try {
      const rows = await engine.query('SELECT 7 AS seven');
      assert.equal(rows[0].seven, 7);
      assert.notEqual(engine.pid, spare);
    } finally {
      await engine.close();
    }
  });

  it('a spare nobody takes does not keep its parent alive, and ends with it', async () => {
    const script = `
      const { DuckDbEngine } = require(${JSON.stringify(ENGINE_JS)});
      DuckDbEngine.prespawn();
      console.log(DuckDbEngine.sparePid);`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.status, 0, result.stderr);
    const pid = Number(result.stdout.trim());
    assert.ok(Number.isInteger(pid) && pid > 0, result.stdout);
    assert.ok(await waitUntilGone(pid, 10_000), `the spare ${pid} still runs after its parent exited`);
  });

  it('the bundled `kpilens run` forks the child before reading its bundle, and the bundle takes it: one fork in all', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-binspare-'));
    try {
      fs.cpSync(path.join(REPO_ROOT, 'samples'), dir, { recursive: true });
      // A preload that records every fork of the CLI process (not of its children), with the
      // modules loaded at that moment.
      const forks = path.join(dir, 'forks.jsonl');
      const preload = path.join(dir, 'preload.js');
      fs.writeFileSync(
        preload,
        `const cp = require('child_process'); const fork = cp.fork; const me = process.pid;
         cp.fork = function (file, ...rest) {
           if (process.pid === me) require('fs').appendFileSync(${JSON.stringify(forks)}, JSON.stringify({ file, bundle: Object.keys(require.cache).some((m) => m.endsWith('cli.js')) }) + '\\n');
           return fork.call(this, file, ...rest);
         };`,
      );
      const result = spawnSync(
        process.execPath,
        [
          '--require',
          preload,
          path.join(REPO_ROOT, 'bin', 'kpilens.js'),
          'run',
          'loyalty.kpi.yaml',
          '--format',
          'json',
        ],
        { cwd: dir, encoding: 'utf8', timeout: 60_000, maxBuffer: 64 << 20 },
      );
      assert.ok(result.status === 0 || result.status === 1, result.stderr);
      assert.ok(JSON.parse(result.stdout).kpis.length > 0, 'the run gave its KPIs');
      const seen = fs
        .readFileSync(forks, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { file: string; bundle: boolean });
      assert.deepEqual(
        seen.map((f) => [path.basename(f.file), f.bundle]),
        [['duckdbWorker.js', false]],
        'one child, forked before dist/cli.js was loaded',
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

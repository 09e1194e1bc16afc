// Shared by the DuckDbEngine tests (duckdbEngine, duckdbEngineLockdown, duckdbEngineLifecycle):
// the folder each suite's engine may read (data/orders.csv inside, secret.csv and
// data-other/x.csv beside it), a query that runs for minutes unless interrupted, the bound
// for "quickly", and the waits and error checks on a query and the engine's child process.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { EngineError, type EngineErrorKind } from '../../../src/core/engine/backends/engine';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';

/** A query that runs for minutes unless interrupted. */
export const LONG_QUERY = 'SELECT count(*) AS n FROM range(10_000_000_000) a WHERE a.range % 7 = 3';
/** Generous bound for "quickly" on a busy 2-core machine. */
export const QUICK_MS = 5000;

export const ENGINE_JS = path.resolve(__dirname, '../../../src/core/engine/backends/duckdbEngine.js');

async function rejection(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the query to fail');
}

export async function expectKind(
  promise: Promise<unknown>,
  kind: EngineErrorKind,
  message?: RegExp,
): Promise<EngineError> {
  const error = await rejection(promise);
  assert.equal(error.kind, kind, `kind of: ${error.message}`);
  if (message) assert.match(error.message, message);
  return error;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until the engine has a running child (the first query forks it lazily). */
export async function waitForPid(engine: DuckDbEngine): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const pid = engine.pid;
    if (pid !== undefined) return pid;
    await sleep(20);
  }
  assert.fail('the engine did not start a child');
}

/** A temporary folder: `dataDir` (data/orders.csv) to allow, and secret.csv and data-other/x.csv outside it. */
export function makeEngineFolder(): { root: string; dataDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-engine-'));
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  fs.writeFileSync(path.join(dataDir, 'orders.csv'), 'id,amount,day\n1,10.5,2025-01-30\n2,4.5,2025-01-31\n');
  fs.writeFileSync(path.join(root, 'secret.csv'), 'a,b\n1,2\n');
  fs.mkdirSync(path.join(root, 'data-other'));
  fs.writeFileSync(path.join(root, 'data-other', 'x.csv'), 'a\n1\n');
  return { root, dataDir };
}

/** The folder and engine a DuckDbEngine suite shares. */
export interface EngineSuite {
  root: string;
  dataDir: string;
  engine: DuckDbEngine;
}

/**
 * Registers the suite's hooks: before, a fresh engine folder (makeEngineFolder) and an engine
 * allowed its data folder, handed to `set`; after, the engine closed and the folder removed.
 */
export function withEngineSuite(set: (suite: EngineSuite) => void): void {
  let suite: EngineSuite | undefined;
  before(() => {
    const { root, dataDir } = makeEngineFolder();
    suite = { root, dataDir, engine: new DuckDbEngine({ allowedDirectories: [dataDir] }) };
    set(suite);
  });
  after(async () => {
    if (!suite) return;
    await suite.engine.close();
    fs.rmSync(suite.root, { recursive: true, force: true });
  });
}

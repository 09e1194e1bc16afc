// The answers a SQL listing shares between its KPIs (statementReplay.ts): a read-only statement
// is answered again only after the same session changes; every other statement always runs.
import { strict as assert } from 'assert';
import { RecordingEngine } from '../../../src/core/engine/backends/recordingEngine';
import { isReadOnly, StatementReplay } from '../../../src/core/engine/backends/statementReplay';
import { EngineError } from '../../../src/core/engine/backends/engine';
import type { Engine, SqlRow } from '../../../src/core/engine/backends/engine';

/** An engine whose temporary table `t` holds the number its last CREATE wrote; counts what ran. */
class TableEngine implements Engine {
  readonly ran: string[] = [];
  private t = 0;
  fail: EngineError | undefined;
  async query(sql: string): Promise<SqlRow[]> {
    this.ran.push(sql);
    if (this.fail) throw this.fail;
    const created = /^CREATE TEMP TABLE t AS SELECT (\d+)/.exec(sql);
    if (created) this.t = Number(created[1]);
    return [{ v: sql.includes('FROM t') ? this.t : 1 }];
  }
  async close(): Promise<void> {}
}

describe('statements a SQL listing shares between its KPIs', () => {
  it('answers a read-only statement again, recorded in each KPI, run once', async () => {
    const inner = new TableEngine();
    const replay = new StatementReplay();
    const first = new RecordingEngine(inner, [], replay);
    const second = new RecordingEngine(inner, [], replay);
    assert.deepEqual(await first.query('SELECT max(d) FROM f'), [{ v: 1 }]);
    const rows = await second.query('SELECT max(d) FROM f');
    assert.deepEqual(rows, [{ v: 1 }]);
    rows[0].v = 99; // the caller's copy
    assert.deepEqual(await new RecordingEngine(inner, [], replay).query('SELECT max(d) FROM f'), [{ v: 1 }]);
    assert.deepEqual(first.statements, ['SELECT max(d) FROM f']);
    assert.deepEqual(second.statements, ['SELECT max(d) FROM f']);
    assert.equal(inner.ran.length, 1);
    assert.equal(replay.replayed, 2);
  });

  it('runs a read of a temporary table again when the statements that filled it differ', async () => {
    const inner = new TableEngine();
    const replay = new StatementReplay();
    const a = new RecordingEngine(inner, [], replay);
    await a.query('CREATE TEMP TABLE t AS SELECT 1');
    assert.deepEqual(await a.query('SELECT v FROM t'), [{ v: 1 }]);
    const b = new RecordingEngine(inner, [], replay);
    await b.query('CREATE TEMP TABLE t AS SELECT 2');
    assert.deepEqual(await b.query('SELECT v FROM t'), [{ v: 2 }]);
    // The same changes as the first KPI's: answered again; the CREATE itself always runs.
    const c = new RecordingEngine(inner, [], replay);
    await c.query('CREATE TEMP TABLE t AS SELECT 1');
    assert.deepEqual(await c.query('SELECT v FROM t'), [{ v: 1 }]);
    assert.deepEqual(inner.ran, [
      'CREATE TEMP TABLE t AS SELECT 1',
      'SELECT v FROM t',
      'CREATE TEMP TABLE t AS SELECT 2',
      'SELECT v FROM t',
      'CREATE TEMP TABLE t AS SELECT 1',
    ]);
  });

  it("answers a statement's error again, but runs again after a cancellation", async () => {
    const inner = new TableEngine();
    const replay = new StatementReplay();
    inner.fail = new EngineError('query', 'Binder Error: no column x');
    await assert.rejects(new RecordingEngine(inner, [], replay).query('SELECT x FROM f'), /no column x/);
    await assert.rejects(new RecordingEngine(inner, [], replay).query('SELECT x FROM f'), /no column x/);
    assert.equal(inner.ran.length, 1);
    inner.fail = new EngineError('cancelled', 'the query was cancelled');
    await assert.rejects(new RecordingEngine(inner, [], replay).query('SELECT y FROM f'), /cancelled/);
    await new Promise((r) => setImmediate(r));
    inner.fail = undefined;
    assert.deepEqual(await new RecordingEngine(inner, [], replay).query('SELECT y FROM f'), [{ v: 1 }]);
    assert.equal(inner.ran.length, 3);
  });

  it('tells read-only statements from those that change the session or read a clock', () => {
    for (const sql of [
      'SELECT 1',
      '  -- as_of\nWITH b AS (SELECT 1) SELECT * FROM b',
      'DESCRIBE SELECT a FROM t',
      '/* x */ select 2',
    ])
      assert.equal(isReadOnly(sql), true, sql);
    for (const sql of [
      'CREATE TEMP TABLE t AS SELECT 1',
      'DROP TABLE IF EXISTS t',
      'SET threads = 1',
      "SELECT count(*) FROM read_csv('f.csv', store_rejects = true)",
      'SELECT setseed(0.5)',
      'SELECT random() AS r',
      'SELECT current_date',
      'SELECT now()',
      "COPY (SELECT 1) TO 'x.parquet'",
    ])
      assert.equal(isReadOnly(sql), false, sql);
  });
});

// Tests of DuckDbEngine against real DuckDB in a real child process: value conversion,
// parameters and errors. The file-access lockdown: duckdbEngineLockdown.test.ts; cancellation,
// timeouts, crashes, close() and the parent process: duckdbEngineLifecycle.test.ts.

import { strict as assert } from 'assert';
import * as path from 'path';
import type { SqlValue } from '../../../src/core/engine/backends/engine';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { isolatedWorkerCopy } from '../helpers';
import { expectKind, withEngineSuite } from './duckdbEngineHelpers';

describe('DuckDbEngine', function () {
  this.timeout(30_000);

  let root: string;
  let dataDir: string;
  let engine: DuckDbEngine;

  withEngineSuite((s) => ({ root, dataDir, engine } = s));

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
});

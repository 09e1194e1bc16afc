// Tests of DuckDbEngine's file-access lockdown against real DuckDB in a real child process:
// files inside the allowed folders are read; files, globs and links outside them, the network,
// extensions and writes are refused; SQL cannot undo the lockdown; memory_limit and threads
// apply, and a configuration DuckDB refuses is reported.

import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { expectKind, withEngineSuite } from './duckdbEngineHelpers';

describe('DuckDbEngine', function () {
  this.timeout(30_000);

  let root: string;
  let dataDir: string;
  let engine: DuckDbEngine;

  withEngineSuite((s) => ({ root, dataDir, engine } = s));

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
});

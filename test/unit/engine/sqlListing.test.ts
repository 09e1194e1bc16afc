// The SQL listing of a KPI file (sqlListing.ts), shared by `kpilens sql` and the editor's
// "Show SQL": one block per KPI, its header counting the statements that really ran, and the
// same text the CLI prints. DuckDB on the sample's files here; PostgreSQL in
// postgresTableColumns.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { allowedDirectories } from '../../../src/core/engine/backends/allowedDirectories';
import { duckdbDialect } from '../../../src/core/engine/sql/dialect';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { kpiSqlListing, sqlListingText } from '../../../src/core/engine/evaluation/sqlListing';
import { StatementReplay } from '../../../src/core/engine/backends/statementReplay';
import type { Engine, QueryOptions, SqlRow, SqlValue } from '../../../src/core/engine/backends/engine';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { REPO_ROOT, runCli } from '../helpers';

const SAMPLE = path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml');

describe('the SQL listing of a KPI file', function () {
  this.timeout(60_000);
  let engine: DuckDbEngine;
  after(async () => engine?.close());

  it('one block per KPI asked, in that order; each header counts its statements; the text is what kpilens sql prints', async () => {
    const check = await checkKpiFile(SAMPLE, fs.readFileSync(SAMPLE, 'utf8'));
    engine = new DuckDbEngine({ allowedDirectories: allowedDirectories(check) });
    const blocks = [];
    for await (const b of kpiSqlListing(check, { engine, dialect: duckdbDialect, kpis: ['orders', 'average_basket'] }))
      blocks.push(b);
    assert.deepEqual(
      blocks.map((b) => b.kpi),
      ['orders', 'average_basket'],
    );
    // orders: 4 sources profiled (orders, customers, survey, marketing_spend) + 1 scan of orders = 5.
    assert.equal(blocks[0].statements.length, 5);
    for (const b of blocks) {
      assert.ok(
        b.text.startsWith(`-- KPI ${b.kpi} (DuckDB): ${b.statements.length} statements\n`),
        b.text.slice(0, 80),
      );
      assert.equal(
        b.text,
        `-- KPI ${b.kpi} (DuckDB): ${b.statements.length} statements\n` + b.statements.map((s) => `${s};\n\n`).join(''),
      );
      assert.deepEqual(b.errors, []);
    }
    const text = await sqlListingText(check, { engine, dialect: duckdbDialect, kpis: ['orders', 'average_basket'] });
    assert.equal(text, blocks.map((b) => b.text).join(''));
    const cli = await runCli(['sql', 'samples/loyalty.kpi.yaml', '--kpi', 'orders', 'average_basket']);
    assert.equal(cli.code, 0, cli.err);
    assert.equal(cli.out, text);
  });

  it('what the KPIs share runs once, and each block is the one the KPI listed alone gives', async () => {
    const check = await checkKpiFile(SAMPLE, fs.readFileSync(SAMPLE, 'utf8'));
    engine ??= new DuckDbEngine({ allowedDirectories: allowedDirectories(check) });
    const names = [...check.model.kpis.keys()];
    // Each KPI alone, in a listing of its own: nothing shared.
    let alone = '';
    for (const kpi of names) alone += await sqlListingText(check, { engine, dialect: duckdbDialect, kpis: [kpi] });
    const counted = new CountingEngine(engine);
    const replay = new StatementReplay();
    const together = await sqlListingText(check, { engine: counted, dialect: duckdbDialect, replay });
    assert.equal(together, alone);
    // The sample's 4 sources are dated by one statement each, listed in every KPI's block and run once.
    const dating = (sql: string) => sql.startsWith('SELECT CAST(min(d) AS VARCHAR) AS mn');
    const listed = together.split(';\n\n').filter((s) => dating(s.replace(/^--[^\n]*\n/gm, ''))).length;
    assert.equal(listed, 4 * names.length);
    assert.equal(counted.ran.filter(dating).length, 4);
    // Each CSV source is read (its inference, typed profile) once in the whole listing.
    const inference = counted.ran.filter((sql) => sql.includes('"distinct_values"'));
    assert.equal(inference.length, 4, inference.join('\n').slice(0, 400));
    assert.ok(replay.replayed > 0);
  });
});

/** Runs every query on another engine and keeps the text of each one it ran. */
class CountingEngine implements Engine {
  readonly ran: string[] = [];
  constructor(private readonly inner: Engine) {}
  query(sql: string, params?: SqlValue[], options?: QueryOptions): Promise<SqlRow[]> {
    this.ran.push(sql);
    return this.inner.query(sql, params, options);
  }
  async close(): Promise<void> {}
}

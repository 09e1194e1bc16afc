// Table sources in a real VS Code, on a REAL throwaway PostgreSQL server (test/unit/engine/
// postgresServer.ts; run-tests.mjs installs Debian's postgresql when it is missing, and this
// suite fails, not skips, without it): the password stored with "Set connection password"
// (SecretStorage) runs a KPI on a table — the value equals DuckDB's on the same rows as a CSV
// file and the sum computed by hand; Show SQL shows PostgreSQL's SQL, the text `kpilens sql`
// prints; a wrong password, a refused connection and a missing table are diagnostics naming
// the connection (or table), within a bounded time; an undefined connection name is a
// diagnostic with a did-you-mean, a column the table lacks one when the file runs.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { postgresBinDir, startPostgres, type PostgresServer } from '../../unit/engine/postgresServer';
import { cliSql, kpiDiagnostics, waitFor, workspaceUri } from '../helpers';

/** The rows of analytics.orders, and the same as a CSV file for DuckDB. */
const ROWS: Array<[string, string, string, string, string]> = [
  ['o1', 'c1', '2025-06-02', '10.50', 'paid'],
  ['o2', 'c2', '2025-06-15', '4.25', 'paid'],
  ['o3', 'c1', '2025-05-20', '7.00', 'paid'],
  ['o4', 'c3', '2025-06-30', '20.00', 'refunded'],
];
/** Paid revenue of June 2025 by hand: o1 + o2 = 10.50 + 4.25 = 14.75 (o4 is refunded); of May: o3 = 7. */
const JUNE = 14.75;
const MAY = 7;

/** A KPI file on `source` (lines 3–…); the KPI `revenue` sums paid amounts per month. */
function kpiFile(...source: string[]): string {
  return [
    'kpilens: 1',
    'as_of: 2025-06-30',
    'sources:',
    '  orders:',
    ...source,
    '    time: order_date',
    'periods:',
    '  monthly: { grain: month, last: 2 }',
    'kpis:',
    '  revenue:',
    '    type: sum',
    '    source: orders',
    '    column: amount',
    '    where: "status = \'paid\'"',
    '    period: monthly',
    '',
  ].join('\n');
}

type Rows = { period: string; value: number | null }[];
const valuesOf = (result: { kpis: { name: string; rows: Rows }[] } | undefined) =>
  result?.kpis.find((k) => k.name === 'revenue')?.rows.map((r) => [r.period, r.value]);

describe('KPI Lens in a real VS Code: table sources on PostgreSQL', function () {
  this.timeout(120_000);
  let server: PostgresServer;
  const tableFile = workspaceUri('pg', 'orders.kpi.yaml');
  const csvFile = workspaceUri('pg', 'orders-files.kpi.yaml');
  const connections = workspaceUri('pg', 'kpilens.connections.yaml');
  const envBefore = { KPILENS_PG_PASSWORD_PG: process.env.KPILENS_PG_PASSWORD_PG, PGPASSWORD: process.env.PGPASSWORD };

  before(async () => {
    const bin = postgresBinDir();
    // Not a skip: run-tests.mjs installs PostgreSQL (scripts/install-postgres.sh) before the suite.
    if (!bin)
      throw new Error(
        'no PostgreSQL binaries in /usr/lib/postgresql/*/bin: run scripts/install-postgres.sh (run-tests.mjs does)',
      );
    // The server runs as the `postgres` user when root: its folder goes where that user can reach it.
    server = await startPostgres(bin, '/tmp');
    const admin = new PostgresEngine({
      name: 'setup',
      host: server.host,
      port: server.port,
      database: server.database,
      user: server.user,
      password: server.password,
    });
    try {
      await admin.query('CREATE SCHEMA analytics');
      await admin.query(
        'CREATE TABLE analytics.orders (order_id text, customer_id text, order_date date, amount numeric(12,2), status text)',
      );
      for (const r of ROWS)
        await admin.query('INSERT INTO analytics.orders VALUES ($1, $2, $3::date, $4::numeric, $5)', r);
    } finally {
      await admin.close();
    }
    // Only SecretStorage may give the password in this test.
    delete process.env.KPILENS_PG_PASSWORD_PG;
    delete process.env.PGPASSWORD;
    fs.mkdirSync(workspaceUri('pg', 'data').fsPath, { recursive: true });
    fs.writeFileSync(
      workspaceUri('pg', 'data', 'orders.csv').fsPath,
      ['order_id,customer_id,order_date,amount,status', ...ROWS.map((r) => r.join(','))].join('\n') + '\n',
    );
    fs.writeFileSync(
      connections.fsPath,
      [
        'connections:',
        '  pg:',
        '    dialect: postgres',
        `    host: ${server.host}`,
        `    port: ${server.port}`,
        `    database: ${server.database}`,
        `    user: ${server.user}`,
        '    connect_timeout_ms: 3000',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(tableFile.fsPath, kpiFile('    table: analytics.orders', '    connection: pg'));
    fs.writeFileSync(csvFile.fsPath, kpiFile('    file: data/orders.csv'));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('kpilens.forgetConnectionPassword', 'pg');
    for (const [k, v] of Object.entries(envBefore)) if (v !== undefined) process.env[k] = v;
    server?.stop();
    fs.rmSync(workspaceUri('pg').fsPath, { recursive: true, force: true });
  });

  it('a password stored with "Set connection password" runs the KPI on the table: the values DuckDB gives on the same rows, and the hand sums', async () => {
    const doc = await vscode.workspace.openTextDocument(tableFile);
    await vscode.window.showTextDocument(doc);
    assert.strictEqual(
      await vscode.commands.executeCommand('kpilens.setConnectionPassword', 'pg', server.password),
      'pg',
    );
    const onTable = await vscode.commands.executeCommand<{ kpis: { name: string; rows: Rows }[] } | undefined>(
      'kpilens.runKpi',
      tableFile,
      'revenue',
    );
    const onFile = await vscode.commands.executeCommand<{ kpis: { name: string; rows: Rows }[] } | undefined>(
      'kpilens.runKpi',
      csvFile,
      'revenue',
    );
    assert.deepStrictEqual(valuesOf(onTable), [
      ['2025-05', MAY],
      ['2025-06', JUNE],
    ]);
    assert.deepStrictEqual(valuesOf(onTable), valuesOf(onFile));
    // A valid file on a defined connection: no KPI Lens diagnostic.
    assert.deepStrictEqual(
      kpiDiagnostics(tableFile).map((d) => d.message),
      [],
    );
  });

  it('"Show SQL" on the table file shows PostgreSQL\'s SQL, the text `kpilens sql` prints with the password in its environment', async () => {
    const doc = await vscode.workspace.openTextDocument(tableFile);
    const sql = await vscode.commands.executeCommand<string | undefined>('kpilens.showSql', doc.uri, 'revenue');
    assert.ok(sql);
    assert.match(sql, /^-- KPI revenue \(PostgreSQL\): \d+ statements\n/);
    assert.match(sql, /FROM "analytics"\."orders"/);
    assert.doesNotMatch(sql, /read_csv|TRY_CAST/);
    assert.strictEqual(
      sql,
      await cliSql(tableFile.fsPath, ['--kpi', 'revenue'], { ...process.env, KPILENS_PG_PASSWORD_PG: server.password }),
    );
    assert.strictEqual(vscode.window.activeTextEditor?.document.languageId, 'sql');
    // Never the password in what is shown.
    assert.ok(!sql.includes(server.password));
  });

  it('a wrong password: a diagnostic naming the connection on its `connection:` value, quickly; the extension host stays up', async () => {
    assert.strictEqual(
      await vscode.commands.executeCommand('kpilens.setConnectionPassword', 'pg', 'not-the-password'),
      'pg',
    );
    const started = Date.now();
    const result = await vscode.commands.executeCommand('kpilens.runKpi', tableFile, 'revenue');
    assert.strictEqual(result, undefined);
    const failed = await waitFor(
      'a connection-failed diagnostic',
      () => {
        const d = kpiDiagnostics(tableFile).filter((x) => x.code === 'connection-failed');
        return d.length ? d : undefined;
      },
      15_000,
    );
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 15_000, `${elapsed} ms`);
    // Line 6 (0-based 5) is '    connection: pg': the value 'pg' spans characters 16–18.
    assert.deepStrictEqual(
      failed.map(
        (d) =>
          `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${vscode.DiagnosticSeverity[d.severity]}`,
      ),
      ['5:16-18 Error'],
    );
    assert.match(
      failed[0].message,
      /PostgreSQL connection 'pg' \(127\.0\.0\.1:\d+, database 'postgres', user 'kpilens'\) refused the login: wrong user or password\. Run 'KPI Lens: Set connection password…' for connection 'pg'/,
    );
    assert.ok(!failed[0].message.includes('not-the-password'));
    // The host still answers, and the right password makes the diagnostic go away.
    await vscode.commands.executeCommand('kpilens.setConnectionPassword', 'pg', server.password);
    assert.deepStrictEqual(valuesOf(await vscode.commands.executeCommand('kpilens.runKpi', tableFile, 'revenue')), [
      ['2025-05', MAY],
      ['2025-06', JUNE],
    ]);
    assert.deepStrictEqual(
      kpiDiagnostics(tableFile).filter((x) => x.code === 'connection-failed'),
      [],
    );
  });

  it('a refused connection and a missing table: diagnostics naming the connection and the table, quickly', async () => {
    const original = fs.readFileSync(connections.fsPath, 'utf8');
    const doc = await vscode.workspace.openTextDocument(tableFile);
    const editor = await vscode.window.showTextDocument(doc);
    try {
      // Port 1 on 127.0.0.1: nothing listens, the connection is refused at once.
      fs.writeFileSync(connections.fsPath, original.replace(`port: ${server.port}`, 'port: 1'));
      const started = Date.now();
      assert.strictEqual(await vscode.commands.executeCommand('kpilens.runKpi', tableFile, 'revenue'), undefined);
      const refused = await waitFor(
        'a connection-failed diagnostic',
        () => kpiDiagnostics(tableFile).find((d) => d.code === 'connection-failed'),
        15_000,
      );
      assert.ok(Date.now() - started < 15_000);
      assert.match(
        refused.message,
        /cannot reach the PostgreSQL connection 'pg' \(127\.0\.0\.1:1, database 'postgres', user 'kpilens'\)/,
      );
      fs.writeFileSync(connections.fsPath, original);
      // 'analytics.orders' (line 5, 0-based 4, from character 11) made 'analytics.nothing'.
      const text = doc.getText();
      await editor.edit((e) =>
        e.replace(
          new vscode.Range(
            doc.positionAt(text.indexOf('analytics.orders')),
            doc.positionAt(text.indexOf('analytics.orders') + 16),
          ),
          'analytics.nothing',
        ),
      );
      const run = await vscode.commands.executeCommand<{ kpis: { name: string; rows: Rows }[] } | undefined>(
        'kpilens.runKpi',
        tableFile,
        'revenue',
      );
      assert.strictEqual(valuesOf(run), undefined, 'revenue is not evaluated');
      const missing = await waitFor('a data-error diagnostic', () =>
        kpiDiagnostics(tableFile).find((d) => d.code === 'data-error'),
      );
      assert.strictEqual(`${missing.range.start.line}:${missing.range.start.character}`, '4:11');
      assert.match(missing.message, /table 'analytics\.nothing' of source 'orders' does not exist on connection 'pg'/);
      assert.deepStrictEqual(
        kpiDiagnostics(tableFile).filter((d) => d.code === 'connection-failed'),
        [],
        'the connection worked this time',
      );
    } finally {
      fs.writeFileSync(connections.fsPath, original);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });

  it('an undefined connection name is a diagnostic on it with a did-you-mean; a missing column is one when the file runs', async () => {
    const doc = await vscode.workspace.openTextDocument(tableFile);
    const editor = await vscode.window.showTextDocument(doc);
    const text = doc.getText();
    try {
      await editor.edit((e) =>
        e.replace(
          new vscode.Range(
            doc.positionAt(text.indexOf('connection: pg') + 12),
            doc.positionAt(text.indexOf('connection: pg') + 14),
          ),
          'pgg',
        ),
      );
      const unknown = await waitFor('an unknown-connection diagnostic', () =>
        kpiDiagnostics(tableFile).find((d) => d.code === 'unknown-connection'),
      );
      assert.strictEqual(
        `${unknown.range.start.line}:${unknown.range.start.character}-${unknown.range.end.character}`,
        '5:16-19',
      );
      assert.match(
        unknown.message,
        /connection 'pgg' of source 'orders' is not defined in .*kpilens\.connections\.yaml; did you mean 'pg'\?/,
      );
      // Defining 'pgg' in the connections file (not touching the KPI file) clears it.
      const original = fs.readFileSync(connections.fsPath, 'utf8');
      fs.writeFileSync(
        connections.fsPath,
        original + original.replace('connections:\n', '').replace('  pg:', '  pgg:'),
      );
      await waitFor(
        'the diagnostic gone after the connections file changed',
        () => (kpiDiagnostics(tableFile).some((d) => d.code === 'unknown-connection') ? undefined : true),
        15_000,
      );
      fs.writeFileSync(connections.fsPath, original);
      await vscode.commands.executeCommand('undo');
      // 'column: amount' (line 14, 0-based 13) made 'amout': the table has no such column.
      const now = doc.getText();
      await editor.edit((e) =>
        e.replace(
          new vscode.Range(
            doc.positionAt(now.indexOf('column: amount') + 8),
            doc.positionAt(now.indexOf('column: amount') + 14),
          ),
          'amout',
        ),
      );
      const run = await vscode.commands.executeCommand<{ kpis: { name: string; rows: Rows }[] } | undefined>(
        'kpilens.runKpi',
        tableFile,
        'revenue',
      );
      assert.strictEqual(valuesOf(run), undefined, 'revenue is not evaluated');
      const column = await waitFor('an unknown-column diagnostic', () =>
        kpiDiagnostics(tableFile).find((d) => d.code === 'unknown-column'),
      );
      assert.strictEqual(
        `${column.range.start.line}:${column.range.start.character}-${column.range.end.character}`,
        '13:12-17',
      );
      assert.match(
        column.message,
        /column 'amout' is not in source 'orders' \(table 'analytics\.orders'\), read by KPI 'revenue'; did you mean 'amount'\?/,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  });
});

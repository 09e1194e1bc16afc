// kpilens.connections.yaml: named PostgreSQL connections outside the KPI file, passwords
// from the environment only; and the checks of a source's location (file xor table on a
// connection) with their exact messages.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CONNECTIONS_FILE, loadConnections, parseConnections } from '../../../src/core/engine/connections/connections';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { lines } from '../helpers';

const FILE = '/project/kpilens.connections.yaml';

describe('kpilens.connections.yaml', () => {
  it('reads a connection with defaults, and its password from KPILENS_PG_PASSWORD_<NAME> before PGPASSWORD', () => {
    const text = lines(
      'connections:',
      '  analytics-eu:',
      '    dialect: postgres',
      '    host: db.internal',
      '    database: shop',
      '    user: kpi_reader',
      '    statement_timeout_ms: 60000',
    );
    const r = parseConnections(text, FILE, { KPILENS_PG_PASSWORD_ANALYTICS_EU: 's3cret', PGPASSWORD: 'other' });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.connections.get('analytics-eu'), {
      name: 'analytics-eu',
      host: 'db.internal',
      port: 5432,
      database: 'shop',
      user: 'kpi_reader',
      password: 's3cret',
      statementTimeoutMs: 60000,
    });
    const libpq = parseConnections(text, FILE, { PGPASSWORD: 'other' });
    assert.equal(libpq.connections.get('analytics-eu')?.password, 'other');
    const none = parseConnections(text, FILE, {});
    assert.equal(none.connections.get('analytics-eu')?.password, undefined);
  });

  it('refuses a password in the file, unknown settings, a bad port and a missing database, naming each', () => {
    const text = lines(
      'connections:',
      '  pg:',
      '    dialect: postgres',
      '    user: u',
      '    password: hunter2',
      '    port: 99999',
      '    sslmode: x',
    );
    const r = parseConnections(text, FILE, {});
    assert.equal(r.connections.size, 0);
    assert.deepEqual(r.errors, [
      `${FILE}: connection 'pg' holds a password: remove it and set KPILENS_PG_PASSWORD_PG (or PGPASSWORD) in the environment instead`,
      `${FILE}: connection 'pg' has an unknown setting 'sslmode' (known: dialect, host, port, database, user, connect_timeout_ms, statement_timeout_ms)`,
      `${FILE}: connection 'pg' 'port' must be an integer from 1 to 65535`,
      `${FILE}: connection 'pg' needs 'database'`,
    ]);
  });

  it('is found next to the KPI file first, then at the project root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-conn-'));
    try {
      const sub = path.join(root, 'kpis');
      fs.mkdirSync(sub);
      const conn = (db: string) =>
        lines('connections:', '  pg:', '    dialect: postgres', `    database: ${db}`, '    user: u');
      fs.writeFileSync(path.join(root, CONNECTIONS_FILE), conn('at_root'));
      assert.equal(loadConnections(sub, root, {}).connections.get('pg')?.database, 'at_root');
      fs.writeFileSync(path.join(sub, CONNECTIONS_FILE), conn('next_to_spec'));
      assert.equal(loadConnections(sub, root, {}).connections.get('pg')?.database, 'next_to_spec');
      assert.equal(loadConnections(path.join(os.tmpdir(), 'nowhere'), undefined, {}).file, undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('where a source reads from (file or table)', () => {
  const spec = (...source: string[]) =>
    lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      ...source,
      '    time: order_date',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  orders:',
      '    type: count',
      '    source: orders',
      '    period: monthly',
    );
  const errors = async (text: string) =>
    (await checkKpiFile('/tmp/x.kpi.yaml', text, { data: false })).diagnostics
      .filter((d) => d.code === 'source-location')
      .map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`);

  it('a table on a connection is valid', async () => {
    assert.deepEqual(await errors(spec('    table: analytics.orders', '    connection: warehouse')), []);
  });
  it('neither file nor table: on the source name (line 3, column 3)', async () => {
    assert.deepEqual(await errors(spec('    key: customer_id')), [
      "3:3 source 'orders' needs 'file' (a data file) or 'table' with 'connection' (a database table)",
    ]);
  });
  it('a table without connection: on the table value (line 4, column 12)', async () => {
    assert.deepEqual(await errors(spec('    table: orders')), [
      "4:12 source 'orders' reads table 'orders' but names no 'connection': add 'connection: NAME', a connection of kpilens.connections.yaml",
    ]);
  });
  it('a connection without table: on the connection value (line 5, column 17)', async () => {
    assert.deepEqual(await errors(spec('    file: data/orders.csv', '    connection: warehouse')), [
      "5:17 source 'orders' names a 'connection' but no 'table': a connection is only used to read a table",
    ]);
  });
});

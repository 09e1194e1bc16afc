// The editor's checks of table sources' connections (withConnectionChecks on a check result)
// against kpilens.connections.yaml: a missing file, an undefined name (with did-you-mean and
// its fix), a connection whose settings have errors, two connections in one file, and a
// failure at run time placed on the `connection:` values. Positions counted by hand.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { connectionFailure, withConnectionChecks } from '../../../src/core/engine/connections/connectionChecks';
import { lines } from '../helpers';

/** Lines 1–6: two table sources (orders on `ordersConn`, customers on `customersConn`); a period; a KPI. */
function spec(ordersConn: string, customersConn = ordersConn): string {
  return lines(
    'kpilens: 1',
    'sources:',
    '  orders:',
    '    table: analytics.orders',
    `    connection: ${ordersConn}`,
    '    time: order_date',
    '  customers:',
    '    table: analytics.customers',
    `    connection: ${customersConn}`,
    '    time: signup_date',
    'periods:',
    '  monthly: { grain: month, last: 3 }',
    'kpis:',
    '  orders:',
    '    type: count',
    '    source: orders',
    '    period: monthly',
    '  people:',
    '    type: count',
    '    source: customers',
    '    period: monthly',
  );
}

const CONNECTIONS = lines(
  'connections:',
  '  warehouse:',
  '    dialect: postgres',
  '    host: db.internal',
  '    database: shop',
  '    user: kpi_reader',
  '  staging:',
  '    dialect: postgres',
  '    database: shop_staging',
  '    user: kpi_reader',
);

describe('connection checks of table sources (editor)', () => {
  let root: string;
  let project: string;
  let sub: string;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-connchecks-'));
    project = path.join(root, 'project');
    sub = path.join(project, 'kpis');
    fs.mkdirSync(sub, { recursive: true });
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const check = async (text: string, connections = true) => {
    const checked = await checkKpiFile(path.join(sub, 'x.kpi.yaml'), text, { dataRoot: project });
    return connections ? withConnectionChecks(checked, project) : checked;
  };
  const rows = async (text: string) =>
    (await check(text)).diagnostics.map(
      (d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.column} ${d.severity} ${d.code} ${d.message}`,
    );

  it('a defined connection (file at the project root) gives no diagnostic; kpilens check does not look (the file is absent in CI)', async () => {
    fs.writeFileSync(path.join(project, 'kpilens.connections.yaml'), CONNECTIONS);
    assert.deepEqual(await rows(spec('warehouse')), []);
    fs.rmSync(path.join(project, 'kpilens.connections.yaml'));
    assert.deepEqual((await check(spec('warehouse'), false)).diagnostics, []);
  });

  it('no connections file: an error on each connection value, saying where it was looked for and what to write', async () => {
    const got = await rows(spec('warehouse'));
    assert.equal(got.length, 2);
    // Line 5 is '    connection: warehouse': the value starts at column 17 and ends before column 26.
    assert.ok(
      got[0].startsWith(
        `5:17-26 error unknown-connection source 'orders' reads table 'analytics.orders' on connection 'warehouse', but there is no kpilens.connections.yaml next to this file (${sub}) or at the project root (${project}): create it`,
      ),
      got[0],
    );
    assert.ok(
      got[1].startsWith(
        "9:17-26 error unknown-connection source 'customers' reads table 'analytics.customers' on connection 'warehouse'",
      ),
      got[1],
    );
  });

  it('an undefined name: did-you-mean with its fix, or the names the file defines', async () => {
    const file = path.join(sub, 'kpilens.connections.yaml');
    fs.writeFileSync(file, CONNECTIONS);
    const c = await check(spec('warehuose'));
    // 'warehuose' is 'warehouse' with two letters swapped: one typo.
    assert.deepEqual(
      c.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`),
      [
        `5:17 unknown-connection connection 'warehuose' of source 'orders' is not defined in ${file}; did you mean 'warehouse'?`,
        `9:17 unknown-connection connection 'warehuose' of source 'customers' is not defined in ${file}; did you mean 'warehouse'?`,
      ],
    );
    const fix = c.diagnostics[0].fixes?.[0];
    assert.equal(fix?.newText, 'warehouse');
    assert.equal(c.document.source.text.slice(fix.range.startOffset, fix.range.endOffset), 'warehuose');
    const far = await rows(spec('analytics'));
    assert.match(
      far[0],
      /connection 'analytics' of source 'orders' is not defined in .*; it defines warehouse, staging$/,
    );
  });

  it('a connection whose settings are wrong: its own errors only (not those of other connections)', async () => {
    const file = path.join(project, 'kpilens.connections.yaml');
    fs.writeFileSync(
      file,
      CONNECTIONS + lines('  broken:', '    dialect: postgres', '    user: u', '    password: hunter2'),
    );
    assert.deepEqual(await rows(spec('warehouse')), []);
    const got = await rows(spec('broken'));
    assert.equal(
      got[0],
      `5:17-23 error unknown-connection connection 'broken' of source 'orders' cannot be used: ${file}: connection 'broken' holds a password: remove it and set KPILENS_PG_PASSWORD_BROKEN (or PGPASSWORD) in the environment instead; ${file}: connection 'broken' needs 'database'`,
    );
    // Never the password itself.
    assert.ok(!got.join('\n').includes('hunter2'));
    fs.writeFileSync(file, 'connections: [a, b]\n');
    assert.match(
      (await rows(spec('warehouse')))[0],
      /connection 'warehouse' of source 'orders' cannot be used: .*: expected a 'connections:' map of named connections/,
    );
  });

  it('two connections in one file: an unsupported-feature error on the second', async () => {
    fs.writeFileSync(path.join(project, 'kpilens.connections.yaml'), CONNECTIONS);
    assert.deepEqual(await rows(spec('warehouse', 'staging')), [
      "9:17-24 error unsupported-feature source 'customers' reads connection 'staging' but source 'orders' reads 'warehouse': a KPI file runs on one connection",
    ]);
  });

  it('a failure at run time goes on the connection value of each source using that connection', async () => {
    const c = await check(spec('warehouse', 'staging'), false);
    const failed = connectionFailure(
      c.document,
      c.model,
      'warehouse',
      "PostgreSQL connection 'warehouse' (…) refused the login",
    );
    assert.deepEqual(
      failed.map((d) => `${d.range.start.line}:${d.range.start.column}-${d.range.end.column} ${d.code}`),
      ['5:17-26 connection-failed'],
    );
  });
});

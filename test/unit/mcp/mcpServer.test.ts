// `kpilens mcp` driven by the MCP SDK's own client over stdio: the built CLI spawned in a
// temporary folder with one KPI file and its data, the tools listed, called and refused as an
// assistant would. Every expected number is computed by hand from the data below.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from '../helpers';

// January: 10.50 (web) + 4.50 (store) = 15.00; February (the month of as_of): 7.00 (web).
const ORDERS =
  'order_date,customer_id,amount,channel\n2025-01-05,c1,10.5,web\n2025-01-20,c2,4.5,store\n2025-02-03,c1,7,web\n';
const SHOP = [
  'kpilens: 1',
  'as_of: 2025-02-28',
  'sources:',
  '  orders: { file: orders.csv, time: order_date }',
  'periods:',
  '  monthly: { grain: month, last: 2, compare: previous }',
  'defaults: { period: monthly, owner: CRM team }',
  'kpis:',
  '  revenue: { title: Revenue, type: sum, source: orders, column: amount }',
  '',
].join('\n');
// In sub/: a data file outside the folder (line 3: the source at column 3, its file at column 19, after `  stolen: { file: `).
const LEAKY = ['kpilens: 1', 'sources:', '  stolen: { file: ../../secret.csv }', 'kpis: {}', ''].join('\n');

interface ToolResult {
  content: { type: string; text: string }[];
  isError?: boolean;
}

describe('kpilens mcp (the MCP SDK client over stdio)', function () {
  this.timeout(60000);
  let parent: string;
  let dir: string;
  let client: Client;

  before(async () => {
    parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-mcp-')));
    dir = path.join(parent, 'project');
    fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
    fs.writeFileSync(path.join(parent, 'secret.csv'), 'password\nhunter2\n');
    fs.writeFileSync(path.join(parent, 'outside.kpi.yaml'), SHOP);
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(dir, 'shop.kpi.yaml'), SHOP);
    fs.writeFileSync(path.join(dir, 'sub', 'leaky.kpi.yaml'), LEAKY);
    fs.symlinkSync(path.join(parent, 'outside.kpi.yaml'), path.join(dir, 'link.kpi.yaml'));
    client = new Client({ name: 'kpilens-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'mcp'],
        cwd: dir,
        stderr: 'pipe',
      }),
    );
  });

  after(async () => {
    await client?.close();
    fs.rmSync(parent, { recursive: true, force: true });
  });

  const call = async (name: string, args: Record<string, unknown>): Promise<ToolResult> =>
    (await client.callTool({ name, arguments: args })) as ToolResult;
  const json = async (name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> => {
    const r = await call(name, args);
    assert.notStrictEqual(r.isError, true, r.content[0]?.text);
    return JSON.parse(r.content[0].text) as Record<string, unknown>;
  };

  it('lists seven read-only tools', async () => {
    const { tools } = await client.listTools();
    assert.deepStrictEqual(tools.map((t) => [t.name, t.annotations?.readOnlyHint]).sort(), [
      ['check', true],
      ['describe_kpi', true],
      ['diff', true],
      ['explain', true],
      ['list_kpis', true],
      ['run', true],
      ['test', true],
    ]);
  });

  it('lists and describes KPIs', async () => {
    const list = await json('list_kpis', { file: 'shop.kpi.yaml' });
    const revenue = {
      name: 'revenue',
      title: 'Revenue',
      type: 'sum',
      definition: 'Sum of the non-null values of `column` over the rows dated in the period; 0 when there are none.',
      description: null,
      source: 'orders',
      fields: { column: 'amount' },
      where: null,
      period: 'monthly',
      segments: [],
      owner: 'CRM team',
      tags: [],
      target: null,
      direction: 'higher_is_better',
      format: 'number',
    };
    assert.deepStrictEqual(list, {
      folder: dir,
      files: [{ file: 'shop.kpi.yaml', title: null, errors: 0, kpis: [revenue] }],
    });
    // Without a file: every KPI file of the folder that lies inside it (not link.kpi.yaml, a link to outside).
    const all = await json('list_kpis', {});
    assert.deepStrictEqual(
      (all.files as { file: string }[]).map((f) => f.file),
      ['shop.kpi.yaml', 'sub/leaky.kpi.yaml'],
    );
    const described = await json('describe_kpi', { file: 'shop.kpi.yaml', kpi: 'revenue' });
    assert.deepStrictEqual(
      { ...described, explanation: undefined },
      { file: 'shop.kpi.yaml', line: 9, ...revenue, explanation: undefined, diagnostics: [] },
    );
    assert.match(String(described.explanation), /^\*\*Revenue\*\* · `revenue` · Sum\n/);
    // A KPI with a problem in its definition: the problem comes with it (`amout` at line 9, column 65: `  revenue: { ` 13 + `title: Revenue, ` 16 + `type: sum, ` 11 + `source: orders, ` 16 + `column: ` 8 = 64 characters before it).
    fs.writeFileSync(
      path.join(dir, 'sub', 'typo.kpi.yaml'),
      SHOP.replace('column: amount', 'column: amout').replace('orders.csv', '../orders.csv'),
    );
    const typo = await json('describe_kpi', { file: 'sub/typo.kpi.yaml', kpi: 'revenue' });
    assert.deepStrictEqual(
      (typo.diagnostics as { line: number; column: number; code: string }[]).map((d) => [d.line, d.column, d.code]),
      [[9, 65, 'unknown-column']],
    );
    fs.rmSync(path.join(dir, 'sub', 'typo.kpi.yaml'));
  });

  it('runs a file: the JSON report of kpilens run --format json', async () => {
    const report = await json('run', { file: 'shop.kpi.yaml' });
    const kpis = report.kpis as { name: string; rows: unknown[] }[];
    assert.strictEqual(report.as_of, '2025-02-28');
    assert.deepStrictEqual(
      kpis.map((k) => k.name),
      ['revenue'],
    );
    // February 7 against January 15: change (7 − 15) / 15 = −0.5333…, delta −8.
    assert.deepStrictEqual(kpis[0].rows, [
      { period: '2025-01', segment: {}, value: 15, previous: 0, change: null, delta: 15, status: null },
      { period: '2025-02', segment: {}, value: 7, previous: 15, change: (7 - 15) / 15, delta: -8, status: null },
    ]);
    assert.deepStrictEqual(report.diagnostics, []);
    // An earlier "today", 2025-01-31: the last two months are December (no order: 0) and January (15).
    const earlier = await json('run', { file: 'shop.kpi.yaml', kpis: ['revenue'], as_of: '2025-01-31' });
    assert.deepStrictEqual(
      (earlier.kpis as { rows: { period: string; value: number }[] }[])[0].rows.map((r) => [r.period, r.value]),
      [
        ['2024-12', 0],
        ['2025-01', 15],
      ],
    );
    // Filters: the rows of one period and one segment.
    fs.writeFileSync(
      path.join(dir, 'sub', 'segmented.kpi.yaml'),
      SHOP.replace('orders.csv', '../orders.csv')
        .replace('defaults:', 'segments:\n  channel: { by: channel }\ndefaults:')
        .replace('column: amount }', 'column: amount, segments: [channel] }'),
    );
    try {
      const web = await json('run', { file: 'sub/segmented.kpi.yaml', period: '2025-02', segment: { channel: 'web' } });
      // February on the web: 7 against January's 10.50 → delta −3.5, change −3.5 / 10.5 = −1/3.
      assert.deepStrictEqual((web.kpis as { rows: unknown[] }[])[0].rows, [
        {
          period: '2025-02',
          segment: { channel: 'web' },
          value: 7,
          previous: 10.5,
          change: -3.5 / 10.5,
          delta: -3.5,
          status: null,
        },
      ]);
      const whole = await json('run', { file: 'sub/segmented.kpi.yaml', segment: {} });
      assert.deepStrictEqual(
        (whole.kpis as { rows: { period: string; segment: object; value: number }[] }[])[0].rows.map((r) => [
          r.period,
          r.segment,
          r.value,
        ]),
        [
          ['2025-01', {}, 15],
          ['2025-02', {}, 7],
        ],
      );
    } finally {
      fs.rmSync(path.join(dir, 'sub', 'segmented.kpi.yaml'));
    }
  });

  it('explains a KPI: the SQL that ran (as kpilens sql lists it) and its rows', async () => {
    const explained = await json('explain', { file: 'shop.kpi.yaml', kpi: 'revenue', period: '2025-02' });
    assert.deepStrictEqual(
      [explained.engine, explained.as_of, explained.inputs, explained.diagnostics],
      ['duckdb', '2025-02-28', [], []],
    );
    // February 7 against January 15.
    assert.deepStrictEqual((explained.result as { rows: unknown[] }).rows, [
      { period: '2025-02', segment: {}, value: 7, previous: 15, change: (7 - 15) / 15, delta: -8, status: null },
    ]);
    // The statements are those `kpilens sql` prints for the KPI (its blocks end with `;` and a blank line), the sum among them.
    const listing = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'sql', 'shop.kpi.yaml', '--kpi', 'revenue'],
      { cwd: dir, encoding: 'utf8', env: { ...process.env, KPILENS_LOCALE: 'en' } },
    );
    assert.strictEqual(listing.status, 0, listing.stderr);
    const [header, ...body] = listing.stdout.split('\n');
    assert.strictEqual(header, '-- KPI revenue (DuckDB): 3 statements');
    assert.deepStrictEqual(
      explained.sql,
      body
        .join('\n')
        .split(';\n\n')
        .filter((s) => s.trim() !== ''),
    );
    assert.ok((explained.sql as string[]).some((s) => s.includes('coalesce(sum("amount"), 0)')));
  });

  it('runs the KPI tests of a file: expected against actual', async () => {
    fs.writeFileSync(
      path.join(dir, 'sub', 'tested.kpi.yaml'),
      [
        'kpilens: 1',
        'sources:',
        '  orders: { file: ../orders.csv, time: order_date }',
        'periods:',
        '  monthly: { grain: month, last: 1 }',
        'defaults: { period: monthly }',
        'kpis:',
        '  revenue: { type: sum, source: orders, column: amount }',
        'tests:',
        '  march:',
        '    as_of: 2025-03-31',
        '    data:',
        '      orders:',
        '        - { order_date: 2025-03-02, customer_id: c1, amount: 5 }',
        '        - { order_date: 2025-03-20, customer_id: c2, amount: 7 }',
        '    expect:',
        '      revenue: { value: 12 }', //   line 17: 5 + 7 = 12, passes
        '  wrong:',
        '    as_of: 2025-03-31',
        '    data:',
        '      orders:',
        '        - { order_date: 2025-03-02, customer_id: c1, amount: 5 }',
        '    expect:',
        '      revenue: { value: 6 }', //    line 24: the sum is 5, fails
        '',
      ].join('\n'),
    );
    try {
      const answer = await json('test', { file: 'sub/tested.kpi.yaml' });
      const tests = answer.tests as {
        name: string;
        passed: boolean;
        expectations: { line: number; passed: boolean; expected: number; actual: number }[];
      }[];
      assert.deepStrictEqual(answer.errors, []);
      assert.deepStrictEqual(
        tests.map((t) => [t.name, t.passed, t.expectations.map((e) => [e.line, e.passed, e.expected, e.actual])]),
        [
          ['march', true, [[17, true, 12, 12]]],
          ['wrong', false, [[24, false, 6, 5]]],
        ],
      );
      const only = await json('test', { file: 'sub/tested.kpi.yaml', tests: ['march'] });
      assert.deepStrictEqual(
        (only.tests as { name: string }[]).map((t) => t.name),
        ['march'],
      );
      assert.deepStrictEqual(await call('test', { file: 'sub/tested.kpi.yaml', tests: ['april'] }), {
        content: [{ type: 'text', text: 'no test named april in sub/tested.kpi.yaml; the tests are march, wrong' }],
        isError: true,
      });
    } finally {
      fs.rmSync(path.join(dir, 'sub', 'tested.kpi.yaml'));
    }
  });

  it('checks a file: the diagnostics of kpilens check --format json, data outside the folder refused', async () => {
    const checked = await json('check', { file: 'sub/leaky.kpi.yaml' });
    assert.deepStrictEqual(
      (checked.diagnostics as { line: number; column: number; code: string }[]).map((d) => [d.line, d.column, d.code]),
      [
        [3, 3, 'unused-source'],
        [3, 19, 'outside-data-root'],
      ],
    );
    // The secret file's content appears nowhere.
    assert.ok(!JSON.stringify(checked).includes('hunter2'));
  });

  it('serves the folder named by --root (from anywhere), and refuses a folder that does not exist', async () => {
    const other = new Client({ name: 'kpilens-test-root', version: '1.0.0' });
    await other.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'mcp', '--root', 'project'],
        cwd: parent,
        stderr: 'pipe',
      }),
    );
    try {
      const list = JSON.parse(
        ((await other.callTool({ name: 'list_kpis', arguments: {} })) as ToolResult).content[0].text,
      ) as { folder: string; files: { file: string }[] };
      assert.deepStrictEqual(
        [list.folder, list.files.map((f) => f.file)],
        [dir, ['shop.kpi.yaml', 'sub/leaky.kpi.yaml']],
      );
      assert.deepStrictEqual(await other.callTool({ name: 'check', arguments: { file: '../outside.kpi.yaml' } }), {
        content: [
          {
            type: 'text',
            text: `../outside.kpi.yaml is outside the folder this server was started in (${dir}): refused`,
          },
        ],
        isError: true,
      });
    } finally {
      await other.close();
    }
    const missing = spawnSync(
      process.execPath,
      [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'mcp', '--root', 'nowhere'],
      { cwd: parent, encoding: 'utf8', env: { ...process.env, KPILENS_LOCALE: 'en' } },
    );
    assert.deepStrictEqual([missing.status, missing.stderr], [2, 'kpilens: no such folder nowhere\n']);
  });

  it('refuses paths outside the folder it was started in, and what is not a KPI file', async () => {
    for (const [file, message] of [
      ['../outside.kpi.yaml', `../outside.kpi.yaml is outside the folder this server was started in (${dir}): refused`],
      [
        path.join(parent, 'outside.kpi.yaml'),
        `${path.join(parent, 'outside.kpi.yaml')} is outside the folder this server was started in (${dir}): refused`,
      ],
      ['link.kpi.yaml', `link.kpi.yaml is outside the folder this server was started in (${dir}): refused`],
      ['orders.csv', 'orders.csv is not a KPI file (*.kpi.yaml, *.kpi.yml)'],
      ['missing.kpi.yaml', 'no such file: missing.kpi.yaml'],
    ]) {
      for (const tool of ['run', 'check', 'list_kpis', 'test']) {
        assert.deepStrictEqual(
          await call(tool, { file }),
          { content: [{ type: 'text', text: message }], isError: true },
          `${tool} ${file}`,
        );
      }
    }
    assert.deepStrictEqual(await call('describe_kpi', { file: 'shop.kpi.yaml', kpi: 'churn' }), {
      content: [{ type: 'text', text: 'no KPI named churn in shop.kpi.yaml; the KPIs are revenue' }],
      isError: true,
    });
  });
});

// The `diff` tool of `kpilens mcp`, driven by the MCP SDK's client over stdio in a real git
// repository: a KPI file committed, then edited in the working tree (and in a second commit);
// the tool's answer is `kpilens diff --format json`'s, with numbers computed by hand from the data
// below; bad refs, paths outside the served folder and changed files outside it are refused or left out.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from '../helpers';

// January: 10.50 (web) + 4.50 (store) = 15.00; February: 7.00 (web) + 3.00 (store) = 10.00.
// With `where: channel = 'web'`: January 10.50, February 7.00.
const ORDERS = [
  'order_date,customer_id,amount,channel',
  '2025-01-05,c1,10.5,web',
  '2025-01-20,c2,4.5,store',
  '2025-02-03,c1,7,web',
  '2025-02-10,c3,3,store',
  '',
].join('\n');
const shop = (revenue: string) =>
  [
    'kpilens: 1',
    'as_of: 2025-02-28',
    'sources:',
    '  orders: { file: orders.csv, time: order_date }',
    'periods:',
    '  monthly: { grain: month, last: 2, compare: previous }',
    'defaults: { period: monthly }',
    'kpis:',
    `  revenue: { title: Revenue, type: sum, source: orders, column: amount${revenue} }`,
    '',
  ].join('\n');

interface ToolResult {
  content: { type: string; text: string }[];
  isError?: boolean;
}
interface DiffRow {
  period: string;
  before: number;
  after: number;
  delta: number;
}
interface DiffKpi {
  name: string;
  kind: string;
  changes: string[];
  rows: DiffRow[];
}
interface DiffFile {
  file: string;
  base: string;
  head: string;
  kpis: DiffKpi[];
  gates?: { failed: boolean; reasons: string[] };
}

describe('kpilens mcp: diff against a git ref', function () {
  this.timeout(60000);
  let repo: string;
  let served: string;
  let client: Client;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
      cwd: repo,
      encoding: 'utf8',
    });

  before(async () => {
    repo = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-mcp-diff-')));
    served = path.join(repo, 'kpis');
    fs.mkdirSync(served);
    fs.mkdirSync(path.join(repo, 'other'));
    fs.writeFileSync(path.join(served, 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(served, 'shop.kpi.yaml'), shop(''));
    fs.writeFileSync(path.join(repo, 'other', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(repo, 'other', 'secret.kpi.yaml'), shop(''));
    git('init', '-q', '-b', 'main');
    git('add', '.');
    git('commit', '-q', '-m', 'all orders');
    // Second commit: store orders only (January 4.50, February 3.00).
    fs.writeFileSync(path.join(served, 'shop.kpi.yaml'), shop(', where: "channel = \'store\'"'));
    git('commit', '-q', '-am', 'store only');
    // Working tree: web orders only; the file outside the served folder changes too.
    fs.writeFileSync(path.join(served, 'shop.kpi.yaml'), shop(', where: "channel = \'web\'"'));
    fs.writeFileSync(path.join(repo, 'other', 'secret.kpi.yaml'), shop(', where: "channel = \'web\'"'));
    client = new Client({ name: 'kpilens-test', version: '1.0.0' });
    await client.connect(
      new StdioClientTransport({
        command: process.execPath,
        args: [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'mcp'],
        cwd: served,
        stderr: 'pipe',
      }),
    );
  });

  after(async () => {
    await client?.close();
    fs.rmSync(repo, { recursive: true, force: true });
  });

  const call = async (args: Record<string, unknown>): Promise<ToolResult> =>
    (await client.callTool({ name: 'diff', arguments: args })) as ToolResult;
  const files = async (args: Record<string, unknown>): Promise<DiffFile[]> => {
    const r = await call(args);
    assert.notStrictEqual(r.isError, true, r.content[0]?.text);
    return (JSON.parse(r.content[0].text) as { files: DiffFile[] }).files;
  };
  const byPeriod = (k: DiffKpi) => Object.fromEntries(k.rows.map((r) => [r.period, [r.before, r.after, r.delta]]));

  it('is listed as a read-only tool', async () => {
    const { tools } = await client.listTools();
    const diff = tools.find((t) => t.name === 'diff');
    assert.ok(diff, 'the diff tool is listed');
    assert.strictEqual(diff.annotations?.readOnlyHint, true);
  });

  it('compares a file at a ref with the working tree, every moved row by hand', async () => {
    const [file] = await files({ file: 'shop.kpi.yaml', base: 'HEAD~1' });
    assert.strictEqual(file.file, 'shop.kpi.yaml');
    assert.strictEqual(file.base, 'HEAD~1');
    const revenue = file.kpis.find((k) => k.name === 'revenue') as DiffKpi;
    assert.strictEqual(revenue.kind, 'changed');
    // All orders → web only: January 15.00 → 10.50 (−4.50), February 10.00 → 7.00 (−3.00).
    assert.deepStrictEqual(byPeriod(revenue), { '2025-01': [15, 10.5, -4.5], '2025-02': [10, 7, -3] });
  });

  it('compares two refs, and answers for every changed file of the served folder only', async () => {
    const [file] = await files({ base: 'HEAD~1', head: 'HEAD' });
    // All orders → store only: January 15.00 → 4.50 (−10.50), February 10.00 → 3.00 (−7.00).
    assert.deepStrictEqual(byPeriod(file.kpis[0]), { '2025-01': [15, 4.5, -10.5], '2025-02': [10, 3, -7] });
    // Against the working tree: other/secret.kpi.yaml changed too, but lies outside the served folder.
    const all = await files({ base: 'HEAD' });
    assert.deepStrictEqual(
      all.map((f) => f.file),
      ['shop.kpi.yaml'],
    );
    // Store only → web only: January 4.50 → 10.50 (+6.00), February 3.00 → 7.00 (+4.00).
    assert.deepStrictEqual(byPeriod(all[0].kpis[0]), { '2025-01': [4.5, 10.5, 6], '2025-02': [3, 7, 4] });
  });

  it('applies --fail-on gates: a February move of −3.00 fails abs-delta>2, passes abs-delta>5', async () => {
    const [failed] = await files({ file: 'shop.kpi.yaml', base: 'HEAD~1', fail_on: ['abs-delta>2'] });
    assert.strictEqual(failed.gates?.failed, true);
    assert.ok(failed.gates?.reasons.length, 'the reasons are given');
    const [passed] = await files({ file: 'shop.kpi.yaml', base: 'HEAD~1', fail_on: ['abs-delta>20'] });
    assert.strictEqual(passed.gates?.failed, false);
  });

  it('refuses a ref that names no commit, an option-like ref, a path outside the folder, a bad rule', async () => {
    const refusals: [Record<string, unknown>, RegExp][] = [
      [{ file: 'shop.kpi.yaml', base: 'no-such-branch' }, /names no commit/],
      [{ file: 'shop.kpi.yaml', base: '--output=/tmp/x' }, /is not a git ref/],
      [{ file: '../other/secret.kpi.yaml', base: 'HEAD' }, /outside the folder/],
      [{ file: 'orders.csv', base: 'HEAD' }, /not a KPI file/],
      [{ file: 'shop.kpi.yaml', base: 'HEAD', fail_on: ['sometimes'] }, /sometimes/],
    ];
    for (const [args, message] of refusals) {
      const r = await call(args);
      assert.strictEqual(r.isError, true, JSON.stringify(args));
      assert.match(r.content[0].text, message);
    }
  });
});

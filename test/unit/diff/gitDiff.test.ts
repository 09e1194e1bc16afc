// `kpilens diff` on a real git repository with the real engine: a temporary repository holds
// a spec and two small CSV files; the working tree changes a filter, a column, a period, a
// name, adds a KPI and removes one. The diff's words and its before → after figures are
// checked against values computed by hand below. Bad refs, a file absent at the base, a base
// with errors and a folder outside git give one clear line and the exit codes of DSL.md.
import { strict as assert } from 'assert';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT, lines, runCli } from '../helpers';

const run = runCli;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Orders: the latest month is March 2025 (as_of = 2025-03-31, the latest order date).
const ORDERS = lines(
  'order_id,customer_id,order_date,amount,net_amount,channel,status',
  '1,c1,2025-01-05,10,8,web,paid',
  '2,c2,2025-01-20,20,18,store,paid',
  '3,c1,2025-02-03,30,27,web,paid',
  '4,c3,2025-02-14,40,36,web,refunded',
  '5,c2,2025-03-01,50,45,store,paid',
  '6,c3,2025-03-15,60,54,web,paid',
  '7,c1,2025-03-31,70,63,store,refunded',
);
const CUSTOMERS = lines(
  'customer_id,signup_date,churn_date,cancelled_at,plan',
  'c1,2024-12-01,,2025-03-10,pro',
  'c2,2025-01-10,2025-03-20,2025-02-20,free',
  'c3,2025-02-01,,,pro',
  'c4,2025-03-05,,,free',
);

const HEADER = [
  'kpilens: 1',
  'title: Shop',
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  '    key: customer_id',
  '  customers:',
  '    file: data/customers.csv',
  '    time: signup_date',
  '    key: customer_id',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  '  quarterly: { grain: quarter, last: 1 }',
  'defaults:',
  '  period: monthly',
  'kpis:',
];

const BASE = lines(
  ...HEADER,
  '  revenue:',
  '    title: Revenue',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  '    format: currency',
  '    currency: EUR',
  '  orders:',
  '    type: count',
  '    source: orders',
  '  average_basket:',
  '    type: ratio',
  '    numerator: revenue',
  '    denominator: orders',
  '    format: currency',
  '    currency: EUR',
  '  churn_rate:',
  '    type: churn',
  '    source: customers',
  '    start: signup_date',
  '    end: churn_date',
  '    format: percent',
  '  web_orders:',
  '    type: count',
  '    source: orders',
  "    where: channel = 'web'",
  '  store_orders:',
  '    type: count',
  '    source: orders',
  "    where: channel = 'store'",
);

const HEAD = lines(
  ...HEADER,
  '  revenue:',
  '    title: Revenue',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  "    where: status = 'paid'", // a filter
  '    format: currency',
  '    currency: EUR',
  '  orders:',
  '    type: count',
  '    source: orders',
  '    period: quarterly', // a period
  '  average_basket:',
  '    type: ratio',
  '    numerator: revenue',
  '    denominator: orders',
  '    format: currency',
  '    currency: EUR',
  '  churn_rate:',
  '    type: churn',
  '    source: customers',
  '    start: signup_date',
  '    end: cancelled_at', // a column
  '    format: percent',
  '  online_orders:', // a rename
  '    type: count',
  '    source: orders',
  "    where: channel = 'web'",
  '  net_revenue:', // a new KPI (store_orders is removed)
  '    type: sum',
  '    source: orders',
  '    column: net_amount',
  '    format: currency',
  '    currency: EUR',
);

interface JsonValue {
  detail?: string;
  before: { period: string; value: number | null; text: string } | null;
  after: { period: string; value: number | null; text: string } | null;
  difference: number | null;
  difference_text: string | null;
  relative: number | null;
}
interface JsonKpi {
  name: string;
  kind: string;
  base_name?: string;
  changes: string[];
  indirect: string[];
  values?: JsonValue[];
}
interface JsonDiff {
  file: string;
  base: string;
  head: string;
  as_of: string;
  kpis: JsonKpi[];
  unchanged: string[];
  definitions: { section: string; name?: string; kind: string; changes: string[] }[];
  diagnostics: unknown[];
  stamp: { base: { spec: string; data: string; files: number }; head: { spec: string; data: string; files: number } };
}

describe('kpilens diff (real git, real DuckDB)', () => {
  let root: string;
  let repo: string;
  let kpis: string;
  let dataCommit: string;
  let specCommit: string;

  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-diff-'));
    repo = path.join(root, 'repo');
    kpis = path.join(repo, 'kpis');
    fs.mkdirSync(path.join(kpis, 'data'), { recursive: true });
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'KPI Lens tests');
    git(repo, 'config', 'user.email', 'tests@kpilens.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    fs.writeFileSync(path.join(kpis, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(kpis, 'data', 'customers.csv'), CUSTOMERS);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'data only');
    dataCommit = git(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), BASE);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'spec');
    specCommit = git(repo, 'rev-parse', 'HEAD').trim();
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  describe('the working tree against HEAD', () => {
    let diff: JsonDiff;
    const kpi = (name: string): JsonKpi => {
      const k = diff.kpis.find((x) => x.name === name);
      assert.ok(k, `no KPI ${name} in the diff`);
      return k;
    };

    before(async () => {
      // Run from the spec's folder, a sub-folder of the repository: the path given to
      // `git show` is relative to the top level (kpis/shop.kpi.yaml).
      const r = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'json'], kpis);
      assert.equal(r.err, '');
      assert.equal(r.code, 0);
      diff = JSON.parse(r.out) as JsonDiff;
    });

    it("evaluates both versions at the head's as_of on the same data", () => {
      assert.equal(diff.base, 'HEAD');
      assert.equal(diff.head, 'working tree');
      // The latest date in the time columns: order 7 on 2025-03-31.
      assert.equal(diff.as_of, '2025-03-31');
      assert.deepEqual(diff.diagnostics, []);
      // Same data files for both versions, different spec texts.
      assert.equal(diff.stamp.base.data, diff.stamp.head.data);
      assert.equal(diff.stamp.head.files, 2);
      assert.notEqual(diff.stamp.base.spec, diff.stamp.head.spec);
      assert.match(diff.stamp.head.spec, /^[0-9a-f]{12}$/);
    });

    it('a filter: words, and March revenue 180 → 110 EUR', () => {
      const k = kpi('revenue');
      assert.equal(k.kind, 'changed');
      assert.deepEqual(k.changes, ["filter added: status = 'paid'"]);
      // March: orders 5, 6, 7 = 50 + 60 + 70 = 180; paid only: 50 + 60 = 110 (order 7 refunded).
      // Difference 110 − 180 = −70; relative −70 / 180 = −0.3888…
      const [v] = k.values ?? [];
      assert.deepEqual([v.before?.period, v.before?.value, v.before?.text], ['2025-03', 180, '180 EUR']);
      assert.deepEqual([v.after?.period, v.after?.value, v.after?.text], ['2025-03', 110, '110 EUR']);
      assert.equal(v.difference, -70);
      assert.equal(v.difference_text, '−70 EUR');
      assert.ok(Math.abs((v.relative ?? 0) - -70 / 180) < 1e-12);
    });

    it('a column: words, and March churn 1/3 → 1/2 (in percentage points, no relative change)', () => {
      const k = kpi('churn_rate');
      assert.equal(k.kind, 'changed');
      assert.deepEqual(k.changes, ['end column churn_date → cancelled_at']);
      // March = [03-01, 03-31]. S = customers with start < 03-01 and (end null or end ≥ 03-01).
      // With churn_date: S = {c1 (no end), c2 (03-20), c3 (no end)} = 3; lost (end in March) = {c2} → 1/3.
      // With cancelled_at: S = {c1 (03-10), c3} = 2 (c2 left 02-20); lost = {c1} → 1/2.
      const [v] = k.values ?? [];
      assert.ok(Math.abs((v.before?.value ?? 0) - 1 / 3) < 1e-12);
      assert.equal(v.after?.value, 0.5);
      assert.deepEqual([v.before?.text, v.after?.text], ['33.3 %', '50 %']);
      // 0.5 − 0.3333 = 0.1667 → +16.7 percentage points.
      assert.equal(v.difference_text, '+16.7 pp');
      assert.equal(v.relative, null);
    });

    it('a period: words, and the latest period 2025-03 (3 orders) → 2025-Q1 (7 orders)', () => {
      const k = kpi('orders');
      assert.deepEqual(k.changes, ['period monthly → quarterly']);
      // March: orders 5, 6, 7 → 3. Q1: all 7 orders. Difference +4, relative 4 / 3.
      const [v] = k.values ?? [];
      assert.deepEqual(
        [v.before?.period, v.before?.value, v.after?.period, v.after?.value],
        ['2025-03', 3, '2025-Q1', 7],
      );
      assert.equal(v.difference, 4);
      assert.ok(Math.abs((v.relative ?? 0) - 4 / 3) < 1e-12);
    });

    it('a rename: the same definition under a new name, not evaluated again', () => {
      const k = kpi('online_orders');
      assert.equal(k.kind, 'renamed');
      assert.equal(k.base_name, 'web_orders');
      // The title defaults to the name, so it follows the rename silently.
      assert.deepEqual(k.changes, []);
      assert.equal(k.values, undefined);
      assert.ok(!diff.kpis.some((x) => x.name === 'web_orders'));
    });

    it('a new KPI: — → its value; a removed KPI: its value → —', () => {
      const added = kpi('net_revenue');
      assert.equal(added.kind, 'added');
      // March net amounts: 45 + 54 + 63 = 162.
      const [a] = added.values ?? [];
      assert.deepEqual([a.before, a.after?.value, a.after?.text, a.difference], [null, 162, '162 EUR', null]);
      const removed = kpi('store_orders');
      assert.equal(removed.kind, 'removed');
      // March store orders: 5 and 7 → 2.
      const [r] = removed.values ?? [];
      assert.deepEqual([r.before?.value, r.after, r.difference], [2, null, null]);
    });

    it('a KPI that reads changed KPIs is affected: March average basket 180/3 = 60 → 110/3 ≈ 36.67 EUR', () => {
      const k = kpi('average_basket');
      assert.equal(k.kind, 'affected');
      assert.deepEqual(k.changes, []);
      assert.deepEqual(k.indirect, ['input KPI orders changed', 'input KPI revenue changed']);
      const [v] = k.values ?? [];
      assert.equal(v.before?.value, 60);
      assert.ok(Math.abs((v.after?.value ?? 0) - 110 / 3) < 1e-12);
      assert.deepEqual([v.before?.text, v.after?.text, v.difference_text], ['60 EUR', '36.67 EUR', '−23.33 EUR']);
      assert.deepEqual(diff.unchanged, []);
    });

    it('the table and Markdown formats show the same words and figures', async () => {
      const table = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD'], kpis);
      assert.equal(table.code, 0);
      const t = table.out;
      assert.match(t, /^KPI diff — shop\.kpi\.yaml: HEAD → working tree, as of 2025-03-31$/m);
      assert.match(t, /^revenue +changed +2025-03 +180 EUR +110 EUR +−70 EUR \(−38\.9 %\)$/m);
      assert.match(t, /^orders +changed +2025-03 → 2025-Q1 +3 +7 +\+4 \(\+133\.3 %\)$/m);
      assert.match(t, /^churn_rate +changed +2025-03 +33\.3 % +50 % +\+16\.7 pp$/m);
      assert.match(t, /^online_orders +renamed from web_orders +same definition$/m);
      assert.match(t, /^ {2}churn_rate: end column churn_date → cancelled_at$/m);
      assert.match(t, /^ {2}revenue: filter added: status = 'paid'$/m);
      assert.match(
        t,
        /^base spec [0-9a-f]{12} · data [0-9a-f]{12} \(2 files\) → head spec [0-9a-f]{12} · data [0-9a-f]{12} \(2 files\)$/m,
      );
      const md = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'md', '--out', 'out/diff.md'], kpis);
      assert.equal(md.code, 0);
      assert.equal(md.out, '');
      const text = fs.readFileSync(path.join(kpis, 'out', 'diff.md'), 'utf8');
      assert.match(text, /^## KPI diff — shop\.kpi\.yaml$/m);
      assert.match(text, /^\| revenue \| changed \| 2025-03 \| 180 EUR \| 110 EUR \| −70 EUR \(−38\.9 %\) \|$/m);
      assert.match(text, /^- \*\*churn\\_rate\*\*: end column churn\\_date → cancelled\\_at$/m);
      fs.rmSync(path.join(kpis, 'out'), { recursive: true });
    });
  });

  it('--head compares two commits, and --as-of moves both versions to another date', async () => {
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'change the KPIs');
    try {
      const r = await run(
        [
          'diff',
          'kpis/shop.kpi.yaml',
          '--base',
          specCommit,
          '--head',
          'HEAD',
          '--format',
          'json',
          '--as-of',
          '2025-02-28',
        ],
        repo,
      );
      assert.equal(r.code, 0, r.err);
      const d = JSON.parse(r.out) as JsonDiff;
      assert.equal(d.head, 'HEAD');
      assert.equal(d.as_of, '2025-02-28');
      // February: orders 3 (30, paid) and 4 (40, refunded): 70 → 30 EUR.
      const [v] = d.kpis.find((k) => k.name === 'revenue')?.values ?? [];
      assert.deepEqual([v.before?.period, v.before?.value, v.after?.value], ['2025-02', 70, 30]);
    } finally {
      git(repo, 'reset', '-q', '--soft', 'HEAD~1');
    }
  });

  it('no change gives a report that says so, exit 0', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--head', 'HEAD'], kpis);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^No change in the KPI definitions\.$/m);
    assert.match(r.out, /^6 KPIs unchanged\.$/m);
  });

  it('a ref that names no commit: one line, exit 2', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', 'no-such-branch'], kpis);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      `kpilens: --base 'no-such-branch' names no commit in ${git(repo, 'rev-parse', '--show-toplevel').trim()}\n`,
    );
    const option = await run(['diff', 'shop.kpi.yaml', '--base', '--output=x'], kpis);
    assert.equal(option.code, 2);
    assert.equal(option.err, "kpilens: --base '--output=x' is not a git ref\n");
  });

  it('the installed command (bin/kpilens.js): real exit codes 0 and 2, no stack trace', () => {
    const bin = path.join(REPO_ROOT, 'bin', 'kpilens.js');
    const ok = spawnSync(process.execPath, [bin, 'diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'md'], {
      cwd: kpis,
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /^\| revenue \| changed \| 2025-03 \| 180 EUR \| 110 EUR \| −70 EUR \(−38\.9 %\) \|$/m);
    const bad = spawnSync(process.execPath, [bin, 'diff', 'shop.kpi.yaml', '--base', 'HEAD~5'], {
      cwd: kpis,
      encoding: 'utf8',
    });
    assert.equal(bad.status, 2);
    assert.equal(bad.stdout, '');
    assert.match(bad.stderr, /^kpilens: --base 'HEAD~5' names no commit in .*\n$/);
  });

  it('a file absent at the base is an added file (it used to exit 2): every KPI added, exit 0', async () => {
    const r = await run(['diff', 'shop.kpi.yaml', '--base', dataCommit, '--format', 'json'], kpis);
    assert.equal(r.code, 0, r.err);
    const d = JSON.parse(r.out) as JsonDiff;
    assert.deepEqual(
      d.kpis.map((k) => k.kind),
      ['added', 'added', 'added', 'added', 'added', 'added'],
    );
    // March revenue of the working tree (paid only): 50 + 60 = 110.
    assert.equal(d.kpis[0].values?.[0].after?.value, 110);
  });

  it('no --base, an unknown format or a bad --as-of: exit 2', async () => {
    assert.deepEqual(await run(['diff', 'shop.kpi.yaml'], kpis), {
      code: 2,
      out: '',
      err: 'kpilens: diff needs --base GIT_REF (the version to compare with)\n',
    });
    assert.equal(
      (await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'csv'], kpis)).err,
      "kpilens: unknown format 'csv' for diff: use table, md, json\n",
    );
    assert.equal((await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--as-of', '2025-02-30'], kpis)).code, 2);
  });

  it('outside a git repository: one line, exit 2', async () => {
    const outside = path.join(root, 'plain');
    fs.mkdirSync(outside, { recursive: true });
    fs.writeFileSync(path.join(outside, 'x.kpi.yaml'), BASE);
    // Git must not find a repository above the temporary folder.
    const ceiling = process.env.GIT_CEILING_DIRECTORIES;
    process.env.GIT_CEILING_DIRECTORIES = root;
    let r: { code: number; out: string; err: string };
    try {
      r = await run(['diff', 'x.kpi.yaml', '--base', 'HEAD'], outside);
    } finally {
      if (ceiling === undefined) delete process.env.GIT_CEILING_DIRECTORIES;
      else process.env.GIT_CEILING_DIRECTORIES = ceiling;
    }
    assert.equal(r.code, 2);
    assert.equal(r.err, `kpilens: not a git repository: ${outside} (diff reads the base version with git)\n`);
  });

  it('a base with errors: says which version, lists its diagnostics, exit 1', async () => {
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), BASE.replace('column: amount', 'column: amout'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'a typo');
    fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
    try {
      const r = await run(['diff', 'shop.kpi.yaml', '--base', 'HEAD'], kpis);
      assert.equal(r.code, 1);
      assert.equal(r.out, '');
      // Line 22 is `    column: amout` (17 header lines, then revenue's 5th line); the value starts at column 13.
      assert.equal(
        r.err,
        'kpilens: the base version (HEAD) of shop.kpi.yaml has 1 error:\n' +
          "shop.kpi.yaml:22:13: error: column 'amout' is not in source 'orders' (data/orders.csv), read by KPI 'revenue'; did you mean 'amount'? [unknown-column]\n",
      );
    } finally {
      git(repo, 'reset', '-q', '--hard', specCommit);
      fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
    }
  });
});

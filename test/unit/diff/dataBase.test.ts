// `kpilens diff FILE --data-base REF|FOLDER`: the same definitions on the data as it was (at a
// git ref, extracted to a temporary copy; or in a folder) against the data now, on a real git
// repository with two commits of data and the real engine. Figures by hand below.
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../helpers';
import { CUSTOMERS, ORDERS, shopSpec } from './diffFixture';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface JsonRow {
  period: string;
  segment: Record<string, string>;
  before: number;
  after: number;
  delta: number;
}
interface JsonWhy {
  enter: { rows: number; customers: number; value: number; share: number; sample: string[] };
  leave: { rows: number };
  changed: { rows: number; delta: number };
}
interface JsonDiff {
  base: string;
  head: string;
  kpis: { name: string; kind: string; indirect: string[]; rows: JsonRow[]; why?: JsonWhy[] }[];
  definitions: unknown[];
}

// Last night's extract: order 8 (c4, March, web, 100) arrives and order 2's amount is corrected 20 → 25.
const NEW_ORDERS =
  ORDERS.replace('2,c2,2025-01-20,20,18,store,paid', '2,c2,2025-01-20,25,18,store,paid') +
  '8,c4,2025-03-20,100,90,web,paid\n';

describe('kpilens diff --data-base: same definitions, other data (real git, real DuckDB)', () => {
  let repo: string;
  before(() => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-data-base-'));
    fs.mkdirSync(path.join(repo, 'data'));
    fs.writeFileSync(path.join(repo, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(repo, 'data', 'customers.csv'), CUSTOMERS);
    fs.writeFileSync(path.join(repo, 'shop.kpi.yaml'), shopSpec());
    git(repo, 'init', '-q');
    git(repo, 'config', 'user.name', 'KPI Lens tests');
    git(repo, 'config', 'user.email', 'tests@kpilens.invalid');
    git(repo, 'config', 'commit.gpgsign', 'false');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'data of monday');
    fs.writeFileSync(path.join(repo, 'data', 'orders.csv'), NEW_ORDERS);
    git(repo, 'commit', '-q', '-am', 'data of tuesday');
  });
  after(() => fs.rmSync(repo, { recursive: true, force: true }));

  const check = (d: JsonDiff) => {
    assert.deepEqual(d.definitions, []);
    const revenue = d.kpis.find((k) => k.name === 'revenue');
    assert.ok(revenue);
    assert.equal(revenue.kind, 'affected');
    // March: 180 → 280 (+100, order 8), web 60 → 160; January: 30 → 35, store 20 → 25 (order 2 corrected).
    // Sizes: March web +100/60 = 166.7 %, March all +100/180 = 55.6 %, Jan store +5/20 = 25 %, Jan all +5/30 = 16.7 %.
    assert.deepEqual(
      revenue.rows.map((r) => [r.period, r.segment, r.before, r.after, r.delta]),
      [
        ['2025-03', { channel: 'web' }, 60, 160, 100],
        ['2025-03', {}, 180, 280, 100],
        ['2025-01', { channel: 'store' }, 20, 25, 5],
        ['2025-01', {}, 30, 35, 5],
      ],
    );
    // Why, in March: one row enters (order 8 of c4, 100 EUR = 100/280 of the new March); nothing leaves.
    const [w] = revenue.why ?? [];
    assert.deepEqual(
      [w.enter.rows, w.enter.customers, w.enter.value, w.enter.sample, w.leave.rows, w.changed.rows],
      [1, 1, 100, ['c4'], 0, 0],
    );
    assert.ok(Math.abs(w.enter.share - 100 / 280) < 1e-12);
    // Churn reads customers, which did not change: affected, but no row moved.
    assert.deepEqual(d.kpis.find((k) => k.name === 'churn_rate')?.rows, []);
  };

  it('at a git ref: the data files extracted at HEAD~1 against the working tree', async () => {
    const copies = () =>
      fs
        .readdirSync(os.tmpdir())
        .filter((f) => f.startsWith('kpilens-data-base-') && path.join(os.tmpdir(), f) !== repo)
        .sort();
    const before = copies();
    const r = await runCli(
      ['diff', 'shop.kpi.yaml', '--data-base', 'HEAD~1', '--format', 'json', '--customer-sample'],
      repo,
    );
    assert.equal(r.code, 0, r.err);
    // The temporary copy of the data at HEAD~1 is removed after the diff.
    assert.deepEqual(copies(), before);
    const d = JSON.parse(r.out) as JsonDiff;
    assert.deepEqual([d.base, d.head], ['data at HEAD~1', 'working tree']);
    assert.deepEqual(d.kpis.find((k) => k.name === 'revenue')?.indirect, ['data at HEAD~1 → now']);
    check(d);
  });

  it("in a folder laid out like the KPI file's", async () => {
    const old = path.join(repo, 'old');
    fs.mkdirSync(path.join(old, 'data'), { recursive: true });
    fs.writeFileSync(path.join(old, 'data', 'orders.csv'), ORDERS);
    fs.writeFileSync(path.join(old, 'data', 'customers.csv'), CUSTOMERS);
    try {
      const r = await runCli(
        ['diff', 'shop.kpi.yaml', '--data-base', 'old', '--format', 'json', '--customer-sample'],
        repo,
      );
      assert.equal(r.code, 0, r.err);
      check(JSON.parse(r.out) as JsonDiff);
    } finally {
      fs.rmSync(old, { recursive: true, force: true });
    }
  });

  it('without a file, or with a ref that names no commit: exit 2', async () => {
    assert.equal(
      (await runCli(['diff', '--data-base', 'HEAD~1'], repo)).err,
      'kpilens: --data-base needs a KPI file: kpilens diff FILE --data-base REF|FOLDER\n',
    );
    const bad = await runCli(['diff', 'shop.kpi.yaml', '--data-base', 'nope'], repo);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^kpilens: --data-base 'nope' names no commit in /);
  });
});

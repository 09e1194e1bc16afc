// `kpilens diff` on a real git repository with the real engine (gitDiffRepo.ts): a temporary
// repository holds a spec and two small CSV files; the working tree changes a filter, a column,
// a period, a name, adds a KPI and removes one. The diff's words and its before → after
// figures are checked against values computed by hand below, in JSON, table and Markdown.
// Other refs and the errors: gitDiffRefs.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../helpers';
import { type JsonDiff, type JsonKpi, makeShopRepo } from './gitDiffRepo';

const run = runCli;

describe('kpilens diff (real git, real DuckDB)', () => {
  let root: string;
  let kpis: string;

  before(() => {
    ({ root, kpis } = makeShopRepo());
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
      // The head makes `orders` quarterly: average_basket (monthly) still reads it over months, told.
      assert.deepEqual(
        (diff.diagnostics as Record<string, unknown>[]).map(
          (d) => `${String(d.version)} ${String(d.severity)} ${String(d.code)} ${String(d.message)}`,
        ),
        [
          "head warning period-conflict KPI 'average_basket' reads its input 'orders' over its own period 'monthly', not over 'quarterly', the period 'orders' declares",
        ],
      );
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
});

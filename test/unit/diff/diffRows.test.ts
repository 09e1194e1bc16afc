// diffKpiFile on real files with the real DuckDB engine: every row of the affected KPIs
// (periods × whole population and each channel), sorted by the size of the move, unchanged
// rows counted, a target flip called out; the Markdown's top movers and collapsed details.
// Orders and customers are in diffFixture.ts; every expected figure is computed below.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { diffKpiFile, renderDiff } from '../../../src/core/diff';
import type { SpecDiff } from '../../../src/core/diff';
import { shopFolder, shopSpec } from './diffFixture';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { whyText } from '../../../src/core/diff/render/whyText';

describe('diff: every row that moved (real DuckDB)', () => {
  let dir: string;
  let diff: SpecDiff;
  const kpi = (name: string) => {
    const k = diff.kpis.find((x) => x.name === name);
    assert.ok(k, name);
    return k;
  };

  before(async () => {
    const folder = shopFolder('kpilens-diff-rows-');
    dir = folder.dir;
    diff = await diffKpiFile(folder.file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
      dataRoot: dir,
      displayPath: 'shop.kpi.yaml',
      customerSample: true,
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('revenue: each month × all, store, web; only the refunded orders 4 (Feb, web, 40) and 7 (Mar, store, 70) leave', () => {
    const k = kpi('revenue');
    // Base: Jan all 10+20=30 (web 10, store 20); Feb 30+40=70 (web 70, store 0); Mar 50+60+70=180 (web 60, store 120).
    // Head (paid): Jan 30 (same); Feb 30 (web 30, store 0); Mar 110 (web 60, store 50).
    // Moves: Mar store −70/120 = −58.3 %; Feb all −40/70 = −57.1 %; Feb web −40/70 = −57.1 % (same size: the
    // head's order, whole population first); Mar all −70/180 = −38.9 %.
    assert.deepEqual(
      k.rows?.map((r) => [r.period, r.segment, r.before, r.after, r.delta, r.deltaText]),
      [
        ['2025-03', { channel: 'store' }, 120, 50, -70, '−70 EUR'],
        ['2025-02', {}, 70, 30, -40, '−40 EUR'],
        ['2025-02', { channel: 'web' }, 70, 30, -40, '−40 EUR'],
        ['2025-03', {}, 180, 110, -70, '−70 EUR'],
      ],
    );
    assert.ok(Math.abs((k.rows?.[0].relative ?? 0) - -70 / 120) < 1e-12);
    // Unchanged: Jan × 3, Feb store (0 → 0), Mar web (60 → 60) = 5.
    assert.equal(k.unchangedRows, 5);
  });

  it('churn: February 0 % → 50 % and March 33.3 % → 50 %, both flip the target (max 40 %) from met to missed', () => {
    const k = kpi('churn_rate');
    // Feb [02-01, 02-28]: at risk = signed up before 02-01 and not gone by then = {c1, c2}.
    //   churn_date: nobody leaves in Feb → 0; cancelled_at: c2 (02-20) → 1/2.
    // Mar: 1/3 → 1/2 (see gitDiff.test.ts). Jan: at risk {c1}, nobody leaves either way → 0 → 0.
    assert.deepEqual(
      k.rows?.map((r) => [r.period, r.deltaText, r.statusBefore, r.statusAfter, r.targetFlip]),
      [
        ['2025-02', '+50 pp', 'met', 'missed', 'now_missed'],
        ['2025-03', '+16.7 pp', 'met', 'missed', 'now_missed'],
      ],
    );
    assert.equal(k.unchangedRows, 1);
    // The two-proportion test of the versions' shares (n = customers at risk, x = lost):
    // Feb 1/2 vs 0/2: pooled 1/4, SE = √(0.25 × 0.75 × (1/2 + 1/2)) = 0.4330, z = 0.5 / 0.4330 = 1.1547, p = 0.2482;
    // Mar 1/2 vs 1/3: pooled 2/5, SE = √(0.4 × 0.6 × (1/2 + 1/3)) = 0.4472, z = 0.1667 / 0.4472 = 0.3727, p = 0.7094.
    // Neither is below 0.05: not significant (two customers are too few).
    assert.deepEqual(
      k.rows?.map((r) => [Math.round((r.pValue ?? -1) * 10_000) / 10_000, r.significant]),
      [
        [0.2482, false],
        [0.7094, false],
      ],
    );
  });

  it('the Markdown: top movers across KPIs, then every moved row in a collapsed block', () => {
    const md = renderDiff(diff, 'md');
    // average_basket = revenue / orders: Feb 70/2 = 35 → 30/2 = 15 (−57.1 %), Mar 180/3 = 60 → 110/3 = 36.67.
    const top = [
      '### Top movers',
      '',
      '| KPI | Segment | Period | Before | After | Delta | Notes |',
      '|---|---|---|---:|---:|---:|---|',
      '| revenue | channel = store | 2025-03 | 120 EUR | 50 EUR | −70 EUR (−58.3 %) |  |',
      '| revenue | all | 2025-02 | 70 EUR | 30 EUR | −40 EUR (−57.1 %) |  |',
      '| revenue | channel = web | 2025-02 | 70 EUR | 30 EUR | −40 EUR (−57.1 %) |  |',
      '| average\\_basket | all | 2025-02 | 35 EUR | 15 EUR | −20 EUR (−57.1 %) |  |',
      '| churn\\_rate | all | 2025-02 | 0 % | 50 % | +50 pp | target met → missed |',
      '| average\\_basket | all | 2025-03 | 60 EUR | 36.67 EUR | −23.33 EUR (−38.9 %) |  |',
      '| revenue | all | 2025-03 | 180 EUR | 110 EUR | −70 EUR (−38.9 %) |  |',
      '| churn\\_rate | all | 2025-03 | 33.3 % | 50 % | +16.7 pp | target met → missed |',
      '',
      // 4 + 2 + 2 moved; 5 + 1 + 1 unchanged.
      'Rows moved: 8; unchanged: 7.',
      '',
      '<details>',
      '<summary>Every moved row</summary>',
      '',
      '#### revenue (unchanged rows not listed: 5)',
    ].join('\n');
    assert.ok(md.includes(top), md);
    assert.match(md, /^<\/details>$/m);
    const json = JSON.parse(renderDiff(diff, 'json')) as {
      kpis: {
        name: string;
        rows: { period: string; target_flip: string | null; delta: number }[];
        unchanged_rows: number;
      }[];
    };
    const churn = json.kpis.find((k) => k.name === 'churn_rate');
    assert.deepEqual(
      churn?.rows.map((r) => [r.period, r.target_flip]),
      [
        ['2025-02', 'now_missed'],
        ['2025-03', 'now_missed'],
      ],
    );
    assert.equal(churn?.unchanged_rows, 1);
  });
});

describe("diff: why the rows moved (real DuckDB, the engine's own SQL builders)", () => {
  let dir: string;
  let file: string;
  before(() => ({ dir, file } = shopFolder('kpilens-diff-why-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const whyOf = (d: SpecDiff, name: string) => d.kpis.find((k) => k.name === name)?.why ?? [];

  it('a filter: the refunded order 7 (c1, 70 EUR) leaves March revenue, 70 / 180 = 38.9 % of it; nothing enters', async () => {
    const d = await diffKpiFile(file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
      dataRoot: dir,
      customerSample: true,
    });
    const [w] = whyOf(d, 'revenue');
    // March base rows: orders 5, 6, 7 (180 EUR); head: 5, 6 (110 EUR).
    assert.deepEqual(
      [w.role, w.basePeriod, w.headPeriod, w.baseRows, w.headRows, w.baseValue, w.headValue, w.shareOf],
      ['rows', '2025-03', '2025-03', 3, 2, 180, 110, 'value'],
    );
    assert.deepEqual([w.leave.rows, w.leave.customers, w.leave.value, w.leave.sample], [1, 1, 70, ['c1']]);
    assert.ok(Math.abs((w.leave.share ?? 0) - 70 / 180) < 1e-12);
    assert.deepEqual([w.enter.rows, w.enter.customers, w.enter.value, w.enter.share], [0, 0, 0, 0]);
    // The ratio's sides: its numerator revenue (as above) and its denominator orders (unchanged: 3 → 3).
    assert.deepEqual(
      whyOf(d, 'average_basket').map((x) => [x.role, x.kpi, x.leave.rows, x.enter.rows, x.baseRows, x.headRows]),
      [
        ['numerator', 'revenue', 1, 0, 3, 2],
        ['denominator', 'orders', 0, 0, 3, 3],
      ],
    );
    // Churn in March: at risk {c1, c2, c3} → {c1, c3} (c2 cancelled on 02-20, before March): c2 leaves the
    // denominator, 1/3 of its rows; lost {c2} (churned 03-20) → {c1} (cancelled 03-10): c2 leaves, c1 enters.
    assert.deepEqual(
      whyOf(d, 'churn_rate').map((x) => [
        x.role,
        x.baseRows,
        x.headRows,
        x.leave.sample,
        x.enter.sample,
        x.leave.share,
      ]),
      [
        ['numerator', 1, 1, ['c2'], ['c1'], 1],
        ['denominator', 3, 2, ['c2'], [], 1 / 3],
      ],
    );
    const md = renderDiff(d, 'md');
    assert.ok(
      md.includes(
        '- **revenue**: rows of revenue, 2025-03: 3 → 2 rows; leave: 1 row, 1 customer, 70 EUR (38.9 % of the value; first: c1); enter: none\n',
      ),
      md,
    );
    assert.ok(
      md.includes(
        '- **churn\\_rate**: denominator (churn\\_rate), 2025-03: 3 → 2 rows; leave: 1 row, 1 customer (33.3 % of the rows; first: c2); enter: none\n',
      ),
      md,
    );
  });

  it('a column: the same rows, their value changed (March net − gross = −5 − 6 − 7 = −18 EUR)', async () => {
    const d = await diffKpiFile(file, shopSpec(), shopSpec({ net: true }), { dataRoot: dir, customerSample: true });
    const [w] = whyOf(d, 'revenue');
    assert.deepEqual(
      [w.baseRows, w.headRows, w.leave.rows, w.enter.rows, w.changed.rows, w.changed.delta],
      [3, 3, 0, 0, 3, -18],
    );
    assert.match(
      renderDiff(d, 'table'),
      /^ {2}revenue: rows of revenue, 2025-03: 3 → 3 rows; leave: none; enter: none; value changed on 3 rows \(−18 EUR\)$/m,
    );
  });

  it('a period: monthly → quarterly, January and February orders enter (4 rows, 100 EUR = 100/280 of Q1)', async () => {
    const d = await diffKpiFile(
      file,
      shopSpec(),
      shopSpec()
        .replace('    column: amount\n', '    column: amount\n    period: quarterly\n')
        .replace(
          '  monthly: { grain: month, last: 3 }\n',
          '  monthly: { grain: month, last: 3 }\n  quarterly: { grain: quarter, last: 1 }\n',
        ),
      { dataRoot: dir, customerSample: true },
    );
    const [w] = whyOf(d, 'revenue');
    // Q1 = orders 1–7: 10+20+30+40+50+60+70 = 280; March = 5, 6, 7 (180). Entering: 1–4 = 100 EUR from c1, c2, c3.
    assert.deepEqual(
      [
        w.basePeriod,
        w.headPeriod,
        w.baseRows,
        w.headRows,
        w.enter.rows,
        w.enter.customers,
        w.enter.value,
        w.enter.sample,
        w.leave.rows,
      ],
      ['2025-03', '2025-Q1', 3, 7, 4, 3, 100, ['c1', 'c2', 'c3'], 0],
    );
    assert.ok(Math.abs((w.enter.share ?? 0) - 100 / 280) < 1e-12);
  });

  it("a per-customer share (repurchase rate): the rows behind it that leave, 2 of Q1's 7 orders", async () => {
    const spec = (where: string): string =>
      [
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
        'periods:',
        '  quarterly: { grain: quarter, last: 1 }',
        'kpis:',
        '  repeat:',
        '    type: repurchase_rate',
        '    source: orders',
        '    period: quarterly',
        ...(where ? [where] : []),
        '',
      ].join('\n');
    const d = await diffKpiFile(file, spec(''), spec("    where: status = 'paid'"), {
      dataRoot: dir,
      customerSample: true,
    });
    const k = d.kpis.find((x) => x.name === 'repeat');
    // Q1, all orders: c1 (1, 3, 7), c2 (2, 5), c3 (4, 6) all bought twice → 3/3; paid only: c1 (1, 3), c2 (2, 5), c3 (6) → 2/3.
    assert.deepEqual(
      k?.rows?.map((r) => [r.period, r.deltaText]),
      [['2025-Q1', '−33.3 pp']],
    );
    const [w] = k?.why ?? [];
    // The refunded orders 4 (c3) and 7 (c1) leave: 2 rows of 7 = 28.6 % of the rows.
    assert.deepEqual(
      [w.role, w.baseRows, w.headRows, w.leave.rows, w.leave.customers, w.leave.sample, w.shareOf, w.enter.rows],
      ['rows', 7, 5, 2, 2, ['c1', 'c3'], 'rows', 0],
    );
    assert.ok(Math.abs((w.leave.share ?? 0) - 2 / 7) < 1e-12);
  });

  it('an NPS (not a share): the answers it reads that leave, 2 of 4', async () => {
    fs.writeFileSync(
      path.join(dir, 'data', 'answers.csv'),
      'customer_id,answered_on,score,channel\nc1,2025-03-02,10,web\nc2,2025-03-05,9,store\nc3,2025-03-09,3,web\nc4,2025-03-20,8,store\n',
    );
    const spec = (where: string): string =>
      [
        'kpilens: 1',
        'as_of: 2025-03-31',
        'sources:',
        '  answers: { file: data/answers.csv, time: answered_on, key: customer_id }',
        'periods:',
        '  monthly: { grain: month, last: 1 }',
        'kpis:',
        '  nps:',
        '    type: nps',
        '    source: answers',
        '    column: score',
        '    period: monthly',
        ...(where ? [where] : []),
        '',
      ].join('\n');
    const d = await diffKpiFile(file, spec(''), spec("    where: channel = 'web'"), {
      dataRoot: dir,
      customerSample: true,
    });
    const k = d.kpis.find((x) => x.name === 'nps');
    // All: promoters c1, c2, detractor c3, passive c4 → (2 − 1) / 4 = 25; web: c1 promoter, c3 detractor → 0.
    assert.deepEqual(
      k?.rows?.map((r) => [r.before, r.after, r.deltaText]),
      [[25, 0, '−25']],
    );
    // The store answers c2 and c4 leave: 2 of 4 rows (shares of the rows: an NPS does not add up).
    const [w] = k?.why ?? [];
    assert.deepEqual(
      [w.role, w.baseRows, w.headRows, w.leave.rows, w.leave.sample, w.leave.share, w.shareOf],
      ['rows', 4, 2, 2, ['c2', 'c4'], 0.5, 'rows'],
    );
  });

  it('French: the why line with U+00A0 before colons and percent', async () => {
    useLocale('fr', frenchBundle);
    try {
      const d = await diffKpiFile(file, shopSpec(), shopSpec({ paid: true }), { dataRoot: dir, customerSample: true });
      const k = d.kpis.find((x) => x.name === 'revenue');
      assert.ok(k?.why);
      assert.equal(
        whyText(k, k.why[0]),
        'lignes de revenue, 2025-03\u00a0: 3 → 2 lignes\u00a0; sortent\u00a0: 1 ligne, 1 client, 70\u00a0€ (38,9\u00a0% de la valeur\u00a0; premiers\u00a0: c1)\u00a0; entrent\u00a0: aucune',
      );
    } finally {
      useLocale('en', undefined);
    }
  });
});

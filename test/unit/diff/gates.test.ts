// --fail-on: the grammar of the gates and their verdict on a real diff (real DuckDB, the shop
// of diffFixture.ts: revenue keeps paid orders only, churn reads cancelled_at). Every row that
// breaks a rule is worked out by hand below.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { checkGates, diffKpiFile, GateSyntaxError, parseGates, renderDiff } from '../../../src/core/diff';
import type { SpecDiff } from '../../../src/core/diff';
import { shopFolder, shopSpec } from './diffFixture';

describe('diff gates: the --fail-on grammar', () => {
  it('parses each rule, comma-separated and repeated, spaces ignored', () => {
    assert.deepEqual(
      parseGates(['target-flip, abs-delta>2pp', 'rel-change > 5%,any-change', 'abs-delta>0.5', 'significant']),
      [
        { kind: 'target-flip' },
        { kind: 'abs-delta', limit: 2, points: true },
        { kind: 'rel-change', limit: 5 },
        { kind: 'any-change' },
        { kind: 'abs-delta', limit: 0.5, points: false },
        { kind: 'significant' },
      ],
    );
    assert.deepEqual(parseGates([]), []);
  });

  it('refuses a rule it does not know, naming it and the grammar', () => {
    assert.throws(
      () => parseGates(['rel-change>5']),
      (e: unknown) =>
        e instanceof GateSyntaxError &&
        e.message ===
          "--fail-on: 'rel-change>5' is not a rule; use any-change, target-flip, significant, abs-delta>Npp, abs-delta>N, rel-change>N%",
    );
    assert.throws(() => parseGates(['abs-delta<2pp']), GateSyntaxError);
    assert.throws(() => parseGates(['flip']), GateSyntaxError);
  });
});

describe('diff gates: the verdict on a real diff', () => {
  let dir: string;
  let diff: SpecDiff;
  let file: string;
  before(async () => {
    const folder = shopFolder('kpilens-diff-gates-');
    dir = folder.dir;
    file = folder.file;
    diff = await diffKpiFile(folder.file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
      dataRoot: dir,
      displayPath: 'shop.kpi.yaml',
    });
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('target-flip and abs-delta>Npp: churn February (0 → 50 %, +50 pp) and March (33.3 → 50 %, +16.7 pp), met → missed (max 40 %)', () => {
    const expected = [
      'shop.kpi.yaml: churn_rate (all, 2025-02): +50 pp, target met → missed',
      'shop.kpi.yaml: churn_rate (all, 2025-03): +16.7 pp, target met → missed',
    ];
    assert.deepEqual(checkGates(diff, parseGates(['target-flip'])), {
      rules: ['target-flip'],
      failed: true,
      reasons: expected.map((r) => `${r} [target-flip]`),
    });
    // 20 pp: only February's 50 points are above it.
    assert.deepEqual(checkGates(diff, parseGates(['abs-delta>20pp'])).reasons, [`${expected[0]} [abs-delta>20pp]`]);
    // 50 pp is not above 50 pp.
    assert.deepEqual(checkGates(diff, parseGates(['abs-delta>50pp'])), {
      rules: ['abs-delta>50pp'],
      failed: false,
      reasons: [],
    });
  });

  it('rel-change>N%: revenue March store −58.3 %, February −57.1 % (all, web) and the basket −57.1 %; not March all (−38.9 %)', () => {
    assert.deepEqual(checkGates(diff, parseGates(['rel-change>50%'])).reasons, [
      'shop.kpi.yaml: revenue (channel = store, 2025-03): −70 EUR (−58.3 %) [rel-change>50%]',
      'shop.kpi.yaml: revenue (all, 2025-02): −40 EUR (−57.1 %) [rel-change>50%]',
      'shop.kpi.yaml: revenue (channel = web, 2025-02): −40 EUR (−57.1 %) [rel-change>50%]',
      'shop.kpi.yaml: average_basket (all, 2025-02): −20 EUR (−57.1 %) [rel-change>50%]',
    ]);
  });

  it('abs-delta>N in the unit of other KPIs: −70 EUR twice is above 60, −40 and −23.33 EUR are not; any-change lists all 8 moved rows', () => {
    assert.deepEqual(checkGates(diff, parseGates(['abs-delta>60'])).reasons, [
      'shop.kpi.yaml: revenue (channel = store, 2025-03): −70 EUR (−58.3 %) [abs-delta>60]',
      'shop.kpi.yaml: revenue (all, 2025-03): −70 EUR (−38.9 %) [abs-delta>60]',
    ]);
    assert.equal(checkGates(diff, parseGates(['any-change'])).reasons.length, 8);
  });

  it('the verdict in the Markdown and JSON, and in French', async () => {
    const withGates: SpecDiff = { ...diff, gates: checkGates(diff, parseGates(['target-flip'])) };
    const md = renderDiff(withGates, 'md');
    assert.ok(
      md.includes(
        '### Gates\n\n**Gates failed (target-flip): 2**\n- shop.kpi.yaml: churn\\_rate (all, 2025-02): +50 pp, target met → missed \\[target-flip\\]\n',
      ),
      md,
    );
    assert.deepEqual((JSON.parse(renderDiff(withGates, 'json')) as { gates: unknown }).gates, withGates.gates);
    useLocale('fr', frenchBundle);
    try {
      const fr = await diffKpiFile(file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
        dataRoot: dir,
        displayPath: 'shop.kpi.yaml',
      });
      assert.deepEqual(
        checkGates(fr, parseGates(['target-flip'])).reasons[0],
        'shop.kpi.yaml: churn_rate (tous, 2025-02): +50\u00a0pt, cible atteinte → manquée [target-flip]',
      );
    } finally {
      useLocale('en', undefined);
    }
  });
});

// The report view's comparison box (Compare with…): the top movers of every row, the row
// counts, why the rows moved and the gates' verdict, from a real diff (real DuckDB, the shop
// of diffFixture.ts), in English and in French. Figures worked out in
// diffRows.test.ts and gates.test.ts.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { checkGates, diffKpiFile, parseGates } from '../../../src/core/diff';
import { comparisonModel } from '../../../src/core/diff/render/comparisonModel';
import { shopFolder, shopSpec } from './diffFixture';

describe('the comparison box of the report view (real DuckDB)', () => {
  let dir: string;
  let file: string;
  before(() => ({ dir, file } = shopFolder('kpilens-comparison-')));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows the same rows, the why and the verdict as kpilens diff', async () => {
    const diff = await diffKpiFile(file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
      dataRoot: dir,
      customerSample: true,
      displayPath: 'shop.kpi.yaml',
    });
    diff.gates = checkGates(diff, parseGates(['target-flip']));
    const m = comparisonModel(diff);
    assert.deepEqual(m.movers.headings, ['KPI', 'Segment', 'Period', 'Before', 'After', 'Delta', 'Notes']);
    // March store revenue 120 → 50 EUR is the largest move (−58.3 %).
    assert.deepEqual(m.movers.rows[0], [
      'revenue',
      'channel = store',
      '2025-03',
      '120 EUR',
      '50 EUR',
      '−70 EUR (−58.3 %)',
      '',
    ]);
    assert.deepEqual(m.movers.rows[4], [
      'churn_rate',
      'all',
      '2025-02',
      '0 %',
      '50 %',
      '+50 pp',
      'target met → missed',
    ]);
    assert.equal(m.movers.rows.length, 8);
    assert.equal(m.counts, 'Rows moved: 8; unchanged: 7.');
    assert.deepEqual(m.why[0], [
      'revenue',
      'rows of revenue, 2025-03: 3 → 2 rows; leave: 1 row, 1 customer, 70 EUR (38.9 % of the value; first: c1); enter: none',
    ]);
    assert.deepEqual(m.gates, [
      'Gates failed (target-flip): 2',
      'shop.kpi.yaml: churn_rate (all, 2025-02): +50 pp, target met → missed [target-flip]',
      'shop.kpi.yaml: churn_rate (all, 2025-03): +16.7 pp, target met → missed [target-flip]',
    ]);
    assert.equal(m.gatesFailed, true);
  });

  it('in French', async () => {
    useLocale('fr', frenchBundle);
    try {
      const diff = await diffKpiFile(file, shopSpec(), shopSpec({ paid: true, cancelled: true }), {
        dataRoot: dir,
        displayPath: 'shop.kpi.yaml',
      });
      diff.gates = checkGates(diff, parseGates(['abs-delta>60pp']));
      const m = comparisonModel(diff);
      assert.deepEqual(m.movers.headings, ['KPI', 'Segment', 'Période', 'Avant', 'Après', 'Écart', 'Remarques']);
      assert.deepEqual(m.movers.rows[0], [
        'revenue',
        'channel = store',
        '2025-03',
        '120\u00a0€',
        '50\u00a0€',
        '−70\u00a0€ (−58,3\u00a0%)',
        '',
      ]);
      assert.deepEqual(m.movers.rows[4], [
        'churn_rate',
        'tous',
        '2025-02',
        '0\u00a0%',
        '50\u00a0%',
        '+50\u00a0pt',
        'cible atteinte → manquée',
      ]);
      assert.equal(m.counts, 'Lignes qui bougent\u00a0: 8\u00a0; inchangées\u00a0: 7.');
      // No churn move is above 60 points: the gate passes.
      assert.deepEqual(m.gates, ['Seuils respectés (abs-delta>60pp)']);
      assert.equal(m.gatesFailed, false);
    } finally {
      useLocale('en', undefined);
    }
  });
});

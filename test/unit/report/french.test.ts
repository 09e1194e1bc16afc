// The human-facing reports in French (`--locale fr`, VS Code in French): words from the French
// bundle, figures with a decimal comma and U+00A0 (written `\u00A0`, S below) between digit
// groups and before units, the as-of date written out; CSV and JSON stay machine formats.
// Every expected line is written by hand from the sample results (sampleResults.ts).
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { kpiCard } from '../../../src/core/report/dashboard/kpiCard';
import { formatAxisValue } from '../../../src/core/report/dashboard/axisValue';
import { sortLabel, SORT_ORDERS } from '../../../src/core/report/dashboard/viewState';
import { renderCsv } from '../../../src/core/report/render/csv';
import { renderHtml } from '../../../src/core/report/render/html';
import { renderJson } from '../../../src/core/report/render/json';
import { renderMarkdown } from '../../../src/core/report/render/markdown';
import { renderTable } from '../../../src/core/report/render/table';
import { parseHostMessage, DATA_ISLAND_ID } from '../../../src/core/report/viewProtocol';
import type { RunResult } from '../../../src/core/report/resultModel';
import { cohorts, loyalty, npsWithIntervals, revenue } from './sampleResults';

const S = '\u00A0';

describe('reports in French', () => {
  beforeEach(() => useLocale('fr', frenchBundle));
  afterEach(() => useLocale('en', undefined));

  it('the terminal table', () => {
    const text = renderTable(loyalty());
    const lines = text.split('\n');
    assert.equal(lines[0], `Loyalty KPIs — au 31${S}décembre${S}2025`);
    assert.equal(lines[2], 'Revenue (revenue) — sum · monthly · par channel');
    // Columns: Période, Ensemble, web, store; widths in code points (U+00A0 counts one).
    assert.equal(lines[3], 'Période  Ensemble          web           store');
    assert.equal(lines[5], `2025-10  100${S}€             60${S}€          40${S}€`);
    // 123.5 → 123,50 € (cents: not whole); change 0.1227… → ▲12,3 %.
    assert.equal(lines[7], `2025-12  123,50${S}€ ▲12,3${S}%  80${S}€ ▲14,3${S}%  43,50${S}€`);
    assert.equal(lines[9], `Net Promoter Score (nps) — nps · monthly · cible ≥ 30`);
    assert.equal(lines[13], `2025-12  41 ▲1,2 ✓`);
    assert.equal(lines[16], 'Cohorte  J30   J60   J90');
    assert.equal(lines[18], `2025-10  50${S}%  40${S}%  35${S}%`);
    assert.ok(lines.includes('Diagnostics'), text);
    // The check line keeps its contract: severity and code in English.
    assert.ok(
      lines.includes('data/surveys.csv:12:3: warning: 3 responses outside 0..10 skipped [data-invalid-score]'),
      text,
    );
  });

  it('the terminal table: intervals, change tests and the min_sample note', () => {
    const run: RunResult = { as_of: '2025-12-31', kpis: [npsWithIntervals()], diagnostics: [] };
    const lines = renderTable(run).split('\n');
    assert.equal(lines[0], `Rapport KPI — au 31${S}décembre${S}2025`);
    // 41 [33.2 – 48.8], an NPS: its change in points 41 − 28 = 13 → ▲13 (not the relative 46,4 %), significant, target met.
    assert.ok(lines.includes(`2025-12  41 [33,2 – 48,8] ▲13 sig. ✓`), lines.join('\n'));
    assert.ok(
      lines.includes(
        `[bas – haut]${S}: intervalle de confiance à 95${S}%${S}; sig. / n.s.${S}: la variation est / n’est pas significative au seuil p < 0,05`,
      ),
      lines.join('\n'),
    );
    assert.ok(lines.includes(`† sous le minimum (min_sample 30)${S}: 2025-11${S}: n = 12`), lines.join('\n'));
  });

  it('Markdown', () => {
    const text = renderMarkdown(loyalty());
    assert.ok(text.startsWith(`## Loyalty KPIs — au 31${S}décembre${S}2025\n`), text);
    assert.ok(text.includes(`Dernière valeur (2025-12)${S}: **123,50${S}€** ▲12,3${S}% vs période précédente\n`), text);
    assert.ok(
      text.includes(`Dernière valeur (2025-12)${S}: **41** ▲1,2 vs période précédente · cible ≥ 30 ✅\n`),
      text,
    );
    assert.ok(text.includes('| Période | Ensemble | web | store |'), text);
    assert.ok(text.includes('| Cohorte | J30 | J60 | J90 |'), text);
    assert.ok(text.includes('### Diagnostics'), text);
    const intervals = renderMarkdown({ as_of: '2025-12-31', kpis: [npsWithIntervals()], diagnostics: [] });
    assert.ok(
      intervals.includes(
        `Dernière valeur (2025-12)${S}: **41** ▲13 vs période précédente, significatif (p = 0,021) · IC à 95${S}%${S}: 33,2 – 48,8 · cible ≥ 30 ✅`,
      ),
      intervals,
    );
  });

  it('the static HTML and the data island the view reads its language from', () => {
    const html = renderHtml(loyalty(), { file: 'loyalty.kpi.yaml', assets: { script: 'void 0;', style: 'body{}' } });
    assert.ok(html.includes('<html lang="fr">'), html.slice(0, 200));
    assert.ok(html.includes(`<title>Loyalty KPIs — au 31${S}décembre${S}2025</title>`));
    assert.ok(
      html.includes(`<code>loyalty.kpi.yaml</code> · Au <time datetime="2025-12-31">31${S}décembre${S}2025</time></p>`),
    );
    assert.ok(html.includes(`<span class="value">123,50${S}€</span>`));
    assert.ok(html.includes(`<span class="target met">✓ cible atteinte${S}: ≥ 30</span>`));
    assert.ok(html.includes('<th scope="col">Période</th><th scope="col">Ensemble</th>'));
    assert.ok(html.includes('<caption>Revenue par période</caption>'));
    const island = new RegExp(`<script type="application/json" id="${DATA_ISLAND_ID}">(.*?)</script>`).exec(html);
    assert.ok(island);
    const message = parseHostMessage({ type: 'report', payload: JSON.parse(island[1]) as unknown });
    assert.equal(message?.type, 'report');
    if (message?.type !== 'report') return;
    assert.equal(message.payload.locale, 'fr');
    assert.equal(message.payload.l10n?.['Run again'], 'Recalculer');
    // With the build's list of the view's texts, only their translations.
    const listed = renderHtml(loyalty(), {
      assets: { script: 'void 0;', style: 'body{}', l10nKeys: ['All', 'Run again', 'not a text'] },
    });
    const only = new RegExp(`<script type="application/json" id="${DATA_ISLAND_ID}">(.*?)</script>`).exec(listed);
    assert.deepEqual((JSON.parse(only?.[1] ?? '{}') as { l10n?: unknown }).l10n, {
      All: 'Ensemble',
      'Run again': 'Recalculer',
    });
    // Raw numbers and English keys in the result, whatever the language.
    assert.equal(message.payload.result.kpis[0].rows[6].value, 123.5);
  });

  it('CSV and JSON stay machine formats', () => {
    useLocale('en', undefined);
    const csv = renderCsv(loyalty());
    const json = renderJson(loyalty());
    useLocale('fr', frenchBundle);
    assert.equal(renderCsv(loyalty()), csv);
    assert.equal(renderJson(loyalty()), json);
  });

  it("the report view's card model", () => {
    const card = kpiCard(revenue(), 'channel');
    assert.equal(card.meta, 'revenue · sum · monthly · par channel');
    assert.equal(card.headline?.text, `123,50${S}€`);
    assert.equal(card.headline?.changeText, `▲12,3${S}%`);
    assert.equal(card.headline?.versus, 'vs période précédente');
    assert.equal(card.trend?.lines[0].label, 'Ensemble');
    assert.equal(card.tables[0].caption, 'Revenue par période');
    assert.equal(card.tables[0].corner, 'Période');
    const nps = kpiCard(npsWithIntervals());
    assert.equal(nps.headline?.interval, `IC à 95${S}%${S}: 33,2 – 48,8`);
    assert.equal(nps.headline?.significance, 'significatif (p = 0,021)');
    assert.equal(nps.target?.text, '≥ 30');
    assert.equal(nps.tables[0].rows[0].cells[0].smallSample, 'n = 12, sous le minimum de 30');
    assert.deepEqual(nps.tables[0].rows[1].cells[0].significance, { short: 'sig.', text: 'significatif (p = 0,021)' });
    const cohort = kpiCard(cohorts());
    assert.equal(cohort.headline?.label, 'J30, cohorte 2025-12');
    assert.deepEqual(cohort.cohorts[0].days, ['J30', 'J60', 'J90']);
    assert.equal(cohort.cohorts[0].rows[0].cells[0].text, `50${S}%`);
    assert.deepEqual(SORT_ORDERS.map(sortLabel), [
      'Ordre du fichier',
      'Nom',
      'Plus forte variation',
      'Cibles manquées d’abord',
    ]);
    // Axis ticks: 250000 → 250 k €, 0.45 → 45 %, 3 days → 3 j.
    assert.equal(formatAxisValue({ format: 'currency', currency: 'EUR' }, 250000), `250${S}k${S}€`);
    assert.equal(formatAxisValue({ format: 'percent' }, 0.45), `45${S}%`);
    assert.equal(formatAxisValue({ format: 'percent' }, 0.05), `5${S}%`);
    assert.equal(formatAxisValue({ format: 'days' }, 3), `3${S}j`);
  });
});

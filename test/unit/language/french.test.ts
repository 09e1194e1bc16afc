// The language service in French (VS Code in French): hovers, completion details, rename errors
// and the code lens's latest-value line, with French words and figures (U+00A0, S below, between
// digit groups and before units); the line of the sample's revenue from a real run (DuckDB).
import { strict as assert } from 'assert';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { buildSymbolIndex, renameEdits } from '../../../src/core/language/symbols';
import { hoverAt } from '../../../src/core/language/hover';
import { describeLatest } from '../../../src/core/language/latestValue';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import * as path from 'path';
import { lines, runCli, SHOP } from '../helpers';

const S = '\u00A0';

const TEXT = lines(
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  '  weekly: { grain: week, last: 1 }',
  'segments:',
  '  channel: { by: orders.channel }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount, period: monthly, segments: [channel], target: { min: 1000 }, format: currency, currency: EUR }',
);

describe('language service in French', () => {
  beforeEach(() => useLocale('fr', frenchBundle));
  afterEach(() => useLocale('en', undefined));

  it('hovers: KPI facts, periods, segments, sources', async () => {
    const check = await checkKpiFile(path.join(SHOP, 'fr.kpi.yaml'), TEXT);
    const index = buildSymbolIndex(check.document, check.model);
    const kpi = hoverAt(check, index, TEXT.indexOf('revenue:') + 2);
    assert.ok(kpi);
    assert.match(kpi.markdown, new RegExp(`Source${S}: \`orders\` · column \`amount\``));
    assert.match(kpi.markdown, new RegExp(`Période${S}: \`monthly\``));
    assert.match(kpi.markdown, new RegExp(`Cible${S}: ≥ 1${S}000${S}€`));
    const monthly = hoverAt(check, index, TEXT.indexOf('  monthly:') + 3);
    assert.equal(
      monthly?.markdown,
      `**Période \`monthly\`**${S}: 3 mois complets jusqu’à as_of${S}; comparaison avec la période précédente.`,
    );
    const weekly = hoverAt(check, index, TEXT.indexOf('  weekly:') + 3);
    assert.equal(
      weekly?.markdown,
      `**Période \`weekly\`**${S}: 1 semaine complète jusqu’à as_of${S}; comparaison avec la période précédente.`,
    );
    const segment = hoverAt(check, index, TEXT.indexOf('  channel:') + 3);
    assert.equal(
      segment?.markdown,
      `**Segment \`channel\`**${S}: une tranche par valeur de \`orders.channel\`. L’ensemble de la population est toujours présenté aussi.`,
    );
    const source = hoverAt(check, index, TEXT.indexOf('source: orders') + 9);
    assert.match(source?.markdown ?? '', new RegExp(`Colonnes${S}: \`order_id\``));
  });

  it('completion details and rename errors', async () => {
    const check = await checkKpiFile(path.join(SHOP, 'fr.kpi.yaml'), TEXT);
    const top = completionsAt(
      await checkKpiFile(path.join(SHOP, 'fr.kpi.yaml'), 'kpilens: 1\n\n'),
      'kpilens: 1\n'.length,
    ).items;
    assert.equal(
      top.find((i) => i.label === 'as_of')?.documentation,
      '«\u00a0Aujourd’hui\u00a0» pour ce fichier (AAAA-MM-JJ).',
    );
    const columnText = TEXT.replace('column: amount', 'column: am');
    const columns = completionsAt(
      await checkKpiFile(path.join(SHOP, 'fr.kpi.yaml'), columnText),
      columnText.indexOf('column: am') + 'column: am'.length,
    ).items;
    assert.equal(columns.find((i) => i.label === 'amount')?.detail, 'colonne de orders');
    const index = buildSymbolIndex(check.document, check.model);
    assert.deepEqual(renameEdits(index, TEXT.indexOf('  monthly:') + 3, 'Bad Name'), {
      error: `«${S}Bad Name${S}» n’est pas un nom valide${S}: lettres minuscules, chiffres et _, en commençant par une lettre`,
    });
    assert.deepEqual(renameEdits(index, TEXT.indexOf('  monthly:') + 3, 'weekly'), {
      error: 'une période nommée «\u00a0weekly\u00a0» existe déjà',
    });
  });

  it('the code lens line: French figures, points, words', () => {
    const churn: KpiResult = {
      name: 'churn',
      title: 'Churn',
      type: 'churn',
      format: 'percent',
      period: 'monthly',
      target: { max: 0.05 },
      compare: 'previous',
      rows: [
        { period: '2025-11', segment: {}, value: 0.04, previous: null, change: null, status: 'met' },
        { period: '2025-12', segment: {}, value: 0.052, previous: 0.04, change: 0.3, status: 'missed' },
      ],
    };
    // 0.052 → 5,2 %; 0.052 − 0.04 = 0.012 → 1,2 pt.
    assert.equal(describeLatest(churn), `5,2${S}% (2025-12) · ▲1,2${S}pt vs 2025-11 · cible ≤ 5${S}% ✗`);
    const csat: KpiResult = {
      name: 'csat',
      title: 'CSAT',
      type: 'csat',
      format: 'percent',
      period: 'monthly',
      target: null,
      compare: 'year_ago',
      confidence: 0.95,
      min_sample: 30,
      rows: [
        { period: '2024-12', segment: {}, value: 0.5, previous: null, change: null, status: null, n: 40 },
        {
          period: '2025-12',
          segment: {},
          value: 0.75,
          previous: 0.5,
          change: 0.5,
          status: null,
          n: 12,
          ci_low: 0.4677,
          ci_high: 0.9111,
          below_min_sample: true,
          previous_n: 40,
          p_value: 0.13,
          significant: false,
        },
      ],
    };
    assert.equal(
      describeLatest(csat),
      `75${S}% [46,8${S}% – 91,1${S}%] (2025-12) · ▲25${S}pt vs un an plus tôt, non significatif · n = 12, sous le minimum de 30`,
    );
  });

  it("the code lens line of the sample's revenue, from a real run", async () => {
    const run = await runCli(['run', 'samples/loyalty.kpi.yaml', '--format', 'json', '--kpi', 'revenue']);
    useLocale('fr', frenchBundle);
    const revenue = (JSON.parse(run.out) as RunResult).kpis[0];
    // A sum shows its relative change, as the table does: (219602.53 − 179200.71) / 179200.71
    // = 40401.82 / 179200.71 = 0.22546 → 22,5 % (not the difference 40 401,82 €).
    assert.equal(describeLatest(revenue), `219${S}602,53${S}€ (2025-12) · ▲22,5${S}% vs 2025-11`);
    useLocale('en', undefined);
    assert.equal(describeLatest(revenue), '219,602.53 EUR (2025-12) · ▲22.5 % vs 2025-11');
  });

  it("the code lens lines of the sample's churn and NPS, from a real run: points, as in the table", async () => {
    const run = await runCli(['run', 'samples/loyalty.kpi.yaml', '--format', 'json', '--kpi', 'churn_rate', 'nps']);
    const [churn, nps] = ['churn_rate', 'nps'].map(
      (name) => (JSON.parse(run.out) as RunResult).kpis.find((k) => k.name === name) as RunResult['kpis'][number],
    );
    useLocale('en', undefined);
    // Churn 2025-12 0.0503 vs 0.0401: +1.02 points → ▲1 pp (the table's ▲1 pp, not ▲25.6 %).
    assert.equal(
      describeLatest(churn),
      '5 % [4.1 % – 6.2 %] (2025-12) · ▲1 pp vs 2025-11, not significant · target ≤ 5 % ✗',
    );
    // NPS 2025-Q4 31.04 vs 29.13 a year before: ▲1.9 points (the table's ▲1.9, not ▲6.6 %).
    assert.equal(
      describeLatest(nps),
      '31 [23.1 – 39] (2025-Q4) · ▲1.9 vs a year before, not significant · target ≥ 30 ✓',
    );
    useLocale('fr', frenchBundle);
    assert.equal(
      describeLatest(churn),
      `5${S}% [4,1${S}% – 6,2${S}%] (2025-12) · ▲1${S}pt vs 2025-11, non significatif · cible ≤ 5${S}% ✗`,
    );
    assert.equal(
      describeLatest(nps),
      '31 [23,1 – 39] (2025-Q4) · ▲1,9 vs un an plus tôt, non significatif · cible ≥ 30 ✓',
    );
    useLocale('en', undefined);
  });
});

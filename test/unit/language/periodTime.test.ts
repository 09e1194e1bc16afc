// The period time options of issue 24 in the checker, the hover (English and French) and the
// completion: `window`.
import { strict as assert } from 'assert';
import * as path from 'path';
import frenchBundle from '../../../l10n/bundle.l10n.fr.json';
import { useLocale } from '../../../src/core/l10n/l10n';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { hoverAt } from '../../../src/core/language/hover';
import { buildSymbolIndex } from '../../../src/core/language/symbols';
import { brief, diagnose, lines, SHOP } from '../helpers';

const S = '\u00A0';

function text(...periods: string[]): string {
  return lines(
    'kpilens: 1',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    'periods:',
    ...periods,
    'kpis:',
    '  revenue: { type: sum, source: orders, column: amount, period: p }',
  );
}

async function periodHover(t: string): Promise<string | undefined> {
  const check = await checkKpiFile(path.join(SHOP, 'hover.kpi.yaml'), t);
  return hoverAt(check, buildSymbolIndex(check.document, check.model), t.indexOf('  p:') + 3)?.markdown;
}

describe('period time options: checks, hover, completion', () => {
  it('window: valid lengths pass; a bad length is a schema error at the value', async () => {
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, window: 90d }'))), []);
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, window: 90 days }'))), [
      '5:39 error invalid-value',
    ]);
  });

  it('window without a grain is a period-conflict at the window', async () => {
    const d = await diagnose(text('  p: { from: 2025-01-01, to: 2025-03-31, window: 90d }'));
    assert.deepEqual(brief(d), ['5:50 error period-conflict']);
    assert.match(d[0].message, /period 'p' has 'window' but no 'grain'/);
  });

  it('a cohort_retention KPI cannot take a period with a window', async () => {
    const t = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
      'periods:',
      '  p: { grain: month, last: 3, window: 90d }',
      'kpis:',
      '  kept: { type: cohort_retention, source: orders, cohort: customers, start: signup_date, days: [30], period: p }',
    );
    const d = await diagnose(t);
    assert.deepEqual(brief(d), ['8:110 error period-conflict']);
    assert.match(d[0].message, /KPI 'kept' \(cohort_retention\) has windows of its own and cannot use period 'p'/);
  });

  it('hover says the window, in English and in French', async () => {
    const t = text('  p: { grain: month, last: 3, window: 90d }');
    assert.equal(
      await periodHover(t),
      '**Period `p`**: the last 3 complete months up to as_of, each over the trailing 90 days ending at its last day; each compared with the one before.',
    );
    useLocale('fr', frenchBundle);
    try {
      assert.equal(
        await periodHover(text('  p: { grain: month, last: 3, window: 1y }')),
        `**Période \`p\`**${S}: 3 mois complets jusqu’à as_of, chaque valeur sur une fenêtre glissante de 1 an qui finit au dernier jour de sa période${S}; comparaison avec la période précédente.`,
      );
    } finally {
      useLocale('en', undefined);
    }
  });

  it('to_date: a grain is needed, longer than the grain, not with window; hover in words', async () => {
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, to_date: year }'))), []);
    const same = await diagnose(text('  p: { grain: quarter, last: 3, to_date: month }'));
    assert.deepEqual(brief(same), ['5:42 error period-conflict']);
    assert.match(same[0].message, /'to_date: month' on a 'quarter' grain/);
    const both = await diagnose(text('  p: { grain: month, last: 3, window: 90d, to_date: year }'));
    assert.deepEqual(brief(both), ['5:53 error period-conflict']);
    assert.deepEqual(brief(await diagnose(text('  p: { from: 2025-01-01, to_date: year }'))), [
      '5:35 error period-conflict',
    ]);
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, to_date: week }'))), [
      '5:40 error invalid-value',
    ]);
    assert.equal(
      await periodHover(text('  p: { grain: month, last: 3, to_date: year }')),
      '**Period `p`**: the last 3 complete months up to as_of, each counted from the start of its year (year to date); each compared with the one before.',
    );
  });

  it('calendars: valid options pass, bad ones are schema errors; hover says which calendar', async () => {
    assert.deepEqual(
      brief(
        await diagnose(
          text('  p: { grain: quarter, last: 4, calendar: 4-5-4, week_start: sunday, fiscal_year_start: 2 }'),
        ),
      ),
      [],
    );
    assert.deepEqual(brief(await diagnose(text('  p: { grain: week, last: 4, week_start: friday }'))), [
      '5:42 error invalid-value',
    ]);
    assert.deepEqual(brief(await diagnose(text('  p: { grain: year, last: 1, fiscal_year_start: 13 }'))), [
      '5:49 error invalid-value',
    ]);
    assert.equal(
      await periodHover(
        text('  p: { grain: quarter, last: 4, calendar: 4-5-4, week_start: sunday, fiscal_year_start: 2 }'),
      ),
      '**Period `p`**: the last 4 complete quarters up to as_of (retail 4-5-4 calendar of whole weeks) (weeks from Sunday) (fiscal years from month 2, named by the year they end in); each compared with the one before.',
    );
  });

  it('hover says both comparisons, in their order', async () => {
    assert.equal(
      await periodHover(text('  p: { grain: month, last: 3, compare: [year_ago, previous] }')),
      '**Period `p`**: the last 3 complete months up to as_of; each compared with the same period a year before and with the one before.',
    );
  });

  it('compare as a list: valid kinds pass; a typo is worded for the list item, an empty list refused', async () => {
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, compare: [previous, year_ago] }'))), []);
    const typo = await diagnose(text('  p: { grain: month, last: 3, compare: [previous, yearago] }'));
    assert.deepEqual(brief(typo), ['5:51 error invalid-value']);
    assert.match(typo[0].message, /'yearago' is not allowed .*did you mean 'year_ago'\?/);
    // A single value keeps its own message (no word about lists or anyOf).
    const single = await diagnose(text('  p: { grain: month, last: 3, compare: yearago }'));
    assert.deepEqual(brief(single), ['5:40 error invalid-value']);
    assert.match(single[0].message, /'yearago' is not allowed for 'compare' in period 'p'; did you mean 'year_ago'\?/);
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, compare: [] }'))), [
      '5:40 error invalid-value',
    ]);
    assert.deepEqual(brief(await diagnose(text('  p: { grain: month, last: 3, compare: [none] }'))), [
      '5:41 error invalid-value',
    ]);
  });

  it('completion offers window lengths under a period, not under a KPI', async () => {
    const t = text('  p:', '    grain: month', '    window: |');
    const check = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), t.replace('|', ''));
    const items = completionsAt(check, t.indexOf('|')).items.map((i) => i.label);
    assert.ok(items.includes('90d') && items.includes('13w') && items.includes('3m'), items.join(' '));
    const keys = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), text('  p:', '    grain: month', '    '));
    const keyItems = completionsAt(keys, text('  p:', '    grain: month', '    ').indexOf('    \nkpis') + 4).items;
    assert.ok(
      keyItems.some((i) => i.label === 'window'),
      keyItems.map((i) => i.label).join(' '),
    );
  });
});

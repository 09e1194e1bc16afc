// Score segments (docs/DSL.md "Score segments") in the checker and the editor, on the folder
// test/fixtures/scores: a valid score segment, its required revenue on a keyed source and a
// known column, one form per segment, bands, the KPIs that refuse score segments (positions
// counted by hand); completion of the score kinds and keys, and the hover of a segment.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { hoverAt } from '../../../src/core/language/hover';
import { buildSymbolIndex } from '../../../src/core/language/symbols';
import { brief as briefAll, diagnose, lines } from '../helpers';
import type { Diagnostic } from '../../../src/core/kpifile/diagnostic';
import { DIR, ORDERS } from './scoreSegmentsFixture';

/** The diagnostics but the unused `nokey` source's warning. */
const brief = (d: Diagnostic[]) => briefAll(d.filter((x) => x.code !== 'unused-source'));

describe('score segments: checks', () => {
  const spec = (segment: string, kpi: string[] = ORDERS.slice(0, 4).concat('    segments: [s]')) =>
    lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
      '  nokey: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  monthly: { grain: month, last: 1 }',
      'segments:',
      `  s: ${segment}`,
      'kpis:',
      ...kpi,
    );

  it('a valid score segment has no diagnostic', async () => {
    assert.deepEqual(brief(await diagnose(spec('{ score: p_alive, revenue: orders.amount, bands: [0.5] }'), DIR)), []);
  });

  it('needs revenue on a declared source with key, and a known column', async () => {
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm }'), DIR)), ['8:3 error missing-field']);
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: order.amount }'), DIR)), [
      '8:29 error unknown-source',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: nokey.amount }'), DIR)), [
      '8:29 error missing-key',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: orders.amout }'), DIR)), [
      '8:29 error unknown-column',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenu: orders.amount }'), DIR)).sort(), [
      '8:20 error unknown-key',
      '8:3 error missing-field',
    ]);
  });

  it('one form per segment; fields of another score are warned; bands must increase', async () => {
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, by: channel, revenue: orders.amount }'), DIR)), [
      '8:20 error segment-kind',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ revenue: orders.amount }'), DIR)), ['8:8 error segment-kind']);
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: orders.amount, bands: [1] }'), DIR)), [
      '8:44 warning invalid-value',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ score: tenure, revenue: orders.amount, bands: [6, 3] }'), DIR)), [
      '8:58 error invalid-value',
    ]);
    assert.deepEqual(brief(await diagnose(spec('{ score: p_alive, revenue: orders.amount, bands: [0.5, 1] }'), DIR)), [
      '8:61 error invalid-value',
    ]);
  });

  it('a KPI needs a key on its source; cohort and predictive clv KPIs refuse score segments', async () => {
    const onNoKey = ['  n:', '    type: count', '    source: nokey', '    period: monthly', '    segments: [s]'];
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: orders.amount }', onNoKey), DIR)), [
      '14:16 error missing-key',
    ]);
    const clv = [
      '  clv:',
      '    type: clv',
      '    method: predictive',
      '    revenue: orders.amount',
      '    period: monthly',
      '    segments: [s]',
    ];
    assert.deepEqual(brief(await diagnose(spec('{ score: rfm, revenue: orders.amount }', clv), DIR)), [
      '15:16 error unsupported-feature',
    ]);
  });
});

describe('score segments in the editor', () => {
  const text = lines(
    'kpilens: 1',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    'periods:',
    '  monthly: { grain: month, last: 1 }',
    'segments:',
    '  alive: { score: p_alive, revenue: orders.amount, bands: [0.5] }',
    'kpis:',
    '  n: { type: count, source: orders, period: monthly, segments: [alive] }',
  );

  it('completes the score kinds, the purchases and the score keys', async () => {
    const at = async (t: string, marker: string) => {
      const offset = t.indexOf(marker) + marker.length;
      const check = await checkKpiFile(path.join(DIR, 'c.kpi.yaml'), t);
      return completionsAt(check, offset).items.map((i) => i.label);
    };
    assert.deepEqual(await at(text.replace('score: p_alive', 'score: '), 'score: '), [
      'rfm',
      'rfm_group',
      'p_alive',
      'clv_decile',
      'tenure',
    ]);
    assert.ok((await at(text.replace('orders.amount', 'ord'), 'revenue: ord')).includes('orders.amount'));
    const keys = await at(text.replace('  alive: { score', '  alive:\n    \n    x: { score'), 'alive:\n    ');
    for (const k of ['score', 'revenue', 'bands', 'horizon_months', 'discount_rate']) assert.ok(keys.includes(k), k);
  });

  it('hovering the segment says what its values are', async () => {
    const check = await checkKpiFile(path.join(DIR, 'c.kpi.yaml'), text);
    const h = hoverAt(check, buildSymbolIndex(check.document, check.model), text.indexOf('segments: [alive]') + 12);
    assert.ok(h);
    assert.match(h.markdown, /probability of being still active.*`orders\.amount`.*00-50%, 50-100%/);
  });
});

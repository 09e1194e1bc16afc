// Completion as the user types (often YAML that does not parse yet): keys allowed at the
// cursor, KPI types, declared names, columns from the linked file's header, allowed words.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { hoverAt } from '../../../src/core/language/hover';
import { buildSymbolIndex } from '../../../src/core/language/symbols';
import { SHOP } from '../helpers';

const HEAD = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'segments:',
  '  channel: { by: channel }',
  'kpis:',
  '  revenue:',
  '    type: sum',
  '    source: orders',
];

/** Completion labels at the `|` of the text. */
async function labels(...textLines: string[]): Promise<string[]> {
  const text = textLines.join('\n') + '\n';
  const offset = text.indexOf('|');
  const check = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), text.replace('|', ''));
  return completionsAt(check, offset).items.map((i) => i.label);
}

describe('completion', () => {
  it('columns of the KPI source for `column:`, read from the data file header', async () => {
    assert.deepEqual(await labels(...HEAD, '    column: am|'), [
      'order_id',
      'customer_id',
      'order_date',
      'amount',
      'channel',
      'status',
    ]);
  });

  it('the fields a KPI of this type may still have, at a new key line', async () => {
    const keys = await labels(...HEAD, '    column: amount', '    |');
    assert.ok(
      keys.includes('period') && keys.includes('segments') && keys.includes('target') && keys.includes('where'),
    );
    for (const present of ['type', 'source', 'column']) assert.ok(!keys.includes(present), present);
    assert.ok(!keys.includes('numerator'), 'no ratio field on a sum');
  });

  it('KPI types after `type:`, with their formula', async () => {
    const text = [...HEAD, '    column: amount', '  nps:', '    type: n|'].join('\n');
    const check = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), text.replace('|', ''));
    const items = completionsAt(check, text.indexOf('|')).items;
    assert.ok(items.length === 28);
    assert.match(
      items.find((i) => i.label === 'time_between_purchases')?.documentation ?? '',
      /the median of their gaps/,
    );
    assert.match(items.find((i) => i.label === 'nps')?.documentation ?? '', /100 × \(#responses ≥ 9/);
  });

  it('names: sources, periods, segments (flow list) and KPIs (ratio fields in a flow mapping)', async () => {
    assert.deepEqual(await labels(...HEAD.slice(0, -1), '    source: |'), ['orders', 'customers']);
    assert.deepEqual(await labels(...HEAD, '    column: amount', '    period: |'), ['monthly']);
    assert.deepEqual(await labels(...HEAD, '    column: amount', '    segments: [|'), ['channel']);
    assert.deepEqual(await labels(...HEAD, '    column: amount', '  basket: { type: ratio, numerator: |'), ['revenue']);
  });

  it('a block list item under segments', async () => {
    assert.deepEqual(await labels(...HEAD, '    column: amount', '    segments:', '      - |'), ['channel']);
  });

  it('allowed words: format, grain, compare; columns for a source time', async () => {
    assert.deepEqual(await labels(...HEAD, '    column: amount', '    format: |'), [
      'number',
      'integer',
      'percent',
      'currency',
      'score',
      'days',
    ]);
    assert.deepEqual(await labels('kpilens: 1', 'periods:', '  weekly:', '    grain: |'), [
      'day',
      'week',
      'month',
      'quarter',
      'year',
    ]);
    assert.deepEqual(await labels('kpilens: 1', 'periods:', '  weekly: { grain: week, compare: |'), [
      'previous',
      'year_ago',
      'none',
    ]);
    assert.deepEqual(
      await labels('kpilens: 1', 'sources:', '  customers:', '    file: data/customers.csv', '    time: |'),
      ['customer_id', 'signup_date', 'churn_date', 'plan'],
    );
  });

  it('top-level keys not written yet', async () => {
    assert.deepEqual(await labels('kpilens: 1', 'title: x', '|'), [
      'as_of',
      'timezone',
      'sources',
      'periods',
      'segments',
      'defaults',
      'kpis',
    ]);
  });

  it('keys of a source and of a flow-mapped KPI', async () => {
    const sourceKeys = await labels('kpilens: 1', 'sources:', '  orders:', '    file: data/orders.csv', '    |');
    assert.deepEqual(sourceKeys, [
      'format',
      'encoding',
      'sheet',
      'time',
      'key',
      'where',
      'columns',
      'title',
      'description',
      'tests',
      'freshness',
      'delimiter',
      'decimal',
      'thousands',
      'quote',
      'date_format',
      'timestamp_format',
      'header',
      'skip',
    ]);
    const flowKeys = await labels(...HEAD, '    column: amount', '  n: { type: count, so|');
    assert.ok(flowKeys.includes('source') && !flowKeys.includes('type'));
  });
});

describe('completion and hover of the CSV dialect keys', () => {
  it('the dialect keys at a new source key line, quoted values after `decimal:` and `date_format:`', async () => {
    const keys = await labels('kpilens: 1', 'sources:', '  orders:', '    file: data/orders.csv', '    |');
    for (const k of ['delimiter', 'decimal', 'thousands', 'quote', 'date_format', 'timestamp_format', 'header', 'skip'])
      assert.ok(keys.includes(k), k);
    assert.deepEqual(
      await labels('kpilens: 1', 'sources:', '  orders:', '    file: data/orders.csv', '    decimal: |'),
      ['.', ','],
    );
    const text =
      ['kpilens: 1', 'sources:', '  orders:', '    file: data/orders.csv', '    date_format: |'].join('\n') + '\n';
    const check = await checkKpiFile(path.join(SHOP, 'c.kpi.yaml'), text.replace('|', ''));
    const items = completionsAt(check, text.indexOf('|')).items;
    // '%' cannot start a plain YAML scalar: the value is inserted quoted.
    assert.equal(items.find((i) => i.label === '%d/%m/%Y')?.insertText, "'%d/%m/%Y'");
  });

  /** The hover's markdown on source `name`, declared by `body` (its lines under `  name:`). */
  async function sourceHover(name: string, body: string[]): Promise<string> {
    const text = ['kpilens: 1', 'sources:', `  ${name}:`, ...body.map((l) => `    ${l}`)].join('\n') + '\n';
    const c = await checkKpiFile(path.join(SHOP, `h-${name}.kpi.yaml`), text);
    return hoverAt(c, buildSymbolIndex(c.document, c.model), text.indexOf(`  ${name}:`) + 3)?.markdown ?? '';
  }

  it('a hover on a CSV source says each dialect key as declared or assumed and the declared types', async () => {
    const md = await sourceHover('orders', [
      'file: data/orders.csv',
      'time: order_date',
      'key: customer_id',
      "decimal: ','",
      "date_format: '%d/%m/%Y'",
      'columns: { amount: number }',
    ]);
    assert.match(
      md,
      /Read as: delimiter told from the header line \(assumed\), decimal `,`, thousands none unless the values show one \(assumed\), quote `"` \(assumed\)/,
    );
    assert.match(md, /Header `true` \(assumed\), skipped lines `0` \(assumed\), encoding `utf-8` \(assumed\)/);
    assert.match(md, /Dates `%d\/%m\/%Y`, timestamps ISO, optional offset \(assumed\)/);
    assert.match(md, /Declared types: `amount` number/);
    assert.match(md, /Other columns: `customer_id`, `order_date` as text or time/);
  });

  it('a hover on a JSON source says how its texts are read and its declared types', async () => {
    const md = await sourceHover('events', ['file: data/events.ndjson', "decimal: ','", 'columns: { amount: number }']);
    assert.match(
      md,
      /Texts read as: decimal `,`, thousands none \(assumed\), dates ISO \(assumed\), timestamps ISO, optional offset \(assumed\)/,
    );
    assert.match(md, /Declared types: `amount` number/);
    assert.match(md, /Other columns: as the file holds them/);
    assert.doesNotMatch(md, /delimiter/);
  });
});

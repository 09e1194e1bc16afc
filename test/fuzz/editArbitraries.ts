// Many-KPI files and random edits on them, for the incremental checker's property (its
// diagnostics equal a whole-file check's after every edit): edits typed inside a KPI, lines
// and KPIs pasted or deleted, and the text that must make the pieces fall back to a whole
// parse (tabs, flow maps, anchors and aliases, `---`, broken indentation, repeated names).
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { isMap, isScalar, isSeq } from 'yaml';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import type { CheckOptions, CheckResult } from '../../src/core/kpifile/checkFile';
import { IncrementalChecker } from '../../src/core/kpifile/incrementalCheck';

/** A KPI file over the sample data with `count` KPIs of several kinds that refer to each other. */
export function manyKpiFile(count: number): string {
  const out = [
    '# generated for the incremental checker',
    'kpilens: 1',
    'title: Many',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
    '  survey:',
    '    file: data/survey.csv',
    '    time: responded_at',
    '    key: customer_id',
    'periods:',
    '  monthly: { grain: month, last: 12 }',
    'segments:',
    '  channel: { by: channel }',
    'defaults: { period: monthly }',
    'kpis:',
  ];
  const kinds = [
    (i: number) => [
      `  revenue_${i}:`,
      '    type: sum',
      '    source: orders',
      '    column: amount',
      `    where: "status = 'paid' and amount > ${i}"`,
      '    segments: [channel]',
    ],
    (i: number) => [`  orders_${i}:`, '    type: count', '    source: orders', '', '    # a comment inside'],
    (i: number) => [
      `  basket_${i}:`,
      '    type: ratio',
      `    numerator: revenue_${i - 2}`,
      `    denominator: orders_${i - 1}`,
      '    target: { min: 45 }',
    ],
    (i: number) => [
      `  nps_${i}:`,
      '    type: nps',
      '    source: survey',
      '    column: nps_score',
      '    description: |',
      '      Promoters minus',
      '      detractors.',
    ],
    (i: number) => [`  mix_${i}:`, '    type: formula', `    expr: "revenue_${i - 4} / coalesce(orders_${i - 3}, 1)"`],
  ];
  for (let i = 0; i < count; i++) out.push(...kinds[i % kinds.length](i));
  return out.join('\n') + '\n';
}

/** One edit: replace `remove` characters at a fraction of the text by `insert`. */
export interface Edit {
  at: number;
  remove: number;
  insert: string;
}

/** What typing and pasting inside KPIs inserts (the split usually holds). */
const typed = [
  'a',
  '1',
  ' ',
  '_',
  ':',
  'x: 1',
  '\n',
  '\n    ',
  '\n    owner: ana',
  '#',
  ' # note',
  "'",
  '"',
  '{',
  '}',
  '[',
  ']',
  ',',
  '\n  new_kpi:\n    type: count\n    source: orders\n',
  '  revenue_0:\n    type: count\n',
  '\n  orders_1:\n    type: count\n    source: orders\n',
  '{ type: count, source: orders }',
  'revenue_0',
  'orders_',
  'amount > 0 and ',
  '|\n      text\n',
  '>-\n      folded\n',
  ' -',
  '\n  ',
  '  ',
];

/** Text the split must not trust (a whole parse follows). */
const breaking = [
  '&a ',
  '*a',
  '---\n',
  '\t',
  '\r\n',
  '...\n',
  'kpis:\n',
  'sources:\n',
  '\n- x\n',
  '!!str ',
  '? k\n',
  '__proto__:',
  'true:',
  '%YAML 1.2\n',
  '\uFEFF',
];

export const editArb: fc.Arbitrary<Edit> = fc.record({
  // Uniform over the text (fc.double would favour 0 and 1: the file's first and last line).
  at: fc.integer({ min: 0, max: 999_999 }).map((n) => n / 1_000_000),
  remove: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0) },
    { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: 4, max: 200 }) },
  ),
  insert: fc.oneof(
    { weight: 10, arbitrary: fc.constantFrom(...typed) },
    { weight: 1, arbitrary: fc.constantFrom(...breaking) },
    { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant('') },
  ),
});

/** The text after an edit; pasted lines (text ending in a newline) land on a line start. */
export function applyEdit(text: string, e: Edit): string {
  let at = Math.min(text.length, Math.floor(e.at * (text.length + 1)));
  if (e.insert.endsWith('\n')) at = text.lastIndexOf('\n', at - 1) + 1;
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** The parts of a YAML node the checks and the language service read: kinds, values, ranges. */
export function nodeShape(n: unknown): unknown {
  if (n === null || n === undefined) return null;
  if (isScalar(n))
    return {
      scalar: n.value,
      type: n.type ?? null,
      range: n.range,
      source: (n as { source?: unknown }).source ?? null,
      tag: n.tag ?? null,
    };
  if (isMap(n))
    return { map: n.items.map((p) => [nodeShape(p.key), nodeShape(p.value)]), range: n.range, flow: !!n.flow };
  if (isSeq(n)) return { seq: n.items.map(nodeShape), range: n.range, flow: !!n.flow };
  return { other: String(n) };
}

/** The incremental result equals the whole-file one: diagnostics, model, tree and value. */
export function assertSameCheck(incremental: CheckResult, full: CheckResult, text: string): void {
  const where = `after the text ${JSON.stringify(text.length > 400 ? `${text.slice(0, 400)}…` : text)}`;
  assert.deepStrictEqual(incremental.diagnostics, full.diagnostics, `diagnostics differ ${where}`);
  assert.deepStrictEqual(
    nodeShape(incremental.document.doc.contents),
    nodeShape(full.document.doc.contents),
    `trees differ ${where}`,
  );
  assert.deepStrictEqual(incremental.document.value, full.document.value, `values differ ${where}`);
  assert.deepStrictEqual(incremental.model, full.model, `models differ ${where}`);
  assert.deepStrictEqual(
    incremental.document.syntaxDiagnostics,
    full.document.syntaxDiagnostics,
    `syntax diagnostics differ ${where}`,
  );
}

/**
 * The incremental checker's property: edits applied one after the other to `base`, each
 * result equal to the whole-file check's. Counts how often the pieces were assembled.
 */
export async function incrementalProperty(
  file: string,
  base: string,
  edits: readonly Edit[],
  options: CheckOptions,
  counts = { assembled: 0, whole: 0 },
): Promise<void> {
  const checker = new IncrementalChecker();
  let text = base;
  assertSameCheck(await checker.check(file, text, options), await checkKpiFile(file, text, options), text);
  for (const e of edits) {
    text = applyEdit(text, e);
    const incremental = await checker.check(file, text, options);
    if (checker.last.assembled) counts.assembled++;
    else counts.whole++;
    assertSameCheck(incremental, await checkKpiFile(file, text, options), text);
  }
}

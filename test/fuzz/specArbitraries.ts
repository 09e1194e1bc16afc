// fast-check generators and properties shared by the property tests (test/unit/fuzz) and the
// nightly fuzz run (scripts/fuzz.ts): KPI files mutated from real specs (the sample and the
// tests' specs), KPI files built at random from the language's own keys, and expressions
// (token soups and arbitrary text). The properties: no uncaught exception, every diagnostic
// range inside the document and consistent with its line/column, bounded output.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { formatExpression } from '../../src/core/expr/format';
import { parseExpression } from '../../src/core/expr/parse';
import { checkTypes } from '../../src/core/expr/typecheck';
import { completionsAt } from '../../src/core/language/completion';
import { hoverAt } from '../../src/core/language/hover';
import { outline, type OutlineItem } from '../../src/core/language/outline';
import { buildSymbolIndex, findDefinition, findReferences, renameEdits } from '../../src/core/language/symbols';
import { checkKpiFile } from '../../src/core/kpifile/checkFile';
import type { CheckOptions } from '../../src/core/kpifile/checkFile';
import type { Diagnostic, Range } from '../../src/core/kpifile/diagnostic';
import { LOYALTY_PACK } from '../../src/core/templates/kpiTemplates';

/** Real KPI files the mutations start from: the sample and specs of the tests. */
export const SEED_SPECS: readonly string[] = [
  LOYALTY_PACK,
  [
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date, key: customer_id, columns: { amount: number } }',
    '  customers: { file: "data/customers.csv", time: signup_date, key: customer_id }',
    'periods:',
    '  jan: { grain: month, last: 1 }',
    '  weeks: { grain: week, last: 8, compare: year_ago }',
    'segments:',
    '  web: { where: "channel = \'web\' and amount > 10" }',
    '  plan: { by: customers.plan }',
    'defaults: { period: jan }',
    'kpis:',
    '  revenue: { type: sum, source: orders, column: amount, segments: [web, plan] }',
    "  big: { type: count, source: orders, where: \"amount between 10 and 100 or coalesce(channel, 'x') in ('web', 'app')\" }",
    '  share:',
    '    type: formula',
    '    expr: >',
    '      revenue / nullif(big, 0)',
    '      * 100',
    '    format: percent',
    '    target: { min: 0.5, max: 2 }',
  ].join('\n') + '\n',
  [
    '# anchors, aliases, block scalars, quoted keys',
    'kpilens: 1',
    'title: "Quoted \\"title\\" \\u00e9"',
    'sources:',
    '  s: &src',
    '    file: data/*.csv',
    '    time: day',
    '  t: *src',
    'kpis:',
    '  "avg value":',
    '    type: avg',
    '    source: s',
    '    column: value',
    '    where: |',
    "      day >= DATE '2024-02-29'",
    '      AND NOT (value IS NULL)',
    '  funnel:',
    '    type: funnel',
    '    source: t',
    '    steps: [visit, cart, buy]',
  ].join('\n') + '\n',
  [
    'kpilens: 1',
    'sources:',
    '  survey: { file: data/survey.csv, time: responded_at, key: customer_id }',
    'kpis:',
    '  nps: { type: nps, source: survey, column: nps_score, target: { min: 30 }, period: unknown }',
    '  csat: { type: csat, source: survey, column: csat_score, format: percent }',
    '  x: { type: formula, expr: "nps + csat * (1 - round(nps, 2)) / -abs(csat)" }',
    '  y: { type: formula, expr: "x + y" }',
  ].join('\n') + '\n',
];

/** Snippets that YAML and the KPI language treat specially. */
const SNIPPETS = [
  ':',
  ': ',
  '-',
  '- ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '#',
  '{',
  '}',
  '[',
  ']',
  ',',
  '"',
  "'",
  '&a',
  '*a',
  '!',
  '!!str ',
  '|',
  '>',
  '? ',
  '%YAML 1.2\n',
  '---\n',
  '...\n',
  '\\',
  '\u00e9',
  '\u{1F600}',
  '\u0000',
  '\uFEFF',
  '\u2028',
  '\ud800',
  'null',
  '~',
  'true',
  '1e309',
  '-0',
  '0x1F',
  '.inf',
  '2025-02-30',
  'kpis:',
  'sources:',
  'type: ',
  'type: formula',
  'expr: ',
  'where: ',
  'source: ',
  'file: ',
  'file: ../../etc/passwd',
  'file: /etc/*',
  'period: ',
  'segments: ',
  'target: { min: ',
  'as_of: ',
  "'; DROP TABLE x; --",
  '"a" = 1',
  '(',
  ')',
  ' and ',
  ' or ',
  ' not ',
  ' in (',
  ' between ',
  ' is null',
  '+',
  '*',
  '/',
  '<>',
  '>=',
  'coalesce(',
  "read_csv('/etc/passwd')",
  '<<: *a',
  'kpilens: 2',
];

export type Mutation =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'duplicate'; at: number; length: number; to: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'swapLines'; a: number; b: number }
  | { kind: 'reindent'; line: number; by: number }
  | { kind: 'blankValue'; slot: number; blank: string };

/**
 * Empty, blank and whitespace-only values, quoted and not: what a user has mid-typing and what a
 * completion can insert (`file: ""` once stopped `kpilens check` with an internal error).
 */
export const BLANK_VALUES = ['""', "''", '" "', "'   '", '"\\t"', '" \\n "', '"\\u00a0"', '', ' '];

/**
 * Where a value of the file is written: after `key:` (block or flow), after `[` or `,` in a flow
 * collection, after a `- ` of a block sequence. Group 2 is the value.
 */
const VALUE_SLOT =
  /(:[ \t]+|[[,][ \t]*|^[ \t]*-[ \t]+)(?![^,\]}\n#]*:(?:[ \t]|$))([^\s,\]}{[#](?:[^,\]}\n#]*[^,\]}\n# \t])?)/gm;

/** Every value of a text (offset and length), in order. */
export function valueSlots(text: string): { at: number; length: number }[] {
  return [...text.matchAll(VALUE_SLOT)].map((m) => ({ at: (m.index ?? 0) + m[1].length, length: m[2].length }));
}

/** The text with its value at `slot` (an index into valueSlots) replaced by `blank`. */
export function blankSlot(text: string, slot: number, blank: string): string {
  const slots = valueSlots(text);
  if (slots.length === 0) return text;
  const { at, length } = slots[slot % slots.length];
  return text.slice(0, at) + blank + text.slice(at + length);
}

/** Positions are fractions of the text's length, so one mutation fits any text. */
const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
const snippet = fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6, unit: 'binary' }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: fraction, text: snippet }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 40 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('duplicate' as const),
      at: fraction,
      length: fc.integer({ min: 1, max: 80 }),
      to: fraction,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: fraction }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swapLines' as const), a: fraction, b: fraction }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('reindent' as const),
      line: fraction,
      by: fc.integer({ min: -4, max: 4 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('blankValue' as const),
      slot: fc.nat({ max: 1000 }),
      blank: fc.constantFrom(...BLANK_VALUES),
    }),
  },
);

export function applyMutation(text: string, m: Mutation): string {
  const pos = (f: number): number => Math.floor(f * (text.length + 1));
  switch (m.kind) {
    case 'insert':
      return text.slice(0, pos(m.at)) + m.text + text.slice(pos(m.at));
    case 'delete':
      return text.slice(0, pos(m.at)) + text.slice(pos(m.at) + m.length);
    case 'duplicate': {
      const piece = text.slice(pos(m.at), pos(m.at) + m.length);
      return text.slice(0, pos(m.to)) + piece + text.slice(pos(m.to));
    }
    case 'truncate':
      return text.slice(0, pos(m.at));
    case 'swapLines': {
      const lines = text.split('\n');
      const a = Math.floor(m.a * lines.length);
      const b = Math.floor(m.b * lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'reindent': {
      const lines = text.split('\n');
      const i = Math.floor(m.line * lines.length);
      lines[i] = m.by >= 0 ? ' '.repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
    case 'blankValue':
      return blankSlot(text, m.slot, m.blank);
  }
}

/** A seed spec with 1 to 8 mutations applied. */
export const mutatedSpec: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: SEED_SPECS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 8 }))
  .map(([seed, mutations]) => mutations.reduce(applyMutation, SEED_SPECS[seed]));

// --- KPI files built from the language's keys ------------------------------------------------

const name = fc.constantFrom(
  'orders',
  'customers',
  'survey',
  'revenue',
  'nps',
  'x',
  'Y_2',
  'jan',
  'plan',
  'channel',
  'amount',
  '',
  ' ',
  '\t',
  ' \n ',
  '\u00a0',
  'a b',
  'é',
);
const exprText = fc.oneof(
  fc.constantFrom(
    'amount > 10',
    "channel = 'web'",
    'revenue / orders',
    'nps + 1',
    'coalesce(a, 0)',
    "day >= DATE '2025-01-01'",
    'x +',
    "'open",
    '((a)',
    '',
    '   ',
    '\t\n',
  ),
  fc.string({ maxLength: 30 }),
);
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  name,
  exprText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'data/orders.csv',
    'data/*.csv',
    'data/missing.csv',
    '../secret.csv',
    '/etc/passwd',
    'month',
    'week',
    'previous',
    'year_ago',
    '2025-01-31',
    '',
    '  ',
    ' \t ',
  ),
  fc.constantFrom(
    'sum',
    'count',
    'avg',
    'ratio',
    'formula',
    'nps',
    'csat',
    'churn',
    'funnel',
    'cohort_retention',
    'clv',
    'cac',
    'bogus',
  ),
);
const KEYS = [
  'kpilens',
  'title',
  'as_of',
  'sources',
  'periods',
  'segments',
  'defaults',
  'kpis',
  'file',
  'time',
  'key',
  'type',
  'source',
  'column',
  'where',
  'expr',
  'numerator',
  'denominator',
  'period',
  'grain',
  'last',
  'compare',
  'by',
  'target',
  'min',
  'max',
  'format',
  'steps',
  'start',
  'end',
  'days',
  'cohort',
  'method',
  'columns',
  'encoding',
  'currency',
  'direction',
  'unknown_key',
];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: name });

const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
  tree: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  ),
}));

/** A YAML document whose keys and values come from the KPI language (mostly invalid, sometimes not). */
export const randomSpec: fc.Arbitrary<string> = fc
  .tuple(tree, fc.constantFrom<'block' | 'flow'>('block', 'flow'))
  .map(([value, style]) => {
    const root =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? { kpilens: 1, ...value } : value;
    return stringify(root, style === 'flow' ? { collectionStyle: 'flow' } : {});
  });

/** Any text at all: arbitrary code points, or lines of YAML-ish snippets. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.array(snippet, { maxLength: 40 }).map((parts) => parts.join('')),
);

export const anySpec: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: mutatedSpec },
  { weight: 3, arbitrary: randomSpec },
  { weight: 1, arbitrary: arbitraryText },
);

// --- expressions ---------------------------------------------------------------------------

const FRAGMENTS = [
  'a',
  'customers',
  '.',
  'plan',
  '1',
  '0.5',
  '12.',
  '1e3',
  '1e400',
  "'x'",
  "'it''s'",
  "'open",
  'date',
  "'2025-02-30'",
  "'2025-01-31'",
  'true',
  'null',
  'and',
  'or',
  'not',
  'in',
  'between',
  'is',
  '+',
  '-',
  '*',
  '/',
  '%',
  '=',
  '!=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  '(',
  ')',
  ',',
  ';',
  'coalesce',
  'round',
  'abs',
  'year',
  'nullif',
  ' ',
  '\n',
  '\t',
  '#',
  '"',
  '"a b"',
  '`',
  '!',
  '||',
  '::',
  '--',
  '/*',
  '*/',
  '$1',
  '?',
  '@',
  '\\',
  '😀',
  '\u0000',
  'select',
  'from',
  'read_csv',
  'union',
  'drop',
  'case',
  'when',
  'like',
  'cast',
];

/** Expression text: token soups from the grammar's neighbourhood and arbitrary strings. */
export const expressionText: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .array(fc.tuple(fc.boolean(), fc.constantFrom(...FRAGMENTS)), { maxLength: 24 })
      .map((parts) => parts.map(([space, f]) => (space ? ' ' : '') + f).join('')),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 60, unit: 'binary' }) },
);

// --- properties ----------------------------------------------------------------------------

/** 0-based offsets of each line start (lines end at LF, as in SourceText), to check a line/column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 10) starts.push(i + 1);
  }
  return starts;
}

function checkRange(range: Range, text: string, starts: number[], what: string): void {
  assert.ok(Number.isInteger(range.startOffset) && Number.isInteger(range.endOffset), `${what}: offsets are integers`);
  assert.ok(
    range.startOffset >= 0 && range.startOffset <= range.endOffset && range.endOffset <= text.length,
    `${what}: offsets ${range.startOffset}..${range.endOffset} outside 0..${text.length}`,
  );
  for (const [pos, offset] of [
    [range.start, range.startOffset],
    [range.end, range.endOffset],
  ] as const) {
    assert.ok(pos.line >= 1 && pos.line <= starts.length, `${what}: line ${pos.line} outside 1..${starts.length}`);
    assert.ok(pos.column >= 1, `${what}: column ${pos.column}`);
    // The line/column must name the same place as the offset.
    const lineStart = starts[pos.line - 1];
    const nextLine = pos.line < starts.length ? starts[pos.line] : text.length + 1;
    assert.ok(offset >= lineStart && offset < nextLine, `${what}: offset ${offset} is not on line ${pos.line}`);
    assert.equal(pos.column, offset - lineStart + 1, `${what}: column ${pos.column} for offset ${offset}`);
  }
}

/** The most diagnostics a KPI file of this length may produce (each needs some text of its own). */
export function diagnosticBudget(text: string): number {
  return 50 + 2 * text.length;
}

export const MAX_MESSAGE_LENGTH = 2000;

/** Checks one diagnostic list against its text: ranges inside, positions consistent, bounded. */
export function assertDiagnosticsSound(text: string, diagnostics: Diagnostic[], file: string): void {
  const starts = lineStarts(text);
  assert.ok(
    diagnostics.length <= diagnosticBudget(text),
    `${diagnostics.length} diagnostics for ${text.length} characters`,
  );
  for (const d of diagnostics) {
    const what = `${d.code} '${d.message}'`;
    assert.ok(d.file === file, `${what}: file ${d.file}`);
    assert.ok(['error', 'warning', 'info'].includes(d.severity), `${what}: severity ${d.severity}`);
    assert.ok(
      typeof d.message === 'string' && d.message.length > 0 && d.message.length <= MAX_MESSAGE_LENGTH,
      `${what}: message length ${d.message.length}`,
    );
    checkRange(d.range, text, starts, what);
    for (const fix of d.fixes ?? []) checkRange(fix.range, text, starts, `${what} fix '${fix.title}'`);
    for (const info of d.related ?? []) if (info.file === file) checkRange(info.range, text, starts, `${what} related`);
  }
}

/** The validator's property: it returns (never throws) and its diagnostics are sound. */
export async function validatorProperty(file: string, text: string, options: CheckOptions): Promise<void> {
  const result = await checkKpiFile(file, text, options);
  assertDiagnosticsSound(text, result.diagnostics, file);
}

/** The parser's property: a tree or errors, spans inside the text, and a formatted tree parses again. */
export function parserProperty(text: string): void {
  const result = parseExpression(text);
  assert.ok(result.expr !== null || result.errors.length > 0, `no tree and no error for ${JSON.stringify(text)}`);
  for (const e of result.errors) {
    assert.ok(
      e.span.start >= 0 && e.span.start <= e.span.end && e.span.end <= text.length,
      `span ${e.span.start}..${e.span.end} of ${JSON.stringify(text)}`,
    );
    assert.ok(e.message.length > 0 && e.message.length <= MAX_MESSAGE_LENGTH);
  }
  if (result.expr) {
    checkTypes(result.expr, () => 'unknown');
    const again = parseExpression(formatExpression(result.expr));
    assert.ok(again.expr, `the formatted text of ${JSON.stringify(text)} does not parse`);
  }
}

/** A KPI file and cursor positions in it (fractions of its length), for the language service. */
export const specWithCursors: fc.Arbitrary<[string, number[]]> = fc.tuple(
  anySpec,
  fc.array(fraction, { minLength: 1, maxLength: 6 }),
);

/**
 * The editor's language service on any text, at any cursor: symbols, outline, completion,
 * hover, definition, references and rename never throw and give ranges inside the document.
 */
export async function languageProperty(
  file: string,
  text: string,
  cursors: number[],
  options: CheckOptions,
): Promise<void> {
  const check = await checkKpiFile(file, text, options);
  const starts = lineStarts(text);
  const index = buildSymbolIndex(check.document, check.model);
  const walk = (items: OutlineItem[]): void => {
    for (const item of items) {
      checkRange(item.range, text, starts, `outline ${item.name}`);
      checkRange(item.selectionRange, text, starts, `outline ${item.name} selection`);
      walk(item.children);
    }
  };
  walk(outline(check, index));
  for (const f of cursors) {
    const offset = Math.floor(f * (text.length + 1));
    const completion = completionsAt(check, offset);
    assert.ok(
      completion.replaceStart >= 0 && completion.replaceStart <= offset,
      `completion replaces from ${completion.replaceStart} at ${offset}`,
    );
    hoverAt(check, index, offset);
    const definition = findDefinition(index, offset);
    if (definition) checkRange(definition.range, text, starts, 'definition');
    for (const r of findReferences(index, offset, true)) checkRange(r, text, starts, 'reference');
    const rename = renameEdits(index, offset, 'renamed_x');
    if ('edits' in rename) for (const e of rename.edits) checkRange(e.range, text, starts, 'rename edit');
  }
}

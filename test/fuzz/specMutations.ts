// fast-check generators of KPI files mutated from the seed specs (seedSpecs.ts): snippets that
// YAML and the KPI language treat specially inserted, text deleted, duplicated or truncated,
// lines swapped or re-indented, and values blanked (empty, blank and whitespace-only values
// put in every value slot). Used by the property tests (test/unit/fuzz) and `npm run fuzz`.
import fc from 'fast-check';
import { SEED_SPECS } from './seedSpecs';

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
export const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true });
export const snippet = fc.oneof(fc.constantFrom(...SNIPPETS), fc.string({ maxLength: 6, unit: 'binary' }));

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

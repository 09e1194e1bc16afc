// Which columns a KPI file may read: those whose name appears, case-insensitively, in some
// text of the file's model — a field, a filter, a segment's `by`, a declared type's key, a test
// row's key, even a title. Deliberately generous (`id` is found inside `paid`): the columnar
// cache leaves out of its copy only the text columns the file never names (columnarCache.ts),
// so a name found by chance costs a larger copy, never a wrong or missing column.
import type { SpecModel } from './model';

/** Whether the file may read a column of this name. */
export type ColumnMentions = (column: string) => boolean;

const memo = new WeakMap<SpecModel, ColumnMentions>();

export function columnMentions(model: SpecModel): ColumnMentions {
  const known = memo.get(model);
  if (known) return known;
  const texts: string[] = [];
  const seen = new Set<object>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value.toLowerCase());
    else if (typeof value === 'number' || typeof value === 'bigint') texts.push(String(value));
    else if (typeof value === 'object' && value !== null && !seen.has(value)) {
      seen.add(value);
      const entries: Iterable<[unknown, unknown]> =
        value instanceof Map
          ? value.entries()
          : value instanceof Set
            ? [...value].map((v): [unknown, unknown] => [undefined, v])
            : Array.isArray(value)
              ? value.map((v): [unknown, unknown] => [undefined, v])
              : Object.entries(value);
      for (const [k, v] of entries) {
        walk(k);
        walk(v);
      }
    }
  };
  walk(model);
  // A quoted name doubles its quotes in an expression ("a""b" names a"b): both spellings count.
  const haystack = texts.join('\n');
  const unquoted = haystack.replace(/""/g, '"');
  const mentions: ColumnMentions = (column) => {
    const name = column.toLowerCase();
    return haystack.includes(name) || unquoted.includes(name);
  };
  memo.set(model, mentions);
  return mentions;
}

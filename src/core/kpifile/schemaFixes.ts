// The quick fixes a schema error offers (schemaValidation.ts): a key or a value replaced by the
// likely one, a missing field added where the mapping's keys are (block or flow style), an
// invalid name turned into a valid one.
import { isMap, isPair } from 'yaml';
import type { Fix } from './diagnostic';
import type { YamlDocument, YamlPath } from './yamlDocument';
import { changeToTitle } from '../util/suggest';
import * as l10n from '../l10n/l10n';

export function keyFix(doc: YamlDocument, path: YamlPath, replacement: string): Fix {
  return { title: changeToTitle(replacement), range: doc.rangeOf(path, 'key'), newText: replacement };
}

export function valueFix(doc: YamlDocument, path: YamlPath, replacement: string): Fix {
  return { title: changeToTitle(replacement), range: doc.rangeOf(path, 'value'), newText: replacement };
}

/**
 * A fix adding `key: ` to the mapping at `path`: a new line at the indentation of its keys
 * (block style), or `, key: ` before the closing brace (flow style); `kpilens: 1` at the top.
 */
export function insertFieldFix(doc: YamlDocument, path: YamlPath, key: string): Fix | undefined {
  if (path.length === 0 && key === 'kpilens')
    return { title: l10n.t('Add kpilens: 1'), range: doc.source.range(0, 0), newText: 'kpilens: 1\n' };
  const node = path.length === 0 ? doc.doc.contents : doc.node(path);
  if (!isMap(node) || !node.range || node.items.length === 0) return undefined;
  const value = key === 'kpilens' ? '1' : '';
  if (node.flow) {
    const close = node.range[1] - 1;
    const at = doc.source.text.lastIndexOf('}', close);
    if (at < 0) return undefined;
    const before = doc.source.text.slice(0, at).trimEnd().length;
    return {
      title: l10n.t("Add '{0}'", key),
      range: doc.source.range(before, before),
      newText: value ? `, ${key}: ${value}` : `, ${key}:`,
    };
  }
  const first = node.items[0];
  const last = node.items[node.items.length - 1];
  const keyNode =
    isPair(first) && first.key && typeof first.key === 'object' && 'range' in first.key
      ? (first.key as { range?: [number, number, number] })
      : undefined;
  const lastValue = isPair(last) ? (last.value as { range?: [number, number, number] } | null) : null;
  const lastKey = isPair(last) ? (last.key as { range?: [number, number, number] } | null) : null;
  if (!keyNode?.range) return undefined;
  const indent = doc.source.position(keyNode.range[0]).column - 1;
  const end = lastValue?.range ? lastValue.range[1] : lastKey?.range ? lastKey.range[1] : node.range[1];
  return {
    title: l10n.t("Add '{0}'", key),
    range: doc.source.range(end, end),
    newText: `\n${' '.repeat(indent)}${key}: ${value}`,
  };
}

/** A valid name close to an invalid one: lower-cased, other characters as _. */
export function toName(name: string): string {
  let n = name
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(n)) n = `k_${n}`;
  return n;
}

/**
 * toName's name, unless the mapping already has it (`N` beside `n`): then with `_2`, `_3`… — a
 * fix never makes a second key of the same name.
 */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  const base = toName(name);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

// The names a KPI file declares (sources, periods, segments, KPIs) and every place that
// refers to one — in fields, lists, `source.column` prefixes and inside expressions — with
// exact ranges: the base of go to definition, find references, rename and the outline.
import { isScalar } from 'yaml';
import { kpiType } from '../kpis/registry';
import type { Range } from '../kpifile/diagnostic';
import { parseExpressionField } from '../kpifile/expressionField';
import type { SpecModel } from '../kpifile/model';
import { isObject } from '../kpifile/model';
import { scalarRangeMap } from '../kpifile/scalarOffsets';
import type { YamlDocument, YamlPath } from '../kpifile/yamlDocument';
import * as l10n from '../l10n/l10n';

export type SymbolKind = 'source' | 'period' | 'segment' | 'kpi';

export const SECTION_OF: Record<SymbolKind, string> = {
  source: 'sources',
  period: 'periods',
  segment: 'segments',
  kpi: 'kpis',
};

export interface SymbolDeclaration {
  kind: SymbolKind;
  name: string;
  /** The name (the mapping key). */
  range: Range;
  /** From the key to the end of its value. */
  fullRange: Range;
}

export interface SymbolReference {
  kind: SymbolKind;
  name: string;
  /** Exactly the characters of the name. */
  range: Range;
}

export interface SymbolIndex {
  declarations: SymbolDeclaration[];
  references: SymbolReference[];
}

/** The exact range of a scalar's text (without its quotes), or of a part of it. */
function scalarPartRange(doc: YamlDocument, path: YamlPath, from = 0, length?: number): Range | undefined {
  const node = doc.scalar(path);
  if (!node || typeof node.value !== 'string') return undefined;
  const map = scalarRangeMap(doc.source.text, node);
  const len = length ?? node.value.length - from;
  if (len <= 0) return undefined;
  return doc.source.range(...map(from, from + len));
}

export function buildSymbolIndex(doc: YamlDocument, model: SpecModel): SymbolIndex {
  const declarations: SymbolDeclaration[] = [];
  const references: SymbolReference[] = [];
  const ref = (kind: SymbolKind, name: string, range: Range | undefined) => {
    if (range) references.push({ kind, name, range });
  };
  const refValue = (kind: SymbolKind, path: YamlPath) => {
    const node = doc.scalar(path);
    if (node && typeof node.value === 'string') ref(kind, node.value, scalarPartRange(doc, path));
  };
  /** `source.column` in a field: the source part. */
  const refSourcePrefix = (path: YamlPath) => {
    const node = doc.scalar(path);
    if (!node || typeof node.value !== 'string' || !node.value.includes('.')) return;
    const src = node.value.slice(0, node.value.indexOf('.'));
    ref('source', src, scalarPartRange(doc, path, 0, src.length));
  };
  /** Names inside an expression: `source.column` prefixes (filters) or KPI names (formulas). */
  const refExpression = (path: YamlPath, names: 'columns' | 'kpis') => {
    const parsed = parseExpressionField(doc, path);
    for (const n of parsed?.names ?? []) {
      // A name may be double-quoted ("orders"."Montant TTC"): the symbol is inside the quotes.
      const start = n.ref.span.start + (parsed?.text[n.ref.span.start] === '"' ? 1 : 0);
      if (n.ref.parts.length === 2) {
        const src = n.ref.parts[0];
        ref('source', src, parsed?.rangeOfSpan({ start, end: start + src.length }));
      } else if (names === 'kpis') {
        ref(
          'kpi',
          n.ref.parts[0],
          start === n.ref.span.start ? n.range : parsed?.rangeOfSpan({ start, end: n.ref.span.end - 1 }),
        );
      }
    }
  };

  for (const kind of ['source', 'period', 'segment', 'kpi'] as SymbolKind[]) {
    for (const pair of doc.pairs([SECTION_OF[kind]])) {
      if (!isScalar(pair.key) || !pair.key.range) continue;
      const name = String(pair.key.value);
      const value = pair.value as { range?: [number, number, number] } | null;
      const end = value?.range ? value.range[1] : pair.key.range[1];
      declarations.push({
        kind,
        name,
        range: doc.source.range(pair.key.range[0], pair.key.range[1]),
        fullRange: doc.source.range(pair.key.range[0], end),
      });
    }
  }

  for (const s of model.sources.values()) if (s.where) refExpression(['sources', s.name, 'where'], 'columns');
  // A source's relationship test names another source: `to: customers` or `to: customers.id`.
  for (const s of model.sources.values())
    for (const t of s.tests ?? [])
      if (t.to)
        ref(
          'source',
          t.to,
          scalarPartRange(doc, ['sources', s.name, 'tests', t.index, 'relationship', 'to'], 0, t.to.length),
        );
  for (const s of model.segments.values()) {
    if (s.by) refSourcePrefix(['segments', s.name, 'by']);
    if (s.where) refExpression(['segments', s.name, 'where'], 'columns');
  }
  const root = isObject(doc.value) ? doc.value : {};
  const defaults = isObject(root.defaults) ? root.defaults : {};
  if (typeof defaults.period === 'string') refValue('period', ['defaults', 'period']);
  if (Array.isArray(defaults.segments))
    defaults.segments.forEach((_, i) => refValue('segment', ['defaults', 'segments', i]));

  const kpis = isObject(root.kpis) ? root.kpis : {};
  for (const [name, raw] of Object.entries(kpis)) {
    if (!isObject(raw)) continue;
    const path = ['kpis', name];
    if (typeof raw.source === 'string') refValue('source', [...path, 'source']);
    if (typeof raw.period === 'string') refValue('period', [...path, 'period']);
    if (Array.isArray(raw.segments)) raw.segments.forEach((_, i) => refValue('segment', [...path, 'segments', i]));
    if (typeof raw.where === 'string') refExpression([...path, 'where'], 'columns');
    const def = typeof raw.type === 'string' ? kpiType(raw.type) : undefined;
    for (const [field, spec] of Object.entries(def?.fields ?? {})) {
      const value = raw[field];
      if (typeof value !== 'string' || !spec.ref) continue;
      const fpath = [...path, field];
      switch (spec.ref.kind) {
        case 'kpi':
          refValue('kpi', fpath);
          break;
        case 'source':
          refValue('source', fpath);
          break;
        case 'source-column':
          refSourcePrefix(fpath);
          break;
        case 'kpi-or-source-column':
          if (value.includes('.')) refSourcePrefix(fpath);
          else refValue('kpi', fpath);
          break;
        case 'kpi-expression':
          refExpression(fpath, 'kpis');
          break;
        default:
          break;
      }
    }
  }
  // KPI tests: the keys under `data` name sources, those under `expect` name KPIs.
  const tests = isObject(root.tests) ? root.tests : {};
  for (const [name, raw] of Object.entries(tests)) {
    if (!isObject(raw)) continue;
    for (const [section, kind] of [
      ['data', 'source'],
      ['expect', 'kpi'],
    ] as const) {
      const part = raw[section];
      if (!isObject(part)) continue;
      for (const key of Object.keys(part))
        ref(
          kind,
          key,
          doc.keyNode(['tests', name, section, key]) ? doc.rangeOf(['tests', name, section, key], 'key') : undefined,
        );
    }
  }
  return { declarations, references };
}

const contains = (r: Range, offset: number) => offset >= r.startOffset && offset <= r.endOffset;

/** The declared or referenced name at an offset. */
export function symbolAt(
  index: SymbolIndex,
  offset: number,
): { kind: SymbolKind; name: string; range: Range } | undefined {
  return (
    index.declarations.find((d) => contains(d.range, offset)) ?? index.references.find((r) => contains(r.range, offset))
  );
}

export function findDefinition(index: SymbolIndex, offset: number): SymbolDeclaration | undefined {
  const s = symbolAt(index, offset);
  return s ? index.declarations.find((d) => d.kind === s.kind && d.name === s.name) : undefined;
}

export function findReferences(index: SymbolIndex, offset: number, includeDeclaration: boolean): Range[] {
  const s = symbolAt(index, offset);
  if (!s) return [];
  const refs = index.references.filter((r) => r.kind === s.kind && r.name === s.name).map((r) => r.range);
  const decl = index.declarations.filter((d) => d.kind === s.kind && d.name === s.name).map((d) => d.range);
  return [...(includeDeclaration ? decl : []), ...refs].sort((a, b) => a.startOffset - b.startOffset);
}

export type RenameResult = { edits: { range: Range; newText: string }[] } | { error: string };

/** The edits renaming the symbol at an offset everywhere in the file. */
export function renameEdits(index: SymbolIndex, offset: number, newName: string): RenameResult {
  const s = symbolAt(index, offset);
  if (!s) return { error: l10n.t('nothing to rename here: place the cursor on a source, period, segment or KPI name') };
  if (!/^[a-z][a-z0-9_]*$/.test(newName))
    return {
      error: l10n.t("'{0}' is not a valid name: lower-case letters, digits and _, starting with a letter", newName),
    };
  if (newName !== s.name && index.declarations.some((d) => d.kind === s.kind && d.name === newName)) {
    return { error: alreadyExists(s.kind, newName) };
  }
  return { edits: findReferences(index, offset, true).map((range) => ({ range, newText: newName })) };
}

/** The rename error for a name already taken, one whole sentence per kind of symbol. */
function alreadyExists(kind: string, name: string): string {
  switch (kind) {
    case 'source':
      return l10n.t("a source named '{0}' already exists", name);
    case 'period':
      return l10n.t("a period named '{0}' already exists", name);
    case 'segment':
      return l10n.t("a segment named '{0}' already exists", name);
    case 'kpi':
      return l10n.t("a kpi named '{0}' already exists", name);
    default:
      return `a ${kind} named '${name}' already exists`;
  }
}

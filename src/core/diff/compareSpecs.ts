// The semantic comparison of two KPI file models: KPIs added, removed, renamed (the same
// definition — every field but name and title equal — under a new name) and changed, field
// by field in words ("end column churn_date → cancelled_at", "filter added: status = 'paid'",
// "period monthly → quarterly"); changed sources, periods and segments; and which KPIs they
// affect through what they read (their source, period, segments, input KPIs), transitively.
// Expressions are compared by their canonical form, so reformatting a filter is no change.
import { collectNames, formatExpression, parseExpression } from '../expr';
import { hasInterval, kpiType } from '../kpis/registry';
import type { FieldRef } from '../kpis/kpiType';
import type { KpiSpec, PeriodSpec, SegmentSpec, SourceSpec, SpecModel } from '../kpifile/model';
import type { DefinitionChange, KpiDiff } from './specDiff';
import * as l10n from '../l10n/l10n';

export interface SpecComparison {
  kpis: KpiDiff[];
  definitions: DefinitionChange[];
}

type Value = unknown;

/** A value as people read it in a change line. */
export function showValue(v: Value): string {
  if (v === undefined || v === null) return l10n.t('(none)');
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(showValue).join(', ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    return `{${entries.map(([k, x]) => `${k}: ${showValue(x)}`).join(', ')}}`;
  }
  return String(v);
}

/** A stable text of a value for equality: object keys sorted, undefined members dropped. */
export function canonical(v: Value): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonical(x)}`).join(',')}}`;
  }
  return v === undefined ? 'undefined' : JSON.stringify(v);
}

/** An expression's canonical text (its raw text when it does not parse), for comparison only. */
function canonicalExpression(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const parsed = parseExpression(text);
  if (parsed.expr && parsed.errors.length === 0) {
    try {
      return formatExpression(parsed.expr);
    } catch {
      return text.trim();
    }
  }
  return text.trim();
}

/** `label a → b`, `label added: b`, `label removed (was a)`; nothing when equal. */
function valueChange(out: string[], label: string, a: Value, b: Value): void {
  if (canonical(a) === canonical(b)) return;
  if (a === undefined) out.push(l10n.t('{0} added: {1}', label, showValue(b)));
  else if (b === undefined) out.push(l10n.t('{0} removed (was {1})', label, showValue(a)));
  else out.push(l10n.t('{0} {1} → {2}', label, showValue(a), showValue(b)));
}

/** A filter: added, removed or rewritten; reformatting alone is no change. */
function filterChange(out: string[], label: string, a: string | undefined, b: string | undefined): void {
  if (canonicalExpression(a) === canonicalExpression(b)) return;
  if (a === undefined) out.push(l10n.t('{0} added: {1}', label, b?.trim() ?? ''));
  else if (b === undefined) out.push(l10n.t('{0} removed: {1}', label, a.trim()));
  else out.push(l10n.t('{0} {1} → {2}', label, a.trim(), b.trim()));
}

/** A list whose members were added or removed (or only reordered). */
function listChange(out: string[], label: string, a: readonly string[], b: readonly string[]): void {
  if (canonical(a) === canonical(b)) return;
  const added = b.filter((x) => !a.includes(x));
  const removed = a.filter((x) => !b.includes(x));
  if (added.length > 0) out.push(l10n.t('{0} added: {1}', label, added.join(', ')));
  if (removed.length > 0) out.push(l10n.t('{0} removed: {1}', label, removed.join(', ')));
  if (added.length === 0 && removed.length === 0) out.push(l10n.t('{0} {1} → {2}', label, showValue(a), showValue(b)));
}

/** A field's label in a change line: `revenue column`, `customers KPI`, `cohort source`, or the key. */
function fieldLabel(key: string, ref: FieldRef | undefined): string {
  switch (ref?.kind) {
    case 'column':
      return l10n.t('{0} column', key);
    case 'kpi':
      return l10n.t('{0} KPI', key);
    case 'source':
      return l10n.t('{0} source', key);
    default:
      return key;
  }
}

/** The changes of a KPI's own fields; `renamed` maps base KPI names to their head names. */
export function kpiFieldChanges(a: KpiSpec, b: KpiSpec, renamed: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  valueChange(out, 'type', a.type, b.type);
  valueChange(out, 'source', a.source, b.source);
  filterChange(out, l10n.t('filter'), a.where, b.where);
  valueChange(out, l10n.t('time column'), a.time, b.time);
  valueChange(out, 'period', a.period, b.period);
  listChange(out, 'segments', a.segments, b.segments);
  const def = kpiType(b.type) ?? kpiType(a.type);
  const keys = [...new Set([...Object.keys(def?.fields ?? {}), ...Object.keys(a.fields), ...Object.keys(b.fields)])];
  for (const key of keys) {
    const field = def?.fields[key];
    let before = a.fields[key];
    const after = b.fields[key];
    if (field?.ref?.kind === 'kpi-expression') {
      filterChange(
        out,
        key,
        typeof before === 'string' ? before : undefined,
        typeof after === 'string' ? after : undefined,
      );
      continue;
    }
    // A reference to a renamed KPI is no change of definition.
    const refersToKpi = field?.ref?.kind === 'kpi' || field?.ref?.kind === 'kpi-or-source-column';
    if (refersToKpi && typeof before === 'string' && renamed.has(before)) before = renamed.get(before);
    valueChange(out, fieldLabel(key, field?.ref), before, after);
  }
  valueChange(out, 'format', a.format, b.format);
  valueChange(out, 'currency', a.currency, b.currency);
  valueChange(out, 'decimals', a.decimals, b.decimals);
  valueChange(out, 'target', a.target, b.target);
  valueChange(out, 'direction', a.direction, b.direction);
  // Only shares and NPS have intervals: a changed default leaves the others alone.
  if (def && hasInterval(def)) {
    valueChange(out, 'confidence', a.confidence, b.confidence);
    valueChange(out, 'min_sample', a.minSample, b.minSample);
  }
  valueChange(out, 'title', a.title, b.title);
  valueChange(out, 'description', a.description, b.description);
  valueChange(out, 'owner', a.owner, b.owner);
  listChange(out, 'tags', a.tags, b.tags);
  return out;
}

function sourceChanges(a: SourceSpec, b: SourceSpec): string[] {
  const out: string[] = [];
  valueChange(out, 'file', a.file, b.file);
  valueChange(out, 'format', a.format, b.format);
  valueChange(out, 'encoding', a.encoding, b.encoding);
  valueChange(out, 'sheet', a.sheet, b.sheet);
  valueChange(out, l10n.t('time column'), a.time, b.time);
  valueChange(out, l10n.t('key column'), a.key, b.key);
  filterChange(out, l10n.t('filter'), a.where, b.where);
  for (const column of [...new Set([...Object.keys(a.columns), ...Object.keys(b.columns)])].sort()) {
    valueChange(out, l10n.t('column {0} type', column), a.columns[column], b.columns[column]);
  }
  return out;
}

function periodChanges(a: PeriodSpec, b: PeriodSpec): string[] {
  const out: string[] = [];
  valueChange(out, 'grain', a.grain, b.grain);
  valueChange(out, 'last', a.last, b.last);
  valueChange(out, 'partial', a.partial, b.partial);
  valueChange(out, 'from', a.from, b.from);
  valueChange(out, 'to', a.to, b.to);
  // A list of comparisons reads `[previous, year_ago]`.
  const compare = (p: PeriodSpec) => (p.compares ? `[${p.compares.join(', ')}]` : p.compare);
  valueChange(out, 'compare', compare(a), compare(b));
  valueChange(out, 'window', a.window, b.window);
  valueChange(out, 'to_date', a.toDate, b.toDate);
  valueChange(out, 'week_start', a.weekStart, b.weekStart);
  valueChange(out, 'fiscal_year_start', a.fiscalYearStart, b.fiscalYearStart);
  valueChange(out, 'calendar', a.calendar, b.calendar);
  return out;
}

function segmentChanges(a: SegmentSpec, b: SegmentSpec): string[] {
  const out: string[] = [];
  valueChange(out, 'by', a.by, b.by);
  filterChange(out, l10n.t('filter'), a.where, b.where);
  return out;
}

interface Named {
  name: string;
  title?: string;
}

/**
 * Changes of one section (sources, periods or segments). Only changes that can move numbers
 * are listed as `changes`; a title alone is reported as such and affects no KPI.
 */
function compareSection<T extends Named>(
  section: DefinitionChange['section'],
  a: Map<string, T>,
  b: Map<string, T>,
  changesOf: (x: T, y: T) => string[],
): { list: DefinitionChange[]; affecting: Set<string> } {
  const list: DefinitionChange[] = [];
  const affecting = new Set<string>();
  for (const [name, y] of b) {
    const x = a.get(name);
    if (!x) {
      list.push({ section, name, kind: 'added', changes: [] });
      continue;
    }
    const changes = changesOf(x, y);
    if (changes.length > 0) affecting.add(name);
    valueChange(changes, 'title', x.title, y.title);
    if (changes.length > 0) list.push({ section, name, kind: 'changed', changes });
  }
  for (const name of a.keys()) if (!b.has(name)) list.push({ section, name, kind: 'removed', changes: [] });
  return { list, affecting };
}

/** What a KPI reads, by name: sources, periods, segments and input KPIs. */
interface KpiUses {
  sources: Set<string>;
  periods: Set<string>;
  segments: Set<string>;
  kpis: Set<string>;
}

function expressionNames(text: string | undefined): string[][] {
  if (text === undefined) return [];
  const parsed = parseExpression(text);
  return parsed.expr ? collectNames(parsed.expr).map((n) => n.parts) : [];
}

export function usesOf(model: SpecModel, k: KpiSpec): KpiUses {
  const uses: KpiUses = { sources: new Set(), periods: new Set(), segments: new Set(), kpis: new Set() };
  if (k.source) uses.sources.add(k.source);
  if (k.period) uses.periods.add(k.period);
  const joined = (parts: string[]) => {
    if (parts.length === 2 && model.sources.has(parts[0])) uses.sources.add(parts[0]);
  };
  for (const parts of expressionNames(k.where)) joined(parts);
  for (const s of k.segments) {
    uses.segments.add(s);
    const seg = model.segments.get(s);
    if (seg?.by) joined(seg.by.split('.'));
    for (const parts of expressionNames(seg?.where)) joined(parts);
  }
  const def = kpiType(k.type);
  for (const [key, field] of Object.entries(def?.fields ?? {})) {
    const v = k.fields[key];
    if (typeof v !== 'string') continue;
    switch (field.ref?.kind) {
      case 'source':
        uses.sources.add(v);
        break;
      case 'source-column':
        joined(v.split('.'));
        break;
      case 'kpi':
        uses.kpis.add(v);
        break;
      case 'kpi-or-source-column':
        if (v.includes('.')) joined(v.split('.'));
        else uses.kpis.add(v);
        break;
      case 'kpi-expression':
        for (const parts of expressionNames(v)) if (parts.length === 1) uses.kpis.add(parts[0]);
        break;
      default:
        break;
    }
  }
  return uses;
}

/** Every field but name and title, for finding renames. */
function definitionKey(k: KpiSpec): string {
  return canonical({ ...k, name: undefined, title: undefined });
}

/** Compares the base model with the head model. */
export function compareSpecs(base: SpecModel, head: SpecModel): SpecComparison {
  const definitions: DefinitionChange[] = [];
  const file: string[] = [];
  valueChange(file, 'title', base.title, head.title);
  valueChange(file, 'as_of', base.asOf, head.asOf);
  valueChange(file, 'timezone', base.timezone, head.timezone);
  if (file.length > 0) definitions.push({ section: 'file', kind: 'changed', changes: file });
  const sources = compareSection('sources', base.sources, head.sources, sourceChanges);
  const periods = compareSection('periods', base.periods, head.periods, periodChanges);
  const segments = compareSection('segments', base.segments, head.segments, segmentChanges);
  definitions.push(...sources.list, ...periods.list, ...segments.list);

  // Renames: a base KPI gone from the head whose definition a new head KPI has.
  const removed = [...base.kpis.values()].filter((k) => !head.kpis.has(k.name));
  const added = [...head.kpis.values()].filter((k) => !base.kpis.has(k.name));
  const renamed = new Map<string, string>();
  for (const k of added) {
    const key = definitionKey(k);
    const from = removed.find((r) => !renamed.has(r.name) && definitionKey(r) === key);
    if (from) renamed.set(from.name, k.name);
  }
  const renamedFrom = new Map([...renamed].map(([from, to]) => [to, from]));

  const kpis: KpiDiff[] = [];
  const byName = new Map<string, KpiDiff>();
  for (const k of head.kpis.values()) {
    const from = renamedFrom.get(k.name);
    const before = base.kpis.get(from ?? k.name);
    let entry: KpiDiff;
    if (from !== undefined && before) {
      const changes: string[] = [];
      // A title that defaults to the name follows the rename: no change to report.
      if (before.title !== before.name || k.title !== k.name) valueChange(changes, 'title', before.title, k.title);
      entry = { kind: 'renamed', name: k.name, baseName: from, title: k.title, type: k.type, changes, indirect: [] };
    } else if (!before) {
      entry = { kind: 'added', name: k.name, title: k.title, type: k.type, changes: [], indirect: [] };
    } else {
      const changes = kpiFieldChanges(before, k, renamed);
      entry = {
        kind: changes.length > 0 ? 'changed' : 'unchanged',
        name: k.name,
        title: k.title,
        type: k.type,
        changes,
        indirect: [],
      };
    }
    kpis.push(entry);
    byName.set(k.name, entry);
  }
  for (const k of removed) {
    if (renamed.has(k.name)) continue;
    kpis.push({ kind: 'removed', name: k.name, title: k.title, type: k.type, changes: [], indirect: [] });
  }

  // What the head's KPIs read that changed: their sources, periods, segments, then their
  // inputs (until stable, so a ratio over a changed KPI is affected too).
  const describe = (section: DefinitionChange['section'], name: string) =>
    definitions.find((d) => d.section === section && d.name === name)?.changes.filter((c) => !c.startsWith('title ')) ??
    [];
  const uses = new Map<string, KpiUses>();
  for (const k of head.kpis.values()) uses.set(k.name, usesOf(head, k));
  for (const entry of kpis) {
    const u = uses.get(entry.name);
    if (!u || entry.kind === 'added') continue;
    for (const s of [...u.sources].sort())
      if (sources.affecting.has(s))
        entry.indirect.push(...describe('sources', s).map((c) => l10n.t('source {0}: {1}', s, c)));
    for (const p of u.periods)
      if (periods.affecting.has(p))
        entry.indirect.push(...describe('periods', p).map((c) => l10n.t('period {0}: {1}', p, c)));
    for (const s of u.segments)
      if (segments.affecting.has(s))
        entry.indirect.push(...describe('segments', s).map((c) => l10n.t('segment {0}: {1}', s, c)));
  }
  const moves = (e: KpiDiff | undefined) =>
    e !== undefined && (e.kind === 'added' || e.changes.some(changesValues) || e.indirect.length > 0);
  let grew = true;
  while (grew) {
    grew = false;
    for (const entry of kpis) {
      const u = uses.get(entry.name);
      if (!u || entry.kind === 'added') continue;
      for (const input of [...u.kpis].sort()) {
        const line = l10n.t('input KPI {0} changed', input);
        if (!entry.indirect.includes(line) && input !== entry.name && moves(byName.get(input))) {
          entry.indirect.push(line);
          grew = true;
        }
      }
    }
  }
  for (const entry of kpis) if (entry.kind === 'unchanged' && entry.indirect.length > 0) entry.kind = 'affected';
  return { kpis, definitions };
}

/**
 * Changes of how a KPI is named and shown, which leave its values alone. A change line starts with
 * its label and a space in every language (`title A → B`, `title (ajout) : …`).
 */
const PRESENTATION = [
  'title ',
  'description ',
  'owner ',
  'tags ',
  'format ',
  'currency ',
  'decimals ',
  'target ',
  'direction ',
  'confidence ',
  'min_sample ',
];

/** Whether a KPI change line can move the KPI's values (not its title, format, target…). */
export function changesValues(change: string): boolean {
  return !PRESENTATION.some((prefix) => change.startsWith(prefix));
}

// Completion in a KPI file: the keys allowed where the cursor is (from the schema's fields),
// and values for the field being typed — KPI types, names of sources, periods, segments and
// KPIs, columns read from the linked file's header, and each field's allowed words. Works on
// the text as typed (often not valid YAML yet): the place is told from indentation.
import { SCORE_SEGMENT_KEYS } from '../kpifile/scoreSegmentSpec';
import { SCORE_KINDS } from '../stats/customerSegments';
import { COLUMN_TYPES, COMPARES, GRAINS, SOURCE_FORMATS } from '../kpifile/buildSchema';
import { ENCODINGS } from '../data/textEncodings';
import { writtenName } from '../expr/keywords';
import { DIRECTIONS, FORMATS } from '../kpis/commonFields';
import { CLV_METHODS } from '../kpis/clv';
import { fieldsOf, kpiType, KPI_TYPES } from '../kpis/registry';
import { COMMON_FIELDS } from '../kpis/commonFields';
import type { CheckResult } from '../kpifile/checkFile';
import * as l10n from '../l10n/l10n';
import { FRESHNESS_KEYS, sourceTestValues } from './sourceTestCompletion';
import { fieldsReferring } from '../kpis/kpiRules';

/** Field names by what they name, over every KPI type (kpis/: each type declares its fields' references). */
const SOURCE_FIELDS = fieldsReferring(['source']);
const KPI_FIELDS = fieldsReferring(['kpi', 'kpi-expression']);
const SOURCE_COLUMN_FIELDS = fieldsReferring(['source-column', 'kpi-or-source-column']);
const KPI_OR_SOURCE_COLUMN_FIELDS = fieldsReferring(['kpi-or-source-column']);
const COLUMN_FIELDS = fieldsReferring(['column']);

export type CompletionKind = 'key' | 'type' | 'source' | 'period' | 'segment' | 'kpi' | 'column' | 'value';

export interface CompletionItem {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text inserted (a key gets its `: `). */
  insertText: string;
  /** What the typed text is matched against when it is not the label (a quoted name: `"Région"`). */
  filterText?: string;
}

export interface CompletionResult {
  items: CompletionItem[];
  /** The start offset of the word being replaced. */
  replaceStart: number;
}

/** The top-level keys and what they hold, in the display language. */
function topKeys(): Record<string, string> {
  return {
    kpilens: l10n.t('The language version: 1.'),
    title: l10n.t('The title of the report.'),
    as_of: l10n.t('"Today" for this file (YYYY-MM-DD).'),
    timezone: l10n.t('IANA time zone, e.g. Europe/Paris.'),
    sources: l10n.t('The tables KPIs read.'),
    periods: l10n.t('The periods KPIs are reported over.'),
    segments: l10n.t('The breakdowns of KPIs.'),
    defaults: l10n.t('Values every KPI takes when it does not set them.'),
    kpis: l10n.t('The KPIs, by name.'),
  };
}

/** A source's CSV dialect keys and the values offered for them. */
const CSV_DIALECT_KEYS = [
  'delimiter',
  'decimal',
  'thousands',
  'quote',
  'date_format',
  'timestamp_format',
  'header',
  'skip',
];
const CSV_DIALECT_VALUES: Record<string, string[]> = {
  delimiter: [',', ';', '|'],
  decimal: ['.', ','],
  thousands: [' ', '.', ','],
  date_format: ['%d/%m/%Y', '%Y-%m-%d', '%m/%d/%Y', '%d.%m.%Y'],
  timestamp_format: ['%d/%m/%Y %H:%M', '%d/%m/%Y %H:%M:%S', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S%z'],
  header: ['true', 'false'],
};
const SOURCE_KEYS = [
  'file',
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
  ...CSV_DIALECT_KEYS,
];
const PERIOD_KEYS = [
  'grain',
  'last',
  'partial',
  'from',
  'to',
  'compare',
  'window',
  'to_date',
  'week_start',
  'fiscal_year_start',
  'calendar',
  'title',
];
/** Common rolling windows (any `N` + d|w|m|y is valid). */
const WINDOW_LENGTHS = ['7d', '28d', '30d', '90d', '13w', '3m', '6m', '12m'];
const SEGMENT_KEYS = ['by', 'where', ...SCORE_SEGMENT_KEYS, 'title', 'description'];
const DEFAULT_KEYS = ['period', 'segments', 'format', 'currency', 'decimals', 'direction', 'owner'];

interface Place {
  /** Keys from the root to the mapping the cursor is in. */
  path: string[];
  /** The key whose value is being typed, if any. */
  valueKey?: string;
  /** Keys already present in that mapping. */
  present: Set<string>;
}

const indentOf = (line: string) => line.length - line.trimStart().length;

/** Where the cursor is: the parent path (by indentation and open `{`) and the key being valued. */
function placeAt(lines: string[], lineIndex: number, prefix: string): Place {
  const path: string[] = [];
  // Inside a flow mapping on this line: `name: { type: sum, so|`.
  const flowKeys: string[] = [];
  let inFlow = false;
  const openBrace = prefix.lastIndexOf('{');
  if (openBrace >= 0 && prefix.indexOf('}', openBrace) < 0) {
    inFlow = true;
    const owner = /([\w-]+)\s*:\s*$/.exec(prefix.slice(0, openBrace));
    if (owner) flowKeys.push(owner[1]);
  }
  let indent = inFlow ? indentOf(prefix) + 1 : indentOf(prefix);
  if (inFlow && flowKeys.length) indent = indentOf(prefix);
  const present = new Set<string>();
  for (let i = lineIndex - 1; i >= 0 && indent > 0; i--) {
    const line = lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const m = /^(\s*)(?:-\s+)?([\w-]+)\s*:/.exec(line);
    if (!m) continue;
    if (m[1].length < indent) {
      path.unshift(m[2]);
      indent = m[1].length;
    }
  }
  path.push(...flowKeys);
  const segment = inFlow
    ? (prefix
        .slice(openBrace + 1)
        .split(',')
        .pop() ?? '')
    : prefix;
  const valueMatch = /^\s*(?:-\s+)?([\w-]+)\s*:\s*(?:\[[^\]]*)?([^\s,[\]{}]*)$/.exec(segment);
  // Keys already written in the same mapping: siblings at the cursor's indentation.
  if (inFlow) {
    for (const part of prefix
      .slice(openBrace + 1)
      .split(',')
      .slice(0, -1)) {
      const k = /^\s*([\w-]+)\s*:/.exec(part);
      if (k) present.add(k[1]);
    }
  } else {
    const own = indentOf(prefix);
    for (let i = lineIndex - 1; i >= 0; i--) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if (indentOf(line) < own) break;
      const k = /^\s*([\w-]+)\s*:/.exec(line);
      if (k && indentOf(line) === own) present.add(k[1]);
    }
    for (let i = lineIndex + 1; i < lines.length; i++) {
      const line = lines[i];
      if (line.trim() === '') continue;
      if (indentOf(line) < own) break;
      const k = /^\s*([\w-]+)\s*:/.exec(line);
      if (k && indentOf(line) === own) present.add(k[1]);
    }
  }
  const listMatch = /^\s*-\s*([^\s:]*)$/.exec(segment);
  if (valueMatch) return { path, valueKey: valueMatch[1], present };
  if (listMatch && path.length) return { path: path.slice(0, -1), valueKey: path[path.length - 1], present };
  return { path, present };
}

/** The quoted name being typed at the end of an expression's text (`"Ré`, `orders."Mon`), or undefined. */
function openQuoteAt(text: string): string | undefined {
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "'" && open < 0) {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return undefined;
      i = close;
    } else if (text[i] === '"') open = open < 0 ? i : -1;
  }
  if (open < 0) return undefined;
  const source = /[a-z][a-z0-9_]*\.$/.exec(text.slice(0, open))?.[0] ?? '';
  return text.slice(open - source.length);
}

function words(list: readonly string[], kind: CompletionKind, detail?: string): CompletionItem[] {
  return list.map((w) => ({ label: w, kind, detail, insertText: w }));
}

export function completionsAt(check: CheckResult, offset: number): CompletionResult {
  const text = check.document.source.text;
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const prefix = text.slice(lineStart, offset);
  const lines = text.split('\n');
  const lineIndex = text.slice(0, lineStart).split('\n').length - 1;
  const word = /[\p{L}\p{N}_.-]*$/u.exec(prefix)?.[0] ?? '';
  let replaceStart = offset - word.length;
  const place = placeAt(lines, lineIndex, prefix);
  const model = check.model;
  const [section, name] = place.path;
  const kpi = section === 'kpis' && name ? model.kpis.get(name) : undefined;
  const columnsOf = (source: string | undefined) => (source ? (check.sources.get(source)?.columns ?? []) : []);
  const items: CompletionItem[] = [];

  if (place.valueKey) {
    const key = place.valueKey;
    const inKpi = section === 'kpis' && place.path.length === 2;
    const tested = sourceTestValues(place.path, key, model, columnsOf);
    if (tested) items.push(...tested);
    else if (key === 'type' && inKpi) {
      items.push(
        ...KPI_TYPES.map((t) => ({
          label: t.type,
          kind: 'type' as const,
          detail: t.title,
          documentation: t.formula,
          insertText: t.type,
        })),
      );
    } else if ((key === 'source' && inKpi) || SOURCE_FIELDS.has(key)) {
      items.push(...words([...model.sources.keys()], 'source', 'source'));
    } else if (key === 'period') {
      items.push(...words([...model.periods.keys()], 'period', 'period'));
    } else if (key === 'segments') {
      items.push(...words([...model.segments.keys()], 'segment', 'segment'));
    } else if (KPI_FIELDS.has(key) && inKpi) {
      items.push(
        ...[...model.kpis.values()]
          .filter((k) => k.name !== name)
          .map((k) => ({ label: k.name, kind: 'kpi' as const, detail: k.type, insertText: k.name })),
      );
    } else if (SOURCE_COLUMN_FIELDS.has(key) && inKpi) {
      for (const s of model.sources.keys())
        for (const c of columnsOf(s)) items.push({ label: `${s}.${c}`, kind: 'column', insertText: `${s}.${c}` });
      if (KPI_OR_SOURCE_COLUMN_FIELDS.has(key))
        items.push(
          ...[...model.kpis.values()]
            .filter((k) => k.name !== name)
            .map((k) => ({ label: k.name, kind: 'kpi' as const, detail: k.type, insertText: k.name })),
        );
    } else if ((COLUMN_FIELDS.has(key) || key === 'time') && inKpi && kpi) {
      // A column of the source another field names (a cohort's `start`), else of the KPI's source.
      const ref = kpiType(kpi.type)?.fields[key]?.ref;
      const ofField = ref?.kind === 'column' ? ref.ofField : undefined;
      const owner = ofField !== undefined && typeof kpi.fields[ofField] === 'string' ? kpi.fields[ofField] : kpi.source;
      items.push(...words(columnsOf(owner), 'column', l10n.t('column of {0}', String(owner))));
    } else if (['time', 'key'].includes(key) && section === 'sources' && name) {
      items.push(...words(columnsOf(name), 'column', l10n.t('column of {0}', name)));
    } else if (key === 'score' && section === 'segments') {
      items.push(...words([...SCORE_KINDS], 'value'));
    } else if ((key === 'by' || key === 'revenue') && section === 'segments') {
      for (const s of model.sources.keys())
        for (const c of columnsOf(s)) items.push({ label: `${s}.${c}`, kind: 'column', insertText: `${s}.${c}` });
    } else if (key === 'format' && section === 'sources') {
      items.push(...words(SOURCE_FORMATS, 'value'));
    } else if (key === 'format') {
      items.push(...words(FORMATS, 'value'));
    } else if (key === 'direction') {
      items.push(...words(DIRECTIONS, 'value'));
    } else if (key === 'grain') {
      items.push(...words(GRAINS, 'value'));
    } else if (key === 'compare') {
      items.push(...words(COMPARES, 'value'));
    } else if (key === 'week_start' && section === 'periods') {
      items.push(...words(['monday', 'sunday', 'saturday'], 'value'));
    } else if (key === 'calendar' && section === 'periods') {
      items.push(...words(['gregorian', '4-4-5', '4-5-4', '5-4-4'], 'value'));
    } else if (key === 'to_date' && section === 'periods') {
      items.push(...words(['year', 'quarter', 'month'], 'value'));
    } else if (key === 'window' && section === 'periods') {
      items.push(...words(WINDOW_LENGTHS, 'value'));
    } else if (key === 'method') {
      items.push(...words(CLV_METHODS, 'value'));
    } else if (key === 'encoding') {
      items.push(...words(ENCODINGS, 'value'));
    } else if (section === 'sources' && key in CSV_DIALECT_VALUES) {
      // Quoted: ; , and % cannot start a plain YAML scalar.
      items.push(
        ...CSV_DIALECT_VALUES[key].map((w) => ({
          label: w,
          kind: 'value' as const,
          insertText: w === 'true' || w === 'false' ? w : `'${w}'`,
        })),
      );
    } else if (section === 'sources' && place.path[2] === 'columns') {
      items.push(...words(COLUMN_TYPES, 'value'));
    } else if (key === 'where' && (section === 'sources' || section === 'segments' || inKpi)) {
      // Columns in a filter, double-quoted when they are not bare names ("Montant TTC"); a
      // quoted name being typed is replaced from its opening quote.
      const owner = section === 'sources' ? name : kpi?.source;
      const column = (c: string, source?: string): CompletionItem => {
        const written = source ? `${source}.${writtenName(c)}` : writtenName(c);
        return {
          label: source ? `${source}.${c}` : c,
          kind: 'column',
          detail: l10n.t('column of {0}', String(source ?? owner)),
          insertText: written,
          ...(written.includes('"') ? { filterText: written } : {}),
        };
      };
      items.push(...columnsOf(owner).map((c) => column(c)));
      for (const s of model.sources.keys())
        if (s !== owner && section !== 'sources') items.push(...columnsOf(s).map((c) => column(c, s)));
      const value = prefix.slice(prefix.indexOf(':') + 1).trimStart();
      // In a YAML single-quoted value, '' is one quote.
      const open = openQuoteAt(value.startsWith("'") ? value.slice(1).replace(/''/g, "'") : value);
      if (open !== undefined) replaceStart = offset - open.length;
    }
    return { items, replaceStart };
  }

  // Keys allowed in the mapping the cursor is in, minus those already written.
  const keyItem = (k: string, documentation?: string): CompletionItem => ({
    label: k,
    kind: 'key',
    documentation,
    insertText: `${k}: `,
  });
  let keys: CompletionItem[] = [];
  if (place.path.length === 0) keys = Object.entries(topKeys()).map(([k, d]) => keyItem(k, d));
  else if (place.path.length === 2 && section === 'sources') keys = SOURCE_KEYS.map((k) => keyItem(k));
  else if (place.path.length === 3 && section === 'sources' && place.path[2] === 'freshness')
    keys = FRESHNESS_KEYS.map((k) => keyItem(k));
  else if (place.path.length === 2 && section === 'periods') keys = PERIOD_KEYS.map((k) => keyItem(k));
  else if (place.path.length === 2 && section === 'segments') keys = SEGMENT_KEYS.map((k) => keyItem(k));
  else if (place.path.length === 1 && section === 'defaults') keys = DEFAULT_KEYS.map((k) => keyItem(k));
  else if (place.path.length === 2 && section === 'kpis') {
    const def = kpi ? kpiType(kpi.type) : undefined;
    const fields = def ? fieldsOf(def) : COMMON_FIELDS;
    keys = Object.entries(fields).map(([k, f]) => keyItem(k, f.description));
  }
  return { items: keys.filter((k) => !place.present.has(k.label)), replaceStart };
}

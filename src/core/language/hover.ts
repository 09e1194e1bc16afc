// Hover text (Markdown) for a position in a KPI file: a KPI's definition in plain words (the
// formula of KPIS.md), its inputs, period, segments, target and latest value; a source's
// files and columns; a period's or a segment's meaning; a field's description.
import { scoreHover } from './scoreHover';
import { isScalar } from 'yaml';
import { fieldsOf, hasInterval, kpiType } from '../kpis/registry';
import { referenceFields } from '../kpis/kpiRules';
import type { KpiResult } from '../report/resultModel';
import type { CheckResult } from '../kpifile/checkFile';
import type { SourceSpec } from '../kpifile/model';
import type { Range } from '../kpifile/diagnostic';
import { describeLatest } from './latestValue';
import type { SymbolIndex } from './symbols';
import { symbolAt } from './symbols';
import { formatPercentFigure, formatPlain, formatValue } from '../report/formatValue';
import { formatOf } from '../data/dataFiles';
import * as l10n from '../l10n/l10n';
import { comparesText, periodTimeText } from './periodTimeText';
import { sourceTestHover } from './sourceTestHover';

export interface Hover {
  markdown: string;
  range: Range;
}

/** Escapes text for Markdown (names and titles come from the user's file). */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, (c) => `\\${c}`);
}

function kpiHover(check: CheckResult, name: string, latest?: KpiResult): string {
  const k = check.model.kpis.get(name);
  if (!k) return l10n.t('KPI `{0}` is not declared in this file.', name);
  const def = kpiType(k.type);
  const lines = [`**${md(k.title)}** · \`${k.name}\` · ${def ? def.title : md(k.type)}`, ''];
  if (k.description) lines.push(md(k.description), '');
  if (def) lines.push(def.formula, ''); // our own text, written in Markdown
  const facts: string[] = [];
  // The columns, KPIs and sources its type's fields name.
  const inputs = (def ? referenceFields(def) : [])
    .map(([f]) => f)
    .filter((f) => typeof k.fields[f] === 'string')
    .map((f) => `${f} \`${String(k.fields[f])}\``);
  if (k.source) facts.push(l10n.t('Source: {0}', `\`${k.source}\`${inputs.length ? ` · ${inputs.join(' · ')}` : ''}`));
  else if (inputs.length) facts.push(l10n.t('Inputs: {0}', inputs.join(' · ')));
  if (k.where) facts.push(l10n.t('Filter: {0}', `\`${k.where}\``));
  if (k.period) facts.push(l10n.t('Period: {0}', `\`${k.period}\``));
  if (k.segments.length) facts.push(l10n.t('Segments: {0}', k.segments.map((s) => `\`${s}\``).join(', ')));
  if (k.target) {
    const show = (v: number) => formatValue(v, k.format, { currency: k.currency, decimals: k.decimals });
    const bounds = [
      k.target.min !== undefined ? `≥ ${show(k.target.min)}` : '',
      k.target.max !== undefined ? `≤ ${show(k.target.max)}` : '',
    ].filter(Boolean);
    facts.push(
      l10n.t('Target: {0}', bounds.length === 2 ? l10n.t('{0} and {1}', bounds[0], bounds[1]) : bounds.join('')),
    );
  }
  if (def && hasInterval(def)) {
    facts.push(
      l10n.t(
        'Uncertainty: {0} interval, change tested at p < {1}, min_sample {2} ({3})',
        formatPercentFigure(Number((k.confidence * 100).toPrecision(6))),
        formatPlain(Number((1 - k.confidence).toPrecision(6))),
        formatPlain(k.minSample),
        def.sample ?? '',
      ),
    );
  }
  if (k.direction === 'lower_is_better') facts.push(l10n.t('Lower is better'));
  if (k.owner) facts.push(l10n.t('Owner: {0}', md(k.owner)));
  lines.push(facts.join('  \n'));
  if (latest) lines.push('', l10n.t('Latest: {0}', describeLatest(latest)));
  return lines.join('\n');
}

function sourceHover(check: CheckResult, name: string): string {
  const s = check.model.sources.get(name);
  if (!s) return l10n.t('Source `{0}` is not declared in this file.', name);
  const found = check.sources.get(name);
  const lines = [`${l10n.t('**Source `{0}`**', name)}${s.title ? ` · ${md(s.title)}` : ''}`, ''];
  if (s.file) {
    const file = `\`${s.file}\``;
    lines.push(
      !found
        ? l10n.t('File: {0}', file)
        : found.files.length === 1
          ? l10n.t('File: {0} (1 file)', file)
          : l10n.t('File: {0} ({1} files)', file, found.files.length),
    );
  }
  if (s.time) lines.push(l10n.t('Time column: {0}', `\`${s.time}\``));
  if (s.key) lines.push(l10n.t('Customer key: {0}', `\`${s.key}\``));
  if (s.where) lines.push(l10n.t('Filter: {0}', `\`${s.where}\``));
  if (found?.columns) lines.push(l10n.t('Columns: {0}', found.columns.map((c) => `\`${c}\``).join(', ')));
  if (s.file && (s.format === 'csv' || s.format === 'tsv' || (s.format === undefined && /\.(csv|tsv)$/i.test(s.file))))
    lines.push(...csvReadingLines(s));
  else if (s.file && ['parquet', 'json', 'ndjson'].includes(formatOf(s.file, s.format) ?? ''))
    lines.push(...fileReadingLines(s));
  return lines.join('  \n');
}

/** How a Parquet/JSON source's texts are read (engine/sources/fileColumnReads.ts), and its declared types. */
function fileReadingLines(s: SourceSpec): string[] {
  const c = s.csv;
  const val = (v: string | undefined, assumed: string) =>
    v === undefined ? l10n.t('{0} (assumed)', assumed) : `\`${v}\``;
  const out = [
    l10n.t(
      'Texts read as: decimal {0}, thousands {1}, dates {2}, timestamps {3}',
      val(c.decimal, '`.`'),
      val(c.thousands, l10n.t('none')),
      val(c.date_format, 'ISO'),
      val(c.timestamp_format, l10n.t('ISO, optional offset')),
    ),
  ];
  const declared = Object.entries(s.columns);
  if (declared.length) out.push(l10n.t('Declared types: {0}', declared.map(([k, t]) => `\`${k}\` ${t}`).join(', ')));
  out.push(l10n.t('Other columns: as the file holds them (`kpilens check --explain` lists them)'));
  return out;
}

/** How a CSV source is read: each dialect key as declared or assumed, and the column types. */
function csvReadingLines(s: SourceSpec): string[] {
  const c = s.csv;
  const val = (v: string | number | boolean | undefined, assumed: string) =>
    v === undefined ? l10n.t('{0} (assumed)', assumed) : `\`${String(v)}\``;
  const out = [
    l10n.t(
      'Read as: delimiter {0}, decimal {1}, thousands {2}, quote {3}',
      val(c.delimiter, l10n.t('told from the header line')),
      // A decimal comma, and thousands grouped one way only, are told from the first rows (csvNumberFormat.ts).
      val(c.decimal, l10n.t('`.` unless the values say `,`')),
      val(c.thousands, l10n.t('none unless the values show one')),
      val(c.quote, '`"`'),
    ),
    l10n.t(
      'Header {0}, skipped lines {1}, encoding {2}',
      val(c.header, '`true`'),
      val(c.skip, '`0`'),
      val(s.encoding, '`utf-8`'),
    ),
    l10n.t(
      'Dates {0}, timestamps {1}',
      val(c.date_format, 'ISO'),
      val(c.timestamp_format, l10n.t('ISO, optional offset')),
    ),
  ];
  const declared = Object.entries(s.columns);
  const ids = [s.key, s.time].filter(
    (x): x is string => x !== undefined && !declared.some(([k]) => k.toLowerCase() === x.toLowerCase()),
  );
  if (declared.length) out.push(l10n.t('Declared types: {0}', declared.map(([k, t]) => `\`${k}\` ${t}`).join(', ')));
  out.push(
    ids.length
      ? l10n.t(
          'Other columns: {0} as text or time; the rest inferred from every row (`kpilens check --explain` lists them)',
          ids.map((x) => `\`${x}\``).join(', '),
        )
      : l10n.t('Other columns: inferred from every row (`kpilens check --explain` lists them)'),
  );
  return out;
}

/** A grain in words: `month` (fr `mois`); an unknown grain as it is written. */
function grainName(grain: string): string {
  switch (grain) {
    case 'day':
      return l10n.t('day');
    case 'week':
      return l10n.t('week');
    case 'month':
      return l10n.t('month');
    case 'quarter':
      return l10n.t('quarter');
    case 'year':
      return l10n.t('year');
    default:
      return grain;
  }
}

/** `complete month` (fr `mois complet`, `semaine complète`). */
function completeGrain(grain: string): string {
  switch (grain) {
    case 'day':
      return l10n.t('complete day');
    case 'week':
      return l10n.t('complete week');
    case 'month':
      return l10n.t('complete month');
    case 'quarter':
      return l10n.t('complete quarter');
    case 'year':
      return l10n.t('complete year');
    default:
      return `complete ${grain}`;
  }
}

/** `3 complete months`, `1 complete week` (fr `3 mois complets`, `1 semaine complète`). */
function completeGrains(grain: string, n: number): string {
  if (new Intl.PluralRules(l10n.displayLocale()).select(n) === 'one') {
    switch (grain) {
      case 'day':
        return l10n.t('{0} complete day', n);
      case 'week':
        return l10n.t('{0} complete week', n);
      case 'month':
        return l10n.t('{0} complete month', n);
      case 'quarter':
        return l10n.t('{0} complete quarter', n);
      case 'year':
        return l10n.t('{0} complete year', n);
      default:
        return `${n} complete ${grain}`;
    }
  }
  switch (grain) {
    case 'day':
      return l10n.t('{0} complete days', n);
    case 'week':
      return l10n.t('{0} complete weeks', n);
    case 'month':
      return l10n.t('{0} complete months', n);
    case 'quarter':
      return l10n.t('{0} complete quarters', n);
    case 'year':
      return l10n.t('{0} complete years', n);
    default:
      return `${n} complete ${grain}s`;
  }
}

function periodHover(check: CheckResult, name: string): string {
  const p = check.model.periods.get(name);
  if (!p) return l10n.t('Period `{0}` is not declared in this file.', name);
  const parts: string[] = [];
  const first = () => p.from ?? l10n.t('the first date of the data');
  if (p.grain && p.last !== undefined) {
    const span = completeGrains(p.grain, p.last);
    parts.push(
      p.partial
        ? l10n.t('the last {0} up to as_of (the current one included, cut at as_of)', span)
        : l10n.t('the last {0} up to as_of', span),
    );
  } else if (p.grain && (p.from || p.to))
    parts.push(l10n.t('every {0} from {1} to {2}', grainName(p.grain), first(), p.to ?? 'as_of'));
  else if (p.from || p.to) parts.push(l10n.t('one range, {0} to {1}', first(), p.to ?? 'as_of'));
  else if (p.grain) parts.push(l10n.t('every {0} of the data', completeGrain(p.grain)));
  const compare =
    comparesText(p) ??
    (p.compare === 'previous'
      ? l10n.t('each compared with the one before')
      : p.compare === 'year_ago'
        ? l10n.t('each compared with the same period a year before')
        : l10n.t('no comparison'));
  return l10n.t('**Period `{0}`**: {1}; {2}.', name, parts.join('') + periodTimeText(p), compare);
}

function segmentHover(check: CheckResult, name: string): string {
  const s = check.model.segments.get(name);
  if (!s) return l10n.t('Segment `{0}` is not declared in this file.', name);
  const what = s.score
    ? scoreHover(s.score)
    : s.by
      ? l10n.t('one slice per value of {0}', `\`${s.by}\``)
      : s.where
        ? l10n.t('the rows where {0}', `\`${s.where}\``)
        : l10n.t('no slice defined yet');
  return l10n.t('**Segment `{0}`**: {1}. The whole population is always reported too.', name, what);
}

/** The hover at an offset, or undefined. `latest` gives KPI results of the last run by name. */
export function hoverAt(
  check: CheckResult,
  index: SymbolIndex,
  offset: number,
  latest: (kpi: string) => KpiResult | undefined = () => undefined,
): Hover | undefined {
  const symbol = symbolAt(index, offset);
  if (symbol) {
    const text =
      symbol.kind === 'kpi'
        ? kpiHover(check, symbol.name, latest(symbol.name))
        : symbol.kind === 'source'
          ? sourceHover(check, symbol.name)
          : symbol.kind === 'period'
            ? periodHover(check, symbol.name)
            : segmentHover(check, symbol.name);
    return { markdown: text, range: symbol.range };
  }
  // A key of a source's tests or freshness (sourceTestHover.ts).
  const tested = sourceTestHover(check, offset);
  if (tested) return tested;
  // A `type:` value, or a field name of a KPI.
  for (const pair of check.document.pairs(['kpis'])) {
    if (!isScalar(pair.key)) continue;
    const kpiName = String(pair.key.value);
    const kpi = check.model.kpis.get(kpiName);
    if (!kpi) continue;
    for (const field of check.document.pairs(['kpis', kpiName])) {
      if (!isScalar(field.key) || !field.key.range) continue;
      const fieldName = String(field.key.value);
      const keyRange = check.document.source.range(field.key.range[0], field.key.range[1]);
      const def = kpiType(kpi.type);
      if (offset >= keyRange.startOffset && offset <= keyRange.endOffset) {
        const spec = def ? fieldsOf(def)[fieldName] : undefined;
        if (spec)
          return {
            markdown: spec.required
              ? l10n.t('**{0}** (required): {1}', fieldName, spec.description)
              : l10n.t('**{0}**: {1}', fieldName, spec.description),
            range: keyRange,
          };
      }
      // Help on a value its type explains (clv's method: predictive).
      const help =
        isScalar(field.value) && field.value.range
          ? def?.valueHelp?.[fieldName]?.[String(field.value.value)]
          : undefined;
      if (help && isScalar(field.value)) {
        const r = check.document.nodeRange(field.value);
        if (offset >= r.startOffset && offset <= r.endOffset) return { markdown: help, range: r };
      }
      if (fieldName === 'type' && isScalar(field.value) && field.value.range && def) {
        const r = check.document.nodeRange(field.value);
        if (offset >= r.startOffset && offset <= r.endOffset)
          return { markdown: `**${def.title}** (\`${def.type}\`)\n\n${def.formula}`, range: r };
      }
    }
  }
  return undefined;
}

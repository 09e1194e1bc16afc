// Hover text (Markdown) for a position in a KPI file: a KPI's definition in plain words (the
// formula of KPIS.md), its inputs, period, segments, target and latest value; a source's
// files and columns; a period's or a segment's meaning; a field's description.
import { isScalar } from 'yaml';
import { fieldsOf, hasInterval, kpiType } from '../kpis/registry';
import { PREDICTIVE_CLV_HELP } from '../kpis/clv';
import type { KpiResult } from '../report/resultModel';
import type { CheckResult } from '../spec/checkFile';
import type { Range } from '../spec/diagnostic';
import { describeLatest } from './latestValue';
import type { SymbolIndex } from './symbols';
import { symbolAt } from './symbols';
import { formatValue } from '../report/formatValue';

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
  if (!k) return `KPI \`${name}\` is not declared in this file.`;
  const def = kpiType(k.type);
  const lines = [`**${md(k.title)}** · \`${k.name}\` · ${def ? def.title : md(k.type)}`, ''];
  if (k.description) lines.push(md(k.description), '');
  if (def) lines.push(def.formula, ''); // our own text, written in Markdown
  const facts: string[] = [];
  const inputs = ['column', 'numerator', 'denominator', 'expr', 'spend', 'customers', 'revenue', 'churn', 'cac', 'cohort', 'start', 'end']
    .filter((f) => typeof k.fields[f] === 'string')
    .map((f) => `${f} \`${String(k.fields[f])}\``);
  if (k.source) facts.push(`Source: \`${k.source}\`${inputs.length ? ` · ${inputs.join(' · ')}` : ''}`);
  else if (inputs.length) facts.push(`Inputs: ${inputs.join(' · ')}`);
  if (k.where) facts.push(`Filter: \`${k.where}\``);
  if (k.period) facts.push(`Period: \`${k.period}\``);
  if (k.segments.length) facts.push(`Segments: ${k.segments.map((s) => `\`${s}\``).join(', ')}`);
  if (k.target) {
    const show = (v: number) => formatValue(v, k.format, { currency: k.currency, decimals: k.decimals });
    facts.push(`Target: ${[k.target.min !== undefined ? `≥ ${show(k.target.min)}` : '', k.target.max !== undefined ? `≤ ${show(k.target.max)}` : ''].filter(Boolean).join(' and ')}`);
  }
  if (def && hasInterval(def)) facts.push(`Uncertainty: ${Number((k.confidence * 100).toPrecision(6))} % interval, change tested at p < ${Number((1 - k.confidence).toPrecision(6))}, min_sample ${k.minSample} (${def.sample ?? ''})`);
  if (k.direction === 'lower_is_better') facts.push('Lower is better');
  if (k.owner) facts.push(`Owner: ${md(k.owner)}`);
  lines.push(facts.join('  \n'));
  if (latest) lines.push('', `Latest: ${describeLatest(latest)}`);
  return lines.join('\n');
}

function sourceHover(check: CheckResult, name: string): string {
  const s = check.model.sources.get(name);
  if (!s) return `Source \`${name}\` is not declared in this file.`;
  const found = check.sources.get(name);
  const lines = [`**Source \`${name}\`**${s.title ? ` · ${md(s.title)}` : ''}`, ''];
  if (s.file) lines.push(`File: \`${s.file}\`${found ? ` (${found.files.length} file${found.files.length === 1 ? '' : 's'})` : ''}`);
  if (s.time) lines.push(`Time column: \`${s.time}\``);
  if (s.key) lines.push(`Customer key: \`${s.key}\``);
  if (s.where) lines.push(`Filter: \`${s.where}\``);
  if (found?.columns) lines.push(`Columns: ${found.columns.map((c) => `\`${c}\``).join(', ')}`);
  return lines.join('  \n');
}

function periodHover(check: CheckResult, name: string): string {
  const p = check.model.periods.get(name);
  if (!p) return `Period \`${name}\` is not declared in this file.`;
  const parts: string[] = [];
  if (p.grain && p.last !== undefined) parts.push(`the last ${p.last} complete ${p.grain}${p.last === 1 ? '' : 's'} up to as_of${p.partial ? ' (the current one included, cut at as_of)' : ''}`);
  else if (p.grain && (p.from || p.to)) parts.push(`every ${p.grain} from ${p.from ?? 'the first date of the data'} to ${p.to ?? 'as_of'}`);
  else if (p.from || p.to) parts.push(`one range, ${p.from ?? 'the first date of the data'} to ${p.to ?? 'as_of'}`);
  else if (p.grain) parts.push(`every complete ${p.grain} of the data`);
  const compare = p.compare === 'previous' ? 'each compared with the one before' : p.compare === 'year_ago' ? 'each compared with the same period a year before' : 'no comparison';
  return `**Period \`${name}\`**: ${parts.join('')}; ${compare}.`;
}

function segmentHover(check: CheckResult, name: string): string {
  const s = check.model.segments.get(name);
  if (!s) return `Segment \`${name}\` is not declared in this file.`;
  const what = s.by ? `one slice per value of \`${s.by}\`` : s.where ? `the rows where \`${s.where}\`` : 'no slice defined yet';
  return `**Segment \`${name}\`**: ${what}. The whole population is always reported too.`;
}

/** The hover at an offset, or undefined. `latest` gives KPI results of the last run by name. */
export function hoverAt(check: CheckResult, index: SymbolIndex, offset: number, latest: (kpi: string) => KpiResult | undefined = () => undefined): Hover | undefined {
  const symbol = symbolAt(index, offset);
  if (symbol) {
    const text = symbol.kind === 'kpi' ? kpiHover(check, symbol.name, latest(symbol.name))
      : symbol.kind === 'source' ? sourceHover(check, symbol.name)
        : symbol.kind === 'period' ? periodHover(check, symbol.name)
          : segmentHover(check, symbol.name);
    return { markdown: text, range: symbol.range };
  }
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
        if (spec) return { markdown: `**${fieldName}**${spec.required ? ' (required)' : ''}: ${spec.description}`, range: keyRange };
      }
      if (fieldName === 'method' && kpi.type === 'clv' && isScalar(field.value) && field.value.value === 'predictive' && field.value.range) {
        const r = check.document.nodeRange(field.value);
        if (offset >= r.startOffset && offset <= r.endOffset) return { markdown: PREDICTIVE_CLV_HELP, range: r };
      }
      if (fieldName === 'type' && isScalar(field.value) && field.value.range && def) {
        const r = check.document.nodeRange(field.value);
        if (offset >= r.startOffset && offset <= r.endOffset) return { markdown: `**${def.title}** (\`${def.type}\`)\n\n${def.formula}`, range: r };
      }
    }
  }
  return undefined;
}

// `kpilens diff --format json`: the diff as one JSON object (snake_case keys, numbers
// unrounded, 2-space indent):
// { file, base, head, as_of, kpis: [{ name, kind, base_name?, title, type, changes, indirect,
//   values?: [{ detail?, before: {period, value, text} | null, after, difference,
//   difference_text, relative }], values_note?, rows?: [{ period, segment, day?, step?, before,
//   after, delta, delta_text, relative, status_before, status_after, target_flip (now_met,
//   now_missed or null), p_value, significant }] (moved rows, largest move first),
//   unchanged_rows?, why?: [{ role, kpi, base_period, head_period, base_rows, head_rows,
//   base_value, head_value, share_of, leave: {rows, customers, value, share, sample}, enter,
//   changed: {rows, delta}, note? }], sql_diff? (--sql: a unified diff) }], unchanged: [names], definitions:
//   [{ section, name?, kind, changes }], diagnostics: [{ version (base, head or both), file,
//   line, column, severity, message, code }], stamp?: { base: {spec, data, files}, head: {…} },
//   gates?: { rules, failed, reasons } }
import type { ReportStamp } from '../../report/stampText';
import type { KpiDiff, RowChange, SideValue, SpecDiff, ValueChange } from '../specDiff';
import type { KpiWhy, WhyCount } from '../whyTypes';
import { changedKpis } from '../specDiff';
import { diffDiagnostics } from './diffText';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const num = (v: number | null): number | null => (v !== null && Number.isFinite(v) ? v : null);

function side(v: SideValue | null): Json {
  return v === null ? null : { period: v.period, value: num(v.value), text: v.text };
}

function value(v: ValueChange): Json {
  const out: { [key: string]: Json } = {};
  if (v.detail !== undefined) out.detail = v.detail;
  out.before = side(v.before);
  out.after = side(v.after);
  out.difference = num(v.difference);
  out.difference_text = v.differenceText;
  out.relative = num(v.relative);
  return out;
}

function row(r: RowChange): Json {
  const out: { [key: string]: Json } = { period: r.period, segment: { ...r.segment } };
  if (r.day !== undefined) out.day = r.day;
  if (r.step !== undefined) out.step = r.step;
  Object.assign(out, {
    before: num(r.before),
    after: num(r.after),
    delta: num(r.delta),
    delta_text: r.deltaText,
    relative: num(r.relative),
    status_before: r.statusBefore,
    status_after: r.statusAfter,
    target_flip: r.targetFlip,
    p_value: num(r.pValue),
    significant: r.significant,
  });
  return out;
}

function count(c: WhyCount): Json {
  return { rows: c.rows, customers: c.customers, value: num(c.value), share: num(c.share), sample: [...c.sample] };
}

function whyJson(w: KpiWhy): Json {
  const out: { [key: string]: Json } = {
    role: w.role,
    kpi: w.kpi,
    base_period: w.basePeriod,
    head_period: w.headPeriod,
    base_rows: w.baseRows,
    head_rows: w.headRows,
    base_value: num(w.baseValue),
    head_value: num(w.headValue),
    share_of: w.shareOf,
    leave: count(w.leave),
    enter: count(w.enter),
    changed: { rows: w.changed.rows, delta: num(w.changed.delta) },
  };
  if (w.note !== undefined) out.note = w.note;
  return out;
}

function kpi(k: KpiDiff): Json {
  const out: { [key: string]: Json } = { name: k.name, kind: k.kind };
  if (k.baseName !== undefined) out.base_name = k.baseName;
  out.title = k.title;
  out.type = k.type;
  out.changes = [...k.changes];
  out.indirect = [...k.indirect];
  if (k.values !== undefined) out.values = k.values.map(value);
  if (k.valuesNote !== undefined) out.values_note = k.valuesNote;
  if (k.rows !== undefined) out.rows = k.rows.map(row);
  if (k.unchangedRows !== undefined) out.unchanged_rows = k.unchangedRows;
  if (k.why !== undefined) out.why = k.why.map(whyJson);
  if (k.sqlDiff !== undefined) out.sql_diff = k.sqlDiff;
  return out;
}

const stamp = (s: ReportStamp): Json => ({ spec: s.spec, data: s.data, files: s.files });

/** The diff as a JSON value (one file's object of `kpilens diff --format json`). */
export function diffJson(diff: SpecDiff): Json {
  const changed = changedKpis(diff);
  const out: { [key: string]: Json } = {
    file: diff.file,
    base: diff.base.label,
    head: diff.head.label,
    as_of: diff.asOf ?? null,
    kpis: changed.map(kpi),
    unchanged: diff.kpis.filter((k) => !changed.includes(k)).map((k) => k.name),
    definitions: diff.definitions.map((d) => {
      const o: { [key: string]: Json } = { section: d.section };
      if (d.name !== undefined) o.name = d.name;
      o.kind = d.kind;
      o.changes = [...d.changes];
      return o;
    }),
    diagnostics: diffDiagnostics(diff).map((d) => ({ ...d })),
  };
  if (diff.base.stamp && diff.head.stamp) out.stamp = { base: stamp(diff.base.stamp), head: stamp(diff.head.stamp) };
  if (diff.gates)
    out.gates = { rules: [...diff.gates.rules], failed: diff.gates.failed, reasons: [...diff.gates.reasons] };
  return out;
}

export function renderDiffJson(diff: SpecDiff): string {
  return `${JSON.stringify(diffJson(diff), null, 2)}\n`;
}

/** Several files' diffs (`kpilens diff --base REF` without a file): `{ "files": [ … ] }`. */
export function renderDiffsJson(diffs: SpecDiff[]): string {
  return `${JSON.stringify({ files: diffs.map(diffJson) }, null, 2)}\n`;
}

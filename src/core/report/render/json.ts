// `kpilens run --format json`: the JSON output contract of DSL.md, keys in contract order —
// as_of (then title when set), kpis, diagnostics; per KPI name, title, type, format, period,
// target, rows, then the optional extras that are set; per row period, segment, value,
// previous, change, delta, status, then day / step when present, then (shares and NPS) n, ci_low,
// ci_high, below_min_sample, previous_n, p_value, significant, then (`compare: [a, b]`) comparisons.
// Numbers unrounded, 2-space indent.
import { rowDelta } from './kpiText';
import type {
  ClvModelReport,
  KpiResult,
  KpiTarget,
  ResultDiagnostic,
  ResultRow,
  RunResult,
  SegmentKey,
} from '../resultModel';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A number as JSON: NaN and ±Infinity (never produced by the engine) become null, as the contract says. */
function num(value: number | null): number | null {
  return value !== null && Number.isFinite(value) ? value : null;
}

function target(t: KpiTarget | null): Json {
  if (!t) return null;
  const out: { [key: string]: Json } = {};
  if (t.min !== undefined) out.min = num(t.min);
  if (t.max !== undefined) out.max = num(t.max);
  return out;
}

function segment(key: SegmentKey): Json {
  return { ...key };
}

function row(r: ResultRow): Json {
  const out: { [key: string]: Json } = {
    period: r.period,
    segment: segment(r.segment),
    value: num(r.value),
    previous: num(r.previous),
    change: num(r.change),
    delta: num(rowDelta(r)),
    status: r.status,
  };
  if (r.day !== undefined) out.day = r.day;
  if (r.step !== undefined) out.step = r.step;
  // Shares and NPS (additive): n, the interval, the min_sample flag, the change test.
  if (r.n !== undefined) out.n = r.n;
  if (r.ci_low !== undefined) out.ci_low = num(r.ci_low);
  if (r.ci_high !== undefined) out.ci_high = num(r.ci_high);
  if (r.below_min_sample !== undefined) out.below_min_sample = r.below_min_sample;
  if (r.previous_n !== undefined) out.previous_n = r.previous_n;
  if (r.p_value !== undefined) out.p_value = num(r.p_value);
  if (r.significant !== undefined) out.significant = r.significant;
  // `compare: [previous, year_ago]` (additive): each comparison by kind, in the period's order.
  if (r.comparisons !== undefined) out.comparisons = comparisons(r.comparisons);
  return out;
}

function comparisons(list: NonNullable<ResultRow['comparisons']>): Json {
  const out: { [key: string]: Json } = {};
  for (const [kind, c] of Object.entries(list)) {
    const one: { [key: string]: Json } = { previous: num(c.previous), change: num(c.change), delta: num(c.delta) };
    if (c.previous_n !== undefined) one.previous_n = c.previous_n;
    if (c.p_value !== undefined) one.p_value = num(c.p_value);
    if (c.significant !== undefined) one.significant = c.significant;
    out[kind] = one;
  }
  return out;
}

function kpi(k: KpiResult): Json {
  const out: { [key: string]: Json } = {
    name: k.name,
    title: k.title,
    type: k.type,
    format: k.format,
    period: k.period,
    target: target(k.target),
    rows: k.rows.map(row),
  };
  if (k.currency !== undefined) out.currency = k.currency;
  if (k.decimals !== undefined) out.decimals = k.decimals;
  if (k.direction !== undefined) out.direction = k.direction;
  if (k.description !== undefined) out.description = k.description;
  if (k.owner !== undefined) out.owner = k.owner;
  if (k.tags !== undefined) out.tags = [...k.tags];
  if (k.segments !== undefined) out.segments = [...k.segments];
  if (k.compare !== undefined) out.compare = k.compare;
  if (k.comparisons !== undefined) out.comparisons = [...k.comparisons];
  if (k.confidence !== undefined) out.confidence = k.confidence;
  if (k.min_sample !== undefined) out.min_sample = k.min_sample;
  if (k.model !== undefined) out.model = clvModel(k.model);
  if (k.survival !== undefined) out.survival = plainJson(k.survival);
  return out;
}

/** A predictive clv's fit or a survival report: plain JSON, numbers through num() like every other number. */
function clvModel(m: ClvModelReport): Json {
  return plainJson(m);
}

function plainJson(m: object): Json {
  const walk = (v: unknown): Json => {
    if (typeof v === 'number') return num(v);
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object')
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .filter(([, x]) => x !== undefined)
          .map(([k, x]) => [k, walk(x)]),
      );
    return null;
  };
  return walk(m);
}

function diagnostic(d: ResultDiagnostic): Json {
  return {
    file: d.file,
    line: d.line,
    column: d.column,
    severity: d.severity,
    message: d.message,
    code: d.code,
    ...(d.count !== undefined ? { count: d.count } : {}),
  };
}

/** The run's result as the contract's JSON object, with a trailing newline. */
export function renderJson(result: RunResult): string {
  const out: { [key: string]: Json } = { as_of: result.as_of };
  if (result.title !== undefined) out.title = result.title;
  out.kpis = result.kpis.map(kpi);
  out.diagnostics = result.diagnostics.map(diagnostic);
  // Additive, after the contract's keys: which spec text and data files produced the numbers.
  if (result.stamp !== undefined)
    out.stamp = { spec: result.stamp.spec, data: result.stamp.data, files: result.stamp.files };
  return `${JSON.stringify(out, null, 2)}\n`;
}

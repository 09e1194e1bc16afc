// The semantic model of a KPI file: typed sources, periods, segments and KPIs, with the
// defaults applied. Built tolerantly from whatever parsed, so a file with a few errors still
// yields a model for the rest (code lenses, outline, the engine on the valid KPIs).
import { kpiType } from '../kpis/registry';
import { readTests } from './testsModel';
import { periodTimeOf } from './periodTimeModel';
import type { KpiTestSpec } from './testsModel';
import { DEFAULT_CONFIDENCE, DEFAULT_MIN_SAMPLE } from '../kpis/commonFields';
import { readFreshness, readSourceTests } from './sourceTestsModel';
import type { FreshnessSpec, SourceTestSpec } from './sourceTestsModel';
import { readScoreSegment } from './scoreSegmentSpec';
import type { ScoreSegmentSpec } from './scoreSegmentSpec';

export type Grain = 'day' | 'week' | 'month' | 'quarter' | 'year';
export type Compare = 'previous' | 'year_ago' | 'none';

export interface SourceSpec {
  name: string;
  title?: string;
  file?: string;
  /** A database table (`schema.table`) read on `connection` instead of files. */
  table?: string;
  /** The connection's name in kpilens.connections.yaml (never its secrets). */
  connection?: string;
  format?: string;
  encoding?: string;
  /** xlsx: the sheet's name or 1-based position. */
  sheet?: string | number;
  time?: string;
  key?: string;
  where?: string;
  columns: Record<string, string>;
  /** CSV/TSV dialect keys (delimiter, decimal, thousands, quote, date_format, timestamp_format, header, skip). */
  csv: CsvDialectSpec;
  /** Data tests on the source's rows (sourceTestsModel.ts). */
  tests?: SourceTestSpec[];
  freshness?: FreshnessSpec;
}

/** A source's CSV dialect as written (each key optional; the reader finds or assumes the rest). */
export interface CsvDialectSpec {
  delimiter?: string;
  decimal?: string;
  thousands?: string;
  quote?: string;
  date_format?: string;
  timestamp_format?: string;
  header?: boolean;
  skip?: number;
}

export interface PeriodSpec {
  name: string;
  title?: string;
  grain?: Grain;
  last?: number;
  partial: boolean;
  from?: string;
  to?: string;
  compare: Compare;
  /** With a list `compare: [previous, year_ago]`: every kind, in order (`compare` is the first). */
  compares?: ('previous' | 'year_ago')[];
  /** A rolling window (`90d`, `13w`, `3m`, `1y`): each grain counts the trailing window ending at its last day. */
  window?: string;
  /** To-date: each grain counts from the start of the year, quarter or month holding its last day. */
  toDate?: 'year' | 'quarter' | 'month';
  /** The first day of weeks (default monday). */
  weekStart?: 'monday' | 'sunday' | 'saturday';
  /** The month (1–12) fiscal quarters and years start in (default 1). */
  fiscalYearStart?: number;
  /** gregorian (default) or a retail calendar of whole weeks. */
  calendar?: 'gregorian' | '4-4-5' | '4-5-4' | '5-4-4';
}

export interface SegmentSpec {
  name: string;
  title?: string;
  by?: string;
  where?: string;
  /** A customer score segment (scoreSegmentSpec.ts). */
  score?: ScoreSegmentSpec;
}

export interface TargetSpec {
  min?: number;
  max?: number;
}

export interface KpiSpec {
  name: string;
  type: string;
  title: string;
  description?: string;
  owner?: string;
  tags: string[];
  source?: string;
  where?: string;
  time?: string;
  /** The period, `defaults.period` applied. */
  period?: string;
  /** The segments, `defaults.segments` applied. */
  segments: string[];
  format: string;
  currency?: string;
  decimals?: number;
  target?: TargetSpec;
  direction: 'higher_is_better' | 'lower_is_better';
  /** The confidence level of intervals and change tests (`defaults.confidence`, else 0.95). */
  confidence: number;
  /** The smallest trusted n (`defaults.min_sample`, else 30). */
  minSample: number;
  /** The type's own fields (column, numerator, days, …) as written. */
  fields: Record<string, unknown>;
}

export interface SpecModel {
  file: string;
  version: number | undefined;
  title?: string;
  asOf?: string;
  timezone?: string;
  sources: Map<string, SourceSpec>;
  periods: Map<string, PeriodSpec>;
  segments: Map<string, SegmentSpec>;
  kpis: Map<string, KpiSpec>;
  /** The `tests:` section (KPI tests). */
  tests: Map<string, KpiTestSpec>;
}

type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const level = (v: unknown): number | undefined => (typeof v === 'number' && v > 0.5 && v < 1 ? v : undefined);
const count = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : undefined;
const strList = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const oneOf = <T extends string>(v: unknown, allowed: readonly T[]): T | undefined =>
  allowed.includes(v as T) ? (v as T) : undefined;

const COMMON_KEYS = new Set([
  'type',
  'title',
  'description',
  'owner',
  'tags',
  'source',
  'where',
  'time',
  'period',
  'segments',
  'format',
  'currency',
  'decimals',
  'target',
  'direction',
  'confidence',
  'min_sample',
]);

export function entries(v: unknown): [string, Obj][] {
  if (!isObject(v)) return [];
  return Object.entries(v).filter((e): e is [string, Obj] => isObject(e[1]));
}

export function buildModel(file: string, root: unknown): SpecModel {
  const r = isObject(root) ? root : {};
  const defaults = isObject(r.defaults) ? r.defaults : {};
  const model: SpecModel = {
    file,
    version: num(r.kpilens),
    title: str(r.title),
    asOf: str(r.as_of),
    timezone: str(r.timezone),
    sources: new Map(),
    periods: new Map(),
    segments: new Map(),
    kpis: new Map(),
    tests: readTests(r),
  };
  for (const [name, s] of entries(r.sources)) {
    const columns: Record<string, string> = {};
    if (isObject(s.columns)) for (const [c, t] of Object.entries(s.columns)) if (typeof t === 'string') columns[c] = t;
    model.sources.set(name, {
      name,
      title: str(s.title),
      file: str(s.file),
      table: str(s.table),
      connection: str(s.connection),
      format: str(s.format),
      encoding: str(s.encoding),
      time: str(s.time),
      key: str(s.key),
      where: str(s.where),
      columns,
      csv: csvDialectOf(s),
      tests: readSourceTests(s.tests),
    });
    const freshness = readFreshness(s.freshness);
    if (freshness) model.sources.get(name)!.freshness = freshness;
    if (typeof s.sheet === 'string' || typeof s.sheet === 'number') model.sources.get(name)!.sheet = s.sheet;
  }
  for (const [name, p] of entries(r.periods)) {
    model.periods.set(name, {
      name,
      title: str(p.title),
      grain: oneOf(p.grain, ['day', 'week', 'month', 'quarter', 'year'] as const),
      last: num(p.last),
      partial: p.partial === true,
      from: str(p.from),
      to: str(p.to),
      compare: oneOf(p.compare, ['previous', 'year_ago', 'none'] as const) ?? 'previous',
      ...periodTimeOf(p),
    });
  }
  for (const [name, s] of entries(r.segments)) {
    const score = readScoreSegment(s);
    model.segments.set(name, {
      name,
      title: str(s.title),
      by: str(s.by),
      where: str(s.where),
      ...(score ? { score } : {}),
    });
  }
  for (const [name, k] of entries(r.kpis)) {
    const type = str(k.type);
    if (!type) continue;
    const def = kpiType(type);
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(k)) if (!COMMON_KEYS.has(key)) fields[key] = value;
    const target = isObject(k.target) ? { min: num(k.target.min), max: num(k.target.max) } : undefined;
    model.kpis.set(name, {
      name,
      type,
      title: str(k.title) ?? name,
      description: str(k.description),
      owner: str(k.owner) ?? str(defaults.owner),
      tags: strList(k.tags) ?? [],
      source: str(k.source),
      where: str(k.where),
      time: str(k.time),
      period: str(k.period) ?? str(defaults.period),
      segments: strList(k.segments) ?? strList(defaults.segments) ?? [],
      format: str(k.format) ?? str(defaults.format) ?? def?.defaultFormat ?? 'number',
      currency: str(k.currency) ?? str(defaults.currency),
      decimals: num(k.decimals) ?? num(defaults.decimals),
      target: target && (target.min !== undefined || target.max !== undefined) ? target : undefined,
      direction:
        oneOf(k.direction, ['higher_is_better', 'lower_is_better'] as const) ??
        oneOf(defaults.direction, ['higher_is_better', 'lower_is_better'] as const) ??
        'higher_is_better',
      confidence: level(k.confidence) ?? level(defaults.confidence) ?? DEFAULT_CONFIDENCE,
      minSample: count(k.min_sample) ?? count(defaults.min_sample) ?? DEFAULT_MIN_SAMPLE,
      fields,
    });
  }
  return model;
}

/** The CSV dialect keys of a source (wrong types are left out: the schema reports them). */
function csvDialectOf(s: Obj): CsvDialectSpec {
  const out: CsvDialectSpec = {};
  for (const k of ['delimiter', 'decimal', 'thousands', 'quote', 'date_format', 'timestamp_format'] as const) {
    const v = str(s[k]);
    if (v !== undefined && v !== '') out[k] = v;
  }
  if (typeof s.header === 'boolean') out.header = s.header;
  const skip = count(s.skip);
  if (skip !== undefined) out.skip = skip;
  return out;
}

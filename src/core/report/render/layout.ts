// Pivoting one KPI's rows for the renderers (table, Markdown, HTML): its periods (in the
// order of the rows, oldest first), its segment columns (whole population first, then each
// segment's values in first-seen order), its cohort days and funnel steps, and a lookup of
// one row by period, segment and day or step.
import * as l10n from '../../l10n/l10n';
import type { KpiResult, ResultRow, SegmentKey } from '../resultModel';

export interface SegmentColumn {
  /** A stable text key of the segment: '' for the whole population. */
  id: string;
  key: SegmentKey;
  /** The segment's name (`channel`); null for the whole population. */
  segment: string | null;
  /** `All`, a `by` value (`web`), a `where` segment's name (`enterprise`); `channel=web` when the KPI has several segments. */
  label: string;
}

/** The columns of one segment (or of the whole population), in first-seen order. */
export interface SegmentGroup {
  segment: string | null;
  columns: SegmentColumn[];
}

/** Where a row sits besides its period and segment: a cohort day or a funnel step. */
export interface RowAt {
  day?: number;
  step?: string;
}

export interface KpiLayout {
  /** Every period of the rows, in first-seen order (the contract orders rows oldest first). */
  periods: string[];
  columns: SegmentColumn[];
  groups: SegmentGroup[];
  /** cohort_retention days, ascending. */
  days: number[];
  /** funnel steps, in first-seen order. */
  steps: string[];
  /** Whether some rows are plain period rows (neither `day` nor `step`). */
  hasSeries: boolean;
  /** A survival KPI: its `day` rows are S(day) at each period's end, not cohorts. */
  survival: boolean;
  /** The KPI's rows, as the result lists them. */
  rows: readonly ResultRow[];
  /** The row of this period and segment (`{}` for the whole population); a period row when `at` is omitted. */
  row(period: string, segment: SegmentKey, at?: RowAt): ResultRow | undefined;
  /** The same, for one of this layout's columns. */
  cell(period: string, column: SegmentColumn, at?: RowAt): ResultRow | undefined;
}

/** The whole population's column: `All` (fr `Ensemble`). */
export function wholePopulationLabel(): string {
  return l10n.t('All');
}

/** A stable text key for a segment: '' for `{}`, else its entries sorted by name, as JSON. */
export function segmentId(key: SegmentKey): string {
  const entries = Object.entries(key).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? '' : JSON.stringify(entries);
}

/** The segment name of a key: null for the whole population; names joined by `+` for a (non-contract) combined key. */
export function segmentName(key: SegmentKey): string | null {
  const names = Object.keys(key);
  return names.length === 0 ? null : names.join('+');
}

/** The value of a key as text: the `by` value, `true` for a `where` segment, '' for null. */
export function segmentValueText(key: SegmentKey): string {
  return Object.values(key)
    .map((v) => (v === null ? '' : String(v)))
    .join('+');
}

function valueLabel(name: string, value: string | boolean | null, qualified: boolean): string {
  if (value === true) return name;
  const text = value === null ? '(null)' : String(value);
  return qualified || value === false ? `${name}=${text}` : text;
}

function columnLabel(key: SegmentKey, qualified: boolean): string {
  const entries = Object.entries(key);
  if (entries.length === 0) return wholePopulationLabel();
  return entries.map(([name, value]) => valueLabel(name, value, qualified || entries.length > 1)).join(' · ');
}

function lookupKey(period: string, id: string, at: RowAt = {}): string {
  return [period, id, at.day === undefined ? '' : String(at.day), at.step ?? ''].join('\u0000');
}

export function layoutKpi(kpi: KpiResult): KpiLayout {
  const periods: string[] = [];
  const seenPeriods = new Set<string>();
  const keysById = new Map<string, SegmentKey>();
  const days = new Set<number>();
  const steps: string[] = [];
  const seenSteps = new Set<string>();
  const rows = new Map<string, ResultRow>();
  let hasSeries = false;

  for (const row of kpi.rows) {
    if (!seenPeriods.has(row.period)) {
      seenPeriods.add(row.period);
      periods.push(row.period);
    }
    const id = segmentId(row.segment);
    if (!keysById.has(id)) keysById.set(id, row.segment);
    if (row.day !== undefined) days.add(row.day);
    if (row.step !== undefined && !seenSteps.has(row.step)) {
      seenSteps.add(row.step);
      steps.push(row.step);
    }
    if (row.day === undefined && row.step === undefined) hasSeries = true;
    const key = lookupKey(row.period, id, row);
    if (!rows.has(key)) rows.set(key, row);
  }

  // Groups: the whole population, then the KPI's declared segments in order, then any other seen.
  const byName = new Map<string | null, Array<[string, SegmentKey]>>();
  for (const [id, key] of keysById) {
    const name = segmentName(key);
    const list = byName.get(name) ?? [];
    list.push([id, key]);
    byName.set(name, list);
  }
  const order: Array<string | null> = [];
  if (byName.has(null)) order.push(null);
  for (const name of kpi.segments ?? []) if (byName.has(name) && !order.includes(name)) order.push(name);
  for (const name of byName.keys()) if (!order.includes(name)) order.push(name);

  const qualified = order.filter((name) => name !== null).length > 1;
  const groups: SegmentGroup[] = order.map((name) => ({
    segment: name,
    columns: (byName.get(name) ?? []).map(([id, key]) => ({
      id,
      key,
      segment: name,
      label: columnLabel(key, qualified),
    })),
  }));

  return {
    periods,
    columns: groups.flatMap((g) => g.columns),
    groups,
    days: [...days].sort((a, b) => a - b),
    steps,
    hasSeries,
    survival: kpi.survival !== undefined,
    rows: kpi.rows,
    row: (period, segment, at) => rows.get(lookupKey(period, segmentId(segment), at)),
    cell: (period, column, at) => rows.get(lookupKey(period, column.id, at)),
  };
}

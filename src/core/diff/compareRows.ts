// Every row of a KPI before → after: each period of its range × the whole population and each
// segment value, each cohort day, each funnel step, matched by (period, segment, day, step).
// Rows that moved are listed, largest move first; the others are only counted. Each moved row
// carries its delta in the KPI's unit (deltaText.ts), its relative change (not for percents
// and scores), a target that flipped and, for shares, a two-proportion z-test of the two
// versions (stats/changeSignificance.ts). The two versions read the same data, so their
// samples overlap: the independent-samples test overstates the noise and calls fewer changes
// significant than a paired test would (a conservative call-out).
import type { KpiResult, ResultRow, SegmentKey } from '../report/resultModel';
import { twoProportionTest } from '../stats/changeSignificance';
import { withoutNoise } from './compareValues';
import { deltaText } from './deltaText';
import { changeUnit } from '../report/render/kpiText';
import type { RowChange } from './specDiff';
import { difference } from '../engine/evaluation/rows';

/** The confidence level of a significance call when the KPI sets none. */
const DEFAULT_CONFIDENCE = 0.95;

function segmentKey(segment: SegmentKey): string {
  return JSON.stringify(
    Object.keys(segment)
      .sort()
      .map((k) => [k, segment[k]]),
  );
}

const rowKey = (r: ResultRow): string => `${r.period}|${segmentKey(r.segment)}|${r.day ?? ''}|${r.step ?? ''}`;

/**
 * The size of a move, comparable across KPIs: points as a fraction (scores /100), relative
 * change otherwise; Number.MAX_VALUE (not Infinity: the diff crosses JSON to the report view)
 * for a row only one side has, or a move away from 0.
 */
export function moveSize(
  unit: ReturnType<typeof changeUnit>,
  before: number | null,
  after: number | null,
  delta: number | null,
  relative: number | null,
): number {
  if ((before === null) !== (after === null)) return Number.MAX_VALUE;
  if (delta === null || delta === 0) return 0;
  if (unit === 'score') return Math.abs(delta) / 100;
  if (unit === 'points') return Math.abs(delta);
  return relative !== null ? Math.abs(relative) : Number.MAX_VALUE;
}

function significance(
  kpi: KpiResult,
  a: ResultRow | undefined,
  b: ResultRow | undefined,
): { pValue: number | null; significant: boolean | null } {
  if (
    !a ||
    !b ||
    a.n === undefined ||
    b.n === undefined ||
    a.value === null ||
    b.value === null ||
    kpi.format !== 'percent' ||
    a.step !== undefined
  )
    return { pValue: null, significant: null };
  // A share's successes: x = value × n (a whole number up to rounding).
  const test = twoProportionTest(Math.round(b.value * b.n), b.n, Math.round(a.value * a.n), a.n);
  if (test === null) return { pValue: null, significant: null };
  return { pValue: test.p_value, significant: test.p_value < 1 - (kpi.confidence ?? DEFAULT_CONFIDENCE) };
}

/** The moved rows of a KPI (largest move first, ties in the head's row order) and the count of the others. */
export function compareRows(
  before: KpiResult | undefined,
  after: KpiResult | undefined,
): { rows: RowChange[]; unchanged: number } {
  const shown = after ?? before;
  if (shown === undefined) return { rows: [], unchanged: 0 };
  const a = new Map((before?.rows ?? []).map((r) => [rowKey(r), r]));
  const b = new Map((after?.rows ?? []).map((r) => [rowKey(r), r]));
  const keys = [...new Set([...b.keys(), ...a.keys()])];
  const rows: RowChange[] = [];
  let unchanged = 0;
  for (const key of keys) {
    const x = a.get(key);
    const y = b.get(key);
    const template = (y ?? x) as ResultRow;
    const vb = x?.value ?? null;
    const va = y?.value ?? null;
    const delta = vb !== null && va !== null ? withoutNoise(difference(va, vb) ?? va - vb, vb, va) : null;
    const statusBefore = x?.status ?? null;
    const statusAfter = y?.status ?? null;
    const targetFlip =
      statusBefore === 'met' && statusAfter === 'missed'
        ? 'now_missed'
        : statusBefore === 'missed' && statusAfter === 'met'
          ? 'now_met'
          : null;
    if ((vb === null && va === null) || (delta === 0 && targetFlip === null)) {
      unchanged++;
      continue;
    }
    const relative =
      delta !== null && vb !== 0 && changeUnit(shown) === 'relative' ? delta / Math.abs(vb as number) : null;
    const row: RowChange = {
      period: template.period,
      segment: { ...template.segment },
      before: vb,
      after: va,
      delta,
      deltaText: delta !== null ? deltaText(shown, delta) : null,
      relative,
      statusBefore,
      statusAfter,
      targetFlip,
      ...significance(shown, x, y),
      size: moveSize(changeUnit(shown), vb, va, delta, relative),
    };
    if (template.day !== undefined) row.day = template.day;
    if (template.step !== undefined) row.step = template.step;
    rows.push(row);
  }
  // Array.prototype.sort is stable: equal moves keep the head's order (oldest period first).
  rows.sort((p, q) => q.size - p.size);
  return { rows, unchanged };
}

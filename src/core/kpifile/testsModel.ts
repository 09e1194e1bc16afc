// The `tests:` section of a KPI file (KPI tests, run by `kpilens test` and the editor's Test
// Explorer): per test, inline rows per source and the expected values of some KPIs. Read
// tolerantly from whatever parsed; the schema and semanticChecks.ts report what is wrong.
import type { SegmentKey } from '../report/resultModel';

export type CellValue = string | number | boolean | null;

/** One expected value: a row of a KPI (its latest period and whole population by default). */
export interface KpiExpectation {
  kpi: string;
  /** Where it is written: ['tests', test, 'expect', kpi] (+ index in a list). */
  path: (string | number)[];
  value: number | null;
  period?: string;
  segment?: SegmentKey;
  step?: string;
  n?: number;
  tolerance: number;
}

export interface KpiTestSpec {
  name: string;
  description?: string;
  asOf?: string;
  /** Source name → rows. */
  data: Map<string, Record<string, CellValue>[]>;
  expect: KpiExpectation[];
}

/** The accepted |actual − expected| when an expectation sets no tolerance. */
export const DEFAULT_TOLERANCE = 1e-6;

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCell = (v: unknown): v is CellValue => v === null || ['string', 'number', 'boolean'].includes(typeof v);

export function readTests(root: unknown): Map<string, KpiTestSpec> {
  const tests = new Map<string, KpiTestSpec>();
  const section = isObject(root) ? root.tests : undefined;
  if (!isObject(section)) return tests;
  for (const [name, t] of Object.entries(section)) {
    if (!isObject(t)) continue;
    const data = new Map<string, Record<string, CellValue>[]>();
    if (isObject(t.data)) {
      for (const [source, rows] of Object.entries(t.data)) {
        if (!Array.isArray(rows)) continue;
        data.set(
          source,
          rows
            .filter(isObject)
            .map((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, CellValue] => isCell(e[1])))),
        );
      }
    }
    const expect: KpiExpectation[] = [];
    if (isObject(t.expect)) {
      for (const [kpi, e] of Object.entries(t.expect)) {
        const at = ['tests', name, 'expect', kpi];
        if (Array.isArray(e)) e.forEach((item, i) => pushExpectation(expect, kpi, [...at, i], item));
        else pushExpectation(expect, kpi, at, e);
      }
    }
    tests.set(name, {
      name,
      description: typeof t.description === 'string' ? t.description : undefined,
      asOf: typeof t.as_of === 'string' ? t.as_of : undefined,
      data,
      expect,
    });
  }
  return tests;
}

function pushExpectation(out: KpiExpectation[], kpi: string, path: (string | number)[], e: unknown): void {
  if (e === null || typeof e === 'number') {
    out.push({ kpi, path, value: e, tolerance: DEFAULT_TOLERANCE });
    return;
  }
  if (!isObject(e) || !(e.value === null || typeof e.value === 'number')) return;
  const segment = isObject(e.segment)
    ? Object.fromEntries(
        Object.entries(e.segment).filter(
          (x): x is [string, string | boolean | null] =>
            x[1] === null || typeof x[1] === 'string' || typeof x[1] === 'boolean',
        ),
      )
    : undefined;
  out.push({
    kpi,
    path,
    value: e.value,
    ...(typeof e.period === 'string' ? { period: e.period } : {}),
    ...(segment ? { segment } : {}),
    ...(typeof e.step === 'string' || typeof e.step === 'number' ? { step: String(e.step) } : {}),
    ...(typeof e.n === 'number' ? { n: e.n } : {}),
    tolerance: typeof e.tolerance === 'number' && e.tolerance >= 0 ? e.tolerance : DEFAULT_TOLERANCE,
  });
}

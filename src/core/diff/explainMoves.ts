// Why a diff's rows moved: for each KPI whose rows moved and that both versions define, the
// rows (and distinct customers) that leave the base's count or enter the head's, in each
// version's latest period, with their share of the value and the first customers, on the
// same data (whyQuery.ts). Sides: the KPI's own rows (sums, counts, averages, and the rows
// behind a per-customer KPI such as the repurchase rate); a share's numerator and denominator
// (churn, retention…); a ratio's numerator and denominator KPIs. A query the engine refuses gives a note, never a failed diff.
import { EngineError } from '../engine/backends/engine';
import type { Engine } from '../engine/backends/engine';
import { CompileError } from '../engine/sql/exprToSql';
import { resolvePeriod } from '../engine/evaluation/periods';
import type { SourceContext } from '../engine/sources/sourceContext';
import { kpiType } from '../kpis/registry';
import type { SpecModel } from '../kpifile/model';
import * as l10n from '../l10n/l10n';
import type { KpiDiff } from './specDiff';
import { isAdditive, commonColumns, whySource, whySql } from './whyQuery';
import type { WhyRole, WhySide } from './whyQuery';
import type { KpiWhy, WhyCount } from './whyTypes';

/** One version as the why reads it: its model, the sources its run read, the as_of and the data's first date. */
export interface WhyVersion {
  model: SpecModel;
  sources: ReadonlyMap<string, SourceContext>;
  asOf: string;
  dataStart?: string;
}

function sideOf(version: WhyVersion, name: string): WhySide | undefined {
  const kpi = version.model.kpis.get(name);
  const period = kpi?.period !== undefined ? version.model.periods.get(kpi.period) : undefined;
  if (!kpi || !period) return undefined;
  const windows = resolvePeriod(period, version.asOf, version.dataStart).windows;
  const window = windows[windows.length - 1];
  return window ? { kpi, sources: version.sources, window } : undefined;
}

/** A JSON array of keys from the engine (null when no row matched). */
function sampleOf(v: unknown): string[] {
  if (typeof v !== 'string') return [];
  const parsed: unknown = JSON.parse(v);
  return Array.isArray(parsed) ? parsed.map(String) : [];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const share = (part: number | null, whole: number | null): number | null =>
  part !== null && whole !== null && whole !== 0 ? part / whole : null;

async function explainRole(
  engine: Engine,
  base: WhySide,
  head: WhySide,
  role: WhyRole,
  as: { role: KpiWhy['role']; kpi: string },
  signal?: AbortSignal,
): Promise<KpiWhy | null> {
  const b = whySource(base);
  const h = whySource(head);
  if (!b || !h) return null;
  const columns = commonColumns(b, h);
  const out = (rest: Partial<KpiWhy>): KpiWhy => {
    const none: WhyCount = { rows: 0, customers: null, value: null, share: null, sample: [] };
    return {
      ...as,
      basePeriod: base.window.label,
      headPeriod: head.window.label,
      baseRows: 0,
      headRows: 0,
      baseValue: null,
      headValue: null,
      shareOf: 'rows',
      leave: none,
      enter: none,
      changed: { rows: 0, delta: null },
      ...rest,
    };
  };
  if (columns.length === 0)
    return out({
      note: l10n.t('the two versions read sources with no column in common: their rows cannot be matched'),
    });
  let sql;
  try {
    sql = whySql(base, head, role, columns);
  } catch (err) {
    if (err instanceof CompileError) return out({ note: err.message });
    throw err;
  }
  if (sql === null) return null;
  try {
    const [c] = await engine.query(sql.counts, [], { signal });
    const leaveSample = sampleOf(c.leave_sample);
    const enterSample = sampleOf(c.enter_sample);
    const additive = role === 'rows' && isAdditive(head.kpi.type) && isAdditive(base.kpi.type);
    const keyed = b.spec.key !== undefined && h.spec.key !== undefined;
    const baseRows = Number(c.base_rows);
    const headRows = Number(c.head_rows);
    const baseValue = additive ? (num(c.base_value) ?? 0) : null;
    const headValue = additive ? (num(c.head_value) ?? 0) : null;
    const count = (which: 'leave' | 'enter', sample: string[], rows: number, whole: number | null): WhyCount => {
      const value = additive ? num(c[`${which}_value`]) : null;
      return {
        rows: Number(c[`${which}_rows`]),
        customers: keyed ? Number(c[`${which}_customers`]) : null,
        value,
        share: additive ? share(value, whole) : share(Number(c[`${which}_rows`]), rows),
        sample,
      };
    };
    return out({
      baseRows,
      headRows,
      baseValue,
      headValue,
      shareOf: additive ? 'value' : 'rows',
      leave: count('leave', leaveSample, baseRows, baseValue),
      enter: count('enter', enterSample, headRows, headValue),
      changed: { rows: Number(c.changed_rows), delta: additive ? num(c.changed_delta) : null },
    });
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query')
      return out({ note: l10n.t('the engine could not compare the rows: {0}', err.message.split('\n')[0]) });
    throw err;
  }
}

/** The why of one KPI of the diff (empty when it has no side the engine can compare). */
export async function explainKpi(
  engine: Engine,
  k: KpiDiff,
  base: WhyVersion,
  head: WhyVersion,
  signal?: AbortSignal,
): Promise<KpiWhy[]> {
  const baseName = k.baseName ?? k.name;
  const b = sideOf(base, baseName);
  const h = sideOf(head, k.name);
  if (!b || !h) return [];
  const evaluation = kpiType(h.kpi.type)?.evaluation;
  const quotient = kpiType(h.kpi.type)?.quotient;
  const out: KpiWhy[] = [];
  const push = (w: KpiWhy | null) => {
    if (w !== null) out.push(w);
  };
  if (evaluation?.kind === 'aggregate') {
    // A share over customers counts per-customer aggregates: its rows are what can be matched.
    const share = evaluation.counts !== undefined && evaluation.perCustomer === undefined;
    if (share)
      for (const role of ['numerator', 'denominator'] as const)
        push(await explainRole(engine, b, h, role, { role, kpi: k.name }, signal));
    // Not a share (an NPS's counts are answers by kind): the rows it reads.
    if (out.length === 0) push(await explainRole(engine, b, h, 'rows', { role: 'rows', kpi: k.name }, signal));
  } else if (quotient !== undefined && h.kpi.type === b.kpi.type) {
    // A quotient of two KPIs (a ratio): the rows of each part.
    for (const role of ['numerator', 'denominator'] as const) {
      const hi = sideOf(head, String(h.kpi.fields[quotient[role]]));
      const bi = sideOf(base, String(b.kpi.fields[quotient[role]]));
      if (hi && bi && kpiType(hi.kpi.type)?.evaluation?.kind === 'aggregate')
        push(await explainRole(engine, bi, hi, 'rows', { role, kpi: hi.kpi.name }, signal));
    }
  }
  return out;
}

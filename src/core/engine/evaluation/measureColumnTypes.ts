// Measure-types phase: once the sources are read, a column a KPI reads as numbers (a sum's or a
// max's `column`, an NPS's score: kpis/kpiType.ts FieldRef `number`) that the data holds as
// dates or instants is an 'invalid-type' error at that field, and the KPI is not evaluated,
// with the reason. Before, each of its rows was skipped as "not a number" and the KPI showed
// no value with a warning listing dates, as if the data were at fault. A column the file itself
// declares as dates (or its source's `time`) is told by the check already (kpifile/kpiChecks.ts),
// and such a KPI does not reach the run.
import { dateMeasureMessage } from '../../kpifile/declaredColumnKinds';
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import { columnKind } from '../sources/sourceContext';
import type { EvaluationState, Request } from './evaluationState';

/** The number fields of a request's KPI whose column its source holds as dates: field and column. */
function dateMeasures(st: EvaluationState, r: Request): { field: string; column: string }[] {
  const type = kpiType(r.kpi.type);
  const source = r.kpi.source;
  const ctx = source ? st.sources.get(source) : undefined;
  if (!type || !ctx || !type.usesSource) return [];
  const out: { field: string; column: string }[] = [];
  for (const [field, f] of Object.entries(type.fields)) {
    if (f.ref?.kind !== 'column' || !f.ref.number || f.ref.ofField) continue;
    const column = r.kpi.fields[field];
    if (typeof column === 'string' && columnKind(ctx, column) === 'date') out.push({ field, column });
  }
  return out;
}

/**
 * Checks the number columns of `requests` on the prepared sources; returns the requests that may
 * run. The others are failed (st.failed) with their reason, each misfit told once at its field.
 */
export function checkMeasureColumns(st: EvaluationState, requests: Request[]): Request[] {
  const told = new Set<string>();
  return requests.filter((r) => {
    const misfits = dateMeasures(st, r);
    if (misfits.length === 0) return true;
    for (const m of misfits) {
      const key = JSON.stringify([r.kpi.name, m.field]);
      if (told.has(key) || !st.model.kpis.has(r.kpi.name)) continue;
      told.add(key);
      st.diag(
        st.check.document.rangeOf(['kpis', r.kpi.name, m.field]),
        'error',
        'invalid-type',
        dateMeasureMessage(m.column, r.kpi.source ?? '', r.kpi.type),
      );
    }
    st.results.set(r.key, null);
    st.failed.set(r.kpi.name, l10n.t("its column '{0}' holds dates, not numbers", misfits[0].column));
    return false;
  });
}

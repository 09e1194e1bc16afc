// Expression-types phase: once the sources are read, every filter a request applies (its
// source's `where`, its own, its `where` segments') is checked against the types its columns
// have in the data (expr/columnTypeFit.ts). A misfit is an 'expr-type' error at its characters
// in the KPI file, and the requests using it are not evaluated, with the reason; the other KPIs
// of the source run — before, one such filter stopped the whole source's query, or (`where:
// amount`) kept rows silently.
import { parseExpressionField } from '../../kpifile/expressionField';
import type { YamlPath } from '../../kpifile/yamlDocument';
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import type { NameRef } from '../../expr';
import { columnTypeProblems, type ColumnKinds } from '../../expr/columnTypeFit';
import { isBooleanColumn, sourceNameTyping, type SourceContext } from '../sources/sourceContext';
import type { EvaluationState, Request } from './evaluationState';

/** A filter of the file and the reason a request using it gives when it does not fit. */
interface Filter {
  path: YamlPath;
  why: string;
}

/** The filters a request applies to its source's rows. */
function filtersOf(st: EvaluationState, r: Request): Filter[] {
  const source = r.kpi.source;
  if (!source || !st.model.kpis.has(r.kpi.name) || !kpiType(r.kpi.type)?.usesSource) return [];
  const out: Filter[] = [];
  if (st.model.sources.get(source)?.where !== undefined)
    out.push({
      path: ['sources', source, 'where'],
      why: l10n.t("the filter of its source '{0}' does not fit the types of the data's columns", source),
    });
  if (r.kpi.where !== undefined)
    out.push({
      path: ['kpis', r.kpi.name, 'where'],
      why: l10n.t("its filter does not fit the types of the data's columns"),
    });
  for (const s of r.segments)
    if (st.model.segments.get(s)?.where !== undefined)
      out.push({
        path: ['segments', s, 'where'],
        why: l10n.t("the filter of its segment '{0}' does not fit the types of the data's columns", s),
      });
  return out;
}

/**
 * Checks the filters of `requests` on the prepared sources; returns the requests that may run.
 * The others are failed (st.failed) with their reason, their filter's misfits told once each.
 */
export function checkExpressionTypes(st: EvaluationState, requests: Request[]): Request[] {
  const verdicts = new Map<string, boolean>();
  const fits = (source: string, path: YamlPath): boolean => {
    const key = JSON.stringify([source, path]);
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const ctx = st.sources.get(source);
    const parsed = parseExpressionField(st.check.document, path);
    let ok = true;
    if (ctx && parsed?.expr && parsed.diagnostics.length === 0) {
      const of = (ref: NameRef): { ctx: SourceContext; column: string } | undefined => {
        if (ref.parts.length === 1) return { ctx, column: ref.parts[0] };
        const joined = ref.parts[0] === source ? ctx : st.sources.get(ref.parts[0]);
        return joined ? { ctx: joined, column: ref.parts[1] } : undefined;
      };
      const columns: ColumnKinds = {
        kind: sourceNameTyping(of, st.dialect).kind,
        isBoolean: (ref) => {
          const found = of(ref);
          return found ? isBooleanColumn(found.ctx, found.column) : false;
        },
      };
      for (const problem of columnTypeProblems(parsed.expr, columns, true)) {
        ok = false;
        const range = parsed.rangeOfSpan(problem.span);
        const told = st.diagnostics.some(
          (d) => d.code === 'expr-type' && d.range.startOffset === range.startOffset && d.message === problem.message,
        );
        if (!told) st.diag(range, 'error', 'expr-type', problem.message);
      }
    }
    verdicts.set(key, ok);
    return ok;
  };
  return requests.filter((r) => {
    // Every filter is checked (not only up to the first misfit): each misfit is told.
    const misfit = filtersOf(st, r).filter((f) => !fits(r.kpi.source as string, f.path))[0];
    if (!misfit) return true;
    st.results.set(r.key, null);
    st.failed.set(r.kpi.name, misfit.why);
    return false;
  });
}

// Unmatched-keys phase, once the results are known: rows whose key the source they are joined
// to does not hold (sources/unmatchedKeys.ts) are searched where it can change a number the run
// shows — a filter naming a joined column, or a segment by one whose results have a (null)
// slice — and told at the source's `key`. A segment without a (null) slice has every row matched
// (an unmatched row would be in that slice), so the search, a join of the whole source, is not
// run for it. Found once per data: a fact of the source's cached copy when both sources are
// cached (the search's SQL names both copies), else remembered in the run memo by both stamps.
import type { KpiResult } from '../../report/resultModel';
import { EngineError } from '../backends/engine';
import { EvaluationMemo } from '../cache/evaluationMemo';
import {
  keyJoins,
  unmatchedKeys,
  unmatchedKeysFact,
  unmatchedKeysSql,
  unmatchedKeysWarning,
  type KeyJoin,
  type UnmatchedKeys,
} from '../sources/unmatchedKeys';
import type { EvaluationState, Request } from './evaluationState';

/** Whether a result of a KPI of the join's source has a (null) slice of one of its segments. */
function hasNullSlice(st: EvaluationState, join: KeyJoin, kpis: KpiResult[]): boolean {
  return kpis.some(
    (k) =>
      st.kpiNamed(k.name)?.source === join.source &&
      k.rows.some((row) => [...join.segments].some((s) => s in row.segment && row.segment[s] === null)),
  );
}

export async function warnUnmatchedKeys(st: EvaluationState, requests: Request[], kpis: KpiResult[]): Promise<void> {
  const { engine, cache, memo, signal } = st.options;
  for (const join of keyJoins(st.model, requests)) {
    const source = st.sources.get(join.source);
    const joined = st.sources.get(join.joined);
    // A compiled dialect's tables are not read (warehouseDialects.ts).
    if (!source || !joined || !st.dialect.runs) continue;
    if (!join.filtered && !hasNullSlice(st, join, kpis)) continue;
    const sql = unmatchedKeysSql(source, joined, st.dialect);
    if (!sql) continue;
    const fact = source.cached && joined.cached && cache ? unmatchedKeysFact(sql) : undefined;
    const memoKey =
      memo && source.stamp && joined.stamp
        ? EvaluationMemo.key('unmatched-keys', [sql, source.stamp, joined.stamp])
        : undefined;
    const known = fact ? source.cachedFacts?.[fact] : undefined;
    let found: UnmatchedKeys | undefined =
      typeof known === 'string'
        ? (JSON.parse(known) as UnmatchedKeys)
        : memoKey
          ? memo?.get<UnmatchedKeys>(memoKey)
          : undefined;
    if (!found) {
      try {
        found = await unmatchedKeys(engine, source, joined, st.dialect, signal);
      } catch (err) {
        // Only a warning: a query error leaves it out (the KPIs report their own errors).
        if (signal?.aborted || !(err instanceof EngineError && err.kind === 'query')) throw err;
      }
      if (!found) continue;
      if (fact && source.cached && cache) await cache.rememberFact(source.cached.readSql, fact, JSON.stringify(found));
      if (memoKey) memo?.set(memoKey, found);
    }
    const warning = unmatchedKeysWarning(source, joined, found);
    if (warning)
      st.diag(st.check.document.rangeOf(['sources', join.source, 'key']), 'warning', 'unmatched-keys', warning);
  }
}

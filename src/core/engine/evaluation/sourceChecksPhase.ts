// Sources' checks phase: the data tests and freshness the sources declare (testing/
// sourceChecks.ts), after the profile. The sources they read that no KPI reads are prepared
// now (so they never move as_of); a source the profile found unreadable is not read again.
// Their diagnostics join the run's; `sourceChecksOnly` (kpilens test, check --data) stops here.
import { checkedSourceNames, runSourceChecks } from '../../testing/sourceChecks';
import type { EvaluationState } from './evaluationState';
import { prepareSource } from './sourcePreparation';

/** `prepared`: the sources prepared before the profile (one missing now was unreadable). */
export async function runSourceChecksPhase(st: EvaluationState, prepared: ReadonlySet<string>): Promise<void> {
  for (const name of checkedSourceNames(st.model))
    if (!prepared.has(name) && !st.sources.has(name)) await prepareSource(st, name);
  const outcomes = await runSourceChecks({
    model: st.model,
    document: st.check.document,
    sources: st.sources,
    engine: st.options.engine,
    dialect: st.dialect,
    now: st.options.now,
    signal: st.options.signal,
  });
  for (const o of outcomes) if (o.diagnostic) st.diagnostics.push(o.diagnostic);
  st.options.onSourceChecks?.(outcomes);
}

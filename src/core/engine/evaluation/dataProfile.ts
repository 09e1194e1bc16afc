// Profile phase: the data's first and last dates and its problems (profile.ts), repeated keys
// of joined dimension sources, the as_of of the run; then which customer-base sources have a
// key known unique (distinct customers are counted over it). When the sources are read side
// by side (sourcePreparation.ts), each one's profile and key check are done in its lane as
// soon as it is read (profileAhead): this phase then finds them done.
import { kpiType } from '../../kpis/registry';
import * as l10n from '../../l10n/l10n';
import { EngineError } from '../backends/engine';
import { EvaluationMemo } from '../cache/evaluationMemo';
import { duplicateKeyWarning, joinedDimensionSources } from '../sources/duplicateKeys';
import { keyUniqueness } from '../sources/keyUniqueness';
import type { KeyUniquenessOptions } from '../sources/keyUniqueness';
import { profileOne, profileSources } from '../sources/profile';
import type { ProfileOptions } from '../sources/profile';
import type { Engine } from '../backends/engine';
import type { SourceContext } from '../sources/sourceContext';
import type { EvaluationState, Request } from './evaluationState';

/**
 * A source's profile and, when `keyChecked`, whether its key is unique, found right after the
 * source is read, with the engine of its lane (another source may still be read in the other):
 * profileData and markUniqueKeys then take them as they are. The same queries as theirs.
 */
export async function profileAhead(
  st: EvaluationState,
  ctx: SourceContext,
  engine: Engine,
  keyChecked: boolean,
): Promise<void> {
  const one = await profileOne(engine, ctx, phaseOptions(st));
  st.profiled.set(ctx, one);
  if (keyChecked && !one.unreadable && !ctx.table) ctx.keyUnique ??= await keyUniqueness(engine, ctx, phaseOptions(st));
}

/**
 * The sources whose key is checked for uniqueness: joined dimension sources (by profileData) and
 * the customer-base KPIs' sources (by markUniqueKeys, which a run of the sources' checks only,
 * `kpilens test`, never reaches).
 */
export function keyCheckedSources(st: EvaluationState, requests: Request[]): Set<string> {
  const customerBase = st.options.sourceChecksOnly ? [] : customerBaseSources(requests);
  return new Set([...joinedDimensionSources(st.model, requests), ...customerBase]);
}

function customerBaseSources(requests: Request[]): Set<string> {
  return new Set(
    requests.filter((r) => kpiType(r.kpi.type)?.family === 'customer_base').map((r) => r.kpi.source ?? ''),
  );
}

/** Profiles the prepared sources: the run's as_of (undefined, said so, when the data has no dated row) and the first date of the data. */
export async function profileData(
  st: EvaluationState,
  requests: Request[],
): Promise<{ asOf: string | undefined; dataStart: string | undefined }> {
  const doc = st.check.document;
  // as_of and the first date of the data.
  const profile = await profileSources(st.options.engine, [...st.sources.values()], phaseOptions(st), st.profiled);
  for (const p of profile.problems) {
    st.diag(doc.rangeOf(p.at ?? ['sources', p.source, p.field]), p.severity, p.code, p.message);
    if (p.count !== undefined) st.diagnostics[st.diagnostics.length - 1].count = p.count;
  }
  for (const name of profile.unreadable) st.sources.delete(name);
  // Dimension sources joined by key with a key on several rows: counted once each, said so.
  for (const name of joinedDimensionSources(st.model, requests)) {
    const ctx = st.sources.get(name);
    // A compiled dialect's table is not read (warehouseDialects.ts).
    if (!ctx || (ctx.table && !st.dialect.runs)) continue;
    // A key known unique (remembered with the cached copy) has no key on several rows; it also
    // spares the lookups and the cohorts their grouping by key (lookupQuery.ts, cohortQuery.ts).
    // A table (PostgreSQL) is only searched for its keys on several rows, with the same query.
    if (!ctx.table) ctx.keyUnique ??= await keyUniqueness(st.options.engine, ctx, phaseOptions(st));
    if (ctx.keyUnique === true) continue;
    const key =
      st.options.memo && ctx.stamp
        ? EvaluationMemo.key('duplicate-keys', [ctx.spec, ctx.files, ctx.stamp, ctx.cached ?? null])
        : undefined;
    let warning = key ? st.options.memo?.get<string | null>(key) : undefined;
    if (warning === undefined) {
      try {
        warning = (await duplicateKeyWarning(st.options.engine, ctx, st.options.signal)) ?? null;
        if (key) st.options.memo?.set(key, warning);
      } catch (err) {
        // Only a warning: a query error leaves it out (the KPIs report their own errors).
        if (st.options.signal?.aborted || !(err instanceof EngineError && err.kind === 'query')) throw err;
      }
    }
    if (warning) st.diag(doc.rangeOf(['sources', name, 'key']), 'warning', 'duplicate-keys', warning);
  }
  st.options.onSources?.(st.sources);
  st.options.onDataDates?.({ first: profile.minDate, last: profile.maxDate });
  const dataStart = profile.minDate ?? st.options.dataStart;
  const asOf = st.options.asOf ?? st.model.asOf ?? profile.maxDate;
  // Only the sources' checks (kpilens test, check --data): no KPI needs an as_of.
  if (!asOf && st.options.sourceChecksOnly) return { asOf: undefined, dataStart };
  // No source read because the KPI file's own errors broke them (a YAML error): those errors say it.
  const brokenFile = st.sources.size === 0 && st.check.diagnostics.some((d) => d.severity === 'error');
  if (!asOf && brokenFile) return { asOf: undefined, dataStart };
  if (!asOf) {
    st.diag(
      doc.rangeOf(['kpis']),
      'error',
      'no-data',
      l10n.t("no dated row in the data: set as_of, or check the sources' time columns"),
    );
    return { asOf: undefined, dataStart };
  }
  return { asOf, dataStart };
}

/** Notes which customer-base sources have a key known unique (ctx.keyUnique). */
export async function markUniqueKeys(st: EvaluationState, requests: Request[]): Promise<void> {
  // Customer-base KPIs count distinct customers: over a key known unique, rows.
  for (const name of customerBaseSources(requests)) {
    const ctx = st.sources.get(name);
    if (ctx) ctx.keyUnique ??= await keyUniqueness(st.options.engine, ctx, phaseOptions(st));
  }
}

/** Where the profile and the key checks read and remember: the run's dialect, cache, memo and signal. */
function phaseOptions(st: EvaluationState): ProfileOptions & KeyUniquenessOptions {
  const { cache, memo, signal } = st.options;
  return { dialect: st.dialect, cache, memo, signal };
}

// KPIs that depend on each other in a circle (ratio of a formula of the ratio…): each member
// reported at its reference.
import type { Range } from './diagnostic';
import { parseExpressionField } from './expressionField';
import type { KpiSpec } from './model';
import * as l10n from '../l10n/l10n';
import { kpiType } from '../kpis/registry';
import type { Checker } from './checker';

/** A circle of more members than this is told once, its path shortened (a generated file's chain). */
const MEMBERS_TOLD_EACH = 10;
/** The members named at either end of a shortened path, and the related places given. */
const SHOWN = 10;

/**
 * KPIs that depend on each other in a circle; each member reported at its reference — or, in a
 * circle of more than MEMBERS_TOLD_EACH, the circle once, at the reference that closes it. The
 * walk keeps its own stack: a chain of thousands of KPIs is no deeper a call than one.
 */
export function checkCycles(c: Checker): void {
  const deps = new Map<string, { name: string; range: Range }[]>();
  for (const kpi of c.model.kpis.values()) deps.set(kpi.name, kpiDependencies(c, kpi));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  /** Each name on the stack, at its index. */
  const onStack = new Map<string, number>();
  const reported = new Set<string>();
  const report = (cycle: string[]) => {
    const members = cycle.slice(0, -1);
    const refOf = (i: number) => deps.get(members[i])?.find((x) => x.name === cycle[i + 1]);
    const path =
      members.length > MEMBERS_TOLD_EACH
        ? l10n.t(
            '{0} → … → {1} ({2} KPIs)',
            cycle.slice(0, SHOWN / 2).join(' → '),
            cycle.slice(-SHOWN / 2).join(' → '),
            members.length,
          )
        : cycle.join(' → ');
    const told = members.length > MEMBERS_TOLD_EACH ? [members.length - 1] : members.map((_m, i) => i);
    for (const i of told) {
      const key = `${members[i]}->${cycle[i + 1]}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const ref = refOf(i);
      if (!ref) continue;
      // Related: where the other members of the circle refer to the next (the first few).
      const related = members
        .map((m, j) => ({ m, j }))
        .filter(({ j }) => j !== i)
        .slice(0, SHOWN)
        .flatMap(({ m, j }) => {
          const r = refOf(j);
          return r
            ? [{ file: c.doc.file, range: r.range, message: l10n.t("'{0}' uses '{1}' here", m, cycle[j + 1]) }]
            : [];
        });
      c.diagnostics.push({
        file: c.doc.file,
        range: ref.range,
        severity: 'error',
        code: 'kpi-cycle',
        message: l10n.t('KPIs depend on each other in a circle: {0}', path),
        ...(related.length ? { related } : {}),
      });
    }
  };
  for (const root of deps.keys()) {
    if (state.has(root)) continue;
    // Depth-first, each frame a KPI and the index of its next dependency.
    const frames: { name: string; next: number }[] = [];
    const enter = (name: string) => {
      state.set(name, 'visiting');
      onStack.set(name, stack.length);
      stack.push(name);
      frames.push({ name, next: 0 });
    };
    enter(root);
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const d = deps.get(frame.name)?.[frame.next++];
      if (!d) {
        frames.pop();
        stack.pop();
        onStack.delete(frame.name);
        state.set(frame.name, 'done');
        continue;
      }
      if (d.name === frame.name || !deps.has(d.name)) continue;
      const s = state.get(d.name);
      if (s === 'visiting') report([...stack.slice(onStack.get(d.name)), d.name]);
      else if (s === undefined) enter(d.name);
    }
  }
}

export function kpiDependencies(c: Checker, kpi: KpiSpec): { name: string; range: Range }[] {
  const def = kpiType(kpi.type);
  if (!def) return [];
  const out: { name: string; range: Range }[] = [];
  for (const [fname, field] of Object.entries(def.fields)) {
    const value = kpi.fields[fname];
    if (typeof value !== 'string' || !field.ref) continue;
    const path = ['kpis', kpi.name, fname];
    if (field.ref.kind === 'kpi' || (field.ref.kind === 'kpi-or-source-column' && !value.includes('.'))) {
      out.push({ name: value, range: c.doc.rangeOf(path) });
    } else if (field.ref.kind === 'kpi-expression') {
      const parsed = parseExpressionField(c.doc, path);
      for (const n of parsed?.names ?? [])
        if (n.ref.parts.length === 1) out.push({ name: n.ref.parts[0], range: n.range });
    }
  }
  return out;
}

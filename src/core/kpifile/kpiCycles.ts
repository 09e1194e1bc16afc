// KPIs that depend on each other in a circle (ratio of a formula of the ratio…): each member
// reported at its reference.
import type { Range } from './diagnostic';
import { parseExpressionField } from './expressionField';
import type { KpiSpec } from './model';
import * as l10n from '../l10n/l10n';
import { kpiType } from '../kpis/registry';
import type { Checker } from './checker';

/** KPIs that depend on each other in a circle; each member reported at its reference. */
export function checkCycles(c: Checker): void {
  const deps = new Map<string, { name: string; range: Range }[]>();
  for (const kpi of c.model.kpis.values()) deps.set(kpi.name, kpiDependencies(c, kpi));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (name: string): void => {
    state.set(name, 'visiting');
    stack.push(name);
    for (const d of deps.get(name) ?? []) {
      if (d.name === name || !deps.has(d.name)) continue;
      const s = state.get(d.name);
      if (s === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(d.name)), d.name];
        const members = cycle.slice(0, -1);
        for (let i = 0; i < members.length; i++) {
          const from = members[i];
          const to = cycle[i + 1];
          const key = `${from}->${to}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const ref = deps.get(from)?.find((x) => x.name === to);
          if (ref) {
            // Related: where each other member of the circle refers to the next.
            const related = members
              .filter((m) => m !== from)
              .flatMap((m, j) => {
                const next = cycle[cycle.indexOf(m) + 1];
                const r = deps.get(m)?.find((x) => x.name === next);
                return r && j < 10
                  ? [{ file: c.doc.file, range: r.range, message: l10n.t("'{0}' uses '{1}' here", m, next) }]
                  : [];
              });
            c.diagnostics.push({
              file: c.doc.file,
              range: ref.range,
              severity: 'error',
              code: 'kpi-cycle',
              message: l10n.t('KPIs depend on each other in a circle: {0}', cycle.join(' → ')),
              ...(related.length ? { related } : {}),
            });
          }
        }
      } else if (s === undefined) {
        visit(d.name);
      }
    }
    stack.pop();
    state.set(name, 'done');
  };
  for (const name of deps.keys()) if (!state.has(name)) visit(name);
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

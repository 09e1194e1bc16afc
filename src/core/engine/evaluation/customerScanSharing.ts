// Per-customer scans shared with the KPIs that can be computed over customers: an
// active_customers KPI (count(DISTINCT key)) on the same rows as a repurchase_rate KPI (rows
// grouped per customer and window) is read from that per-customer scan — customers with at
// least one row — instead of a scan of its own: one pass over the purchases for both.
// "The same rows": same source, time column and period, the default window dates, no `join`,
// the same filter (its per-customer SQL is then the same) and no segments.
import type { KpiSpec } from '../../kpifile/model';
import type { AggregateContext } from '../../kpis/kpiType';
import { kpiType } from '../../kpis/registry';
import type { Dialect } from '../sql/dialect';

interface GroupedRequest {
  kpi: KpiSpec;
  period: string;
  segments: string[];
}

/**
 * Moves each request whose KPI has `overCustomers` into the group of a per-customer KPI on
 * the same rows (the group's first request stays the per-customer one); empty groups are removed.
 * `time(r)` is the request's time column, `hasKey(source)` whether that source has a key.
 */
export function shareCustomerScans<R extends GroupedRequest>(
  groups: Map<string, R[]>,
  time: (r: R) => string,
  hasKey: (source: string) => boolean,
  dialect: Dialect,
): void {
  // The SQL compared is written over plain names with the filter's text: equal text, equal rows.
  const plain = (r: R): AggregateContext => ({
    fields: r.kpi.fields,
    column: (c) => c,
    filter: r.kpi.where,
    key: r.kpi.source && hasKey(r.kpi.source) ? 'key' : undefined,
    dialect,
  });
  const evaluationOf = (r: R) => {
    const e = kpiType(r.kpi.type)?.evaluation;
    return e?.kind === 'aggregate' ? e : undefined;
  };
  const defaultDates = (r: R) => {
    const d = evaluationOf(r)?.dates?.(plain(r));
    return d === undefined || (d.start === '"__ws"' && d.end === '"__we"');
  };
  const rows = (r: R) => JSON.stringify([r.kpi.source ?? '', time(r), r.period]);
  // The per-customer groups, by the rows they read and their per-customer SQL.
  const hosts = new Map<string, R[]>();
  for (const group of groups.values()) {
    const first = group[0];
    const e = first ? evaluationOf(first) : undefined;
    if (!e?.perCustomer || e.join || !defaultDates(first) || group.some((r) => r.segments.length > 0)) continue;
    const at = `${rows(first)}|${e.perCustomer(plain(first))}`;
    if (!hosts.has(at)) hosts.set(at, group);
  }
  if (hosts.size === 0) return;
  for (const [key, group] of groups) {
    for (const r of [...group]) {
      const e = evaluationOf(r);
      if (!e || e.perCustomer || !e.overCustomers || e.join || !defaultDates(r) || r.segments.length > 0) continue;
      const over = e.overCustomers(plain(r));
      const host = over ? hosts.get(`${rows(r)}|${over.perCustomer}`) : undefined;
      if (!host || host === group) continue;
      group.splice(group.indexOf(r), 1);
      host.push(r);
    }
    if (group.length === 0) groups.delete(key);
  }
}

// The SQL of a diff's "why" for one side of one KPI: the rows each version counts in its
// latest period, grouped by the values of the columns both versions' sources have (every
// column as text, so identical rows fall together), with per group: its rows, whether the
// version counts it (the KPI's own filter, or a share's numerator / denominator), what it
// adds to the value (sums and counts), and its customer. The two versions' groups are joined
// (FULL OUTER JOIN, nulls equal): a group only the base counts leaves, one only the head
// counts enters, one both count with another value changed. Built only from the engine's
// builders: ScanQuery (source, filters, lookups, windows) and the KPI type's own aggregate
// SQL; no text of a KPI file is pasted into SQL (filters go through exprToSql).
import { duckdbDialect } from '../engine/sql/dialect';
import type { DateRange } from '../engine/evaluation/periods';
import { ScanQuery } from '../engine/sql/scanQuery';
import type { Aggregate } from '../engine/sql/scanQuery';
import type { SourceContext } from '../engine/sources/sourceContext';
import { resolveColumnName } from '../engine/sources/sourceContext';
import { quoteIdent } from '../engine/sql/sqlText';
import { parseExpression } from '../expr';
import { filtered } from '../kpis/kpiType';
import type { AggregateContext } from '../kpis/kpiType';
import { kpiType } from '../kpis/registry';
import type { KpiSpec } from '../kpifile/model';
import { WHY_SAMPLE } from './whyTypes';

/** The KPI types whose value adds up over rows: a share of the value means something. */
export function isAdditive(type: string): boolean {
  return kpiType(type)?.additive === true;
}

export type WhyRole = 'rows' | 'numerator' | 'denominator';

/** One version's KPI as the why reads it: its spec, the sources of that version's run and its latest window. */
export interface WhySide {
  kpi: KpiSpec;
  sources: ReadonlyMap<string, SourceContext>;
  window: DateRange;
}

/** The source a side reads, when the KPI is an aggregate over its rows (per customer or not). */
export function whySource(side: WhySide): SourceContext | undefined {
  const evaluation = kpiType(side.kpi.type)?.evaluation;
  if (evaluation?.kind !== 'aggregate' || side.kpi.source === undefined) return undefined;
  return side.sources.get(side.kpi.source);
}

/** The columns both sources have (case-insensitive), in the base's order: the identity of a row. */
export function commonColumns(base: SourceContext, head: SourceContext): string[] {
  const theirs = new Set(readColumns(head).map((c) => c.toLowerCase()));
  return readColumns(base).filter((c) => theirs.has(c.toLowerCase()));
}

/** The columns a source's SELECT gives: a CSV's typed columns (a cached copy may hold fewer than the header), else the header's. */
function readColumns(ctx: SourceContext): string[] {
  return ctx.csv ? ctx.csv.columns.map((c) => c.name) : ctx.columns;
}

/** One side's grouped rows: "__g…" (the common columns as text), "__r", "__m", "__v", "__k". Null when the role does not apply. */
function sideSql(side: WhySide, role: WhyRole, columns: string[]): string | null {
  const evaluation = kpiType(side.kpi.type)?.evaluation;
  const ctx = whySource(side);
  if (evaluation?.kind !== 'aggregate' || ctx === undefined) return null;
  const d = duckdbDialect;
  const scan = new ScanQuery(ctx, side.sources, side.kpi.time ?? ctx.spec.time ?? '', d);
  const column = (name: string) => scan.column({ parts: [name], span: { start: 0, end: 0 } });
  const where = side.kpi.where !== undefined ? parseExpression(side.kpi.where).expr : undefined;
  const actx: AggregateContext = {
    fields: side.kpi.fields,
    column,
    filter: where ? scan.exprSql(where) : undefined,
    key: ctx.spec.key ? column(ctx.spec.key) : undefined,
    dialect: d,
  };
  let member: string;
  if (role === 'rows') member = filtered('count("__row")', actx.filter);
  else if (evaluation.perCustomer !== undefined) return null;
  else {
    const counts = evaluation.counts?.(actx);
    if (counts?.kind !== 'share') return null;
    member = role === 'numerator' ? counts.x : counts.n;
  }
  const additive = role === 'rows' && isAdditive(side.kpi.type);
  const aggregates: Aggregate[] = [
    { alias: '__r', sql: () => 'count("__row")' },
    { alias: '__m', sql: () => member },
    { alias: '__v', sql: () => (additive ? `CAST(${evaluation.sql(actx)} AS DOUBLE)` : 'CAST(NULL AS DOUBLE)') },
    {
      alias: '__k',
      sql: () => (actx.key !== undefined ? `min(CAST(${actx.key} AS VARCHAR))` : 'CAST(NULL AS VARCHAR)'),
    },
  ];
  const groups = columns.map((c) => `CAST(${quoteIdent(resolveColumnName(ctx, c))} AS VARCHAR)`);
  return scan.buildRows([side.window], groups, aggregates, {
    join: evaluation.join?.(actx),
    dates: evaluation.dates?.(actx),
  });
}

export interface WhySql {
  /**
   * One line: base_rows, head_rows, base_value, head_value, leave_rows, leave_customers,
   * leave_value, enter_…, changed_rows, changed_delta, and leave_sample / enter_sample (the
   * first customers, ascending, as a JSON array or null).
   */
  counts: string;
}

/** The why's queries of one role of a KPI, or null when the role does not apply to the sides. */
export function whySql(base: WhySide, head: WhySide, role: WhyRole, columns: string[]): WhySql | null {
  const b = sideSql(base, role, columns);
  const h = sideSql(head, role, columns);
  if (b === null || h === null || columns.length === 0) return null;
  const on = columns.map((_c, i) => `bs."__g${i}" IS NOT DISTINCT FROM hs."__g${i}"`).join(' AND ');
  const ctes = [
    `bs AS (${b})`,
    `hs AS (${h})`,
    `j AS (SELECT bs."__r" AS br, hs."__r" AS hr, bs."__v" AS bv, hs."__v" AS hv, bs."__k" AS bk, hs."__k" AS hk, coalesce(bs."__m", 0) > 0 AS inb, coalesce(hs."__m", 0) > 0 AS inh FROM bs FULL OUTER JOIN hs ON ${on})`,
  ];
  const counts =
    `WITH ${ctes.join(',\n')}\nSELECT coalesce(sum(br) FILTER (WHERE inb), 0) AS base_rows, coalesce(sum(hr) FILTER (WHERE inh), 0) AS head_rows, ` +
    'sum(bv) FILTER (WHERE inb) AS base_value, sum(hv) FILTER (WHERE inh) AS head_value, ' +
    'coalesce(sum(br) FILTER (WHERE inb AND NOT inh), 0) AS leave_rows, count(DISTINCT bk) FILTER (WHERE inb AND NOT inh) AS leave_customers, coalesce(sum(bv) FILTER (WHERE inb AND NOT inh), 0) AS leave_value, ' +
    'coalesce(sum(hr) FILTER (WHERE inh AND NOT inb), 0) AS enter_rows, count(DISTINCT hk) FILTER (WHERE inh AND NOT inb) AS enter_customers, coalesce(sum(hv) FILTER (WHERE inh AND NOT inb), 0) AS enter_value, ' +
    'coalesce(sum(hr) FILTER (WHERE inb AND inh AND bv IS DISTINCT FROM hv), 0) AS changed_rows, sum(hv - bv) FILTER (WHERE inb AND inh AND bv IS DISTINCT FROM hv) AS changed_delta, ' +
    // The first customers, ascending, as JSON text (a list's shape differs between drivers).
    `CAST(to_json((list(DISTINCT bk ORDER BY bk) FILTER (WHERE inb AND NOT inh AND bk IS NOT NULL))[1:${WHY_SAMPLE}]) AS VARCHAR) AS leave_sample, ` +
    `CAST(to_json((list(DISTINCT hk ORDER BY hk) FILTER (WHERE inh AND NOT inb AND hk IS NOT NULL))[1:${WHY_SAMPLE}]) AS VARCHAR) AS enter_sample\nFROM j`;
  return { counts };
}

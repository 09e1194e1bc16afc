// The rows a KPI's filters left out because a column they compare with a number (or a date) held
// a value that is not one: `where: amount > 0` over a column read as text (one `n/a` in it) reads
// it as a number (nameTyping.ts), and a row whose `amount` is `abc` can be neither kept nor
// refused by the filter. Such rows are counted in the displayed periods and told as a warning
// with examples (skippedRows.ts), never dropped silently. So are the rows a segment's `where`
// cannot decide on (`big: { where: "amt >= 10" }`): they are in none of its slices.
import { collectNames, parseExpression, type Expr } from '../../expr';
import { evaluationOf } from '../../kpis/kpiRules';
import type { KpiSpec } from '../../kpifile/model';
import type { SourceContext } from '../sources/sourceContext';
import * as l10n from '../../l10n/l10n';
import { EngineError } from '../backends/engine';
import { CompileError } from '../sql/exprToSql';
import { convertedNames } from '../sql/nameTyping';
import { ScanQuery } from '../sql/scanQuery';
import type { EvaluationState } from './evaluationState';
import type { DateRange } from './periods';
import { examplesText, skippedRowsText, type SkippedRows } from './skippedRowsText';
import { valueLines } from './valueLines';

/** The rows the filters of a KPI (its own `where`, its source's) could not decide on in `all`, as a warning; null when none. */
export async function filterSkippedRows(
  st: EvaluationState,
  kpi: KpiSpec,
  all: DateRange,
): Promise<SkippedRows | null> {
  const ctx = kpi.source ? st.sources.get(kpi.source) : undefined;
  if (!ctx || evaluationOf(kpi)?.kind !== 'aggregate') return null;
  const own = kpi.where ? (parseExpression(kpi.where).expr ?? undefined) : undefined;
  const filters = [ctx.where, own].filter((e): e is Expr => e !== undefined);
  if (filters.length === 0) return null;
  // The source's own filter is part of the condition here, so the scan must not apply it first.
  const scan = new ScanQuery({ ...ctx, where: undefined }, st.sources, kpi.time ?? ctx.spec.time ?? '', st.dialect);
  const found = await undecidedRows(st, ctx, scan, filters, all, [], {
    one: (name, as) =>
      as === 'number'
        ? l10n.t("row(s) left out by the filter, '{0}' is not a number", name)
        : l10n.t("row(s) left out by the filter, '{0}' is not a date", name),
    many: (bad, parts) => l10n.t('{0}..{1}: {2} row(s) left out by the filter: {3}', all.start, all.end, bad, parts),
  });
  if (!found) return null;
  const field = own && collectNames(own).some((n) => found.names.includes(n.parts.join('.'))) ? 'where' : 'source';
  return { field, text: found.text };
}

/**
 * The rows each `where` segment of a KPI could not decide on in `all` (its condition compares a
 * value that is not a number, or not a date): they are in none of the segment's slices, and told.
 */
export async function segmentSkippedRows(st: EvaluationState, kpi: KpiSpec, all: DateRange): Promise<SkippedRows[]> {
  const ctx = kpi.source ? st.sources.get(kpi.source) : undefined;
  if (!ctx || evaluationOf(kpi)?.kind !== 'aggregate') return [];
  const out: SkippedRows[] = [];
  for (const name of kpi.segments) {
    const where = st.check.model.segments.get(name)?.where;
    const expr = where ? (parseExpression(where).expr ?? undefined) : undefined;
    if (!expr) continue;
    const scan = new ScanQuery(ctx, st.sources, kpi.time ?? ctx.spec.time ?? '', st.dialect);
    // Only the KPI's rows: those its own filter keeps.
    const own = kpi.where ? (parseExpression(kpi.where).expr ?? undefined) : undefined;
    const found = await undecidedRows(st, ctx, scan, [expr], all, own ? [own] : [], {
      one: (column, as) =>
        as === 'number'
          ? l10n.t("row(s) in no slice of segment '{0}', '{1}' is not a number", name, column)
          : l10n.t("row(s) in no slice of segment '{0}', '{1}' is not a date", name, column),
      many: (bad, parts) =>
        l10n.t("{0}..{1}: {2} row(s) in no slice of segment '{3}': {4}", all.start, all.end, bad, name, parts),
    });
    if (found) out.push({ field: 'segments', text: found.text });
  }
  return out;
}

/** The words of an undecided-rows warning: one column's (`as` what it is not), several columns'. */
interface UndecidedWords {
  one: (name: string, as: 'number' | 'date') => string;
  many: (bad: number, parts: string) => string;
}

/**
 * The rows of `scan` in `all` (those `within` keeps) that `filters` (all together) cannot decide
 * on because a column they read as a number or a date holds a value that is not one: the
 * warning's text and those columns' names; null when none.
 */
async function undecidedRows(
  st: EvaluationState,
  ctx: SourceContext,
  scan: ScanQuery,
  filters: Expr[],
  all: DateRange,
  within: Expr[],
  words: UndecidedWords,
): Promise<{ text: string; names: string[] } | null> {
  const byName = new Map(filters.flatMap((f) => convertedNames(f, scan.typing)).map((c) => [c.ref.parts.join('.'), c]));
  const converted = [...byName.values()];
  if (converted.length === 0) return null;
  let rows;
  const names = [...byName.keys()];
  // Per column: the rows the filters cannot decide on where that column's value is unreadable
  // (a row may have two), with its distinct values.
  const kept = within.map((w) => ` AND (${scan.exprSql(w)})`).join('');
  const open = `(${filters.map((f) => `(${scan.exprSql(f)})`).join(' AND ')}) IS NULL${kept}`;
  try {
    const reads = converted.map(({ ref, as }) => {
      const raw = scan.column(ref);
      const read = as === 'number' ? scan.typing.asNumber(ref, raw) : scan.typing.asDate(ref, raw);
      return { raw, bad: `(${raw} IS NOT NULL AND ${read} IS NULL)` };
    });
    const undecided = `${open} AND (${reads.map((r) => r.bad).join(' OR ')})`;
    const sql = scan.build([all], { kind: 'whole' }, [
      { alias: 'bad', sql: () => `count(*) FILTER (WHERE ${undecided})` },
      ...reads.flatMap((r, i) => [
        // One column: its count is `bad`.
        ...(reads.length > 1 ? [{ alias: `bad_${i}`, sql: () => `count(*) FILTER (WHERE ${open} AND ${r.bad})` }] : []),
        {
          alias: `examples_${i}`,
          sql: () => `${st.dialect.distinctList(`CAST(${r.raw} AS VARCHAR)`)} FILTER (WHERE ${open} AND ${r.bad})`,
        },
      ]),
    ]);
    rows = await st.options.engine.query(sql, [], { signal: st.options.signal });
  } catch (err) {
    if (err instanceof CompileError || (err instanceof EngineError && err.kind === 'query')) return null;
    throw err;
  }
  const row = rows[0];
  const unreadable = (i: number): string =>
    converted[i].as === 'number' ? l10n.t("'{0}' is not a number", names[i]) : l10n.t("'{0}' is not a date", names[i]);
  let text: string | null;
  if (converted.length === 1) {
    const lines = Number(row?.bad ?? 0) > 0 ? await valueLines(st, ctx, converted[0]) : undefined;
    text = skippedRowsText(
      all,
      { bad: row?.bad ?? 0, examples: row?.examples_0 ?? null },
      words.one(names[0], converted[0].as),
      (v) => lines?.get(v),
    );
  } else {
    // `amount > 0 or shipped = date '2025-01-05'`: each column with its own count and values.
    const parts: string[] = [];
    for (let i = 0; i < converted.length; i++) {
      const n = Number(row?.[`bad_${i}`] ?? 0);
      if (n === 0) continue;
      const lines = await valueLines(st, ctx, converted[i]);
      const shown = examplesText(row?.[`examples_${i}`], (v) => lines.get(v));
      parts.push(shown ? l10n.t('{0} ({1}: {2})', unreadable(i), n, shown) : l10n.t('{0} ({1})', unreadable(i), n));
    }
    const bad = Number(row?.bad ?? 0);
    text = bad > 0 ? words.many(bad, parts.join('; ')) : null;
  }
  return text ? { text, names } : null;
}

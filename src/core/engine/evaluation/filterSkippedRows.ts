// The rows a KPI's filters left out because a column they compare with a number (or a date) held
// a value that is not one: `where: amount > 0` over a column read as text (one `n/a` in it) reads
// it as a number (nameTyping.ts), and a row whose `amount` is `abc` can be neither kept nor
// refused by the filter. Such rows are counted in the displayed periods and told as a warning
// with examples (skippedRows.ts), never dropped silently.
import { collectNames, parseExpression, type Expr } from '../../expr';
import { evaluationOf } from '../../kpis/kpiRules';
import type { KpiSpec } from '../../kpifile/model';
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
  const byName = new Map(filters.flatMap((f) => convertedNames(f, scan.typing)).map((c) => [c.ref.parts.join('.'), c]));
  const converted = [...byName.values()];
  if (converted.length === 0) return null;
  let rows;
  const names = [...byName.keys()];
  // Per column: the rows the filters cannot decide on where that column's value is unreadable
  // (a row may have two), with its distinct values.
  const open = `(${filters.map((f) => `(${scan.exprSql(f)})`).join(' AND ')}) IS NULL`;
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
    const what =
      converted[0].as === 'number'
        ? l10n.t("row(s) left out by the filter, '{0}' is not a number", names[0])
        : l10n.t("row(s) left out by the filter, '{0}' is not a date", names[0]);
    const lines = Number(row?.bad ?? 0) > 0 ? await valueLines(st, ctx, converted[0]) : undefined;
    text = skippedRowsText(all, { bad: row?.bad ?? 0, examples: row?.examples_0 ?? null }, what, (v) => lines?.get(v));
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
    text =
      bad > 0
        ? l10n.t('{0}..{1}: {2} row(s) left out by the filter: {3}', all.start, all.end, bad, parts.join('; '))
        : null;
  }
  const field = own && collectNames(own).some((n) => names.includes(n.parts.join('.'))) ? 'where' : 'source';
  return text ? { field, text } : null;
}

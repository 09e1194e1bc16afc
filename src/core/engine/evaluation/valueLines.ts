// Where a CSV source's values of a column that are not numbers (or dates) are in its files, for the
// examples of a skipped-rows warning (skippedRows.ts, filterSkippedRows.ts): the first few found
// by the read's own machinery (csvValueExamples.ts), value → `file:line`. That reads the text
// again: once per column in a run (every KPI of the column asks), and, with a cached copy, once
// for good (remembered with the copy, whose file never changes).
import type { NameRef } from '../../expr';
import { EngineError } from '../backends/engine';
import { shownValueLines, valueExamples } from '../sources/csvValueExamples';
import { isDecimal } from '../sources/csvDialect';
import { createHash } from 'crypto';
import type { SourceContext } from '../sources/sourceContext';
import type { EvaluationState } from './evaluationState';
import type { ValuePlace } from './skippedRowsText';

/**
 * Where the values of a CSV source's own column that are not numbers (or dates) are, from the
 * file itself (csvValueExamples.ts: the first few, with their lines): value → `file:line`.
 */
export function valueLines(
  st: EvaluationState,
  ctx: SourceContext,
  named: { ref: NameRef; as: 'number' | 'date' },
): Promise<Map<string, string>> {
  const parts = named.ref.parts;
  const own = parts.length === 1 || parts[0] === ctx.spec.name;
  const csv = ctx.csv;
  const i = csv ? csv.columns.findIndex((c) => c.name.toLowerCase() === parts[parts.length - 1].toLowerCase()) : -1;
  if (!csv || !own || i < 0 || st.dialect.name !== 'duckdb') return Promise.resolve(new Map());
  const fact = `value-lines:${named.as}:${csv.columns[i].name}`;
  const known = RUN_LINES.get(ctx) ?? new Map<string, Promise<Map<string, string>>>();
  RUN_LINES.set(ctx, known);
  let found = known.get(fact);
  if (!found) {
    found = findLines(st, ctx, i, named.as, fact);
    known.set(fact, found);
  }
  return found;
}

/** The lines found in this run, by source (a run's contexts are its own) and fact. */
const RUN_LINES = new WeakMap<SourceContext, Map<string, Promise<Map<string, string>>>>();

async function findLines(
  st: EvaluationState,
  ctx: SourceContext,
  i: number,
  as: 'number' | 'date',
  fact: string,
): Promise<Map<string, string>> {
  const csv = ctx.csv;
  if (!csv) return new Map();
  return rememberedLines(st, ctx, fact, async () => {
    const columns = csv.columns.map((c, k) =>
      k === i ? ({ ...c, type: as === 'number' ? 'DOUBLE' : 'DATE' } as const) : c,
    );
    const examples = await valueExamples(st.options.engine, planOf(st, ctx, csv), columns, i, st.options.signal);
    // A value found on several lines is told at its first.
    const lines = new Map<string, string>();
    for (const e of examples) if (e.at && !lines.has(e.value)) lines.set(e.value, `${e.at.file}:${e.at.line}`);
    return lines;
  });
}

/** How a CSV source's text is read again to find lines. */
function planOf(st: EvaluationState, ctx: SourceContext, csv: NonNullable<SourceContext['csv']>) {
  return { files: ctx.files, dialect: csv.dialect, header: ctx.columns, timezone: st.model.timezone ?? 'UTC' };
}

/**
 * Lines found by `find` (value → `file:line`), remembered with the cached copy as `fact` (its
 * file never changes: later runs read no text); none when the engine cannot read the text.
 */
async function rememberedLines<T extends ValuePlace>(
  st: EvaluationState,
  ctx: SourceContext,
  fact: string,
  find: () => Promise<Map<string, T>>,
): Promise<Map<string, T>> {
  const remembered = ctx.cachedFacts?.[fact];
  if (typeof remembered === 'string') return new Map(Object.entries(JSON.parse(remembered) as Record<string, T>));
  try {
    const lines = await find();
    if (ctx.cached && st.options.cache)
      await st.options.cache.rememberFact(ctx.cached.readSql, fact, JSON.stringify(Object.fromEntries(lines)));
    return lines;
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query') return new Map();
    throw err;
  }
}

/**
 * Where values of a CSV source's own column are, as a KPI's warning shows them (valueTextSql: a
 * score of 11, 7.5, -1.0 out of its scale), value → `file:line` and the text written there (`11`
 * for the value 11.0): their first lines in the file (csvValueExamples.ts shownValueLines),
 * remembered with a cached copy like valueLines' (a copy's older entry, without the texts, gives
 * the places alone).
 */
export async function shownLines(
  st: EvaluationState,
  ctx: SourceContext,
  column: string,
  values: string[],
): Promise<Map<string, ValuePlace>> {
  const csv = ctx.csv;
  const i = csv ? csv.columns.findIndex((c) => c.name.toLowerCase() === column.toLowerCase()) : -1;
  if (!csv || i < 0 || st.dialect.name !== 'duckdb' || values.length === 0) return new Map();
  const sorted = [...new Set(values)].sort();
  const digest = createHash('sha256').update(JSON.stringify(sorted)).digest('hex').slice(0, 16);
  const fact = `shown-places:${csv.columns[i].name}:${digest}`;
  const decimal = isDecimal(csv.columns[i].type);
  return rememberedLines<ValuePlace>(st, ctx, fact, async () => {
    const found = await shownValueLines(
      st.options.engine,
      planOf(st, ctx, csv),
      csv.columns,
      i,
      // As valueTextSql shows the typed value: a decimal as a double, the others as they are.
      (typed) => `CAST(${decimal ? `TRY_CAST(${typed} AS DOUBLE)` : typed} AS VARCHAR)`,
      sorted,
      st.options.signal,
    );
    return new Map([...found].map(([v, at]) => [v, { at: `${at.file}:${at.line}`, text: at.text }]));
  });
}

// Duplicate keys in a dimension source: a source joined by `key` (a `by: customers.plan`
// segment, a `customers.x` name in a filter) or giving the cohorts of a cohort_retention KPI
// should hold one row per customer. When it holds several, nothing fans out — each customer
// counts once — and the rule that picks the row is the engine's (scanQuery.ts: a joined column
// takes its value on the row with the latest `time`, rows where it is empty skipped, ties to the
// greatest text; without `time`, the smallest value; cohortQuery.ts: a cohort starts at the
// customer's earliest start date, its segment from that row, ties to the smallest text — the
// ties broken by dialect.ts's argMax/argMin). The warning counts the keys and shows a few with their
// file:line, so the user knows which rows were not used.
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'csv-parse';
import type { KpiSpec, SpecModel } from '../../kpifile/model';
import { collectNames, parseExpression } from '../../expr';
import { sourcesNamedBy } from '../../kpis/kpiRules';
import type { Engine } from '../backends/engine';
import type { SourceContext } from './sourceContext';
import { resolveColumnName } from './sourceContext';
import { quoteIdent } from '../sql/sqlText';
import * as l10n from '../../l10n/l10n';

const EXAMPLES = 3;
/** Line numbers are looked up in CSV files up to this size (a second read of the file). */
const MAX_LINE_SCAN_BYTES = 64 * 1024 * 1024;

/**
 * Visits the sources a KPI's rows read columns of through `key`, each time one is named: by a
 * segment `by: joined.column` (with the segment's name), or by a `joined.column` name in a filter
 * (the KPI's, its source's, its `where` segments'; without a segment name).
 */
export function visitJoinedSources(
  model: SpecModel,
  kpi: KpiSpec,
  segments: string[],
  visit: (joined: string, segment?: string) => void,
): void {
  const fromExpr = (text: string | undefined) => {
    const expr = text ? parseExpression(text).expr : null;
    if (expr) for (const n of collectNames(expr)) if (n.parts.length === 2) visit(n.parts[0]);
  };
  fromExpr(kpi.where);
  if (kpi.source) fromExpr(model.sources.get(kpi.source)?.where);
  for (const name of segments) {
    const seg = model.segments.get(name);
    if (seg?.by?.includes('.')) visit(seg.by.split('.')[0], name);
    fromExpr(seg?.where);
  }
}

/**
 * The sources that the evaluated KPIs (with the segments they are broken down by) read through
 * `key`: joined columns (in a segment, a KPI's or its source's filter) and cohort sources.
 */
export function joinedDimensionSources(
  model: SpecModel,
  evaluated: { kpi: KpiSpec; segments: string[] }[],
): Set<string> {
  const out = new Set<string>();
  for (const { kpi, segments } of evaluated) {
    visitJoinedSources(model, kpi, segments, (joined) => out.add(joined));
    // Sources its type's fields name as sources (a cohort's customers) are joined to its rows.
    for (const s of sourcesNamedBy(kpi, ['source'])) out.add(s);
  }
  for (const name of [...out]) if (!model.sources.get(name)?.key) out.delete(name);
  return out;
}

/** The warning for a source whose key is on several rows, or undefined when each key is once. */
export async function duplicateKeyWarning(
  engine: Engine,
  ctx: SourceContext,
  signal?: AbortSignal,
): Promise<string | undefined> {
  const keyName = ctx.spec.key;
  if (!keyName) return undefined;
  const key = quoteIdent(resolveColumnName(ctx, keyName));
  const sql = `WITH d AS (SELECT CAST(${key} AS VARCHAR) AS k, count(*) AS n FROM (${ctx.selectSql}) AS __s WHERE ${key} IS NOT NULL GROUP BY 1 HAVING count(*) > 1)
SELECT count(*) AS keys, coalesce(sum(n), 0) AS rows, (SELECT string_agg(k, chr(10) ORDER BY k) FROM (SELECT k FROM d ORDER BY k LIMIT ${EXAMPLES}) AS e) AS examples FROM d`;
  const [row] = await engine.query(sql, [], { signal });
  const keys = Number(row?.keys ?? 0);
  if (keys === 0) return undefined;
  const rows = Number(row?.rows ?? 0);
  const examples = typeof row?.examples === 'string' ? row.examples.split('\n') : [];
  const lines = await keyLines(ctx, keyName, examples);
  const shown = examples
    .map((k) => {
      const at = lines.get(k);
      return at && at.file ? `'${k}' (${path.basename(at.file)}:${at.lines.join(', :')})` : `'${k}'`;
    })
    .join(', ');
  const rule = ctx.spec.time
    ? l10n.t(
        "each customer counts once: a joined column takes its value on the row with the latest '{0}', a cohort starts at the earliest start date",
        ctx.spec.time,
      )
    : l10n.t(
        'each customer counts once: a joined column takes its smallest value, a cohort starts at the earliest start date',
      );
  return keys === 1
    ? l10n.t("1 value of '{0}' is on {1} rows of source '{2}' ({3}): {4}", keyName, rows, ctx.spec.name, shown, rule)
    : l10n.t(
        "{0} values of '{1}' are on several rows of source '{2}' ({3} rows in all; e.g. {4}): {5}",
        keys,
        keyName,
        ctx.spec.name,
        rows,
        shown,
        rule,
      );
}

/**
 * The 1-based lines of the rows holding each key, in plain CSV/TSV sources small enough to read
 * again; a key is found as written or trimmed (" C1" is found where the file writes " C1").
 */
export async function keyLines(
  ctx: SourceContext,
  keyName: string,
  keys: string[],
): Promise<Map<string, { file: string; lines: number[] }>> {
  const out = new Map<string, { file: string; lines: number[] }>();
  if (keys.length === 0 || (ctx.format !== 'csv' && ctx.format !== 'tsv') || ctx.table || ctx.files.length !== 1)
    return out;
  const file = ctx.files[0];
  if (/\.xls[xm]?\.csv$/i.test(file)) return out; // a workbook's CSV copy: its lines are not the sheet's rows
  const size = await fs.promises.stat(file).then(
    (st) => st.size,
    () => Infinity,
  );
  if (size > MAX_LINE_SCAN_BYTES) return out;
  const wanted = new Set(keys);
  const parser = fs.createReadStream(file).pipe(
    parse({
      delimiter: ctx.format === 'tsv' ? '\t' : (ctx.read.delimiter ?? ','),
      bom: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
    }),
  );
  let column = -1;
  try {
    for await (const record of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (column < 0) {
        column = record.record.findIndex((c) => c.trim().toLowerCase() === keyName.toLowerCase());
        if (column < 0) break;
        continue;
      }
      const raw = record.record[column];
      const value = raw !== undefined && wanted.has(raw) ? raw : raw?.trim();
      if (value === undefined || !wanted.has(value)) continue;
      const entry = out.get(value) ?? { file, lines: [] };
      entry.lines.push(record.info.lines);
      out.set(value, entry);
    }
  } catch {
    // A line the CSV parser refuses: the examples keep the lines found so far.
  } finally {
    parser.destroy();
  }
  return out;
}

// Keys with no row in the source they are joined to: the orders of a customer that the customer
// table does not hold (a customer created after its export, an id written " C1" or "c1" there
// and "C1" here). A `by: customers.plan` segment shows those rows as (null), a filter on
// `customers.x` leaves them out — each correct by the rules of a left join, and each silent.
// The warning counts the rows and their keys, and shows a few keys (quoted: their spaces show)
// with their file:line. The search costs a join of the whole source (0.3 s on 10M rows): it runs
// where a filter names a joined column, or where a segment by one has a (null) slice to explain
// (evaluation/unmatchedKeysPhase.ts), once per data.
import { createHash } from 'crypto';
import * as path from 'path';
import type { KpiSpec, SpecModel } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import type { Engine } from '../backends/engine';
import type { Dialect } from '../sql/dialect';
import { quoteIdent } from '../sql/sqlText';
import { keyLines, visitJoinedSources } from './duplicateKeys';
import type { SourceContext } from './sourceContext';
import { resolveColumnName } from './sourceContext';

const EXAMPLES = 3;

/** A source whose rows read columns of another through `key`: `source` joined to `joined`. */
export interface KeyJoin {
  source: string;
  joined: string;
  /** The `by: joined.column` segments the join is made for… */
  segments: Set<string>;
  /** …and whether a filter (the KPI's, its source's, a `where` segment's) names a joined column. */
  filtered: boolean;
}

/**
 * The joins the evaluated KPIs make by key: a segment `by: joined.column`, or a name
 * `joined.column` in a filter (the KPI's, its source's, its `where` segments'), both sources
 * with a `key`. Cohort sources are not among them: a customer without a cohort is in none.
 */
export function keyJoins(model: SpecModel, evaluated: { kpi: KpiSpec; segments: string[] }[]): KeyJoin[] {
  const out = new Map<string, KeyJoin>();
  for (const { kpi, segments } of evaluated) {
    const source = kpi.source;
    if (!source || !model.sources.get(source)?.key) continue;
    visitJoinedSources(model, kpi, segments, (joined, segment) => {
      if (joined === source || !model.sources.get(joined)?.key) return;
      const id = `${source}\n${joined}`;
      const join = out.get(id) ?? { source, joined, segments: new Set<string>(), filtered: false };
      if (segment) join.segments.add(segment);
      else join.filtered = true;
      out.set(id, join);
    });
  }
  return [...out.values()];
}

/** What the search found: rows and distinct keys without a match, and a few of those keys. */
export interface UnmatchedKeys {
  rows: number;
  keys: number;
  /** Rows with a key, out of which `rows`. */
  keyed: number;
  /** A few of the keys (the least), each with the first line holding it in a CSV small enough to read again. */
  examples: { key: string; at?: { file: string; line: number } }[];
}

/** The SQL of the search: one pass over `source`'s keys, joined to the distinct keys of `joined`. */
function searchSql(
  source: SourceContext,
  joined: SourceContext,
  dialect: Dialect,
  examples: boolean,
): string | undefined {
  if (!source.spec.key || !joined.spec.key) return undefined;
  const key = `CAST(${quoteIdent(resolveColumnName(source, source.spec.key))} AS VARCHAR)`;
  const other = `CAST(${quoteIdent(resolveColumnName(joined, joined.spec.key))} AS VARCHAR)`;
  const keys = `(SELECT ${key} AS k FROM (${source.selectSql})${dialect.derivedTable('__s')})`;
  const known = `(SELECT DISTINCT ${other} AS k FROM (${joined.selectSql})${dialect.derivedTable('__j')} WHERE ${other} IS NOT NULL)`;
  const pairs = `${keys} AS s LEFT JOIN ${known} AS j ON j.k = s.k`;
  return examples
    ? `SELECT DISTINCT s.k AS k FROM ${pairs} WHERE s.k IS NOT NULL AND j.k IS NULL ORDER BY 1 LIMIT ${EXAMPLES}`
    : `SELECT count(s.k) AS keyed, count(s.k) FILTER (WHERE j.k IS NULL) AS n, count(DISTINCT s.k) FILTER (WHERE j.k IS NULL) AS keys FROM ${pairs}`;
}

/** The SQL counting the rows of `source` whose key `joined` does not hold (its text names the fact remembered). */
export function unmatchedKeysSql(source: SourceContext, joined: SourceContext, dialect: Dialect): string | undefined {
  return searchSql(source, joined, dialect, false);
}

/** Searches the rows of `source` whose key `joined` does not hold (undefined: no keys to compare). */
export async function unmatchedKeys(
  engine: Engine,
  source: SourceContext,
  joined: SourceContext,
  dialect: Dialect,
  signal?: AbortSignal,
): Promise<UnmatchedKeys | undefined> {
  const sql = searchSql(source, joined, dialect, false);
  if (!sql) return undefined;
  const [row] = await engine.query(sql, [], { signal });
  const rows = Number(row?.n ?? 0);
  // The examples only when there are some: a second, rare query.
  const keys =
    rows > 0
      ? (await engine.query(searchSql(source, joined, dialect, true) ?? '', [], { signal })).map((r) => String(r.k))
      : [];
  // Their lines now, kept with the counts: a later run tells them without reading the file again.
  const lines = await keyLines(source, source.spec.key ?? '', keys);
  return {
    rows,
    keys: Number(row?.keys ?? 0),
    keyed: Number(row?.keyed ?? 0),
    examples: keys.map((key) => {
      const at = lines.get(key);
      return at ? { key, at: { file: path.basename(at.file), line: at.lines[0] } } : { key };
    }),
  };
}

/** The name of the cached fact holding the search of `sql` (the files of both sources are in it, by their copies). */
export function unmatchedKeysFact(sql: string): string {
  return `unmatched-keys:${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
}

/** The warning for the rows of `source` whose key `joined` does not hold, or undefined when there are none. */
export function unmatchedKeysWarning(
  source: SourceContext,
  joined: SourceContext,
  found: UnmatchedKeys,
): string | undefined {
  if (found.rows === 0) return undefined;
  const keyName = source.spec.key ?? '';
  const shown = found.examples.map((e) => (e.at ? `'${e.key}' (${e.at.file}:${e.at.line})` : `'${e.key}'`)).join(', ');
  const share = found.keyed > 0 ? (100 * found.rows) / found.keyed : 0;
  const percent = share >= 1 ? String(Math.round(share)) : '< 1';
  if (found.rows === 1)
    return l10n.t(
      "1 row of source '{0}' ({1} %) has a '{2}' that source '{3}' does not hold ({4}): the columns it reads from '{3}' are empty (a segment by them shows (null), a filter on them leaves it out)",
      source.spec.name,
      percent,
      keyName,
      joined.spec.name,
      shown,
    );
  return l10n.t(
    "{0} rows of source '{1}' ({2} %) have a '{3}' that source '{4}' does not hold ({5} such keys, e.g. {6}): the columns they read from '{4}' are empty (a segment by them shows (null), a filter on them leaves them out)",
    found.rows,
    source.spec.name,
    percent,
    keyName,
    joined.spec.name,
    found.keys,
    shown,
  );
}

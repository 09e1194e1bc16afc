// Builds the SQL of one shared scan: the rows of one source (its filter, its joined
// lookups for `source.column` names) dated by one time column, joined to a list of date
// windows, grouped by window and one segment slice (or, with buildSets, by the whole
// population and several `by` slices at once through GROUPING SETS), with one aggregate
// per KPI. Rows are tied to windows by an equality join on their date against the days
// of the windows (a hash join: many times faster than a range join on millions of rows).
import type { Expr, NameRef } from '../../expr';
import { CompileError, exprToSql } from './exprToSql';
import { quoteIdent, sqlDate } from './sqlText';
import { duckdbDialect, type Dialect } from './dialect';
import type { DateRange } from '../evaluation/periods';
import { spanOfRanges } from '../../util/calendar';
import type { SourceContext } from '../sources/sourceContext';
import { isBinaryColumn, resolveColumnName, singleSourceTyping, sourceNameTyping } from '../sources/sourceContext';
import type { NameTyping } from './nameTyping';
import * as l10n from '../../l10n/l10n';
import { lookupSql } from './lookupQuery';
import { groupedRowsSql } from './groupedRows';

/** One breakdown of a scan: the whole population, a `by` expression (or score), or a `where` filter. */
export type Slice =
  | { kind: 'whole' }
  | { kind: 'by'; segment: string; expr: string[]; score?: ScoreLookup }
  | { kind: 'where'; segment: string; expr: Expr };

/** A score segment's values (evaluation/scoreSegments.ts): a table of ("__e", "__k", column), or why there is none. */
export type ScoreLookup = { table: string; column: string } | { error: string };

export interface Aggregate {
  alias: string;
  /** Builds the aggregate SQL from a column resolver; may use the filter SQL. */
  sql: (column: (ref: NameRef) => string) => string;
}

/** Above this many window days in all, rows are tied to windows by a range join. */
const MAX_WINDOW_DAYS = 200_000;

function daysIn(windows: DateRange[]): number {
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / 86_400_000;
  return windows.reduce((sum, w) => sum + Math.max(0, day(w.end) - day(w.start) + 1), 0);
}

export interface ScanOptions {
  /** A condition tying a row to a window instead of its date (customer-base KPIs). */
  join?: string;
  /** The dates a window covers, when not [__ws, __we]. */
  dates?: { start: string; end: string };
  /** Aggregates per customer first (see kpiType.ts). */
  perCustomer?: string;
  /** With perCustomer: the SQL of the key rows are grouped by instead of the customer (kpiType.ts `groupKey`). */
  groupKey?: string;
  /** Columns added to each row over all the source's rows (window functions, kpiType.ts `rowColumns`). */
  rowColumns?: string;
  /**
   * Groups the rows first (customerCountsGrouping.ts): by these date columns, clamped to the
   * windows' span (their comparisons with any window's bounds unchanged), and the slices'
   * columns; "__kw" = `weight` (the customers a group stands for), "__rows" its rows.
   */
  grouped?: { dates: string[]; weight: string };
}

export class ScanQuery {
  private readonly lookups = new Map<string, { alias: string; columns: Set<string> }>();
  /** Score tables joined on the row's customer and its window's end, by table. */
  private readonly scores = new Map<string, string>();

  constructor(
    private readonly main: SourceContext,
    private readonly sources: ReadonlyMap<string, SourceContext>,
    private readonly timeColumn: string,
    private readonly dialect: Dialect = duckdbDialect,
  ) {
    this.typing = sourceNameTyping((ref) => this.sourceOf(ref), dialect);
  }

  /** How the source (and the sources it joins) hold the columns an expression names (nameTyping.ts). */
  readonly typing: NameTyping;

  /** The source and column a name stands for: this source's, or a joined one's. */
  private sourceOf(ref: NameRef): { ctx: SourceContext; column: string } | undefined {
    const parts = ref.parts;
    if (parts.length === 1 || (parts.length === 2 && parts[0] === this.main.spec.name))
      return { ctx: this.main, column: parts[parts.length - 1] };
    const other = parts.length === 2 ? this.sources.get(parts[0]) : undefined;
    return other ? { ctx: other, column: parts[1] } : undefined;
  }

  /** An expression over this scan's rows as SQL: its names through `column`, text columns read as what they are compared with. */
  exprSql(expr: Expr): string {
    return exprToSql(expr, this.column, this.dialect, undefined, this.typing);
  }

  /** The SQL for a name in an expression over this scan's rows. */
  readonly column = (ref: NameRef): string => {
    const parts = ref.parts;
    if (parts.length === 1 || (parts.length === 2 && parts[0] === this.main.spec.name)) {
      return quoteIdent(resolveColumnName(this.main, parts[parts.length - 1]));
    }
    const [sourceName, col] = parts;
    const other = this.sources.get(sourceName);
    if (!other) throw new CompileError(l10n.t("unknown source '{0}'", sourceName));
    if (!this.main.spec.key || !other.spec.key)
      throw new CompileError(l10n.t("joining '{0}' needs 'key' on both sources", sourceName));
    let lookup = this.lookups.get(sourceName);
    if (!lookup) {
      lookup = { alias: `lk_${this.lookups.size}`, columns: new Set() };
      this.lookups.set(sourceName, lookup);
    }
    const actual = resolveColumnName(other, col);
    lookup.columns.add(actual);
    return quoteIdent(`${sourceName}.${actual}`);
  };

  /**
   * A `by` column's value as the slice's label: its text; a double (a Parquet or JSON file's
   * number) as DuckDB writes it, but a whole one without `.0` — `1`, as the same column of a CSV
   * file, or PostgreSQL, labels it (DuckDB writes `1.0`).
   */
  private sliceLabel(parts: string[]): string {
    const column = this.column({ parts, span: { start: 0, end: 0 } });
    const own = parts.length === 1 || parts[0] === this.main.spec.name;
    if (this.dialect.name !== 'duckdb' || !own || !isBinaryColumn(this.main, parts[parts.length - 1]))
      return `CAST(${column} AS VARCHAR)`;
    return `(CASE WHEN ${column} = trunc(${column}) AND abs(${column}) < 1e15 THEN CAST(CAST(${column} AS BIGINT) AS VARCHAR) ELSE CAST(${column} AS VARCHAR) END)`;
  }

  /** The SQL of a `by` slice's value: its column, or its score at the row's window end. */
  private sliceValue(slice: { expr: string[]; score?: ScoreLookup }): string {
    const score = slice.score;
    if (!score) return this.sliceLabel(slice.expr);
    if ('error' in score) throw new CompileError(score.error);
    if (!this.main.spec.key)
      throw new CompileError(l10n.t("source '{0}' has no 'key' (the customer column)", this.main.spec.name));
    let alias = this.scores.get(score.table);
    if (!alias) {
      alias = `__sc${this.scores.size}`;
      this.scores.set(score.table, alias);
    }
    return `${quoteIdent(alias)}.${quoteIdent(score.column)}`;
  }

  /** LEFT JOINs of the score tables: the row's customer at its window's end. */
  private scoreJoins(): string {
    if (!this.main.spec.key) return '';
    const key = quoteIdent(resolveColumnName(this.main, this.main.spec.key));
    return [...this.scores]
      .map(
        ([table, alias]) =>
          ` LEFT JOIN ${quoteIdent(table)} AS ${quoteIdent(alias)} ON ${quoteIdent(alias)}."__k" = CAST(src.${key} AS VARCHAR) AND ${quoteIdent(alias)}."__e" = "__we"`,
      )
      .join('');
  }

  /** The filter of the source itself, compiled over the joined rows. */
  private sourceFilter(): string | undefined {
    return this.main.where ? this.exprSql(this.main.where) : undefined;
  }

  /**
   * The scan's SQL. `join` is the condition tying a row to a window (default: its date in
   * the window). With `perCustomer`, rows are first aggregated per customer into "__v" and
   * "__c" and the aggregates run over customers.
   */
  build(windows: DateRange[], slice: Slice, aggregates: Aggregate[], options: ScanOptions = {}): string {
    // Compile everything that may register lookups before writing the CTEs.
    const d = this.dialect;
    const aggSql = aggregates.map((a) => `${a.sql(this.column)} AS ${quoteIdent(a.alias)}`);
    let segSql = 'NULL';
    let sliceCond = '';
    if (slice.kind === 'by') segSql = this.sliceValue(slice);
    if (slice.kind === 'where') sliceCond = ` AND (${this.exprSql(slice.expr)})`;
    // A row without a customer (or without its group key) is nobody's: per-customer KPIs leave it out.
    const groupKey =
      options.groupKey ??
      (this.main.spec.key ? quoteIdent(resolveColumnName(this.main, this.main.spec.key)) : undefined);
    if (options.perCustomer !== undefined && groupKey) sliceCond += ` AND ${groupKey} IS NOT NULL`;
    const bySql =
      slice.kind === 'by' && !slice.score ? [this.column({ parts: slice.expr, span: { start: 0, end: 0 } })] : [];
    const { ctes, from, keySql } = this.relation(windows, options, sliceCond, bySql);
    if (options.perCustomer !== undefined) {
      ctes.push(
        `per_customer AS (SELECT "__w", ${segSql} AS "__seg", ${options.groupKey ?? keySql} AS "__key", ${options.perCustomer} ${from} ${d.groupBy(3)})`,
      );
      return `WITH ${ctes.join(',\n')}\nSELECT "__w", "__seg", count("__key") AS "__n"${aggSql.map((a) => `, ${a}`).join('')}\nFROM per_customer\n${d.groupBy(2)}\n${d.orderBy(2)}`;
    }
    return `WITH ${ctes.join(',\n')}\nSELECT "__w", ${segSql} AS "__seg", ${rowCount(options)} AS "__n"${aggSql.map((a) => `, ${a}`).join('')}\n${from}\n${d.groupBy(2)}\n${d.orderBy(2)}`;
  }

  /**
   * One scan for the whole population and several `by` slices: GROUPING SETS over the
   * window alone and the window with each slice's value. Columns: "__w", "__s0"… (each
   * slice's value), "__g0"… (1 when the row is not of that slice: GROUPING()), "__n" and
   * the aggregates. Not for per-customer KPIs.
   */
  buildSets(
    windows: DateRange[],
    slices: { kind: 'by'; expr: string[]; score?: ScoreLookup }[],
    aggregates: Aggregate[],
    options: Omit<ScanOptions, 'perCustomer'> = {},
  ): string {
    const aggSql = aggregates.map((a) => `${a.sql(this.column)} AS ${quoteIdent(a.alias)}`);
    const segs = slices.map((s, i) => `${this.sliceValue(s)} AS "__s${i}"`);
    // A score slice is joined on the row's key: such a scan is never grouped (customerCountsGrouping.ts).
    const bySql = slices.filter((s) => !s.score).map((s) => this.column({ parts: s.expr, span: { start: 0, end: 0 } }));
    const { ctes, from } = this.relation(windows, options, '', bySql);
    const flags = slices.map((_s, i) => `GROUPING("__s${i}") AS "__g${i}"`);
    const sets = ['("__w")', ...slices.map((_s, i) => `("__w", "__s${i}")`)];
    if (!this.dialect.groupingByAlias) {
      ctes.push(`sliced AS (SELECT *, ${segs.join(', ')} ${from})`);
      const cols = slices.map((_s, i) => `"__s${i}"`);
      return `WITH ${ctes.join(',\n')}\nSELECT "__w", ${[...cols, ...flags].join(', ')}, ${rowCount(options)} AS "__n"${aggSql.map((a) => `, ${a}`).join('')}\nFROM sliced\nGROUP BY GROUPING SETS (${sets.join(', ')})\n${this.dialect.orderBy(1 + 2 * slices.length)}`;
    }
    return `WITH ${ctes.join(',\n')}\nSELECT "__w", ${[...segs, ...flags].join(', ')}, ${rowCount(options)} AS "__n"${aggSql.map((a) => `, ${a}`).join('')}\n${from}\nGROUP BY GROUPING SETS (${sets.join(', ')})\n${this.dialect.orderBy(1 + 2 * slices.length)}`;
  }

  /**
   * The scan's rows tied to the windows, grouped by the `groupBy` SQL expressions (named
   * "__g0", "__g1"…) with the aggregates: which rows a KPI counts and what each adds
   * (kpilens diff's "why", diff/whyQuery.ts). A window without a row gives no line.
   */
  buildRows(
    windows: DateRange[],
    groupBy: string[],
    aggregates: Aggregate[],
    options: Omit<ScanOptions, 'perCustomer'> = {},
  ): string {
    const aggSql = aggregates.map((a) => `${a.sql(this.column)} AS ${quoteIdent(a.alias)}`);
    const { ctes, from } = this.relation(windows, options, '');
    const groups = groupBy.map((g, i) => `${g} AS "__g${i}"`);
    return `WITH ${ctes.join(',\n')}\nSELECT ${[...groups, ...aggSql].join(', ')}\n${from}\nWHERE "__row" IS NOT NULL\nGROUP BY ${groupBy.map((_g, i) => String(i + 1)).join(', ')}`;
  }

  /** The CTEs up to the windows and the FROM clause tying rows to windows. */
  private relation(
    windows: DateRange[],
    options: ScanOptions,
    sliceCond: string,
    bySql: string[] = [],
  ): { ctes: string[]; from: string; keySql: string | undefined } {
    const filter = this.sourceFilter();
    const keySql = this.main.spec.key ? quoteIdent(resolveColumnName(this.main, this.main.spec.key)) : undefined;
    if (options.perCustomer !== undefined && !keySql && options.groupKey === undefined)
      throw new CompileError(l10n.t("source '{0}' has no 'key' (the customer column)", this.main.spec.name));

    const ctes: string[] = [`b AS (${this.main.selectSql})`];
    const joins: string[] = [];
    const joinedCols: string[] = [];
    for (const [sourceName, lookup] of this.lookups) {
      const other = this.sources.get(sourceName);
      if (!other || !other.spec.key || !keySql) continue;
      const key = quoteIdent(resolveColumnName(other, other.spec.key));
      const order = other.spec.time ? quoteIdent(resolveColumnName(other, other.spec.time)) : undefined;
      const otherFilter = other.where
        ? exprToSql(
            other.where,
            (r) => quoteIdent(resolveColumnName(other, r.parts[r.parts.length - 1])),
            this.dialect,
            undefined,
            singleSourceTyping(other, this.dialect),
          )
        : undefined;
      ctes.push(`${lookup.alias} AS (${lookupSql(other, key, order, [...lookup.columns], otherFilter, this.dialect)})`);
      joins.push(`LEFT JOIN ${lookup.alias} ON CAST(b.${keySql} AS VARCHAR) = ${lookup.alias}."__k"`);
      for (const c of lookup.columns)
        joinedCols.push(`${lookup.alias}.${quoteIdent(c)} AS ${quoteIdent(`${sourceName}.${c}`)}`);
    }
    const time = this.timeColumn
      ? this.dialect.tryCast(`b.${quoteIdent(resolveColumnName(this.main, this.timeColumn))}`, 'DATE')
      : 'CAST(NULL AS DATE)';
    // A row ties to a window only by its date within the window's own bounds (no other join,
    // bounds or grouping, and no column computed over a customer's earlier rows, as the days
    // since the previous purchase): the rows dated outside every window are left out before
    // the lookups are joined, and the reader skips the row groups of the columnar copy outside
    // them (their dates' statistics), where the windows cover a year of three (issue 21).
    const bounded =
      this.timeColumn &&
      !options.grouped &&
      !options.rowColumns &&
      options.join === undefined &&
      options.dates === undefined;
    const span = bounded && windows.length > 0 ? spanOfRanges(windows) : undefined;
    const inWindows = span ? ` WHERE ${time} BETWEEN ${sqlDate(span.start)} AND ${sqlDate(span.end)}` : '';
    ctes.push(
      `joined AS (SELECT b.*, ${time} AS "__t", 1 AS "__row"${joinedCols.map((c) => `, ${c}`).join('')} FROM b ${joins.join(' ')}${inWindows})`,
    );
    const added = options.rowColumns ? `, ${options.rowColumns}` : '';
    ctes.push(
      options.grouped
        ? `src AS (${groupedRowsSql(options.grouped, bySql, windows, filter, this.dialect)})`
        : `src AS (SELECT *${added} FROM joined${filter ? ` WHERE ${filter}` : ''})`,
    );
    ctes.push(
      this.dialect.valuesTable(
        'win',
        ['"__w"', '"__ws"', '"__we"'],
        windows.map((w, i) => [String(i), sqlDate(w.start), sqlDate(w.end)]),
      ),
    );
    if (options.join !== undefined)
      return { ctes, from: `FROM win LEFT JOIN src ON ${options.join}${sliceCond}${this.scoreJoins()}`, keySql };
    const { start, end } = options.dates ?? { start: '"__ws"', end: '"__we"' };
    // Other bounds than the window's own (a few months or days at most) are not counted.
    if (!this.dialect.daySeries || (options.dates === undefined && daysIn(windows) > MAX_WINDOW_DAYS)) {
      return {
        ctes,
        from: `FROM win LEFT JOIN src ON "__t" BETWEEN ${start} AND ${end}${sliceCond}${this.scoreJoins()}`,
        keySql,
      };
    }
    // A row joins a window when its date is one of the window's days: an equality join.
    ctes.push(
      `win_day("__w", "__ws", "__we", "__d") AS (SELECT "__w", "__ws", "__we", CAST("__day" AS DATE) FROM (SELECT *, ${start} AS "__ds", ${end} AS "__de" FROM win)${this.dialect.derivedTable('__wd')}, generate_series("__ds", "__de", ${this.dialect.oneDay}) AS days("__day"))`,
    );
    return { ctes, from: `FROM win_day LEFT JOIN src ON "__t" = "__d"${sliceCond}${this.scoreJoins()}`, keySql };
  }
}

/** The scan's "__n": its rows (of the groups, when grouped). */
function rowCount(options: Pick<ScanOptions, 'grouped'>): string {
  return options.grouped ? 'coalesce(sum("__rows"), 0)' : 'count("__row")';
}

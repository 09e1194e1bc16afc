// The SQL of a source's data tests (testing/sourceChecks.ts runs it): for each test, the rows
// that fail it as one derived table of their values as text (`v`), then two queries on it —
// how many rows and distinct values fail, and the first few values (byte order, as DuckDB
// sorts text) with their rows. Names are quoted by sqlText.ts, the accepted values and bounds
// go through SqlValues (parameters on PostgreSQL): nothing of the KPI file is pasted.
// Empty (null) values pass every test but not_null; unique compares non-empty values only.
import type { SourceTestSpec } from '../../kpifile/sourceTestsModel';
import type { SqlValue } from '../backends/engine';
import type { Dialect } from './dialect';
import { quoteIdent } from './sqlText';
import { SqlValues } from './sqlValues';

/** How many failing values a test shows. */
export const SOURCE_TEST_EXAMPLES = 3;

export interface SourceTestSql {
  /** One row: `rows` (failing rows), `vals` (distinct failing values, nulls not counted), `total` (rows of the source). */
  counts: { sql: string; params: SqlValue[] };
  /** Up to SOURCE_TEST_EXAMPLES rows: `v` (text, null for an empty value) and `n` (its failing rows). */
  examples: { sql: string; params: SqlValue[] };
}

/** A source as the tests read it: its SELECT (typed, in the file's time zone) and how to name a column. */
export interface TestedRelation {
  selectSql: string;
  column: (name: string) => string;
}

export function sourceTestSql(
  test: SourceTestSpec,
  column: string,
  source: TestedRelation,
  dialect: Dialect,
  target?: { relation: TestedRelation; column: string },
): SourceTestSql {
  // Each query gets its own values (parameters are numbered per statement).
  const build = () => {
    const values = new SqlValues(dialect);
    const rel = `(${source.selectSql})${dialect.derivedTable('__s')}`;
    const c = quoteIdent(source.column(column));
    const text = `CAST(${c} AS ${dialect.type('VARCHAR')})`;
    let failing: string;
    switch (test.kind) {
      case 'not_null':
        failing = `SELECT CAST(NULL AS ${dialect.type('VARCHAR')}) AS v FROM ${rel} WHERE ${c} IS NULL`;
        break;
      case 'unique':
        failing = `SELECT ${text} AS v FROM ${rel} WHERE ${c} IS NOT NULL AND ${c} IN (SELECT ${c} FROM (${source.selectSql})${dialect.derivedTable('__u')} WHERE ${c} IS NOT NULL GROUP BY ${c} HAVING count(*) > 1)`;
        break;
      case 'accepted_values': {
        const list = test.values ?? [];
        const numeric = list.length > 0 && list.every((x) => typeof x === 'number');
        if (numeric) {
          const d = dialect.tryCast(c, 'DOUBLE');
          const accepted = list.map((x) => `CAST(${values.number(x as number)} AS ${dialect.type('DOUBLE')})`);
          failing = `SELECT ${text} AS v FROM ${rel} WHERE ${c} IS NOT NULL AND (${d} IS NULL OR ${d} NOT IN (${accepted.join(', ')}))`;
        } else {
          const accepted = list.map((x) => values.text(String(x)));
          failing = `SELECT ${text} AS v FROM ${rel} WHERE ${c} IS NOT NULL AND ${accepted.length ? `${text} NOT IN (${accepted.join(', ')})` : 'TRUE'}`;
        }
        break;
      }
      case 'range': {
        const d = dialect.tryCast(c, 'DOUBLE');
        const outside = [`${d} IS NULL`];
        if (test.min !== undefined) outside.push(`${d} < ${values.number(test.min)}`);
        if (test.max !== undefined) outside.push(`${d} > ${values.number(test.max)}`);
        failing = `SELECT ${text} AS v FROM ${rel} WHERE ${c} IS NOT NULL AND (${outside.join(' OR ')})`;
        break;
      }
      case 'relationship': {
        if (!target) throw new Error('a relationship test needs its target source');
        const t = quoteIdent(target.relation.column(target.column));
        // The other source's values under a name no data column has, so `c` keeps naming this source's column.
        const keys = `SELECT CAST(${t} AS ${dialect.type('VARCHAR')}) AS "__kpilens_k" FROM (${target.relation.selectSql})${dialect.derivedTable('__t')} WHERE ${t} IS NOT NULL`;
        failing = `SELECT ${text} AS v FROM ${rel} WHERE ${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM (${keys})${dialect.derivedTable('__k')} WHERE "__kpilens_k" = ${text})`;
        break;
      }
    }
    return { values, failing };
  };
  const byteOrder = dialect.name === 'postgres' ? ' COLLATE "C"' : '';
  const a = build();
  const total = `(SELECT count(*) FROM (${source.selectSql})${dialect.derivedTable('__a')})`;
  const counts = `SELECT count(*) AS rows, count(DISTINCT v) AS vals, ${total} AS total FROM (${a.failing})${dialect.derivedTable('__f')}`;
  const b = build();
  const examples = `SELECT v, count(*) AS n FROM (${b.failing})${dialect.derivedTable('__f')} GROUP BY v ORDER BY v${byteOrder} NULLS FIRST LIMIT ${SOURCE_TEST_EXAMPLES}`;
  return { counts: { sql: counts, params: a.values.params }, examples: { sql: examples, params: b.values.params } };
}

/** The latest date of a time column (in the file's time zone: the source's SELECT placed instants there). */
export function latestDateSql(source: TestedRelation, time: string, dialect: Dialect): string {
  const d = dialect.tryCast(quoteIdent(source.column(time)), 'DATE');
  return `SELECT CAST(max(${d}) AS ${dialect.type('VARCHAR')}) AS mx, count(*) AS n FROM (${source.selectSql})${dialect.derivedTable('__s')}`;
}

// KPI type `count_distinct`: the number of distinct non-null values of a column.
import { columnField, defineKpiType, filtered, type AggregateContext } from './kpiType';

export const countDistinct = defineKpiType({
  type: 'count_distinct',
  title: 'Distinct count',
  family: 'generic',
  usesSource: true,
  needsTime: true,
  defaultFormat: 'integer',
  formula: 'Number of distinct non-null values of `column` among the rows dated in the period. 0 when there are none.',
  fields: { column: columnField('The column whose distinct values are counted.') },
  identifierFields: ['column'],
  evaluation: {
    kind: 'aggregate',
    empty: 0,
    sql: (ctx) => filtered(`count(DISTINCT ${distinctValueSql(ctx, String(ctx.fields.column))})`, ctx.filter),
  },
});

/**
 * The value a distinct count compares. The column is read as text (`identifierFields`: 00042
 * and 42 are two customers), so numbers written two ways (10 and 10.0, 10.5 and 10.50) were
 * two values. A text that is a number the way the file writes numbers, and not a code (a whole
 * number with a leading zero: 00042), is compared as that number; a column the file declares
 * `string` is compared as written.
 */
function distinctValueSql(ctx: AggregateContext, name: string): string {
  const column = ctx.column(name);
  const number = ctx.declaredType?.(name) === undefined ? ctx.textNumber?.(name, column) : undefined;
  if (number === undefined) return column;
  // A code as the CSV inference tells one (csvInference.ts): a whole number with a leading zero.
  const pattern = `'^\\s*[+-]?0[0-9]+\\s*$'`;
  const code = ctx.dialect.name === 'postgres' ? `${column} ~ ${pattern}` : `regexp_matches(${column}, ${pattern})`;
  return `coalesce(CASE WHEN NOT (${code}) THEN CAST(${number} AS VARCHAR) END, ${column})`;
}

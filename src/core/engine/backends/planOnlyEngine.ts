// An Engine for the compile-only dialects (warehouseDialects.ts): it runs nothing, keeps each
// statement written in the warehouse's dialect (warehouseSql.ts) and answers no rows, so that
// the evaluator goes through every KPI and `kpilens sql --dialect bigquery|snowflake|trino`
// prints the SQL each would run. A statement that cannot be written in the dialect (a name
// BigQuery cannot quote) fails as a query error of its KPI, with the reason.
import { EngineError, type Engine, type SqlRow, type SqlValue } from './engine';
import { SqlTextError } from '../sql/sqlText';
import { warehouseSql } from '../sql/warehouseSql';
import type { WarehouseDialect } from '../sql/warehouseDialects';

export class PlanOnlyEngine implements Engine {
  readonly statements: string[] = [];

  constructor(private readonly dialect: WarehouseDialect) {}

  async query(sql: string, params: SqlValue[] = []): Promise<SqlRow[]> {
    if (params.length > 0)
      throw new EngineError(
        'query',
        `${this.dialect.title} SQL is printed with its values written in, not as parameters`,
      );
    try {
      this.statements.push(warehouseSql(sql, this.dialect));
    } catch (err) {
      if (err instanceof SqlTextError)
        throw new EngineError('query', `cannot be written in ${this.dialect.title}: ${err.message}`);
      throw err;
    }
    return [];
  }

  async close(): Promise<void> {
    // Nothing runs, nothing to release.
  }
}

// Source preparation for sources read from a database table (PostgreSQL: columns from
// information_schema) and for compile-only dialects (warehouseDialects.ts: a table named after
// the source); a file mixing data files and tables is refused with a diagnostic.
import { parseExpression } from '../../expr';
import type { SourceSpec } from '../../kpifile/model';
import * as l10n from '../../l10n/l10n';
import type { SqlRow } from '../backends/engine';
import { EngineError } from '../backends/engine';
import { timeColumns } from '../sources/csvSource';
import { tableSelectSql, tableSql } from '../sources/sourceRelation';
import type { EvaluationState } from './evaluationState';

/**
 * A source in a compile-only dialect (warehouseDialects.ts): read from its table, or — for
 * data files — from a table named after the source, with the files' header columns.
 */
export function prepareCompiledSource(st: EvaluationState, spec: SourceSpec): void {
  const table = spec.table ?? spec.name;
  const columns = st.check.sources.get(spec.name)?.columns ?? [];
  // The engines that run place instants in the file's time zone by their column types (a
  // timestamp with a zone, a text with an offset: tableSelectSql); compiled without the table,
  // the SQL cannot tell them from dates: told, not left to the warehouse's session zone.
  const zone = st.model.timezone;
  if (zone !== undefined && zone !== 'UTC' && spec.time !== undefined)
    st.diag(
      st.check.document.rangeOf(['sources', spec.name, 'time']),
      'warning',
      'unsupported-feature',
      l10n.t(
        "the {0} SQL does not place source '{1}''s instants in time zone {2} (that needs the table's column types): its dates are those the warehouse gives; store them as dates in {2}, or read a view that converts them",
        st.dialect.title,
        spec.name,
        zone,
      ),
    );
  if (Object.keys(spec.columns).length > 0 && columns.length === 0) {
    st.diag(
      st.check.document.rangeOf(['sources', spec.name, 'columns']),
      'error',
      'unsupported-feature',
      `source '${spec.name}': the ${st.dialect.title} SQL of a table with 'columns' overrides lists every column of the table, which is known only on its connection`,
    );
    return;
  }
  const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
  st.sources.set(spec.name, {
    spec,
    files: [],
    format: 'csv',
    columns,
    where,
    read: {},
    table: tableSql(table),
    selectSql: tableSelectSql(table, spec.columns, columns, st.dialect),
  });
}

/** A source read from a database table: its columns from information_schema (the engine is that database's). */
export async function prepareTableSource(st: EvaluationState, spec: SourceSpec): Promise<void> {
  const range = st.check.document.rangeOf(['sources', spec.name, spec.table !== undefined ? 'table' : 'file']);
  if (!st.dialect.runs) return prepareCompiledSource(st, spec);
  if (spec.table === undefined) {
    st.diag(
      range,
      'error',
      'unsupported-feature',
      l10n.t(
        "source '{0}' reads data files, which {1} cannot read: on {1} every source of the file must be a 'table' on the same 'connection'",
        spec.name,
        st.dialect.title,
      ),
    );
    return;
  }
  if (st.dialect.name === 'duckdb') {
    st.diag(
      range,
      'error',
      'unsupported-feature',
      l10n.t(
        "source '{0}' reads table '{1}' on connection '{2}': evaluate the file on that connection (a file cannot mix data files and tables)",
        spec.name,
        spec.table ?? '',
        spec.connection ?? '?',
      ),
    );
    return;
  }
  const parts = spec.table.split('.');
  const [schema, table] = parts.length >= 2 ? [parts[parts.length - 2], parts[parts.length - 1]] : [null, parts[0]];
  let rows: SqlRow[];
  try {
    rows = await st.options.engine.query(
      'SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_schema = coalesce($1::text, current_schema()) AND table_name = $2::text ORDER BY ordinal_position',
      [schema, table],
      { signal: st.options.signal },
    );
  } catch (err) {
    if (err instanceof EngineError && err.kind === 'query') {
      st.diag(
        range,
        'error',
        'data-error',
        l10n.t("cannot read the columns of table '{0}' (source '{1}'): {2}", spec.table ?? '', spec.name, err.message),
      );
      return;
    }
    throw err;
  }
  const columns = rows.map((r) => String(r.c));
  if (columns.length === 0) {
    st.diag(
      range,
      'error',
      'data-error',
      l10n.t(
        "table '{0}' of source '{1}' does not exist on connection '{2}' (or the user may not read it)",
        spec.table ?? '',
        spec.name,
        spec.connection ?? '?',
      ),
    );
    return;
  }
  const where = spec.where ? (parseExpression(spec.where).expr ?? undefined) : undefined;
  st.sources.set(spec.name, {
    spec,
    files: [],
    format: 'csv',
    columns,
    where,
    read: {},
    table: tableSql(spec.table),
    // numeric columns (not given another type in `columns:`) are summed as they are: exactly.
    decimalColumns: rows
      .filter((r) => String(r.t) === 'numeric')
      .map((r) => String(r.c))
      .filter((c) => !Object.keys(spec.columns).some((d) => d.toLowerCase() === c.toLowerCase())),
    columnTypes: Object.fromEntries(rows.map((r) => [String(r.c), String(r.t)])),
    selectSql: tableSelectSql(spec.table, spec.columns, columns, st.dialect, {
      timezone: st.model.timezone ?? 'UTC',
      types: Object.fromEntries(rows.map((r) => [String(r.c), String(r.t)])),
      times: timeColumns(st.model, spec.name),
    }),
  });
}

// The column checks of table sources, done when the file runs (a table's columns are known
// only on its connection): every column a KPI, segment or source names must be in the table
// (information_schema, case ignored as for files), with a did-you-mean fix. The result is the
// check with those unknown-column errors added, so the KPIs that use them are not evaluated
// (brokenKpis) and the editor shows them where they are written.
import type { CheckResult } from '../../kpifile/checkFile';
import { unknownColumns } from '../../kpifile/dataChecks';
import { compareDiagnostics } from '../../kpifile/diagnostic';
import { checkSemantics } from '../../kpifile/semanticChecks';
import { EngineError, type Engine } from '../backends/engine';
import * as l10n from '../../l10n/l10n';

/** A table's columns in ordinal order; [] when the table does not exist (or may not be read). */
export async function tableColumns(engine: Engine, table: string, signal?: AbortSignal): Promise<string[]> {
  const parts = table.split('.');
  const [schema, name] = parts.length >= 2 ? [parts[parts.length - 2], parts[parts.length - 1]] : [null, parts[0]];
  const rows = await engine.query(
    'SELECT column_name AS c FROM information_schema.columns WHERE table_schema = coalesce($1::text, current_schema()) AND table_name = $2::text ORDER BY ordinal_position',
    [schema, name],
    signal ? { signal } : {},
  );
  return rows.map((r) => String(r.c));
}

/**
 * `check` with an unknown-column error for each column its table sources lack. A table that
 * does not exist is left to the evaluation (its data-error); a failing connection throws.
 */
export async function withTableColumnChecks(
  check: CheckResult,
  engine: Engine,
  signal?: AbortSignal,
): Promise<CheckResult> {
  const columns = new Map<string, string[]>();
  for (const s of check.model.sources.values()) {
    if (s.table === undefined || s.file !== undefined) continue;
    try {
      const found = await tableColumns(engine, s.table, signal);
      if (found.length) columns.set(s.name, found);
    } catch (err) {
      if (err instanceof EngineError && err.kind === 'query') continue;
      throw err;
    }
  }
  if (columns.size === 0) return check;
  const refs = checkSemantics(check.document, check.model).columnRefs;
  const found = unknownColumns(
    check.document,
    refs,
    (source) => columns.get(source),
    (source) => l10n.t("table '{0}'", check.model.sources.get(source)?.table ?? ''),
  );
  if (found.length === 0) return check;
  return { ...check, diagnostics: [...check.diagnostics, ...found].sort(compareDiagnostics) };
}

// Semantic checks of the sources: where each reads from (file or table, connection, data
// root), its filter and key; and the sources no KPI reads (a warning).
import * as l10n from '../l10n/l10n';
import type { Checker } from './checker';

export function checkSources(c: Checker): void {
  for (const s of c.model.sources.values()) {
    const path = ['sources', s.name];
    const usedBy = l10n.t("source '{0}'", s.name);
    checkSourceLocation(c, s.name, s.file, s.table, s.connection);
    if (s.time) c.columnRefs.push({ source: s.name, column: s.time, range: c.doc.rangeOf([...path, 'time']), usedBy });
    if (s.key) c.columnRefs.push({ source: s.name, column: s.key, range: c.doc.rangeOf([...path, 'key']), usedBy });
    for (const column of Object.keys(s.columns)) {
      c.columnRefs.push({
        source: s.name,
        column,
        range: c.doc.rangeOf([...path, 'columns', column], 'key'),
        usedBy,
      });
    }
    if (s.where !== undefined) c.checkFilter([...path, 'where'], s.name, usedBy);
  }
}

/** Where a source's rows come from: a file, or a table on a connection — one of them. */
export function checkSourceLocation(
  c: Checker,
  name: string,
  file: string | undefined,
  table: string | undefined,
  connection: string | undefined,
): void {
  const path = ['sources', name];
  if (file !== undefined && table !== undefined) {
    c.report(
      c.doc.rangeOf([...path, 'table'], 'key'),
      'source-location',
      l10n.t(
        "source '{0}' names both a file and a table: keep one ('file' for data files, 'table' with 'connection' for a database)",
        name,
      ),
    );
  } else if (file === undefined && table === undefined) {
    c.report(
      c.doc.rangeOf(path, 'key'),
      'source-location',
      l10n.t("source '{0}' needs 'file' (a data file) or 'table' with 'connection' (a database table)", name),
    );
  } else if (table !== undefined && connection === undefined) {
    c.report(
      c.doc.rangeOf([...path, 'table']),
      'source-location',
      l10n.t(
        "source '{0}' reads table '{1}' but names no 'connection': add 'connection: NAME', a connection of kpilens.connections.yaml",
        name,
        table,
      ),
    );
  }
  if (connection !== undefined && table === undefined) {
    c.report(
      c.doc.rangeOf([...path, 'connection']),
      'source-location',
      l10n.t("source '{0}' names a 'connection' but no 'table': a connection is only used to read a table", name),
    );
  }
}

export function checkUnusedSources(c: Checker): void {
  for (const s of c.model.sources.keys()) {
    if (!c.usedSources.has(s))
      c.at(['sources', s], 'unused-source', l10n.t("source '{0}' is not used by any KPI", s), 'warning', 'key');
  }
}

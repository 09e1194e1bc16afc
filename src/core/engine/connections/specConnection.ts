// Which engine a KPI file runs on: DuckDB on its data files, or the database of the one
// connection its table sources name (kpilens.connections.yaml, see connections.ts).
import * as path from 'path';
import type { SpecModel } from '../../kpifile/model';
import { CONNECTIONS_FILE, loadConnections } from './connections';
import type { PostgresConnectionSettings } from '../backends/postgresEngine';
import * as l10n from '../../l10n/l10n';

export type SpecConnection =
  /** No source names a connection: DuckDB on the files. */
  | { kind: 'files' }
  | { kind: 'postgres'; settings: PostgresConnectionSettings }
  /** Why the file cannot run on a connection, in one sentence. */
  | { kind: 'error'; message: string };

export function specConnection(
  model: SpecModel,
  dataRoot?: string,
  env: NodeJS.ProcessEnv = process.env,
): SpecConnection {
  const names = [
    ...new Set([...model.sources.values()].map((s) => s.connection).filter((c): c is string => c !== undefined)),
  ];
  if (names.length === 0) return { kind: 'files' };
  if (names.length > 1)
    return {
      kind: 'error',
      message: l10n.t(
        'the sources name {0} connections ({1}): a KPI file runs on one connection',
        names.length,
        names.join(', '),
      ),
    };
  const specDir = path.dirname(path.resolve(model.file));
  const found = loadConnections(specDir, dataRoot, env);
  if (found.errors.length) return { kind: 'error', message: found.errors.join('; ') };
  const settings = found.connections.get(names[0]);
  if (!settings) {
    const where =
      found.file ??
      (dataRoot
        ? l10n.t('{0} or {1}', path.join(specDir, CONNECTIONS_FILE), path.join(dataRoot, CONNECTIONS_FILE))
        : path.join(specDir, CONNECTIONS_FILE));
    return { kind: 'error', message: l10n.t("connection '{0}' is not defined in {1}", names[0], where) };
  }
  return { kind: 'postgres', settings };
}

// Data files and kpilens.connections.yaml change outside the editor (an export, a git pull): when
// the client can watch files for the server, it is asked to report changes to both, and every
// open KPI file is checked again (its data files' headers are read again when their size or
// mtime changed: core/data/headerCache.ts).
import type { Connection } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver/node';
import { CONNECTIONS_FILE } from '../core/engine/connections/connections';
import type { KpiDiagnostics } from './diagnostics';

/** The files whose change may change a KPI file's diagnostics: data files by their usual extensions, and connections. */
export const WATCHED = [`**/${CONNECTIONS_FILE}`, '**/*.{csv,tsv,tab,parquet,pq,json,ndjson,jsonl,xlsx,xlsm}'];

/** `dynamicRegistration`: the client said it accepts watchers registered by the server. */
export function watchDataFiles(
  connection: Connection,
  diagnostics: KpiDiagnostics,
  dynamicRegistration: boolean,
): void {
  connection.onDidChangeWatchedFiles(() => diagnostics.recheckAll());
  if (dynamicRegistration) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: WATCHED.map((globPattern) => ({ globPattern })),
    });
  }
}

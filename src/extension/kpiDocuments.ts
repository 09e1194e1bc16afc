// The checked state of each open KPI file (core check result and symbol index), computed
// once per document version and shared by every editor feature. In a restricted workspace
// the check reads no data file (nor kpilens.connections.yaml, whose names the editor checks
// otherwise).
import * as vscode from 'vscode';
import { HeaderCache } from '../core/data/headerCache';
import { dataRootOf } from '../core/data/dataRoot';
import { buildSymbolIndex } from '../core/language/symbols';
import type { SymbolIndex } from '../core/language/symbols';
import { withConnectionChecks } from '../core/engine/connections/connectionChecks';
import type { CheckResult } from '../core/kpifile/checkFile';
import { IncrementalChecker } from '../core/kpifile/incrementalCheck';
import { isKpiFileName } from '../core/kpifile/kpiFileName';

/** The data root of a KPI file in the editor (data/dataRoot.ts's rule: its workspace folder when it has one on disk); the Test Explorer uses it too. */
export function editorDataRoot(uri: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  return dataRootOf(uri.fsPath, folder?.uri.scheme === 'file' ? { workspaceFolder: folder.uri.fsPath } : {});
}

export interface KpiDocumentState {
  version: number;
  check: CheckResult;
  index: SymbolIndex;
}

export function isKpiDocument(doc: vscode.TextDocument): boolean {
  return isKpiFileName(doc.uri.path);
}

export const KPI_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', pattern: '**/*.kpi.{yaml,yml}' },
  { pattern: '**/*.kpi.{yaml,yml}' },
];

export class KpiDocuments {
  private readonly states = new Map<string, { version: number; state: Promise<KpiDocumentState> }>();
  readonly headers = new HeaderCache();
  /** Re-parses only the pieces of a file a keystroke changed (same diagnostics as checkKpiFile). */
  private readonly checker = new IncrementalChecker();

  /** The state of a document at its current version (computed at most once per version). */
  get(doc: vscode.TextDocument): Promise<KpiDocumentState> {
    const key = doc.uri.toString();
    const hit = this.states.get(key);
    if (hit && hit.version === doc.version) return hit.state;
    const version = doc.version;
    const data = vscode.workspace.isTrusted && doc.uri.scheme === 'file';
    // Data files are read only inside the document's workspace folder (SECURITY.md).
    const dataRoot = data ? editorDataRoot(doc.uri) : undefined;
    const state = this.checker
      .check(doc.uri.fsPath, doc.getText(), { data, headers: this.headers, ...(dataRoot ? { dataRoot } : {}) })
      .then((checked) => {
        // The editor also checks table sources' connections against the local kpilens.connections.yaml.
        const check = data ? withConnectionChecks(checked, dataRoot) : checked;
        return {
          version,
          check,
          index: buildSymbolIndex(check.document, check.model),
        };
      });
    this.states.set(key, { version, state });
    return state;
  }

  forget(doc: vscode.TextDocument): void {
    this.states.delete(doc.uri.toString());
    this.checker.forget(doc.uri.fsPath);
  }
}

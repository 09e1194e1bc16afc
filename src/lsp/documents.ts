// The checked state of each open KPI file (the core's check and symbol index), computed once
// per document version by the editor's incremental checker and shared by every feature. Inside
// a workspace root the check reads the data files' headers (data root = that root) and the
// local kpilens.connections.yaml; elsewhere it checks the text alone (workspaceRoots.ts).
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { HeaderCache } from '../core/data/headerCache';
import { withConnectionChecks } from '../core/engine/connections/connectionChecks';
import { buildSymbolIndex } from '../core/language/symbols';
import type { SymbolIndex } from '../core/language/symbols';
import type { CheckResult } from '../core/kpifile/checkFile';
import { IncrementalChecker } from '../core/kpifile/incrementalCheck';
import { isKpiFileName } from '../core/kpifile/kpiFileName';
import { filePathOf } from './workspaceRoots';
import type { WorkspaceRoots } from './workspaceRoots';

export interface KpiDocumentState {
  version: number;
  /** The file's path (a `file:` URI) or the URI itself (checked as text only). */
  file: string;
  /** The workspace root holding the file: its data root; undefined when nothing may be read. */
  root?: string;
  check: CheckResult;
  index: SymbolIndex;
}

export function isKpiUri(uri: string): boolean {
  return isKpiFileName(uri.replace(/[?#].*$/, ''));
}

export class KpiDocuments {
  private readonly states = new Map<string, { version: number; state: Promise<KpiDocumentState> }>();
  readonly headers = new HeaderCache();
  private readonly checker = new IncrementalChecker();

  constructor(private readonly roots: WorkspaceRoots) {}

  /** The state of a document at its current version (computed at most once per version). */
  get(doc: TextDocument): Promise<KpiDocumentState> {
    const hit = this.states.get(doc.uri);
    if (hit && hit.version === doc.version) return hit.state;
    const version = doc.version;
    const local = filePathOf(doc.uri);
    const file = local ?? doc.uri;
    const root = this.roots.rootOf(local);
    const data = root !== undefined;
    const state = this.checker
      .check(file, doc.getText(), { data, headers: this.headers, ...(root ? { dataRoot: root } : {}) })
      .then((checked) => {
        const check = data ? withConnectionChecks(checked, root) : checked;
        return {
          version,
          file,
          ...(root ? { root } : {}),
          check,
          index: buildSymbolIndex(check.document, check.model),
        };
      });
    this.states.set(doc.uri, { version, state });
    return state;
  }

  forget(uri: string): void {
    this.states.delete(uri);
    const local = filePathOf(uri);
    this.checker.forget(local ?? uri);
  }
}

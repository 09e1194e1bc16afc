// The folders the client opened (initialize's workspaceFolders, else rootUri, else rootPath):
// the only places whose data files the server reads and whose KPI files it evaluates. A KPI
// file outside every root, or not on disk (an untitled buffer), is checked as text only — the
// same rule as the editor's restricted mode (SECURITY.md). Inside a root, the data root is that
// root (data/dataRoot.ts's rule with the root as workspace folder).
import * as path from 'path';
import { fileURLToPath } from 'url';
import type { InitializeParams } from 'vscode-languageserver/node';
import { isInside } from '../core/data/dataRoot';

/** The local path of a `file:` URI, or undefined for any other scheme. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class WorkspaceRoots {
  constructor(readonly folders: readonly string[]) {}

  static fromInitialize(params: InitializeParams): WorkspaceRoots {
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const folders = uris.map(filePathOf).filter((p): p is string => p !== undefined);
    if (folders.length === 0 && params.rootPath) folders.push(params.rootPath);
    return new WorkspaceRoots(folders.map((f) => path.resolve(f)));
  }

  /** The innermost root holding the file, or undefined (then nothing is read or run for it). */
  rootOf(file: string | undefined): string | undefined {
    if (file === undefined) return undefined;
    const resolved = path.resolve(file);
    return this.folders.filter((f) => isInside(resolved, f)).sort((a, b) => b.length - a.length)[0];
  }
}

// A Language Server Protocol client for the tests: spawns `node bin/kpilens.js lsp` (the built
// CLI bundle, as an editor would) and talks JSON-RPC with Content-Length framing over its
// stdin/stdout through vscode-jsonrpc's stream reader and writer (re-exported by
// vscode-languageserver/node). Published diagnostics are kept per URI as they arrive.
import { spawn } from 'child_process';
import type { ChildProcessWithoutNullStreams } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type {
  Diagnostic,
  InitializeResult,
  MessageConnection,
  PublishDiagnosticsParams,
} from 'vscode-languageserver/node';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { REPO_ROOT } from '../helpers';

export class LspTestClient {
  readonly connection: MessageConnection;
  private readonly process: ChildProcessWithoutNullStreams;
  private readonly publications = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: (() => void)[] = [];
  stderr = '';
  exitCode: Promise<number | null>;

  constructor(env: Record<string, string> = {}) {
    this.process = spawn(process.execPath, [path.join(REPO_ROOT, 'bin', 'kpilens.js'), 'lsp'], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
    });
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exitCode = new Promise((resolve) => this.process.on('exit', (code) => resolve(code)));
    this.connection = createMessageConnection(
      new StreamMessageReader(this.process.stdout),
      new StreamMessageWriter(this.process.stdin),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.publications.set(params.uri, [...(this.publications.get(params.uri) ?? []), params]);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.listen();
  }

  async initialize(
    rootPath: string | null,
    locale?: string,
    capabilities: object = {},
    initializationOptions?: object,
  ): Promise<InitializeResult> {
    const rootUri = rootPath === null ? null : pathUri(rootPath);
    const result = await this.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      capabilities,
      ...(locale ? { locale } : {}),
      ...(initializationOptions ? { initializationOptions } : {}),
      workspaceFolders: rootUri === null ? null : [{ uri: rootUri, name: 'workspace' }],
    });
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  /** The next diagnostics published for `uri` at `version` (waits for them; mocha's timeout bounds the wait). */
  async diagnostics(uri: string, version: number): Promise<Diagnostic[]> {
    for (;;) {
      const found = (this.publications.get(uri) ?? []).find((p) => p.version === version);
      if (found) return found.diagnostics;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** How many times diagnostics were published for `uri`. */
  published(uri: string): number {
    return this.publications.get(uri)?.length ?? 0;
  }

  /** The diagnostics of the `n`-th publication for `uri` (0-based; waits for it). */
  async publication(uri: string, n: number): Promise<Diagnostic[]> {
    for (;;) {
      const found = this.publications.get(uri)?.[n];
      if (found) return found.diagnostics;
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** shutdown then exit, as a client closes; resolves with the server's exit code. */
  async close(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exitCode;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    if (this.process.exitCode === null) this.process.kill();
  }
}

export function pathUri(p: string): string {
  return pathToFileURL(p).toString();
}

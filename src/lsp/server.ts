// `kpilens lsp`: a Language Server Protocol server for KPI files over stdio (any editor with
// an LSP client: Neovim, Helix, Zed, Emacs, JetBrains…). It wires the connection to the
// adapters of this folder — diagnostics, language features, quick fixes, code lenses — each a
// thin translation of the core's answers; it reads only inside the client's workspace roots
// (workspaceRoots.ts) and writes nothing but its answers on stdout.
import type { InitializeResult } from 'vscode-languageserver/node';
import {
  CodeLensRefreshRequest,
  createConnection,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { VERSION } from '../core/version';
import { registerCodeActions } from './codeActions';
import { CANCEL_COMMAND, registerCodeLenses, RUN_COMMAND } from './codeLenses';
import { KpiDiagnostics } from './diagnostics';
import { KpiDocuments } from './documents';
import { COMPLETION_TRIGGERS, registerLanguageFeatures } from './languageFeatures';
import { applyClientLocale } from './locale';
import { KpiRuns } from './runs';
import { watchDataFiles } from './watchedFiles';
import { WorkspaceRoots } from './workspaceRoots';

export interface LspServerOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

/** Anything the core or a library would print goes to stderr: stdout carries the protocol alone. */
function keepStdoutForProtocol(): void {
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

/** Serves until the client sends `exit` (the library then ends the process: 0 after `shutdown`, else 1). */
export function startLspServer(options: LspServerOptions): void {
  keepStdoutForProtocol();
  const connection = createConnection(options.input, options.output);
  const open = new TextDocuments(TextDocument);
  let documents: KpiDocuments | undefined;
  let diagnostics: KpiDiagnostics | undefined;
  let runs: KpiRuns | undefined;

  connection.onInitialize((params): InitializeResult => {
    applyClientLocale(params.locale);
    documents = new KpiDocuments(WorkspaceRoots.fromInitialize(params));
    diagnostics = new KpiDiagnostics(connection, documents, open);
    diagnostics.start();
    watchFiles = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    // A new result: the client is asked to fetch the lenses again (when it can be asked).
    const refreshLenses = params.capabilities.workspace?.codeLens?.refreshSupport === true;
    const kpiRuns = new KpiRuns(documents, () => {
      if (refreshLenses) void connection.sendRequest(CodeLensRefreshRequest.type);
    });
    runs = kpiRuns;
    const settings: unknown = params.initializationOptions;
    const runOnSave = !(
      typeof settings === 'object' &&
      settings !== null &&
      (settings as { runOnSave?: unknown }).runOnSave === false
    );
    registerLanguageFeatures(connection, open, documents, (uri, kpi) => kpiRuns.latest(uri, kpi));
    registerCodeActions(connection, open, documents);
    registerCodeLenses(connection, open, documents, kpiRuns, runOnSave);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: COMPLETION_TRIGGERS },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [RUN_COMMAND, CANCEL_COMMAND] },
      },
      serverInfo: { name: 'kpilens', version: VERSION },
    };
  });
  connection.onShutdown(async () => {
    diagnostics?.dispose();
    await runs?.dispose();
  });
  let watchFiles = false;
  connection.onInitialized(() => {
    if (diagnostics) watchDataFiles(connection, diagnostics, watchFiles);
  });
  open.listen(connection);
  connection.listen();
}

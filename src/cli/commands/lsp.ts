// `kpilens lsp`: starts the Language Server Protocol server (src/lsp) on stdin/stdout. It
// serves until the client's `exit` notification or the end of stdin, which end the process.
// The server's modules are loaded only by this command (the other commands never evaluate them).

export async function lspCommand(): Promise<number> {
  const { startLspServer } = await import('../../lsp/server');
  startLspServer({ input: process.stdin, output: process.stdout });
  return new Promise<number>(() => undefined); // the server ends the process itself
}

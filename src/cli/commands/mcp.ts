// `kpilens mcp`: starts the Model Context Protocol server (src/mcp) on stdin/stdout for the
// current folder; it serves until stdin ends. The server is a bundle of its own (dist/mcp.js,
// esbuild.mjs), loaded only here.

export async function mcpCommand(cwd: string): Promise<number> {
  const { startMcpServer } = await import('../../mcp/server');
  await startMcpServer(cwd);
  return 0;
}

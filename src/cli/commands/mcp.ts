// `kpilens mcp [--root DIR]`: starts the Model Context Protocol server (src/mcp) on
// stdin/stdout for a folder (default: the current one); it serves until stdin ends. The server
// is a bundle of its own (dist/mcp.js, esbuild.mjs), loaded only here.
import * as fs from 'fs';
import * as path from 'path';
import * as l10n from '../../core/l10n/l10n';
import { UsageError } from '../io';

export async function mcpCommand(cwd: string, root?: string): Promise<number> {
  const folder = path.resolve(cwd, root ?? '.');
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory())
    throw new UsageError(l10n.t('no such folder {0}', root ?? folder));
  const { startMcpServer } = await import('../../mcp/server');
  await startMcpServer(folder);
  return 0;
}

// The assistant configurations docs/mcp.md shows, run as an assistant would: each JSON block is
// parsed, its `kpilens …` arguments taken as written (the placeholder folder replaced by a real
// one), and the server started with them from another folder (assistants start servers in a
// folder of their own) through the MCP SDK's client; it must serve the named folder. `npx` is
// replaced by the built CLI (`npx kpilens` runs the same bin/kpilens.js once installed).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { REPO_ROOT } from '../helpers';

interface ServerConfig {
  command: string;
  args: string[];
  type?: string;
}

/** Every fenced JSON block of docs/mcp.md with the servers it configures (`mcpServers` or VS Code's `servers`). */
function documentedServers(): { block: number; config: ServerConfig }[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'mcp.md'), 'utf8');
  const blocks = [...text.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as Record<string, unknown>);
  return blocks.flatMap((b, block) => {
    const servers = (b.mcpServers ?? b.servers) as Record<string, ServerConfig>;
    return Object.values(servers).map((config) => ({ block, config }));
  });
}

describe('docs/mcp.md: the assistant configurations start a server on the named folder', function () {
  this.timeout(60000);
  let parent: string;
  let project: string;

  before(() => {
    parent = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-mcp-docs-')));
    project = path.join(parent, 'project');
    fs.mkdirSync(path.join(parent, 'elsewhere'));
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'orders.csv'), 'order_date,amount\n2025-01-05,10.5\n');
    fs.writeFileSync(
      path.join(project, 'shop.kpi.yaml'),
      'kpilens: 1\nsources:\n  orders: { file: orders.csv, time: order_date }\nkpis:\n  revenue: { type: sum, source: orders, column: amount }\n',
    );
  });

  after(() => fs.rmSync(parent, { recursive: true, force: true }));

  it('finds the two documented shapes (mcpServers, VS Code servers)', () => {
    const servers = documentedServers();
    assert.strictEqual(servers.length, 2);
    for (const { config } of servers) assert.deepStrictEqual([config.command, config.args[0]], ['npx', 'kpilens']);
  });

  for (const which of [0, 1])
    it(`configuration ${which + 1}: the server serves the folder its arguments name`, async () => {
      const { config } = documentedServers()[which];
      const args = config.args
        .slice(1)
        .map((a) => (a === '/path/to/project' || a === '${workspaceFolder}' ? project : a));
      const client = new Client({ name: 'kpilens-docs', version: '1.0.0' });
      await client.connect(
        new StdioClientTransport({
          command: process.execPath,
          args: [path.join(REPO_ROOT, 'bin', 'kpilens.js'), ...args],
          cwd: path.join(parent, 'elsewhere'),
          stderr: 'pipe',
        }),
      );
      try {
        const answer = (await client.callTool({ name: 'list_kpis', arguments: {} })) as {
          content: { text: string }[];
        };
        const list = JSON.parse(answer.content[0].text) as { folder: string; files: { file: string }[] };
        assert.deepStrictEqual([list.folder, list.files.map((f) => f.file)], [project, ['shop.kpi.yaml']]);
      } finally {
        await client.close();
      }
    });
});

// `kpilens mcp`: a Model Context Protocol server over stdio (the official TypeScript SDK) that
// lets AI assistants list, describe, check, run, explain, diff and test the KPIs of the folder it was started in.
// Read-only (every tool is annotated so); a path outside the folder is refused (workspace.ts).
// Answers are JSON in English, like the CLI's `--format json` (machine formats do not depend on
// the locale).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { useLocale } from '../core/l10n/l10n';
import { VERSION } from '../core/version';
import { diffKpis } from './diffTool';
import { checkFiles, describeKpi, explainKpi, listKpis, runKpis, testKpis } from './tools';
import { McpWorkspace } from './workspace';

interface ToolAnswer {
  [key: string]: unknown;
  content: { type: 'text'; text: string }[];
  isError?: boolean;
}

/** A tool's answer: its JSON, or the reason it could not answer (a refusal, a spec or engine error) as a tool error. */
async function answer(work: () => Promise<object>): Promise<ToolAnswer> {
  try {
    return { content: [{ type: 'text', text: JSON.stringify(await work(), null, 2) }] };
  } catch (err) {
    return { content: [{ type: 'text', text: err instanceof Error ? err.message : String(err) }], isError: true };
  }
}

const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };
const FILE = z.string().describe('A KPI file (*.kpi.yaml), relative to the served folder');

export function createMcpServer(folder: string): McpServer {
  const workspace = new McpWorkspace(folder);
  const server = new McpServer({ name: 'kpilens', version: VERSION });
  server.registerTool(
    'list_kpis',
    {
      title: 'List KPIs',
      description:
        'The KPIs of a KPI file, or of every KPI file in the folder: name, title, type, definition in words, inputs, period, segments, owner, target.',
      inputSchema: { file: FILE.optional() },
      annotations: READ_ONLY,
    },
    (args) => answer(() => listKpis(workspace, args)),
  );
  server.registerTool(
    'describe_kpi',
    {
      title: 'Describe a KPI',
      description:
        'One KPI in full: its definition in words (the exact formula), inputs, filter, period, segments, target, owner and the problems found in its definition.',
      inputSchema: { file: FILE, kpi: z.string().describe('The KPI name') },
      annotations: READ_ONLY,
    },
    (args) => answer(() => describeKpi(workspace, args)),
  );
  server.registerTool(
    'run',
    {
      title: 'Run KPIs',
      description:
        'Evaluates the KPIs of a file (all, or those named) on their data; the result is the JSON report of `kpilens run --format json`: per KPI, rows per period and segment with value, n, previous, change, interval, target status, and the diagnostics.',
      inputSchema: {
        file: FILE,
        kpis: z.array(z.string()).optional().describe('Only these KPIs (and their inputs)'),
        as_of: z
          .string()
          .optional()
          .describe('"Today" (YYYY-MM-DD) instead of the file\'s as_of or the latest date in the data'),
        period: z
          .string()
          .optional()
          .describe('Only the rows of this period, as the report names it: 2025-02, 2025-Q1, 2025-W07, 2025…'),
        segment: z
          .record(z.string(), z.union([z.string(), z.boolean(), z.null()]))
          .optional()
          .describe(
            'Only the rows of this segment, as the report writes it: {"channel": "web"}, {"enterprise": true}; {} for the whole population',
          ),
      },
      annotations: READ_ONLY,
    },
    (args, extra) => answer(() => runKpis(workspace, args, extra.signal)),
  );
  server.registerTool(
    'check',
    {
      title: 'Check KPI files',
      description:
        "Validates a KPI file (or every KPI file in the folder) and its data files' headers; the diagnostics of `kpilens check --format json` (file, line, column, severity, message, code).",
      inputSchema: { file: FILE.optional() },
      annotations: READ_ONLY,
    },
    (args) => answer(() => checkFiles(workspace, args)),
  );
  server.registerTool(
    'explain',
    {
      title: "Explain a KPI's values",
      description:
        "How a KPI's values come about: its definition in words, its inputs, the SQL the engine ran to compute it (recorded during this run), and its rows with n, interval and significance where the KPI has them.",
      inputSchema: {
        file: FILE,
        kpi: z.string().describe('The KPI name'),
        as_of: z
          .string()
          .optional()
          .describe('"Today" (YYYY-MM-DD) instead of the file\'s as_of or the latest date in the data'),
        period: z.string().optional().describe('Only the rows of this period (2025-02, 2025-Q1…)'),
        segment: z
          .record(z.string(), z.union([z.string(), z.boolean(), z.null()]))
          .optional()
          .describe('Only the rows of this segment; {} for the whole population'),
      },
      annotations: READ_ONLY,
    },
    (args, extra) => answer(() => explainKpi(workspace, args, extra.signal)),
  );
  server.registerTool(
    'test',
    {
      title: 'Run KPI tests',
      description:
        "Runs the KPI tests (`tests:` section) of a file on the real engine: each test's inline rows in, each expected value checked (line, expected, actual); the answer of `kpilens test`. The inline rows go to a temporary folder, removed after.",
      inputSchema: { file: FILE, tests: z.array(z.string()).optional().describe('Only these tests') },
      annotations: READ_ONLY,
    },
    (args, extra) => answer(() => testKpis(workspace, args, extra.signal)),
  );
  server.registerTool(
    'diff',
    {
      title: 'Diff KPI definitions against a git ref',
      description:
        "What a change of KPI definitions does to the numbers: a KPI file (or every KPI file of the folder that changed) at a git ref (base) against the working tree (or head), both evaluated on today's data at one as_of; the JSON of `kpilens diff --format json`: per changed or affected KPI its definition changes, its latest value before → after, every row that moved with delta and significance, why it moved (rows and customers entering and leaving), and the gates when fail_on rules are given.",
      inputSchema: {
        file: FILE.optional().describe(
          'A KPI file relative to the served folder; without it, every KPI file that changed',
        ),
        base: z.string().describe('The git ref to compare with (main, HEAD~1, a commit)'),
        head: z.string().optional().describe('Another git ref instead of the working tree'),
        as_of: z.string().optional().describe('"Today" (YYYY-MM-DD) for both versions instead of the head\'s as_of'),
        fail_on: z
          .array(z.string())
          .optional()
          .describe(
            'Gates as `kpilens diff --fail-on` takes them: any-change, target-flip, significant, abs-delta>2pp, rel-change>5%',
          ),
        sql: z.boolean().optional().describe("Add each affected KPI's SQL before → after as a unified diff"),
      },
      annotations: READ_ONLY,
    },
    (args, extra) => answer(() => diffKpis(workspace, args, extra.signal)),
  );
  return server;
}

/** Serves the folder on stdin/stdout until stdin ends; anything else printed goes to stderr. */
export async function startMcpServer(folder: string): Promise<void> {
  useLocale('en', undefined); // machine answers: the same in every language
  const toStderr = (...args: unknown[]) => process.stderr.write(`${args.map(String).join(' ')}\n`);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  const server = createMcpServer(folder);
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => (transport.onclose = resolve));
  await server.connect(transport);
  process.stdin.on('end', () => void server.close());
  await closed;
}

// `kpilens lsp` shows a run's progress through the client (LSP work-done progress): on save,
// on a token the server asks the client for; on a command, on the request's own token; and a
// cancel from the client's progress UI stops the run. Real server, real JSON-RPC, real DuckDB.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspTestClient, pathUri } from './lspClient';

// Orders: January 10.50 + 4.50 = 15.00; February 7.00 (the month of as_of).
const ORDERS = 'order_date,customer_id,amount\n2025-01-05,c1,10.5\n2025-01-20,c2,4.5\n2025-02-03,c1,7\n';
const TEXT = [
  'kpilens: 1',
  'as_of: 2025-02-28',
  'sources:',
  '  orders: { file: orders.csv, time: order_date }',
  'periods:',
  '  monthly: { grain: month, last: 2, compare: previous }',
  'defaults: { period: monthly }',
  'kpis:',
  '  revenue: { type: sum, source: orders, column: amount }',
  '',
].join('\n');

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; cancellable?: boolean };
}
interface Lens {
  command: { title: string };
}

describe('kpilens lsp: the progress of a run', function () {
  this.timeout(60000);
  let dir: string;
  let uri: string;
  let client: LspTestClient | undefined;
  let progress: Progress[];
  let created: (string | number)[];

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lsp-progress-')));
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    const file = path.join(dir, 'shop.kpi.yaml');
    fs.writeFileSync(file, TEXT);
    uri = pathUri(file);
    progress = [];
    created = [];
  });

  afterEach(() => {
    client?.kill();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A client that supports work-done progress: it grants every token and records every report. */
  async function start(locale: string, options?: object): Promise<LspTestClient> {
    const c = new LspTestClient({ KPILENS_LOCALE: locale });
    c.connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
      created.push(params.token);
      return null;
    });
    c.connection.onNotification('$/progress', (p: Progress) => {
      progress.push(p);
    });
    await c.initialize(dir, undefined, { window: { workDoneProgress: true } }, options);
    await c.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
    });
    assert.deepStrictEqual(await c.diagnostics(uri, 1), []);
    return c;
  }

  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
  };

  it('a save: begin ("evaluating shop.kpi.yaml…", cancellable) then end, on the token the server asked for', async () => {
    client = await start('en');
    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await until(() => progress.some((p) => p.value.kind === 'end'));
    assert.strictEqual(created.length, 1);
    assert.deepStrictEqual(progress, [
      {
        token: created[0],
        value: { kind: 'begin', title: 'KPI Lens', message: 'evaluating shop.kpi.yaml…', cancellable: true },
      },
      { token: created[0], value: { kind: 'end' } },
    ]);
    // The run finished: the lens shows February's 7 against January's 15 ((7 − 15) / 15 = −53.3 %).
    const lenses = await client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepStrictEqual(
      lenses.map((l) => l.command.title),
      ['▶ Run', '7 (2025-02) · ▼53.3 % vs 2025-01'],
    );
    assert.strictEqual(await client.close(), 0);
  });

  it("a command: the progress on the request's own token, in the client's language", async () => {
    client = await start('fr', { runOnSave: false });
    const answer = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'kpilens.run',
      arguments: [uri],
      workDoneToken: 'run-1',
    });
    assert.deepStrictEqual(answer, { kpis: [{ name: 'revenue', latest: '7 (2025-02) · ▼53,3\u00a0% vs 2025-01' }] });
    await until(() => progress.some((p) => p.value.kind === 'end'));
    assert.deepStrictEqual(created, [], 'no token asked for: the request brought one');
    assert.deepStrictEqual(
      progress.map((p) => [p.token, p.value.kind, p.value.message ?? null]),
      [
        ['run-1', 'begin', 'évaluation de shop.kpi.yaml…'],
        ['run-1', 'end', null],
      ],
    );
    assert.strictEqual(await client.close(), 0);
  });

  it('a cancel from the progress UI stops the run: no value, and the progress ends', async () => {
    client = await start('en', { runOnSave: false });
    // A command without a token: the server asks for one; the client cancels it as soon as it begins.
    const cancelled = new Promise<void>((resolve) =>
      client?.connection.onNotification('$/progress', (p: Progress) => {
        progress.push(p);
        if (p.value.kind === 'begin')
          void client?.connection.sendNotification('window/workDoneProgress/cancel', { token: p.token }).then(resolve);
      }),
    );
    const answer = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'kpilens.run',
      arguments: [uri],
    });
    await cancelled;
    assert.deepStrictEqual(answer, { cancelled: true });
    assert.deepStrictEqual(
      progress.map((p) => p.value.kind),
      ['begin', 'end'],
    );
    const lenses = await client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepStrictEqual(
      lenses.map((l) => l.command.title),
      ['▶ Run'],
    );
    assert.strictEqual(await client.close(), 0);
  });
});

// `kpilens lsp`'s code lenses with the latest values: a save runs the file (DuckDB, through the
// core's runKpiFile), the client is asked to refresh its lenses, and the lenses carry each
// KPI's latest value; a run can be cancelled. Real server, real JSON-RPC, real data file.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LspTestClient, pathUri } from './lspClient';

// Orders: January 10.50 + 4.50 = 15.00; February 7.00 (the month of as_of).
const ORDERS = 'order_date,customer_id,amount\n2025-01-05,c1,10.5\n2025-01-20,c2,4.5\n2025-02-03,c1,7\n';
const TEXT = [
  'kpilens: 1', //                                           line 0
  'as_of: 2025-02-28', //                                    line 1
  'sources:', //                                             line 2
  '  orders: { file: orders.csv, time: order_date }', //     line 3
  'periods:', //                                             line 4
  '  monthly: { grain: month, last: 2, compare: previous }', // line 5
  'defaults: { period: monthly }', //                        line 6
  'kpis:', //                                                line 7
  '  revenue: { type: sum, source: orders, column: amount }', // line 8: `revenue` at 2..9
  '  orders_count: { type: count, source: orders }', //      line 9: `orders_count` at 2..14
  '',
].join('\n');

const range = (line: number, from: number, to: number) => ({
  start: { line, character: from },
  end: { line, character: to },
});

interface Lens {
  range: unknown;
  command: { title: string; command: string; arguments: unknown[] };
}

describe('kpilens lsp: code lenses with the latest values', function () {
  this.timeout(60000);
  let dir: string;
  let uri: string;
  let client: LspTestClient | undefined;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lsp-lens-')));
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
    const file = path.join(dir, 'shop.kpi.yaml');
    fs.writeFileSync(file, TEXT);
    uri = pathUri(file);
  });

  afterEach(() => {
    client?.kill();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("runs the file on save and shows each KPI's latest value", async () => {
    client = new LspTestClient({ KPILENS_LOCALE: 'en' });
    let refreshed!: () => void;
    const refresh = new Promise<void>((resolve) => (refreshed = resolve));
    client.connection.onRequest('workspace/codeLens/refresh', () => {
      refreshed();
      return null;
    });
    await client.initialize(dir, undefined, { workspace: { codeLens: { refreshSupport: true } } });
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
    });
    assert.deepStrictEqual(await client.diagnostics(uri, 1), []);

    // Before any run: one "▶ Run" lens per KPI, on its name.
    const before = await client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepStrictEqual(before, [
      { range: range(8, 2, 9), command: { title: '▶ Run', command: 'kpilens.run', arguments: [uri, 'revenue'] } },
      { range: range(9, 2, 14), command: { title: '▶ Run', command: 'kpilens.run', arguments: [uri, 'orders_count'] } },
    ]);

    await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri } });
    await refresh;
    const after = await client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    // revenue: February 7 against January 15 → (7 − 15) / 15 = −53.3 %; orders_count: 1 against 2 → −50 %.
    assert.deepStrictEqual(
      after.map((l) => l.command.title),
      ['▶ Run', '7 (2025-02) · ▼53.3 % vs 2025-01', '▶ Run', '1 (2025-02) · ▼50 % vs 2025-01'],
    );

    // The command a lens runs answers with the same lines.
    const answer = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'kpilens.run',
      arguments: [uri, 'revenue'],
    });
    assert.deepStrictEqual(answer, { kpis: [{ name: 'revenue', latest: '7 (2025-02) · ▼53.3 % vs 2025-01' }] });
    assert.strictEqual(await client.close(), 0);
  });

  it('cancels a run under way (kpilens.cancel)', async () => {
    client = new LspTestClient({ KPILENS_LOCALE: 'en' });
    await client.initialize(dir, undefined, {}, { runOnSave: false });
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
    });
    assert.deepStrictEqual(await client.diagnostics(uri, 1), []);
    // The run starts the DuckDB child process; the cancel arrives while it is under way.
    const run = client.connection.sendRequest('workspace/executeCommand', { command: 'kpilens.run', arguments: [uri] });
    const cancel = await client.connection.sendRequest('workspace/executeCommand', {
      command: 'kpilens.cancel',
      arguments: [uri],
    });
    assert.deepStrictEqual(cancel, { cancelled: true });
    assert.deepStrictEqual(await run, { cancelled: true });
    // Nothing ran to the end: the lenses show no value.
    const lenses = await client.connection.sendRequest<Lens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepStrictEqual(
      lenses.map((l) => l.command.title),
      ['▶ Run', '▶ Run'],
    );
    assert.strictEqual(await client.close(), 0);
  });
});

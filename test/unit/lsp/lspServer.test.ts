// `kpilens lsp` driven as an editor drives it: the built CLI spawned, real JSON-RPC messages
// over its stdin/stdout (lspClient.ts). A KPI file in a temporary workspace with one data
// file; every expected value below is read off the file's text by hand (0-based lines and
// UTF-16 columns, as LSP counts them).
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { KPI_TYPES } from '../../../src/core/kpis/registry';
import { LspTestClient, pathUri } from './lspClient';

const TEXT = [
  'kpilens: 1', //                          line 0
  'sources:', //                            line 1
  '  orders:', //                           line 2
  '    file: orders.csv', //                line 3
  '    time: order_date', //                line 4
  'periods:', //                            line 5
  '  monthly: { grain: month, last: 2 }', // line 6
  'defaults:', //                           line 7
  '  period: monthly', //                   line 8
  'kpis:', //                               line 9
  '  revenue:', //                          line 10: `revenue` at characters 2..9
  '    type: sum', //                       line 11
  '    source: orders', //                  line 12
  '    column: amout', //                   line 13: `amout` at 12..17 (4 spaces + `column: ` = 12)
  '  basket:', //                           line 14
  '    type: ratio', //                     line 15
  '    numerator: revenue', //              line 16: `revenue` at 15..22 (4 spaces + `numerator: ` = 15)
  '    denominator: order_count', //        line 17
  '  order_count:', //                      line 18
  '    type: count', //                     line 19
  '    source: orders', //                  line 20
  '',
].join('\n');

const range = (line: number, from: number, to: number) => ({
  start: { line, character: from },
  end: { line, character: to },
});

describe('kpilens lsp (JSON-RPC over stdio)', function () {
  this.timeout(60000);
  let dir: string;
  let file: string;
  let uri: string;
  let client: LspTestClient | undefined;

  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lsp-')));
    fs.writeFileSync(path.join(dir, 'orders.csv'), 'order_date,customer_id,amount\n2025-01-05,c1,10.5\n');
    file = path.join(dir, 'shop.kpi.yaml');
    fs.writeFileSync(file, TEXT);
    uri = pathUri(file);
  });

  afterEach(() => {
    client?.kill();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('checks as the user types, hovers, completes, renames, fixes, and exits cleanly', async () => {
    client = new LspTestClient({ KPILENS_LOCALE: 'en' });
    const init = await client.initialize(dir);
    assert.strictEqual(init.serverInfo?.name, 'kpilens');
    assert.deepStrictEqual(init.capabilities.renameProvider, { prepareProvider: true });

    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
    });
    // The data check read orders.csv's header (inside the workspace root): `amout` is not a column.
    const opened = await client.diagnostics(uri, 1);
    assert.deepStrictEqual(
      opened.map((d) => ({ range: d.range, code: d.code, severity: d.severity, source: d.source })),
      [{ range: range(13, 12, 17), code: 'unknown-column', severity: 1, source: 'kpilens' }],
    );
    assert.strictEqual(
      opened[0].message,
      "column 'amout' is not in source 'orders' (orders.csv), read by KPI 'revenue'; did you mean 'amount'?",
    );

    // The quick fix the core attached to it, as a code action on the diagnostic's range.
    const actions = await client.connection.sendRequest<{ title: string; kind: string; edit: unknown }[]>(
      'textDocument/codeAction',
      {
        textDocument: { uri },
        range: range(13, 14, 14),
        context: { diagnostics: opened },
      },
    );
    assert.deepStrictEqual(
      actions.map((a) => ({ title: a.title, kind: a.kind, edit: a.edit })),
      [
        {
          title: "Change to 'amount'",
          kind: 'quickfix',
          edit: { changes: { [uri]: [{ range: range(13, 12, 17), newText: 'amount' }] } },
        },
      ],
    );

    // An incremental change fixing the column: the next diagnostics are empty.
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: range(13, 12, 17), text: 'amount' }],
    });
    assert.deepStrictEqual(await client.diagnostics(uri, 2), []);

    // Hover on the KPI's name: its title, name and type, then the formula of KPIS.md for `sum`.
    const hover = await client.connection.sendRequest<{ contents: { kind: string; value: string }; range: unknown }>(
      'textDocument/hover',
      { textDocument: { uri }, position: { line: 10, character: 4 } },
    );
    assert.strictEqual(hover.contents.kind, 'markdown');
    assert.deepStrictEqual(hover.range, range(10, 2, 9));
    const hoverLines = hover.contents.value.split('\n');
    assert.strictEqual(hoverLines[0], '**revenue** · `revenue` · Sum');
    assert.ok(
      hoverLines.includes(
        'Sum of the non-null values of `column` over the rows dated in the period; 0 when there are none.',
      ),
      hover.contents.value,
    );

    // Definition and references from the use in `numerator: revenue` (characters 15..22 of line 16).
    const definition = await client.connection.sendRequest('textDocument/definition', {
      textDocument: { uri },
      position: { line: 16, character: 18 },
    });
    assert.deepStrictEqual(definition, { uri, range: range(10, 2, 9) });
    const references = await client.connection.sendRequest('textDocument/references', {
      textDocument: { uri },
      position: { line: 16, character: 18 },
      context: { includeDeclaration: true },
    });
    assert.deepStrictEqual(references, [
      { uri, range: range(10, 2, 9) },
      { uri, range: range(16, 15, 22) },
    ]);

    // Rename `revenue` → `sales`: the declaration and its one reference.
    const prepared = await client.connection.sendRequest('textDocument/prepareRename', {
      textDocument: { uri },
      position: { line: 10, character: 2 },
    });
    assert.deepStrictEqual(prepared, { range: range(10, 2, 9), placeholder: 'revenue' });
    const edit = await client.connection.sendRequest('textDocument/rename', {
      textDocument: { uri },
      position: { line: 10, character: 2 },
      newName: 'sales',
    });
    assert.deepStrictEqual(edit, {
      changes: {
        [uri]: [
          { range: range(10, 2, 9), newText: 'sales' },
          { range: range(16, 15, 22), newText: 'sales' },
        ],
      },
    });
    // A name the language refuses: an error answer with the core's sentence.
    await assert.rejects(
      client.connection.sendRequest('textDocument/rename', {
        textDocument: { uri },
        position: { line: 10, character: 2 },
        newName: 'Sales',
      }),
      (err: Error) =>
        err.message === "'Sales' is not a valid name: lower-case letters, digits and _, starting with a letter",
    );

    // Completion after `type: ` on a new line 21 (inserted at the end, 4 spaces + `type: ` = 10 characters).
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: range(21, 0, 0), text: '  draft:\n    type: ' }],
    });
    const completions = await client.connection.sendRequest<{ label: string; kind: number; textEdit: unknown }[]>(
      'textDocument/completion',
      { textDocument: { uri }, position: { line: 22, character: 10 } },
    );
    // Every KPI type of the registry, each replacing the empty word at the cursor; 7 = CompletionItemKind.Class.
    assert.deepStrictEqual(completions.map((c) => c.label).sort(), KPI_TYPES.map((t) => t.type).sort());
    assert.deepStrictEqual(
      completions.find((c) => c.label === 'sum'),
      {
        ...completions.find((c) => c.label === 'sum'),
        kind: 7,
        textEdit: { range: range(22, 10, 10), newText: 'sum' },
      },
    );

    // The outline: the four sections with their names.
    const symbols = await client.connection.sendRequest<{ name: string; children: { name: string }[] }[]>(
      'textDocument/documentSymbol',
      { textDocument: { uri } },
    );
    assert.deepStrictEqual(
      symbols.map((s) => [s.name, s.children.map((c) => c.name)]),
      [
        ['sources', ['orders']],
        ['periods', ['monthly']],
        ['kpis', ['revenue', 'basket', 'order_count', 'draft']],
      ],
    );

    assert.strictEqual(await client.close(), 0);
  });

  it('checks the open files again when a data file changes (watchers registered with the client)', async () => {
    client = new LspTestClient({ KPILENS_LOCALE: 'en' });
    const registrations: unknown[] = [];
    client.connection.onRequest('client/registerCapability', (params: { registrations: unknown[] }) => {
      registrations.push(...params.registrations.map((r) => ({ ...(r as object), id: undefined })));
      return null;
    });
    await client.initialize(dir, undefined, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
    await client.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
    });
    assert.deepStrictEqual(
      (await client.diagnostics(uri, 1)).map((d) => d.code),
      ['unknown-column'],
    );
    assert.deepStrictEqual(registrations, [
      {
        id: undefined,
        method: 'workspace/didChangeWatchedFiles',
        registerOptions: {
          watchers: [
            { globPattern: '**/kpilens.connections.yaml' },
            { globPattern: '**/*.{csv,tsv,tab,parquet,pq,json,ndjson,jsonl,xlsx,xlsm}' },
          ],
        },
      },
    ]);
    // The export now has a column `amout`: the file's text did not change, its diagnostics do.
    const before = client.published(uri);
    fs.writeFileSync(path.join(dir, 'orders.csv'), 'order_date,customer_id,amout\n2025-01-05,c1,10.5\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [{ uri: pathUri(path.join(dir, 'orders.csv')), type: 2 }],
    });
    assert.deepStrictEqual(await client.publication(uri, before), []);
    assert.strictEqual(await client.close(), 0);
  });

  it("reads no data file of a KPI file outside the workspace root, and speaks the client's locale", async () => {
    const elsewhere = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-lsp-root-')));
    try {
      client = new LspTestClient({ KPILENS_LOCALE: 'en' });
      await client.initialize(elsewhere, 'fr');
      await client.connection.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'yaml', version: 1, text: TEXT },
      });
      // Text only: orders.csv is not read, so `amout` is not reported.
      assert.deepStrictEqual(await client.diagnostics(uri, 1), []);
      // A text error is reported, in French (the client's locale): `type: summ`, `summ` at line 11, characters 10..14.
      await client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 2 },
        contentChanges: [{ range: range(11, 10, 13), text: 'summ' }],
      });
      const diagnostics = await client.diagnostics(uri, 2);
      assert.deepStrictEqual(
        diagnostics.map((d) => [d.range, d.code]),
        [[range(11, 10, 14), 'unknown-kpi-type']],
      );
      // « unknown KPI type {0} » + « ; did you mean '{0}'? » of l10n/bundle.l10n.fr.json, names in « » with no-break spaces.
      assert.strictEqual(
        diagnostics[0].message,
        'type de KPI inconnu \u00ab\u00a0summ\u00a0\u00bb\u00a0; vouliez-vous dire \u00ab\u00a0sum\u00a0\u00bb\u00a0?',
      );
      assert.strictEqual(await client.close(), 0);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

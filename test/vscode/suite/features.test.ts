// KPI Lens's editor features in a real VS Code, through VS Code's own command API (what the
// editor calls): hover, go to definition, references, rename, outline, completion, and code
// lenses that show a KPI's value after "▶ Run" evaluated it with the real DuckDB engine.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cliSql, waitFor, workspaceUri } from '../helpers';

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

/** The position of the n-th occurrence of `needle`, `shift` characters in. */
function positionOf(doc: vscode.TextDocument, needle: string, shift = 1, n = 0): vscode.Position {
  const text = doc.getText();
  let i = -1;
  for (let k = 0; k <= n; k++) i = text.indexOf(needle, i + 1);
  assert.ok(i >= 0, `'${needle}' in ${doc.uri.path}`);
  return doc.positionAt(i + shift);
}

const hoverText = (hovers: vscode.Hover[]) =>
  hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');

describe('KPI Lens in a real VS Code: editor features', function () {
  this.timeout(60_000);

  it('hover on a KPI reference shows its definition in plain words', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const hovers = await waitFor('a hover', async () => {
      const h = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        positionOf(doc, 'numerator: revenue', 12),
      );
      return h.length ? h : undefined;
    });
    const text = hoverText(hovers);
    assert.match(text, /\*\*Revenue\*\* · `revenue` · Sum/);
    assert.match(text, /Sum of the non-null values of `column`/);
    assert.match(text, /Source: `orders` · column `amount`/);
  });

  it('go to definition and find references for a KPI used by a ratio', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const defs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeDefinitionProvider',
      doc.uri,
      positionOf(doc, 'denominator: orders', 14),
    );
    assert.strictEqual(defs.length, 1);
    assert.strictEqual(doc.getText(defs[0].range), 'orders');
    assert.strictEqual(defs[0].range.start.line, positionOf(doc, '  orders:\n    title: Orders', 2).line);
    const refs = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      doc.uri,
      positionOf(doc, '  revenue:', 3),
    );
    // The declaration and the numerator of average_basket.
    assert.deepStrictEqual(
      refs.map((r) => doc.getText(r.range)),
      ['revenue', 'revenue'],
    );
  });

  it('rename a period: the declaration and every use change together', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      doc.uri,
      positionOf(doc, 'quarterly:', 1),
      'per_quarter',
    );
    const changes = edit.get(doc.uri);
    // periods.quarterly and nps's period.
    assert.strictEqual(changes.length, 2);
    assert.ok(changes.every((c) => c.newText === 'per_quarter' && doc.getText(c.range) === 'quarterly'));
  });

  it('the outline lists sources, periods, segments and KPIs', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      doc.uri,
    );
    assert.deepStrictEqual(
      symbols.map((s) => s.name),
      ['sources', 'periods', 'segments', 'kpis'],
    );
    const kpis = symbols[3].children.map((c) => c.name);
    assert.deepStrictEqual(kpis, [
      'revenue',
      'orders',
      'average_basket',
      'repurchase_rate',
      'nps',
      'csat',
      'churn_rate',
      'new_customers',
      'retention_30_60_90',
      'cac',
      'clv',
    ]);
  });

  it('completion offers the columns of the KPI source, read from the data file', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const editor = await vscode.window.showTextDocument(doc);
    const at = positionOf(doc, 'column: amount', 8);
    await editor.edit((e) => e.replace(new vscode.Range(at, at.translate(0, 'amount'.length)), 'am'));
    try {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        at.translate(0, 2),
      );
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      for (const column of ['order_id', 'customer_id', 'order_date', 'amount', 'channel', 'status'])
        assert.ok(labels.includes(column), column);
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('code lenses: "▶ Run" on each KPI, then the latest value once evaluated', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const before = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    const runs = before.filter((l) => l.command?.title === '▶ Run');
    assert.strictEqual(runs.length, 11);
    const ordersLens = runs.find((l) => l.command?.arguments?.[1] === 'orders');
    assert.ok(ordersLens?.command);
    // Run one KPI as the lens would: the real engine evaluates it.
    const result = await vscode.commands.executeCommand<{ as_of: string; kpis: { name: string }[] } | undefined>(
      ordersLens.command.command,
      ...(ordersLens.command.arguments ?? []),
    );
    assert.ok(result, 'the run returned a result');
    assert.deepStrictEqual(
      result.kpis.map((k) => k.name),
      ['orders'],
    );
    const lenses = await waitFor('a value lens on orders', async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const line = ordersLens.range.start.line;
      const value = all.find((l) => l.range.start.line === line && l.command?.title !== '▶ Run');
      return value ? value : undefined;
    });
    // A count with English digit groups (1,234) and its period.
    assert.match(lenses.command?.title ?? '', /^\d{1,3}(,\d{3})* \(\d{4}-\d{2}\)/);
  });

  it('quick fix: the did-you-mean replacement of an unknown source, applied, clears the problem', async () => {
    const doc = await open('broken.kpi.yaml');
    const at = positionOf(doc, 'source: order\n', 9);
    await waitFor('the unknown-source diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).find((d) => d.code === 'unknown-source'),
    );
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      new vscode.Range(at, at),
    );
    const fix = actions.find((a) => a.title === "Change to 'orders'");
    assert.ok(fix?.edit, `a quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.strictEqual(fix.kind?.value, 'quickfix');
    await vscode.workspace.applyEdit(fix.edit);
    try {
      await waitFor('the unknown-source diagnostic to go', () =>
        vscode.languages.getDiagnostics(doc.uri).some((d) => d.code === 'unknown-source') ? undefined : true,
      );
      assert.match(doc.getText(), /source: orders\n/);
    } finally {
      await vscode.commands.executeCommand('undo');
    }
  });

  it('"Run KPI file" evaluates the whole file and "Run KPI at cursor" the KPI under the cursor', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const all = await vscode.commands.executeCommand<{ kpis: { name: string }[] } | undefined>(
      'kpilens.runFile',
      doc.uri,
    );
    assert.ok(all);
    assert.strictEqual(all.kpis.length, 11);
    const editor = await vscode.window.showTextDocument(doc);
    const inside = positionOf(doc, 'type: nps', 2);
    editor.selection = new vscode.Selection(inside, inside);
    const one = await vscode.commands.executeCommand<{ kpis: { name: string; rows: unknown[] }[] } | undefined>(
      'kpilens.runKpiAtCursor',
    );
    assert.ok(one);
    assert.ok(one.kpis.some((k) => k.name === 'nps'));
  });

  it('"Export report" writes the last results to the chosen file (JSON here), atomically', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const target = workspaceUri('exported-report.json');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'kpilens.exportReport',
      doc.uri,
      'json',
      target,
    );
    assert.ok(written);
    const json = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8')) as {
      as_of: string;
      kpis: { name: string }[];
    };
    assert.match(json.as_of, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(json.kpis.length >= 1);
    const names = (await vscode.workspace.fs.readDirectory(workspaceUri())).map(([n]) => n);
    assert.ok(!names.some((n) => n.endsWith('.tmp')), 'no temporary file left');
  });

  it('a change of a data file re-evaluates the KPI file that reads it: the code lens value follows', async () => {
    const doc = await open('loyalty.kpi.yaml');
    await vscode.commands.executeCommand('kpilens.runFile', doc.uri);
    const ordersLine = positionOf(doc, '  orders:\n    title: Orders', 2).line;
    const lensValue = async () => {
      const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      return all.find((l) => l.range.start.line === ordersLine && l.command?.title !== '▶ Run')?.command?.title;
    };
    const before = await waitFor('the orders value lens', lensValue);
    // One more order on the latest date of the data (as_of does not move): the last month's count grows.
    const csv = workspaceUri('data', 'orders.csv');
    const original = Buffer.from(await vscode.workspace.fs.readFile(csv)).toString('utf8');
    const dates = ['orders.csv', 'customers.csv', 'survey.csv', 'marketing_spend.csv'].map(
      async (f) =>
        Buffer.from(await vscode.workspace.fs.readFile(workspaceUri('data', f)))
          .toString('utf8')
          .match(/\d{4}-\d{2}-\d{2}/g) ?? [],
    );
    const latest = (await Promise.all(dates)).flat().sort().pop();
    assert.ok(latest);
    await vscode.workspace.fs.writeFile(csv, Buffer.from(`${original}O9999999,C00001,${latest},10.00,web,paid\n`));
    try {
      const after = await waitFor(
        'the lens to change after the data changed',
        async () => {
          const v = await lensValue();
          return v !== undefined && v !== before ? v : undefined;
        },
        20_000,
      );
      assert.notStrictEqual(after, before);
    } finally {
      await vscode.workspace.fs.writeFile(csv, Buffer.from(original));
    }
  });

  it('"Show SQL" opens a read-only sql document: for a KPI, and for the whole file, the text `kpilens sql` prints', async () => {
    const doc = await open('loyalty.kpi.yaml');
    const sql = await vscode.commands.executeCommand<string | undefined>('kpilens.showSql', doc.uri, 'churn_rate');
    assert.ok(sql);
    assert.match(sql, /^-- KPI churn_rate \(DuckDB\): \d+ statements\n/);
    assert.match(sql, /read_csv\(\['[^']*customers\.csv'\]/);
    // The customers' key is unique in the sample (found once, kept in the cache entry): customers are
    // grouped by their (clamped) dates and counted by each group's weight, never count(DISTINCT …).
    const churnQuery = sql.split(';\n').find((statement) => statement.includes('sum("__kw") FILTER'));
    assert.ok(churnQuery, 'a statement counts customers by group weight');
    assert.doesNotMatch(churnQuery, /count\(DISTINCT/);
    assert.strictEqual(sql, await cliSql(doc.uri.fsPath, ['--kpi', 'churn_rate']));
    const shown = vscode.window.activeTextEditor?.document;
    assert.strictEqual(shown?.uri.scheme, 'kpilens-sql');
    assert.strictEqual(shown.languageId, 'sql');
    assert.strictEqual(shown.getText(), sql);
    // The whole file, from the palette with the cursor outside any KPI (line 1, 'kpilens: 1').
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const all = await vscode.commands.executeCommand<string | undefined>('kpilens.showSql');
    assert.ok(all);
    assert.strictEqual(all, await cliSql(doc.uri.fsPath));
    assert.strictEqual((all.match(/^-- KPI \w+ \(DuckDB\): /gm) ?? []).length, 11);
    const whole = await waitFor('the whole-file SQL document', () => {
      const d = vscode.window.activeTextEditor?.document;
      return d?.uri.scheme === 'kpilens-sql' && d.getText() === all ? d : undefined;
    });
    assert.strictEqual(whole.isUntitled, false);
  });

  it('"New KPI file from template" writes the loyalty pack where asked and opens it, valid', async () => {
    const target = workspaceUri('new', 'pack.kpi.yaml');
    const file = await vscode.commands.executeCommand<vscode.Uri | undefined>('kpilens.newKpiFile', 'loyalty', target);
    assert.ok(file);
    const doc = vscode.window.activeTextEditor?.document;
    assert.strictEqual(doc?.uri.fsPath, target.fsPath);
    assert.match(doc.getText(), /^# Customer loyalty KPIs/);
    // Its data files are not there (data/ is the user's to provide): only missing-file problems.
    const codes = await waitFor('diagnostics of the new file', () => {
      const d = vscode.languages.getDiagnostics(target);
      return d.length ? d.map((x) => String(x.code)) : undefined;
    });
    assert.deepStrictEqual([...new Set(codes)], ['missing-file']);
  });

  it('"Open sample" copies the sample and its data into a folder; it validates and runs there', async () => {
    const spec = await vscode.commands.executeCommand<vscode.Uri | undefined>('kpilens.openSample', workspaceUri());
    assert.ok(spec);
    assert.ok(spec.fsPath.endsWith('kpilens-sample/loyalty.kpi.yaml'));
    const doc = await vscode.workspace.openTextDocument(spec);
    const result = await vscode.commands.executeCommand<{ as_of: string; kpis: unknown[] } | undefined>(
      'kpilens.runFile',
      doc.uri,
    );
    assert.ok(result);
    assert.strictEqual(result.as_of, '2025-12-31');
    assert.strictEqual(result.kpis.length, 11);
  });
});

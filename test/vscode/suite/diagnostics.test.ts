// KPI Lens's diagnostics in a real VS Code (code-server's Node extension host, uiKind Web):
// activation, the diagnostics of a broken and of a valid KPI file (codes, source, severity,
// exact 0-based ranges, the same as the CLI's 1-based line:column), live updates while
// editing without saving, and workspace trust. Files come from test/vscode/workspace, copied
// to a fresh folder per run by scripts/vscode/run-tests.mjs.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { cliCheck, extension, kpiDiagnostics, nextDiagnosticsChange, row, waitFor, workspaceUri } from '../helpers';

/**
 * broken.kpi.yaml's problems as `kpilens check` prints them (path:LINE:COL, 1-based), checked
 * by hand against the file, and the 0-based ranges VS Code must show (each number minus one).
 */
const BROKEN_CLI = [
  '20:13-20:23 unknown-column', // column: amount_eur
  '26:13-26:18 unknown-source', // source: order
  '33:18-33:24 unknown-kpi', // denominator: ordres
  '40:22-40:23 expr-syntax', // where: "amount > > 100" (the second '>')
  '42:5-42:11 unknown-key', // colour: red
];
const BROKEN_VSCODE = [
  'unknown-column 19:12-19:22 Error',
  'unknown-source 25:12-25:17 Error',
  'unknown-kpi 32:17-32:23 Error',
  'expr-syntax 39:21-39:22 Error',
  'unknown-key 41:4-41:10 Error',
];

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceUri(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('KPI Lens in a real VS Code: diagnostics', () => {
  it('is active once a *.kpi.yaml file is open (activation events onLanguage:yaml, workspaceContains)', async () => {
    const ext = extension();
    const events: unknown = (ext.packageJSON as { activationEvents?: unknown }).activationEvents;
    assert.ok(Array.isArray(events) && events.includes('onLanguage:yaml'), 'activationEvents has onLanguage:yaml');
    const doc = await open('broken.kpi.yaml');
    assert.strictEqual(doc.languageId, 'yaml', '*.kpi.yaml files are YAML documents (what onLanguage:yaml needs)');
    // Never ext.activate() here: that would activate it ourselves. VS Code must have done it.
    await waitFor('the extension to be activated by VS Code', () => (ext.isActive ? true : undefined));
  });

  it('reports the known problems of broken.kpi.yaml: codes, source kpilens, severities, 0-based ranges', async () => {
    const uri = workspaceUri('broken.kpi.yaml');
    await open('broken.kpi.yaml');
    const diags = await waitFor('5 diagnostics on broken.kpi.yaml', () => {
      const d = kpiDiagnostics(uri);
      return d.length >= BROKEN_VSCODE.length ? d : undefined;
    });
    assert.deepStrictEqual(diags.map(row), BROKEN_VSCODE);
    for (const d of vscode.languages.getDiagnostics(uri)) assert.strictEqual(d.source, 'kpilens');
    assert.match(diags[1].message, /unknown source 'order'; did you mean 'orders'\?/);
    // Hand-checked 1-based positions minus one are VS Code's 0-based positions.
    const fromCli = BROKEN_CLI.map((s) => {
      const m = /^(\d+):(\d+)-(\d+):(\d+) (\S+)$/.exec(s);
      assert.ok(m, s);
      const [l1, c1, l2, c2] = m.slice(1, 5).map(Number);
      return `${m[5]} ${l1 - 1}:${c1 - 1}-${l2 - 1}:${c2 - 1} Error`;
    });
    assert.deepStrictEqual(diags.map(row), fromCli);
  });

  it('shows the same problems at the same places as `kpilens check` (line:column minus one)', async () => {
    const uri = workspaceUri('broken.kpi.yaml');
    await open('broken.kpi.yaml');
    const diags = await waitFor('diagnostics on broken.kpi.yaml', () => {
      const d = kpiDiagnostics(uri);
      return d.length >= BROKEN_VSCODE.length ? d : undefined;
    });
    const cli = await cliCheck(uri.fsPath);
    assert.deepStrictEqual(
      cli.map((c) => `${c.line}:${c.column}-${c.end_line}:${c.end_column} ${c.code}`),
      BROKEN_CLI,
      'the CLI reports what this test expects',
    );
    const severity = { error: 'Error', warning: 'Warning', info: 'Information' } as const;
    assert.deepStrictEqual(
      diags.map(row),
      cli.map(
        (c) => `${c.code} ${c.line - 1}:${c.column - 1}-${c.end_line - 1}:${c.end_column - 1} ${severity[c.severity]}`,
      ),
    );
    assert.deepStrictEqual(
      diags.map((d) => d.message),
      cli.map((c) => c.message),
    );
  });

  it('gives the valid loyalty.kpi.yaml no diagnostics', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    assert.ok(
      !vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()),
      'not opened by an earlier test',
    );
    // The extension sets the file's diagnostics (to none) after checking it: wait for that event.
    const change = nextDiagnosticsChange(uri);
    await open('loyalty.kpi.yaml');
    await change.done;
    assert.deepStrictEqual(vscode.languages.getDiagnostics(uri).map(row), []);
  });

  it('updates diagnostics while editing, without saving (WorkspaceEdit inserting a typo, then removing it)', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    const doc = await open('loyalty.kpi.yaml');
    // Line 38 (1-based) is the revenue KPI's `    source: orders`.
    assert.strictEqual(doc.lineAt(37).text, '    source: orders');
    assert.deepStrictEqual(kpiDiagnostics(uri), []);

    const typo = new vscode.WorkspaceEdit();
    typo.insert(uri, new vscode.Position(37, 18), 'z'); // source: ordersz
    assert.ok(await vscode.workspace.applyEdit(typo), 'edit applied');
    assert.ok(doc.isDirty, 'the document is edited, not saved');
    const diags = await waitFor('a diagnostic for the typo', () => {
      const d = kpiDiagnostics(uri);
      return d.length > 0 ? d : undefined;
    });
    assert.deepStrictEqual(diags.map(row), ['unknown-source 37:12-37:19 Error']);
    assert.match(diags[0].message, /unknown source 'ordersz'; did you mean 'orders'\?/);

    const fix = new vscode.WorkspaceEdit();
    fix.delete(uri, new vscode.Range(37, 18, 37, 19));
    assert.ok(await vscode.workspace.applyEdit(fix), 'fix applied');
    await waitFor('the typo diagnostic to go away', () => (kpiDiagnostics(uri).length === 0 ? true : undefined));
    assert.ok(doc.isDirty, 'still not saved');
    assert.strictEqual(doc.lineAt(37).text, '    source: orders');
    await doc.save(); // same text as on disk: leave no dirty editor behind
  });

  it('runs in a trusted workspace (code-server --disable-workspace-trust), so data files are read', async () => {
    // With --disable-workspace-trust every folder is trusted: isTrusted is true and the
    // extension runs its data checks (unknown-column needs data/orders.csv's header). In a
    // restricted workspace only the text would be checked and unknown-column would not appear;
    // that mode cannot be reached with this server flag.
    assert.strictEqual(vscode.workspace.isTrusted, true);
    assert.strictEqual(vscode.env.uiKind, vscode.UIKind.Web, 'code-server runs the workbench in a browser');
    assert.strictEqual(extension().extensionKind, vscode.ExtensionKind.Workspace);
    const uri = workspaceUri('broken.kpi.yaml');
    const codes = kpiDiagnostics(uri).map((d) => String(d.code));
    assert.ok(codes.includes('unknown-column'), `a data check ran: ${codes.join(', ')}`);
  });
});

// Restricted Mode (workspace trust on, the folder not trusted): KPI files are still checked,
// from their text only — no data file is read, so no column is checked — and evaluation is
// refused with an explanation.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { waitFor, workspaceUri } from '../helpers';

describe('KPI Lens in Restricted Mode', function () {
  this.timeout(60_000);

  it('the workspace is not trusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false);
  });

  it('checks the text: unknown names are reported, columns are not (data files are not read)', async () => {
    const uri = workspaceUri('broken.kpi.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const codes = await waitFor('diagnostics from the text', () => {
      const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'kpilens');
      return d.length ? d.map((x) => String(x.code)) : undefined;
    });
    assert.ok(codes.includes('unknown-source'), codes.join(', '));
    assert.ok(!codes.includes('unknown-column'), 'no column check without reading data files');
  });

  it('refuses to evaluate', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('loyalty.kpi.yaml'));
    const result = await vscode.commands.executeCommand('kpilens.runFile', doc.uri);
    assert.strictEqual(result, undefined);
  });
});

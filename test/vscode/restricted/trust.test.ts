// Restricted Mode (workspace trust on, the folder not trusted): KPI files are still checked,
// from their text only — no data file is read, so no column is checked — and evaluation is
// refused with an explanation.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { sleep, waitFor, workspaceUri } from '../helpers';

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

  it('reads no data file: a source whose file is missing gets no missing-file diagnostic (the disk is not consulted)', async () => {
    const uri = workspaceUri('restricted-missing.kpi.yaml');
    fs.writeFileSync(
      uri.fsPath,
      [
        'kpilens: 1',
        'sources:',
        '  gone: { file: data/does-not-exist.csv, time: day }',
        '  etc: { file: /etc/passwd, format: csv, time: day }',
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  n: { type: count, source: gone, period: m }',
        '  p: { type: count, source: etc, period: m }',
        '',
      ].join('\n'),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      // The text is checked (no error in it), and nothing about the files is reported.
      await sleep(1500);
      const codes = vscode.languages
        .getDiagnostics(uri)
        .filter((x) => x.source === 'kpilens')
        .map((x) => String(x.code));
      assert.ok(
        !codes.includes('missing-file') && !codes.includes('outside-data-root') && !codes.includes('unknown-column'),
        codes.join(', '),
      );
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  it('a table source: kpilens.connections.yaml is not read (no unknown-connection), and running it refuses before any connection', async () => {
    const uri = workspaceUri('restricted-table.kpi.yaml');
    fs.writeFileSync(
      uri.fsPath,
      [
        'kpilens: 1',
        'sources:',
        '  orders: { table: analytics.orders, connection: nowhere, time: day }',
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  n: { type: count, source: orders, period: m }',
        '',
      ].join('\n'),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await sleep(1500);
      const codes = vscode.languages
        .getDiagnostics(uri)
        .filter((x) => x.source === 'kpilens')
        .map((x) => String(x.code));
      assert.ok(!codes.includes('unknown-connection'), codes.join(', '));
      assert.strictEqual(await vscode.commands.executeCommand('kpilens.runKpi', uri, 'n'), undefined);
      assert.strictEqual(await vscode.commands.executeCommand('kpilens.showSql', uri, 'n'), undefined);
      assert.ok(!vscode.languages.getDiagnostics(uri).some((x) => x.code === 'connection-failed'));
    } finally {
      fs.rmSync(uri.fsPath, { force: true });
    }
  });

  it('every evaluating command refuses: run KPI, show SQL, export, compare', async () => {
    const uri = workspaceUri('loyalty.kpi.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const target = workspaceUri('restricted-export.json');
    assert.strictEqual(await vscode.commands.executeCommand('kpilens.runKpi', uri, 'revenue'), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('kpilens.showSql', uri, 'revenue'), undefined);
    assert.strictEqual(await vscode.commands.executeCommand('kpilens.exportReport', uri, 'json', target), undefined);
    assert.ok(!fs.existsSync(target.fsPath), 'no export was written');
    assert.strictEqual(await vscode.commands.executeCommand('kpilens.compareWith', uri, 'HEAD'), undefined);
  });
});

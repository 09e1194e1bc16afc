// Engine isolation in a real extension host: the DuckDB child is killed in the middle of a run
// ("Run KPI file" on a file of about 40 MB). The command returns without a result instead of
// hanging or throwing, the extension host stays up and answers, and the next run evaluates.
// A KPI file reaching outside the workspace folder gets an error and is not read.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunResult } from '../../../src/core/report/resultModel';
import { sleep, waitFor, workspaceUri } from '../helpers';

/** Child processes of this extension host running the DuckDB worker (Linux /proc). */
function workerPids(): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('duckdbWorker')) pids.push(Number(entry));
    } catch {
      // The process ended meanwhile.
    }
  }
  return pids;
}

const SPEC = [
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  big: { file: data/big.csv, time: day }',
  'periods:',
  '  jan: { grain: month, last: 1 }',
  'defaults: { period: jan }',
  'kpis:',
  '  rows: { type: count, source: big }',
  '  total: { type: sum, source: big, column: v }',
  '',
].join('\n');

describe('KPI Lens in a real VS Code: engine isolation', function () {
  this.timeout(120_000);
  let big: string;

  before(function () {
    if (process.platform !== 'linux') this.skip();
    // 1 500 000 rows in January, v = i % 10: each block of 10 sums to 45, so the total is 150 000 × 45 = 6 750 000.
    big = workspaceUri('data', 'big.csv').fsPath;
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, 'day,v,pad\n');
    const block: string[] = [];
    for (let i = 0; i < 100_000; i++)
      block.push(`2025-01-${String((i % 28) + 1).padStart(2, '0')},${i % 10},abcdefghijklmnop`);
    const text = block.join('\n') + '\n';
    for (let i = 0; i < 15; i++) fs.writeSync(fd, text);
    fs.closeSync(fd);
    fs.writeFileSync(workspaceUri('big.kpi.yaml').fsPath, SPEC);
  });
  after(() => {
    fs.rmSync(big, { force: true });
    fs.rmSync(workspaceUri('big.kpi.yaml').fsPath, { force: true });
  });

  it('killing the DuckDB child mid-run: no result, no hang, the host answers, the next run works', async () => {
    const uri = workspaceUri('big.kpi.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const before = new Set(workerPids());
    const running = vscode.commands.executeCommand<RunResult | undefined>('kpilens.runFile', uri);
    // The run's first query (the profile of the 40 MB file) starts a child or reuses the session's one.
    const pid = await waitFor('a DuckDB worker child', () => workerPids()[0], 20_000);
    await sleep(before.has(pid) ? 300 : 1500);
    process.kill(pid, 'SIGKILL');
    const failed = await running;
    assert.strictEqual(failed, undefined, 'the killed run gives no result');
    // The host is alive and answers commands.
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>(
      'vscode.executeDocumentSymbolProvider',
      uri,
    );
    assert.ok(symbols && symbols.length > 0);
    const again = await vscode.commands.executeCommand<RunResult | undefined>('kpilens.runFile', uri);
    assert.ok(again, 'the next run gives a result');
    assert.deepStrictEqual(
      again.kpis.map((k) => [k.name, k.rows[0]?.value]),
      [
        ['rows', 1_500_000],
        ['total', 6_750_000],
      ],
    );
    assert.ok(!workerPids().includes(pid), 'a new child ran it');
  });

  it('a KPI file reaching outside the workspace folder: an error at the path, nothing read', async () => {
    const outside = path.resolve(workspaceUri().fsPath, '..', 'kpilens-outside.csv');
    fs.writeFileSync(outside, 'day,secret_column\n2025-01-10,1\n');
    const uri = workspaceUri('outside.kpi.yaml');
    fs.writeFileSync(
      uri.fsPath,
      SPEC.replace('data/big.csv', '../kpilens-outside.csv').replace('column: v', 'column: secret_column'),
    );
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const diagnostics = await waitFor('diagnostics', () => {
        const d = vscode.languages.getDiagnostics(uri).filter((x) => x.source === 'kpilens');
        return d.length ? d : undefined;
      });
      assert.deepStrictEqual(
        diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${String(d.code)}`),
        ['4:16 outside-data-root'],
      );
      const result = await vscode.commands.executeCommand<RunResult | undefined>('kpilens.runFile', uri);
      assert.deepStrictEqual(result?.kpis ?? [], []);
    } finally {
      fs.rmSync(outside, { force: true });
      fs.rmSync(uri.fsPath, { force: true });
    }
  });
});

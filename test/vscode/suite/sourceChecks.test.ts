// A source's data tests in a real VS Code: a KPI file whose source declares `unique` and
// `range` tests on data that break both; after a run, the Problems panel shows each failure at
// its test's key (0-based ranges), with its count — and they go away once the data is fixed.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { kpiDiagnostics, row, waitFor, workspaceUri } from '../helpers';

// answers.csv: answer a2 on two rows (data lines 3 and 4), score 11 on line 5 (outside 0..10).
const ANSWERS = 'answer_id,answered_at,score\na1,2025-01-05,9\na2,2025-01-06,7\na2,2025-01-07,8\na3,2025-01-08,11\n';
const FIXED = 'answer_id,answered_at,score\na1,2025-01-05,9\na2,2025-01-06,7\na3,2025-01-07,8\na4,2025-01-08,10\n';
const TEXT = [
  'kpilens: 1', //                                          line 0
  'sources:', //                                            line 1
  '  answers:', //                                          line 2
  '    file: answers.csv', //                               line 3
  '    time: answered_at', //                               line 4
  '    tests:', //                                          line 5
  '      - unique: answer_id', //                           line 6: `unique` at 8..14
  '      - range: { column: score, min: 0, max: 10 }', //   line 7: `range` at 8..13
  'kpis:',
  '  answers_count: { type: count, source: answers }',
  '',
].join('\n');

describe('KPI Lens in a real VS Code: data tests of a source in the Problems panel', () => {
  it('shows each failed test at its key after a run, and clears it when the data passes', async () => {
    const data = workspaceUri('checks', 'answers.csv');
    const file = workspaceUri('checks', 'answers.kpi.yaml');
    await vscode.workspace.fs.writeFile(data, Buffer.from(ANSWERS, 'utf8'));
    await vscode.workspace.fs.writeFile(file, Buffer.from(TEXT, 'utf8'));
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('kpilens.runFile', doc.uri);
    const failed = await waitFor('the two failed tests in the Problems panel', () => {
      const d = kpiDiagnostics(file).filter((x) => ['not-unique', 'out-of-range'].includes(String(x.code)));
      return d.length === 2 ? d : undefined;
    });
    assert.deepStrictEqual(failed.map(row).sort(), ['not-unique 6:8-6:14 Error', 'out-of-range 7:8-7:13 Error']);
    // 'a2' on 2 rows, its data lines 3 and 4; one value (11) out of 0..10, on line 5.
    const unique = failed.find((d) => String(d.code) === 'not-unique') as vscode.Diagnostic;
    assert.match(unique.message, /'a2'/);
    assert.match(unique.message, /answers\.csv:3/);
    const range = failed.find((d) => String(d.code) === 'out-of-range') as vscode.Diagnostic;
    assert.match(range.message, /11/);

    await vscode.workspace.fs.writeFile(data, Buffer.from(FIXED, 'utf8'));
    await vscode.commands.executeCommand('kpilens.runFile', doc.uri);
    await waitFor('the failed tests to leave the Problems panel', () =>
      kpiDiagnostics(file).some((x) => ['not-unique', 'out-of-range'].includes(String(x.code))) ? undefined : true,
    );
  });
});

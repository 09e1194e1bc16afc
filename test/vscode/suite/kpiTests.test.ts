// KPI tests in the Test Explorer of a real VS Code: the failing fixture
// (test/fixtures/kpi-tests/failing.kpi.yaml, copied into the workspace) is listed by the
// extension's TestController with one item per test at its line; running it through the
// controller's run handler passes `passes` and fails `fails` with one message at the
// expectation's line (30, column 12), expected 40 against actual 33.33… (2 promoters and 1
// detractor of 3 answers: 100 × (2 − 1)/3). The same numbers as `kpilens test`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { extension, waitFor, workspaceUri } from '../helpers';

interface ItemState {
  id: string;
  label: string;
  line: number | null;
  state: string | null;
  messages: Array<{ message: string; line: number; column: number; expected?: string; actual?: string }>;
}

const stateOf = async (uri: vscode.Uri) => vscode.commands.executeCommand<ItemState[]>('kpilens.kpiTestsState', uri);

describe('KPI Lens in a real VS Code: KPI tests in the Test Explorer', function () {
  this.timeout(90_000);

  before(() => {
    const fixture = path.join(extension().extensionPath, 'test', 'fixtures', 'kpi-tests');
    fs.cpSync(fixture, workspaceUri('kpi-tests').fsPath, { recursive: true });
  });

  it('lists the tests of a KPI file at their lines', async () => {
    const uri = workspaceUri('kpi-tests', 'failing.kpi.yaml');
    // The file watcher lists the new file's tests, or opening the file does (as a user opens
    // it: the watcher may miss files created right after their new folder).
    await vscode.workspace.openTextDocument(uri);
    const items = await waitFor(
      'the KPI tests to be listed',
      async () => {
        const s = await stateOf(uri);
        return s && s.length === 2 ? s : undefined;
      },
      20_000,
    );
    assert.deepEqual(
      items.map((i) => [i.label, i.line, i.state]),
      [
        ['passes', 13, null],
        ['fails', 22, null],
      ],
    );
  });

  it("runs them: a failure is reported at the expectation's line with expected vs actual", async () => {
    const uri = workspaceUri('kpi-tests', 'failing.kpi.yaml');
    const outcome = await vscode.commands.executeCommand<ItemState[]>('kpilens.runKpiTests', uri);
    assert.deepEqual(
      outcome.map((i) => [i.label, i.state]),
      [
        ['passes', 'passed'],
        ['fails', 'failed'],
      ],
    );
    const fails = outcome[1];
    assert.deepEqual(fails.messages, [
      {
        message: 'nps (2025-03, whole population): expected 40, actual 33.33333333 (off by -6.666666667)',
        line: 30,
        column: 12,
        expected: '40',
        actual: String(100 / 3),
      },
    ]);
    // The state command reports the same run.
    assert.deepEqual(
      (await stateOf(uri)).map((i) => i.state),
      ['passed', 'failed'],
    );
  });
});

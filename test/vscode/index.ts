// The extensionTestsPath module of the real-VS Code tests: VS Code's extension host loads
// out/test/vscode/index.js and calls run(); we run mocha (BDD) over
// out/test/vscode/suite/**/*.test.js inside that extension host, where `vscode` is the real
// API. Output goes through console.log, which the workbench forwards to the page console
// (scripts/vscode/run-tests.mjs relays it to stdout). The promise rejects when a test
// fails, so VS Code exits with code 1 (codeAutomationExit), else 0.
import * as path from 'path';
import fg from 'fast-glob';
import Mocha from 'mocha';

const { EVENT_RUN_END } = Mocha.Runner.constants;

/** Mocha's spec reporter plus a closing plain `vscode: N passed, N failed` line. */
class VsCodeReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      console.log(`vscode: ${s.passes} passed, ${s.failures} failed${skipped}`);
    });
  }
}

export async function run(): Promise<void> {
  const suiteDir = path.resolve(__dirname, 'suite');
  const files = (await fg('**/*.test.js', { cwd: suiteDir, absolute: true })).sort();
  if (files.length === 0) throw new Error(`no test files under ${suiteDir} (run tsc first)`);

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: VsCodeReporter });
  for (const f of files) mocha.addFile(f);
  await mocha.loadFilesAsync();

  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
}

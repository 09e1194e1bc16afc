// The extensionTestsPath module of the real-VS Code tests: VS Code's extension host loads
// out/test/vscode/index.js and calls run(); we run mocha (BDD) over
// out/test/vscode/suite/**/*.test.js inside that extension host, where `vscode` is the real
// API. Mocha's lines go through console.log, which the workbench forwards to the page console
// among its own logs: each one starts with OUTPUT_MARK so scripts/vscode/run-tests.mjs can
// tell them apart and relay them (without the mark) to stdout. The promise rejects when a
// test fails, so VS Code exits with code 1 (codeAutomationExit), else 0.
import * as path from 'path';
import { format } from 'util';
import { glob } from 'tinyglobby';
import Mocha from 'mocha';

/** The prefix of every line meant for the harness's stdout (run-tests.mjs strips it). */
export const OUTPUT_MARK = '[vscode-test] ';

const { EVENT_RUN_END } = Mocha.Runner.constants;

function out(...data: unknown[]): void {
  console.log(OUTPUT_MARK + format(...data));
}

/** Mocha's spec reporter plus a closing plain `vscode: N passed, N failed` line. */
class VsCodeReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      const skipped = s.pending ? `, ${s.pending} skipped` : '';
      out(`vscode: ${s.passes} passed, ${s.failures} failed${skipped}`);
    });
  }
}

export async function run(): Promise<void> {
  // KPILENS_VSCODE_SUITE=bench runs the measurements of test/vscode/bench, =restricted the
  // tests of Restricted Mode (test/vscode/restricted, with workspace trust on), =vsix the
  // tests of the installed VSIX (test/vscode/vsix), =fr and =fr-vsix the French ones
  // (test/vscode/fr, under `--locale fr`), instead of suite/.
  const chosen = process.env.KPILENS_VSCODE_SUITE;
  const dirOf: Record<string, string> = {
    bench: 'bench',
    restricted: 'restricted',
    vsix: 'vsix',
    fr: 'fr',
    'fr-vsix': 'fr',
  };
  const suiteDir = path.resolve(__dirname, (chosen && dirOf[chosen]) || 'suite');
  const files = (await glob('**/*.test.js', { cwd: suiteDir, absolute: true, expandDirectories: false })).sort();
  if (files.length === 0) throw new Error(`no test files under ${suiteDir} (run tsc first)`);

  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: VsCodeReporter });
  for (const f of files) mocha.addFile(f);
  try {
    await mocha.loadFilesAsync();
  } catch (err) {
    // Otherwise this would only reach the workbench's log, not the harness's stdout.
    out(`vscode: cannot load the test files: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    throw err;
  }

  // Mocha's reporters all print through Base.consoleLog: mark their lines for the harness.
  const { Base } = Mocha.reporters;
  const consoleLog = Base.consoleLog;
  Base.consoleLog = out;
  let failures: number;
  try {
    failures = await new Promise<number>((resolve) => mocha.run(resolve));
  } finally {
    Base.consoleLog = consoleLog;
  }
  if (failures > 0) throw new Error(`${failures} test${failures === 1 ? '' : 's'} failed`);
}

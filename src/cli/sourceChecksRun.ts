// The sources' data tests and freshness of one checked KPI file, for `kpilens test` and
// `kpilens check --data`: the core's one run (runKpiFile) stopped after the sources' checks,
// on the file's engine (DuckDB with the columnar cache next to the file, or its PostgreSQL
// connection). An engine or connection failure is printed and gives the exit code.
import * as path from 'path';
import type { CheckResult } from '../core/kpifile/checkFile';
import type { Diagnostic } from '../core/kpifile/diagnostic';
import { ConnectionChoiceError } from '../core/run/kpiFileEngine';
import { runKpiFile } from '../core/run/runKpiFile';
import { checkedSourceNames, type SourceCheckOutcome } from '../core/testing/sourceChecks';
import { withInterrupt } from './commandRun';
import { engineFailure } from './engineFailure';
import type { CliIo } from './io';

export interface FileSourceChecks {
  outcomes: SourceCheckOutcome[];
  /** Everything the run found in the data (the checks' diagnostics, unreadable files, bad values). */
  dataDiagnostics: Diagnostic[];
}

/** Whether the file declares any source test or freshness. */
export function hasSourceChecks(check: CheckResult): boolean {
  return checkedSourceNames(check.model).size > 0;
}

/** The checks' outcomes, or the exit code after printing why they could not run. */
export async function runFileSourceChecks(
  io: CliIo,
  check: CheckResult,
  options: { now?: string; command: string },
): Promise<FileSourceChecks | number> {
  const file = check.model.file;
  let outcomes: SourceCheckOutcome[] = [];
  try {
    const run = await withInterrupt((signal) =>
      runKpiFile(file, check, {
        signal,
        now: options.now,
        sourceChecksOnly: true,
        onSourceChecks: (found) => (outcomes = found),
        cacheDir: path.join(path.dirname(file), '.kpilens', 'cache'),
      }),
    );
    return { outcomes, dataDiagnostics: run.dataDiagnostics };
  } catch (err) {
    if (err instanceof ConnectionChoiceError) {
      io.err(`kpilens: ${err.message}\n`);
      return 1;
    }
    const code = engineFailure(io, err, options.command);
    if (code !== undefined) return code;
    throw err;
  }
}

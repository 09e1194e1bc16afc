// `kpilens run FILE`: checks the file and runs it through the core's runKpiFile (the embedded
// DuckDB engine, or for table sources their PostgreSQL connection; spec and data diagnostics;
// the stamp), then prints (or writes with --out) the report in the chosen format.
import * as fs from 'fs';
import * as path from 'path';
import type { CheckResult } from '../../core/kpifile/checkFile';
import { allowedDirectories } from '../../core/engine/backends/allowedDirectories';
import { DuckDbEngine } from '../../core/engine/backends/duckdbEngine';
import { isValidDate } from '../../core/expr';
import type { RunResult } from '../../core/report/resultModel';
import { OUTPUT_FORMATS, renderResult } from '../../core/report/render';
import { ConnectionChoiceError } from '../../core/run/kpiFileEngine';
import { runKpiFile } from '../../core/run/runKpiFile';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { renderCustomerScoresCsv } from '../../core/report/customerScoresCsv';
import type { CustomerScoreRow } from '../../core/report/customerScoresCsv';
import { withInterrupt, writeReport } from '../commandRun';
import { engineFailure } from '../engineFailure';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import { isNowValue } from '../../core/testing/freshness';
import { scoresCustomers } from '../../core/kpis/kpiRules';
import { printable } from '../../core/util/quote';

export interface RunCommandOptions {
  format: string;
  out?: string;
  kpi?: string[];
  asOf?: string;
  /** Writes the per-customer scores of the one predictive clv KPI run to this CSV file. */
  customers?: string;
  /** commander's --no-cache: false when given. */
  cache?: boolean;
  /** The run's date for sources' freshness (default: today). */
  now?: string;
}

type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The folders a run may read: those of the files the spec names (and the spec's own). */
export { allowedDirectories };

export async function runCommand(io: CliIo, file: string, options: RunCommandOptions): Promise<number> {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(options.format)) {
    throw new UsageError(l10n.t("unknown format '{0}': use {1}", options.format, OUTPUT_FORMATS.join(', ')));
  }
  if (options.asOf !== undefined && !isValidDate(options.asOf))
    throw new UsageError(l10n.t("--as-of '{0}' is not a date: write YYYY-MM-DD", options.asOf));
  if (options.now !== undefined && !isNowValue(options.now))
    throw new UsageError(
      l10n.t("--now '{0}' is not a date: write YYYY-MM-DD or an instant such as 2026-03-13T08:00:00Z", options.now),
    );
  // DuckDB's child loads while the file is read and checked (it is configured, with the
  // folders the check finds, only by the engine that takes it; unused, it ends with us).
  DuckDbEngine.prespawn();
  const { abs, check } = await checkKpiFileArg(io, file, options.kpi);
  const scoredKpi = options.customers !== undefined ? predictiveClvToScore(check, options.kpi, file) : undefined;
  let scores: CustomerScoreRow[] | undefined;
  let result: RunResult;
  try {
    // The core's one run: engine from the connection (the columnar cache, in .kpilens/cache next to the spec, for DuckDB), table columns, spec + data diagnostics, stamp.
    result = (
      await withInterrupt((signal) =>
        runKpiFile(abs, check, {
          asOf: options.asOf,
          now: options.now,
          kpis: options.kpi,
          displayPath: file,
          signal,
          ...(options.cache === false ? {} : { cacheDir: path.join(path.dirname(abs), '.kpilens', 'cache') }),
          ...(scoredKpi
            ? {
                onCustomerScores: (kpi: string, rows: CustomerScoreRow[]) => {
                  if (kpi === scoredKpi) scores = rows;
                },
              }
            : {}),
        }),
      )
    ).result;
  } catch (err) {
    if (err instanceof ConnectionChoiceError) {
      io.err(`kpilens: ${err.message}\n`);
      return 1;
    }
    const code = engineFailure(io, err, 'run');
    if (code !== undefined) return code;
    throw err;
  }
  const output = renderResult(result, options.format as OutputFormat, { color: false, file });
  await writeReport(io, output, options.out);
  for (const d of result.diagnostics)
    if (options.format !== 'table' || options.out)
      io.err(`${printable(`${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message} [${d.code}]`)}\n`);
  if (options.customers !== undefined && scoredKpi) {
    if (!scores || scores.length === 0) {
      io.err(
        `kpilens: ${l10n.t("no customer scores for KPI '{0}' (no fit at its latest period end, see the diagnostics); {1} not written", scoredKpi, options.customers)}\n`,
      );
      return 1;
    }
    const target = path.resolve(io.cwd, options.customers);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    await writeFileAtomic(target, renderCustomerScoresCsv(scores));
    io.err(`${l10n.t("wrote {0} ({1} customers of KPI '{2}')", options.customers, scores.length, scoredKpi)}\n`);
  }
  return result.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** The one predictive clv among the KPIs run (--kpi, else all), or a usage error naming the candidates. */
function predictiveClvToScore(check: CheckResult, only: string[] | undefined, file: string): string {
  const names = only?.length ? only : [...check.model.kpis.keys()];
  const predictive = names.filter((n) => {
    const k = check.model.kpis.get(n);
    return k !== undefined && scoresCustomers(k);
  });
  if (predictive.length === 1) return predictive[0];
  const all = [...check.model.kpis.values()].filter((k) => scoresCustomers(k)).map((k) => k.name);
  const hint =
    all.length === 0
      ? l10n.t('{0} has no predictive clv KPI (type: clv, method: predictive)', file)
      : all.length === 1
        ? l10n.t('add --kpi {0}', all[0])
        : l10n.t('add --kpi {0} (the predictive clv KPIs of {1}: {2})', all[0], file, all.join(', '));
  if (predictive.length === 0)
    throw new UsageError(l10n.t('--customers needs a predictive clv KPI among the KPIs run; {0}', hint));
  throw new UsageError(
    l10n.t(
      '--customers writes the scores of one predictive clv KPI, but {0} are run ({1}): choose one with --kpi',
      predictive.length,
      predictive.join(', '),
    ),
  );
}

// `kpilens sql FILE [--kpi NAME…] [--dialect duckdb|postgres|bigquery|snowflake|trino]`: the SQL
// each KPI runs, in the dialect of the engine that runs it — DuckDB on data files, PostgreSQL
// on table sources and their connection (the engine runKpiFile would use: core/run/kpiFileEngine.ts). The statements are recorded while the KPI is really
// evaluated (the core's sqlListing.ts, which the editor's "Show SQL" uses too), so what is
// printed is exactly what ran, not a reconstruction. BigQuery, Snowflake and Trino are compile-only (warehouseDialects.ts): the
// file's as_of and first date come from its own engine, then each KPI is compiled with an
// engine that runs nothing (planOnlyEngine.ts); data-file sources are written as tables named
// after the source, values inline through the dialect's quoting.
import { DIALECT_NAMES, dialectNamed, type DialectName } from '../../core/engine/sql/dialect';
import { evaluateSpec } from '../../core/engine/evaluation/evaluate';
import { PlanOnlyEngine } from '../../core/engine/backends/planOnlyEngine';
import { kpiSqlBlock, kpiSqlListing, type KpiSqlBlock } from '../../core/engine/evaluation/sqlListing';
import { isWarehouseDialect } from '../../core/engine/sql/warehouseDialects';
import {
  ConnectionChoiceError,
  kpiFileConnection,
  openKpiFileEngine,
  type RunnableConnection,
} from '../../core/run/kpiFileEngine';
import { engineFailure } from '../engineFailure';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';
import { printable } from '../../core/util/quote';

export async function sqlCommand(
  io: CliIo,
  file: string,
  options: { kpi?: string[]; dialect?: string },
): Promise<number> {
  const { check } = await checkKpiFileArg(io, file, options.kpi);
  let connection: RunnableConnection;
  try {
    connection = await kpiFileConnection(check);
  } catch (err) {
    if (!(err instanceof ConnectionChoiceError)) throw err;
    io.err(`kpilens: ${err.message}\n`);
    return 1;
  }
  const runsOn: DialectName = connection.kind === 'postgres' ? 'postgres' : 'duckdb';
  const wanted = options.dialect ?? runsOn;
  if (!(DIALECT_NAMES as readonly string[]).includes(wanted))
    throw new UsageError(
      l10n.t(
        "unknown dialect '{0}': use {1} or {2}",
        wanted,
        DIALECT_NAMES.slice(0, -1).join(', '),
        DIALECT_NAMES[DIALECT_NAMES.length - 1],
      ),
    );
  const target = dialectNamed(wanted as DialectName);
  if (target.runs && wanted !== runsOn) {
    const why =
      connection.kind === 'postgres'
        ? l10n.t(
            "{0} runs on {1} (its sources are tables on connection '{2}'): --dialect {3} prints the SQL of files whose sources are data files",
            file,
            dialectNamed(runsOn).title,
            connection.settings.name,
            wanted,
          )
        : l10n.t(
            '{0} runs on {1} (its sources are data files): --dialect {2} prints the SQL of files whose sources are tables on a PostgreSQL connection',
            file,
            dialectNamed(runsOn).title,
            wanted,
          );
    io.err(`kpilens: ${why}\n`);
    return 1;
  }
  // The engine runKpiFile would run the file on (no cache, no memo: each KPI is evaluated alone through a recorder).
  const opened = openKpiFileEngine(check, connection);
  const { engine } = opened;
  let failed = false;
  try {
    const names = options.kpi?.length ? options.kpi : [...check.model.kpis.keys()];
    if (isWarehouseDialect(target)) {
      // The dates the SQL depends on (as_of, the first date of the data) from the file's own engine.
      let dates: { first?: string; last?: string } = {};
      const probe = await evaluateSpec(check, {
        engine,
        kpis: names.slice(0, 1),
        dialect: dialectNamed(runsOn),
        displayPath: file,
        onDataDates: (d) => (dates = d),
      });
      const asOf = probe.as_of || dates.last;
      if (!asOf) {
        io.err(
          `kpilens: ${l10n.t('{0}: no as_of and no dated row in the data: set as_of to compile the SQL for {1}', file, target.title)}\n`,
        );
        return 1;
      }
      for (const name of names) {
        const plan = new PlanOnlyEngine(target);
        const result = await evaluateSpec(check, {
          engine: plan,
          kpis: [name],
          dialect: target,
          asOf,
          dataStart: dates.first,
          displayPath: file,
        });
        // The plan-only engine answers no rows: what the data would say (no rows, no fit) is not an error of the SQL.
        const compileErrors = result.diagnostics.filter((x) => !FROM_THE_DATA.has(x.code));
        failed =
          print(
            io,
            kpiSqlBlock(
              name,
              l10n.t('{0}, compiled for as_of {1}', target.title, asOf),
              plan.statements,
              compileErrors,
            ),
          ) || failed;
      }
    } else {
      for await (const block of kpiSqlListing(check, {
        engine,
        dialect: dialectNamed(runsOn),
        kpis: names,
        displayPath: file,
      }))
        failed = print(io, block) || failed;
    }
  } catch (err) {
    const code = engineFailure(io, err, 'sql');
    if (code !== undefined) return code;
    throw err;
  } finally {
    await opened.close();
  }
  return failed || check.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

/** Diagnostics that come from the rows of the data, which a compile-only run has none of. */
const FROM_THE_DATA = new Set<string>(['no-data', 'clv-fit', 'clv-assumption', 'clv-backtest', 'invalid-values']);

/** Prints a KPI's block on stdout and its errors on stderr; true when it had errors. */
function print(io: CliIo, block: KpiSqlBlock): boolean {
  io.out(block.text);
  for (const d of block.errors)
    io.err(`${printable(`${d.file}:${d.line}:${d.column}: error: ${d.message} [${d.code}]`)}\n`);
  return block.errors.length > 0;
}

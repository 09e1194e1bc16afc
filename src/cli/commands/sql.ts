// `kpilens sql FILE [--kpi NAME…] [--dialect duckdb|postgres]`: the SQL each KPI runs, in the
// dialect of the engine that runs it — DuckDB on data files, PostgreSQL on table sources and
// their connection. The statements are recorded while the KPI is really evaluated (the core's
// sqlListing.ts, which the editor's "Show SQL" uses too), so what is printed is exactly what ran.
import { DIALECT_NAMES, dialectNamed, type DialectName } from '../../core/engine/dialect';
import { kpiSqlListing } from '../../core/engine/sqlListing';
import { specConnection } from '../../core/engine/specConnection';
import { engineFor } from '../commandRun';
import { engineFailure } from '../engineFailure';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';

export async function sqlCommand(io: CliIo, file: string, options: { kpi?: string[]; dialect?: string }): Promise<number> {
  const { dataRoot, check } = await checkKpiFileArg(io, file, options.kpi);
  const connection = specConnection(check.model, dataRoot);
  if (connection.kind === 'error') {
    io.err(`kpilens: ${connection.message}\n`);
    return 1;
  }
  const runsOn: DialectName = connection.kind === 'postgres' ? 'postgres' : 'duckdb';
  const wanted = options.dialect ?? runsOn;
  if (!(DIALECT_NAMES as readonly string[]).includes(wanted)) throw new UsageError(`unknown dialect '${wanted}': use ${DIALECT_NAMES.join(' or ')}`);
  if (wanted !== runsOn) {
    io.err(`kpilens: ${file} runs on ${dialectNamed(runsOn).title} (${runsOn === 'duckdb' ? 'its sources are data files' : `its sources are tables on connection '${connection.kind === 'postgres' ? connection.settings.name : ''}'`}): --dialect ${wanted} prints the SQL of files whose sources are ${wanted === 'postgres' ? 'tables on a PostgreSQL connection' : 'data files'}\n`);
    return 1;
  }
  const engine = engineFor(connection, check);
  try {
    for await (const block of kpiSqlListing(check, { engine, dialect: dialectNamed(runsOn), kpis: options.kpi, displayPath: file })) {
      io.out(block.text);
      for (const d of block.errors) io.err(`${d.file}:${d.line}:${d.column}: error: ${d.message} [${d.code}]\n`);
    }
  } catch (err) {
    const code = engineFailure(io, err, 'sql');
    if (code !== undefined) return code;
    throw err;
  } finally {
    await engine.close();
  }
  return check.diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}

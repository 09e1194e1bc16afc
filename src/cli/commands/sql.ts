// `kpilens sql FILE [--kpi NAME…] [--dialect duckdb|postgres]`: the SQL each KPI runs, in the
// dialect of the engine that runs it — DuckDB on data files, PostgreSQL on table sources and
// their connection. The statements are recorded while the KPI is really evaluated (as the
// editor's "Show SQL"), so what is printed is exactly what ran, not a reconstruction.
import * as fs from 'fs';
import * as path from 'path';
import { findDataRoot } from '../../core/data/dataRoot';
import { checkKpiFile } from '../../core/spec/checkFile';
import { allowedDirectories } from '../../core/engine/allowedDirectories';
import { DIALECT_NAMES, dialectNamed, type DialectName } from '../../core/engine/dialect';
import { DuckDbEngine } from '../../core/engine/duckdbEngine';
import type { Engine } from '../../core/engine/engine';
import { evaluateSpec } from '../../core/engine/evaluate';
import { PostgresEngine } from '../../core/engine/postgresEngine';
import { RecordingEngine } from '../../core/engine/recordingEngine';
import { specConnection } from '../../core/engine/specConnection';
import { closest, didYouMean } from '../../core/util/suggest';
import { engineFailure } from '../engineFailure';
import { UsageError } from '../io';
import type { CliIo } from '../io';

export async function sqlCommand(io: CliIo, file: string, options: { kpi?: string[]; dialect?: string }): Promise<number> {
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await fs.promises.readFile(abs, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code ?? String(err)}`);
  }
  const dataRoot = findDataRoot(path.dirname(abs), io.cwd);
  const check = await checkKpiFile(abs, text, { dataRoot });
  for (const name of options.kpi ?? []) {
    if (!check.model.kpis.has(name)) throw new UsageError(`--kpi '${name}' is not a KPI of ${file}${didYouMean(closest(name, check.model.kpis.keys()))}`);
  }
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
  const engine: Engine = connection.kind === 'postgres'
    ? new PostgresEngine(connection.settings)
    : new DuckDbEngine({ allowedDirectories: allowedDirectories(check) });
  try {
    const names = options.kpi?.length ? options.kpi : [...check.model.kpis.keys()];
    for (const name of names) {
      const recorder = new RecordingEngine(engine);
      const result = await evaluateSpec(check, { engine: recorder, kpis: [name], dialect: dialectNamed(runsOn), displayPath: file });
      io.out(`-- KPI ${name} (${dialectNamed(runsOn).title}): ${recorder.statements.length} statement${recorder.statements.length === 1 ? '' : 's'}\n`);
      for (const sql of recorder.statements) io.out(`${sql};\n\n`);
      for (const d of result.diagnostics.filter((x) => x.severity === 'error')) io.err(`${d.file}:${d.line}:${d.column}: error: ${d.message} [${d.code}]\n`);
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

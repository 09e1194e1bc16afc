// `kpilens sql FILE [--kpi NAME…] [--dialect duckdb|postgres]`: the SQL each KPI runs, in the
// dialect of the engine that runs it — DuckDB on data files, PostgreSQL on table sources and
// their connection. The statements are recorded while the KPI is really evaluated (as the
// editor's "Show SQL"), so what is printed is exactly what ran, not a reconstruction.
import { DIALECT_NAMES, dialectNamed, type DialectName } from '../../core/engine/dialect';
import { evaluateSpec } from '../../core/engine/evaluate';
import { RecordingEngine } from '../../core/engine/recordingEngine';
import { specConnection } from '../../core/engine/specConnection';
import { engineFor } from '../commandRun';
import { engineFailure } from '../engineFailure';
import { checkKpiFileArg } from '../kpiFileArg';
import { UsageError } from '../io';
import type { CliIo } from '../io';
import * as l10n from '../../core/l10n/l10n';

export async function sqlCommand(io: CliIo, file: string, options: { kpi?: string[]; dialect?: string }): Promise<number> {
  const { dataRoot, check } = await checkKpiFileArg(io, file, options.kpi);
  const connection = specConnection(check.model, dataRoot);
  if (connection.kind === 'error') {
    io.err(`kpilens: ${connection.message}\n`);
    return 1;
  }
  const runsOn: DialectName = connection.kind === 'postgres' ? 'postgres' : 'duckdb';
  const wanted = options.dialect ?? runsOn;
  if (!(DIALECT_NAMES as readonly string[]).includes(wanted)) throw new UsageError(l10n.t("unknown dialect '{0}': use {1}", wanted, (DIALECT_NAMES as readonly string[]).reduce((a, b) => l10n.t('{0} or {1}', a, b))));
  if (wanted !== runsOn) {
    const why = connection.kind === 'postgres'
      ? l10n.t("{0} runs on {1} (its sources are tables on connection '{2}'): --dialect {3} prints the SQL of files whose sources are data files", file, dialectNamed(runsOn).title, connection.settings.name, wanted)
      : l10n.t('{0} runs on {1} (its sources are data files): --dialect {2} prints the SQL of files whose sources are tables on a PostgreSQL connection', file, dialectNamed(runsOn).title, wanted);
    io.err(`kpilens: ${why}\n`);
    return 1;
  }
  const engine = engineFor(connection, check);
  try {
    const names = options.kpi?.length ? options.kpi : [...check.model.kpis.keys()];
    for (const name of names) {
      const recorder = new RecordingEngine(engine);
      const result = await evaluateSpec(check, { engine: recorder, kpis: [name], dialect: dialectNamed(runsOn), displayPath: file });
      const count = recorder.statements.length === 1 ? l10n.t('1 statement') : l10n.t('{0} statements', recorder.statements.length);
      io.out(`-- ${l10n.t('KPI {0} ({1}): {2}', name, dialectNamed(runsOn).title, count)}\n`);
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

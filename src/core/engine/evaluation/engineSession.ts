// The engine a run's queries go through: PostgreSQL keeps a temporary table on the connection
// that created it while its engine's pool gives each query any free connection, so a run that
// creates temporary tables — a file with score segments (scoreSegments.ts) — runs every query
// in one session of its engine (Engine.session). DuckDB's session is one lane (connection) of
// its child: the run then keeps to it, its temporary tables with it.
import type { SpecModel } from '../../kpifile/model';
import type { EvaluateOptions } from './evaluateOptions';

export function inEngineSession<T>(
  model: SpecModel,
  options: EvaluateOptions,
  run: (options: EvaluateOptions) => Promise<T>,
): Promise<T> {
  const engine = options.engine;
  const scored = [...model.segments.values()].some((s) => s.score !== undefined);
  if (!scored || !engine.session) return run(options);
  return engine.session((pinned) => run({ ...options, engine: pinned }));
}

// Whether a source's key is unique: no two rows share a customer (a customer table). The
// customer-base KPIs (churn, retention_rate, customers, new_customers) count distinct
// customers; over a unique key `count(key)` gives exactly that, several times faster than
// `count(DISTINCT key)`. Found once per data (its hashes first on DuckDB), remembered in the columnar cache
// entry's metadata (later runs and processes) or, without a cache, in the run memo (by the
// files' stamps). Unknown (the DISTINCT count stays) when the query fails or there is no key.
import { createHash } from 'crypto';
import type { Dialect } from '../sql/dialect';
import type { Engine } from '../backends/engine';
import { EngineError } from '../backends/engine';
import type { ColumnarCache } from '../cache/columnarCache';
import { EvaluationMemo } from '../cache/evaluationMemo';
import type { SourceContext } from './sourceContext';
import { resolveColumnName } from './sourceContext';
import { quoteIdent } from '../sql/sqlText';

export interface KeyUniquenessOptions {
  dialect: Dialect;
  cache?: ColumnarCache;
  memo?: EvaluationMemo;
  signal?: AbortSignal;
}

/** The SQL telling whether the key of `ctx` is unique among its rows with a key (column `u`). */
export function keyUniquenessSql(ctx: SourceContext, dialect: Dialect): string | undefined {
  if (!ctx.spec.key) return undefined;
  const key = quoteIdent(resolveColumnName(ctx, ctx.spec.key));
  return `SELECT count(${key}) = count(DISTINCT ${key}) AS u FROM (${ctx.selectSql})${dialect.derivedTable('__u')}`;
}

/**
 * DuckDB: whether the keys' 64-bit hashes are all different — then so are the keys (equal keys
 * hash alike). Two to three times cheaper than comparing the texts; when some hashes are equal
 * (shared keys, or seldom a collision), the exact query decides.
 */
function keyHashesSql(ctx: SourceContext, dialect: Dialect): string | undefined {
  if (!ctx.spec.key || dialect.name !== 'duckdb') return undefined;
  const key = quoteIdent(resolveColumnName(ctx, ctx.spec.key));
  return `SELECT count(${key}) = count(DISTINCT hash(${key})) FILTER (WHERE ${key} IS NOT NULL) AS u FROM (${ctx.selectSql})${dialect.derivedTable('__u')}`;
}

export async function keyUniqueness(
  engine: Engine,
  ctx: SourceContext,
  options: KeyUniquenessOptions,
): Promise<boolean | undefined> {
  const sql = keyUniquenessSql(ctx, options.dialect);
  if (!sql || !options.dialect.runs) return undefined;
  // The fact is of the rows this SQL reads (type overrides included), on this data.
  const fact = `unique-key:${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`;
  const known = ctx.cachedFacts?.[fact];
  if (typeof known === 'boolean') return known;
  const memoKey = ctx.stamp ? EvaluationMemo.key('unique-key', [sql, ctx.stamp]) : undefined;
  const remembered = memoKey ? options.memo?.get<boolean>(memoKey) : undefined;
  if (remembered !== undefined) return remembered;
  let unique: boolean;
  try {
    const quick = keyHashesSql(ctx, options.dialect);
    const [hashes] = quick ? await engine.query(quick, [], { signal: options.signal }) : [];
    if (hashes?.u === true) unique = true;
    else {
      const [row] = await engine.query(sql, [], { signal: options.signal });
      unique = row?.u === true;
    }
  } catch (err) {
    // The scan that follows reports an unreadable source; here it stays unknown.
    if (err instanceof EngineError && err.kind === 'query') return undefined;
    throw err;
  }
  if (ctx.cached && options.cache) await options.cache.rememberFact(ctx.cached.readSql, fact, unique);
  if (memoKey) options.memo?.set(memoKey, unique);
  return unique;
}

// `kpilens diff --sql`: the SQL each affected KPI runs in each version (recorded while it runs,
// engine/evaluation/sqlListing.ts, both versions at the diff's as_of) as a unified diff, by the `diff`
// package (jsdiff: Myers' algorithm, the patch format of `diff -u`). Null when the SQL is the
// same (an affected KPI whose input changed, a changed title).
import { createTwoFilesPatch } from 'diff';
import { duckdbDialect } from '../engine/sql/dialect';
import type { Engine } from '../engine/backends/engine';
import { kpiSqlListing } from '../engine/evaluation/sqlListing';
import type { CheckResult } from '../kpifile/checkFile';
import type { KpiDiff } from './specDiff';

async function sqlOf(
  engine: Engine,
  check: CheckResult,
  kpi: string,
  asOf: string,
  displayPath: string,
  signal?: AbortSignal,
): Promise<string> {
  let text = '';
  for await (const block of kpiSqlListing(check, {
    engine,
    dialect: duckdbDialect,
    kpis: [kpi],
    asOf,
    displayPath,
    ...(signal ? { signal } : {}),
  }))
    text += block.text;
  return text;
}

export interface SqlDiffContext {
  engine: Engine;
  base: CheckResult;
  head: CheckResult;
  baseLabel: string;
  headLabel: string;
  asOf: string;
  displayPath: string;
  signal?: AbortSignal;
}

/** The unified diff of a KPI's SQL (base → head), or null when it did not change. */
export async function kpiSqlDiff(c: SqlDiffContext, k: KpiDiff): Promise<string | null> {
  const baseName = k.baseName ?? k.name;
  const before = k.kind === 'added' ? '' : await sqlOf(c.engine, c.base, baseName, c.asOf, c.displayPath, c.signal);
  const after = k.kind === 'removed' ? '' : await sqlOf(c.engine, c.head, k.name, c.asOf, c.displayPath, c.signal);
  if (before === after) return null;
  return createTwoFilesPatch(`${baseName}.sql`, `${k.name}.sql`, before, after, c.baseLabel, c.headLabel, {
    context: 3,
  });
}

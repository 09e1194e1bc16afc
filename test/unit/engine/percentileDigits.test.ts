// A percentile is interpolated in binary doubles, whose last digit is noise: the 25th percentile
// of 0.1, 0.2, 0.3, 0.7 came out as 0.17500000000000002. It is given at 15 significant digits
// (percentileSql.ts), the decimals the values and p make, the same on DuckDB (a CSV) and on a
// real PostgreSQL server (a table of doubles); zero stays zero, negatives and large values too.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import type { Engine } from '../../../src/core/engine/backends/engine';
import { PostgresEngine } from '../../../src/core/engine/backends/postgresEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { duckdbDialect, postgresDialect, type Dialect } from '../../../src/core/engine/sql/dialect';
import { percentileSql } from '../../../src/core/engine/sql/percentileSql';
import { lines } from '../helpers';
import { serverSettings, startPostgresForSuite, type PostgresServer } from './postgresServer';

const ROWS: [string, string][] = [
  ['2025-01-05', '0.1'],
  ['2025-01-06', '0.2'],
  ['2025-01-07', '0.3'],
  ['2025-01-08', '0.7'],
  ['2025-02-01', '1234567.89'],
  ['2025-02-02', '1234567.9'],
  ['2025-03-01', '0'],
  ['2025-03-02', '0'],
  ['2025-04-01', '-0.1'],
  ['2025-04-02', '-0.2'],
];

// By hand (h = (n − 1)·p/100, x₍⌊h⌋+1₎ + (h − ⌊h⌋)·(next − it)), month by month:
//  January 0.1 0.2 0.3 0.7: p50 h = 1.5 → 0.2 + 0.5 × 0.1 = 0.25; p25 h = 0.75 → 0.1 + 0.75 × 0.1
//    = 0.175; p90 h = 2.7 → 0.3 + 0.7 × 0.4 = 0.58.
//  February 1234567.89 1234567.9: h = 0.5 → 1234567.895; h = 0.25 → 1234567.8925; h = 0.9 →
//    1234567.899.
//  March 0 0: 0. April −0.2 −0.1: −0.15; h = 0.25 → −0.175; h = 0.9 → −0.2 + 0.9 × 0.1 = −0.11.
const EXPECTED = {
  p50: [0.25, 1234567.895, 0, -0.15],
  p25: [0.175, 1234567.8925, 0, -0.175],
  p90: [0.58, 1234567.899, 0, -0.11],
};

// A double column's infinities and NaN (a Parquet file's, a table's) have no logarithm: they are
// given as they are, where a rounding by magnitude stopped the query. By hand: the median of 1
// and +∞ is +∞ (1 + 0.5 × ∞); of −∞ alone, −∞; of NaN alone, NaN; of 1 and 2, 1.5.
const NON_FINITE = { inf: Infinity, minus: -Infinity, nan: NaN, plain: 1.5 };

async function nonFinite(engine: Engine, cast: string, d: Dialect) {
  const median = (values: string[]) =>
    `(SELECT ${percentileSql(d, 0.5, 'v')} FROM (VALUES ${values.map((v) => `(CAST('${v}' AS ${cast}))`).join(', ')}) AS t(v))`;
  const rows = await engine.query(
    `SELECT ${median(['1', 'Infinity'])} AS inf, ${median(['-Infinity'])} AS minus, ${median(['NaN'])} AS nan, ${median(['1', '2'])} AS plain`,
  );
  return Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
}

function kpiText(source: string): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-04-30',
    'sources:',
    `  s: ${source}`,
    'periods:',
    '  m: { grain: month, last: 4, compare: none }',
    'defaults: { period: m }',
    'kpis:',
    '  p50: { type: percentile, source: s, column: v }',
    '  p25: { type: percentile, source: s, column: v, p: 25 }',
    '  p90: { type: percentile, source: s, column: v, p: 90 }',
  );
}

async function percentiles(file: string, text: string, engine: Engine, postgres = false) {
  const check = await checkKpiFile(file, text);
  assert.deepEqual(
    check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
    [],
  );
  const r = await evaluateSpec(check, { engine, ...(postgres ? { dialect: postgresDialect } : {}) });
  return Object.fromEntries(r.kpis.map((k) => [k.name, k.rows.map((row) => row.value)]));
}

describe('engine: percentiles at 15 significant digits', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-pct-digits-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('on DuckDB, a CSV: 0.175, not 0.17500000000000002', async () => {
    fs.writeFileSync(path.join(dir, 'v.csv'), lines('d,v', ...ROWS.map(([d, v]) => `${d},${v}`)));
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      const got = await percentiles(path.join(dir, 'v.kpi.yaml'), kpiText('{ file: v.csv, time: d }'), engine);
      assert.deepEqual(got, EXPECTED);
      assert.deepEqual(await nonFinite(engine, 'DOUBLE', duckdbDialect), NON_FINITE);
    } finally {
      await engine.close();
    }
  });

  describe('on PostgreSQL, a table of doubles', function () {
    let server: PostgresServer;
    let pg: PostgresEngine;
    before(async function () {
      server = await startPostgresForSuite(this);
      pg = new PostgresEngine(serverSettings(server));
      await pg.query('CREATE TABLE public.pct_digits (d date, v double precision)');
      for (const [d, v] of ROWS) await pg.query('INSERT INTO public.pct_digits VALUES ($1, $2)', [d, v]);
    });
    after(async () => {
      await pg?.close();
      server?.stop();
    });

    it('gives the same values', async () => {
      const text = kpiText('{ table: public.pct_digits, connection: pg, time: d }');
      assert.deepEqual(await percentiles(path.join(dir, 'pg.kpi.yaml'), text, pg, true), EXPECTED);
      assert.deepEqual(await nonFinite(pg, 'double precision', postgresDialect), NON_FINITE);
    });
  });
});

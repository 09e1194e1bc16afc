// count_distinct reads its column as text (00042 and 42 are two customers), so numbers written
// two ways were two values: 10, 10.0 and 10.00 counted 3. A text that is a number as the file
// writes numbers, and no code (a whole number with a leading zero), is compared as that number.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';

describe('engine: count_distinct of numbers written two ways', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-distinct-'));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function counts(csv: string, extra: string[] = [], source = ''): Promise<Record<string, unknown>> {
    fs.writeFileSync(path.join(dir, 'v.csv'), csv);
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  s: { file: v.csv, time: d${source} }`,
      'periods:',
      '  m: { grain: month, last: 1, compare: none }',
      'defaults: { period: m }',
      'kpis:',
      '  dv: { type: count_distinct, source: s, column: v }',
      ...extra,
    );
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'v.kpi.yaml'), text), { engine });
    return Object.fromEntries(r.kpis.map((k) => [k.name, k.rows[0]?.value]));
  }

  it('10, 10.0 and 10.00 are one value; 10.5 and 10.50 another; -0 and 0 a third', async () => {
    const csv = lines(
      'd,v',
      ...['10', '10.0', '10.00', '10.5', '10.50', '-0', '0', ''].map((v, i) => `2025-01-0${i + 1},${v}`),
    );
    // By hand: {10, 10.5, 0} → 3 (before: 7 texts).
    assert.deepEqual(await counts(csv), { dv: 3 });
  });

  it('codes keep their leading zeros (00042 and 42 are two); a column declared string is compared as written', async () => {
    const codes = lines('d,v', '2025-01-01,00042', '2025-01-02,42', '2025-01-03,042', '2025-01-04,42.0');
    // 00042 and 042 are codes (as written); 42 and 42.0 the number 42 → 3.
    assert.deepEqual(await counts(codes), { dv: 3 });
    const declared = lines('d,v', '2025-01-01,10', '2025-01-02,10.0', '2025-01-03,10.00');
    assert.deepEqual(await counts(declared, [], ', columns: { v: string }'), { dv: 3 });
  });

  it('a decimal-comma export: 10,5 and 10,50 are one value', async () => {
    const csv = lines('d;v', '2025-01-01;10,5', '2025-01-02;10,50', '2025-01-03;11');
    assert.deepEqual(await counts(csv, [], ", delimiter: ';', decimal: ','"), { dv: 2 });
  });
});

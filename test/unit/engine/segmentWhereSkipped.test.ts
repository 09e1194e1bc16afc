// A segment defined by a filter (`big: { where: "amt >= 10" }`) cannot decide on a row whose `amt`
// is not a number (`NA`, `abc` in a column read as text): the row is in none of its slices. Before,
// such rows vanished from the slices without a word; now they are counted and told per segment,
// with their values at their lines, as a KPI's own filter's are — and only the KPI's rows count.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe("engine: rows a segment's filter cannot decide on", function () {
  this.timeout(120000);
  const folder = specRunFolder('segment-where');

  const spec = (kpiWhere = '') =>
    lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      "  o: { file: o.csv, time: t, delimiter: ';', decimal: ',' }",
      'periods:',
      '  m: { grain: month, last: 1 }',
      'segments:',
      '  big: { where: "amt >= 10" }',
      '  small: { where: "not (amt >= 10)" }',
      'kpis:',
      `  n: { type: count, source: o, period: m, segments: [big, small]${kpiWhere} }`,
    );
  // Lines 2–6: 10,5 (big), NA, -5 (small), abc, 12 (big); `kind` b for all but the abc row.
  const data = lines(
    'id;t;amt;kind',
    '1;2025-01-05;10,5;b',
    '2;2025-01-06;NA;b',
    '3;2025-01-07;-5;b',
    '4;2025-01-08;abc;a',
    '5;2025-01-09;12;b',
  );
  const slice = (r: RunResult, segment: Record<string, unknown>) =>
    r.kpis[0].rows.find((x) => JSON.stringify(x.segment) === JSON.stringify(segment))?.value;
  const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message);

  it('told per segment, with the values at their lines', async () => {
    const r = await folder.run('seg', spec(), { 'o.csv': data });
    // All 5 rows; big: 10.5 and 12; small: -5; NA (line 3) and abc (line 5) in neither.
    assert.equal(slice(r, {}), 5);
    assert.equal(slice(r, { big: true }), 2);
    assert.equal(slice(r, { small: true }), 1);
    assert.deepEqual(warnings(r), [
      "KPI 'n', 2025-01-01..2025-01-31: 2 row(s) in no slice of segment 'big', 'amt' is not a number: 'NA' at o.csv:3, 'abc' at o.csv:5",
      "KPI 'n', 2025-01-01..2025-01-31: 2 row(s) in no slice of segment 'small', 'amt' is not a number: 'NA' at o.csv:3, 'abc' at o.csv:5",
    ]);
  });

  it("only the KPI's own rows: a row its filter leaves out is not told", async () => {
    const r = await folder.run('seg2', spec(`, where: "kind = 'b'"`), { 'o.csv': data });
    // The abc row (kind a) is not the KPI's: only NA is told.
    assert.equal(slice(r, {}), 4);
    assert.deepEqual(warnings(r), [
      "KPI 'n', 2025-01-01..2025-01-31: 1 row(s) in no slice of segment 'big', 'amt' is not a number: 'NA' at o.csv:3",
      "KPI 'n', 2025-01-01..2025-01-31: 1 row(s) in no slice of segment 'small', 'amt' is not a number: 'NA' at o.csv:3",
    ]);
  });
});

// A period reaching before the year 1 (`last: 2026` years, `last: 100000` months at 2025) is told
// at the period, and its KPIs are not evaluated, saying why. Before: the run stopped with
// "internal error: invalid date '0000-01-01'" and exit 2, while `kpilens check` passed.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: a period reaching before the year 1', function () {
  this.timeout(60000);
  const folder = specRunFolder('year-one');

  for (const period of ['{ grain: year, last: 2026 }', '{ grain: month, last: 100000 }'])
    it(`${period}: an invalid-value at the period, its KPIs not evaluated, the others are`, async () => {
      const out = await folder.run(
        'huge',
        lines(
          'kpilens: 1',
          'as_of: 2025-12-31',
          'sources:',
          '  o: { file: o.csv, time: d, key: c }',
          'periods:',
          `  huge: ${period}`,
          '  month: { grain: month, last: 1, compare: none }',
          'kpis:',
          '  n: { type: count, source: o, period: huge }',
          '  coh: { type: cohort_retention, source: o, cohort: o, start: d, days: [30], period: huge }',
          '  ok: { type: count, source: o, period: month }',
        ),
        { 'o.csv': 'c,d\nc1,2025-12-01\nc2,2025-12-02\n' },
      );
      assert.deepEqual(
        out.diagnostics.map((d) => `${d.severity} ${d.code}`),
        ['error invalid-value', 'error not-evaluated', 'error not-evaluated'],
      );
      assert.match(out.diagnostics[0].message, /^period 'huge' reaches before the year 1 at as_of 2025-12-31/);
      assert.equal(out.diagnostics[1].message, "KPI 'n' could not be evaluated: its period 'huge' has no window");
      assert.equal(out.diagnostics[2].message, "KPI 'coh' could not be evaluated: its period 'huge' has no window");
      assert.equal(out.kpis.find((k) => k.name === 'ok')?.rows[0].value, 2);
    });
});

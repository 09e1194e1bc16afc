// A KPI kept from running by an error outside its own definition — in an input, a segment, a
// source or its period — is told at its name with the reason. Before: `kpilens run` left it out
// of the report without a word (a ratio of a KPI with a typo in its filter just vanished).
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: the KPIs an error elsewhere keeps from running say why', function () {
  this.timeout(60000);
  const folder = specRunFolder('broken-reasons');

  it('an input, a segment, a source and a period with errors; a KPI with its own error gets no second word', async () => {
    const out = await folder.run(
      'broken',
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  o: { file: o.csv, time: d, key: c }',
        '  bad_src: { file: o.csv, time: d, key: c, where: "amount >" }',
        'periods:',
        '  m: { grain: month, last: 1, compare: none }',
        '  bad_p: { grain: month, last: 1, compare: sometimes }',
        'segments:',
        '  bad_seg: { where: "amount > > 1" }',
        'kpis:',
        '  own: { type: count, source: o, period: m, where: "amount > \'x\' + 1" }',
        '  n: { type: count, source: o, period: m }',
        '  r: { type: ratio, numerator: own, denominator: n, period: m }',
        '  f: { type: formula, expr: "r * 100", period: m }',
        '  s: { type: count, source: o, period: m, segments: [bad_seg] }',
        '  q: { type: count, source: bad_src, period: m }',
        '  p: { type: count, source: o, period: bad_p }',
      ),
      { 'o.csv': 'c,d,amount\nc1,2025-01-05,10\nc2,2025-01-20,3\n' },
    );
    assert.deepEqual(
      out.kpis.map((k) => [k.name, k.rows[0]?.value]),
      [['n', 2]],
    );
    assert.deepEqual(
      out.diagnostics.filter((d) => d.code === 'not-evaluated').map((d) => `${d.line}:${d.column} ${d.message}`),
      [
        "14:3 KPI 'r' could not be evaluated: its input 'own' has errors",
        "15:3 KPI 'f' could not be evaluated: its input 'r' has errors",
        "16:3 KPI 's' could not be evaluated: its segment 'bad_seg' has errors",
        "17:3 KPI 'q' could not be evaluated: its source 'bad_src' has errors",
        "18:3 KPI 'p' could not be evaluated: its period 'bad_p' has errors",
      ],
    );
  });
});

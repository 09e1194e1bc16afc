// A chain of thousands of formulas (a generated file: k1 = k2 + 1, …, kN = base + 1) runs: its
// requests are planned and its values derived through lists, not calls — a chain of 20 000 ended
// `kpilens run` with `internal error: Maximum call stack size exceeded`. The values are those of
// the chain, computed by hand; a ratio of two branches of it too.
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

const N = 20_000;

describe('engine: a chain of thousands of formulas', function () {
  this.timeout(120000);
  const folder = specRunFolder('formula-chain');

  it(`${N} formulas each using the next: every value is the base count plus its distance to the end`, async () => {
    const kpis: string[] = [];
    for (let i = 1; i <= N; i++) kpis.push(`  k${i}: { type: formula, expr: "${i < N ? `k${i + 1}` : 'base'} + 1" }`);
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  o: { file: o.csv, time: d }',
      'periods:',
      '  m: { grain: month, last: 1, compare: none }',
      'defaults: { period: m }',
      'kpis:',
      '  base: { type: count, source: o }',
      // k1 / k10000: two points of the chain, derived once each.
      '  share: { type: ratio, numerator: k1, denominator: k10000 }',
      ...kpis,
    );
    // Three rows in January 2025, one in February (after as_of's month: not counted).
    const out = await folder.run('chain', spec, { 'o.csv': 'd\n2025-01-02\n2025-01-15\n2025-01-31\n2025-02-01\n' });
    assert.deepEqual(out.diagnostics, []);
    const value = (name: string) => out.kpis.find((k) => k.name === name)?.rows[0]?.value;
    assert.equal(out.kpis.length, N + 2);
    assert.equal(value('base'), 3);
    // kN = 3 + 1; ki = 3 + (N − i + 1).
    assert.equal(value(`k${N}`), 4);
    assert.equal(value('k10000'), 3 + (N - 10_000 + 1));
    assert.equal(value('k1'), 3 + N);
    assert.equal(value('share'), (3 + N) / (3 + (N - 10_000 + 1)));
  });

  it('a formula of constants has a value on every period (it had no rows, without a word)', async () => {
    const spec = lines(
      'kpilens: 1',
      'as_of: 2025-02-28',
      'sources:',
      '  o: { file: o.csv, time: d }',
      'periods:',
      '  m: { grain: month, last: 2 }',
      'defaults: { period: m }',
      'kpis:',
      '  base: { type: count, source: o }',
      '  half: { type: formula, expr: "7 / 2" }',
      '  rounded: { type: formula, expr: "round(2.5) + round(-2.5) * 10 + round(0.125, 2)" }',
    );
    const out = await folder.run('constants', spec, { 'o.csv': 'd\n2025-01-02\n2025-02-01\n' });
    const rows = (name: string) => out.kpis.find((k) => k.name === name)?.rows.map((r) => [r.period, r.value]);
    // 7 / 2 = 3.5; 3 + (−3) × 10 + 0.13 = −26.87 (halves away from zero), on January and February.
    assert.deepEqual(rows('half'), [
      ['2025-01', 3.5],
      ['2025-02', 3.5],
    ]);
    assert.deepEqual(rows('rounded'), [
      ['2025-01', -26.87],
      ['2025-02', -26.87],
    ]);
  });
});

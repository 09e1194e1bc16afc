// KPIs that depend on each other in a circle: a small circle is told at each member's reference
// (each place is part of the problem); a long one — a generated file's chain closed by mistake —
// once, at the reference that closes it, its path shortened and ten related places, instead of
// one error per member each naming every member (1 000 lines of 1 000 names). A chain of many
// thousands of KPIs is walked without a deep call stack.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { lines, REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'cycles.kpi.yaml');

/** `n` formula KPIs k1…kn, each using the next; the last uses k1 when `closed`. */
function chain(n: number, closed: boolean): string {
  const kpis: string[] = [];
  for (let i = 1; i <= n; i++) {
    const next = i < n ? `k${i + 1}` : closed ? 'k1' : 'base';
    kpis.push(`  k${i}: { type: formula, expr: "${next} + 1" }`);
  }
  return lines(
    'kpilens: 1',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date }',
    'periods:',
    '  monthly: { grain: month, last: 3 }',
    'defaults: { period: monthly }',
    'kpis:',
    '  base: { type: count, source: orders }',
    ...kpis,
  );
}

const cycles = async (text: string) =>
  (await checkKpiFile(FILE, text, { data: false })).diagnostics.filter((d) => d.code === 'kpi-cycle');

describe('KPI cycles', () => {
  it('a circle of three: told at each member’s reference, the whole path in each', async () => {
    const found = await cycles(chain(3, true));
    // k1 on line 9, k2 on line 10, k3 on line 11; each `expr: "kN + 1"` names the next at column 31 (after `  k1: { type: formula, expr: "`).
    assert.deepEqual(
      found.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.message}`),
      [
        '9:31 KPIs depend on each other in a circle: k1 → k2 → k3 → k1',
        '10:31 KPIs depend on each other in a circle: k1 → k2 → k3 → k1',
        '11:31 KPIs depend on each other in a circle: k1 → k2 → k3 → k1',
      ],
    );
    assert.deepEqual(
      found[0].related?.map((r) => r.message),
      ["'k2' uses 'k3' here", "'k3' uses 'k1' here"],
    );
  });

  it('a circle of 1 000: told once, where the last closes it, its path shortened, ten related places', async () => {
    const found = await cycles(chain(1000, true));
    assert.equal(found.length, 1);
    const [d] = found;
    // k1000 is on line 1008; its expr names k1.
    assert.equal(d.range.start.line, 1008);
    assert.equal(
      d.message,
      'KPIs depend on each other in a circle: k1 → k2 → k3 → k4 → k5 → … → k997 → k998 → k999 → k1000 → k1 (1000 KPIs)',
    );
    assert.deepEqual(
      d.related?.map((r) => r.message),
      Array.from({ length: 10 }, (_, i) => `'k${i + 1}' uses 'k${i + 2}' here`),
    );
  });

  it('a chain of 20 000 KPIs without a circle: no cycle, no stack overflow', async () => {
    assert.deepEqual(await cycles(chain(20_000, false)), []);
  });
});

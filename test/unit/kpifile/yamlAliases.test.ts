// YAML anchors and aliases in a KPI file: an anchor named by every KPI of a large file (`segments:
// *all` on 300 KPIs) is read — `yaml`'s default bound refused its 101st use with "Excessive alias
// count indicates a resource exhaustion attack" — while aliases of aliases, whose expansion is
// exponential (the "billion laughs"), are still refused, quickly, with a message that says why.
import { strict as assert } from 'assert';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { IncrementalChecker } from '../../../src/core/kpifile/incrementalCheck';
import { maxAliasExpansion } from '../../../src/core/kpifile/yamlDocument';
import { lines, REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'aliases.kpi.yaml');

/** A file of `n` count KPIs, the first defining the anchor `all`, the others naming it. */
function sharedAnchor(n: number): string {
  const out = [
    'kpilens: 1',
    'sources:',
    '  orders: { file: data/orders.csv, time: order_date }',
    'periods:',
    '  monthly: { grain: month, last: 3 }',
    'segments:',
    '  channel: { by: channel }',
    'defaults: { period: monthly }',
    'kpis:',
  ];
  for (let i = 1; i <= n; i++)
    out.push(`  k${i}: { type: count, source: orders, segments: ${i === 1 ? '&all [channel]' : '*all'} }`);
  return lines(...out);
}

describe('YAML anchors and aliases in a KPI file', () => {
  for (const n of [101, 300]) {
    it(`an anchor named by ${n} KPIs is read: every KPI gets its value, no error`, async () => {
      const text = sharedAnchor(n);
      for (const check of [
        await checkKpiFile(FILE, text, { data: false }),
        await new IncrementalChecker().check(FILE, text, { data: false }),
      ]) {
        assert.deepEqual(
          check.diagnostics.filter((d) => d.severity === 'error'),
          [],
        );
        assert.equal(check.model?.kpis.size, n);
        assert.deepEqual(check.model?.kpis.get(`k${n}`)?.segments, ['channel']);
      }
    });
  }

  it('aliases of aliases (the "billion laughs") are refused at once, with the bound they passed', async () => {
    // Nine levels of nine aliases: 9^9 (387 million) values if expanded.
    const levels = ['x0: &a0 [lol]'];
    for (let i = 1; i <= 9; i++)
      levels.push(
        `x${i}: &a${i} [${Array(9)
          .fill(`*a${i - 1}`)
          .join(', ')}]`,
      );
    const text = lines('kpilens: 1', ...levels, 'kpis: {}');
    const started = Date.now();
    const check = await checkKpiFile(FILE, text, { data: false });
    assert.ok(Date.now() - started < 5000, 'refused without expanding');
    const syntax = check.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.equal(syntax.length, 1, JSON.stringify(check.diagnostics));
    assert.equal(
      syntax[0].message,
      `the YAML cannot be read: its aliases of aliases expand to more than ${maxAliasExpansion(text)} values (aliases nested inside anchors multiply); repeat the text instead`,
    );
    assert.deepEqual(syntax[0].range.start, { line: 1, column: 1 });
  });
});

// The diff's core entry point (diffKpiFile) on a KPI file of the test shop: the comparison in
// words without evaluating, and errors of either version reported without evaluating; and
// the diff reports' diagnostics of both versions (listed once when both have them, else with
// their version).
import { strict as assert } from 'assert';
import * as path from 'path';
import { diffKpiFile } from '../../../src/core/diff/diffKpiFile';
import { diagnosticText, diffDiagnostics } from '../../../src/core/diff/render/diffText';
import type { SpecDiff } from '../../../src/core/diff/specDiff';
import { lines, SHOP } from '../helpers';

describe('diffKpiFile: the core entry point', () => {
  it('compares without evaluating when asked, and reports errors of either version without evaluating', async () => {
    const file = path.join(SHOP, 'diff.kpi.yaml');
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: data/orders.csv, time: order_date }',
      'periods:',
      '  monthly: { grain: month, last: 3 }',
      'kpis:',
      '  n: { type: count, source: orders, period: monthly }',
    );
    const words = await diffKpiFile(file, text, text.replace('type: count', 'type: count, where: "amount > 10"'), {
      evaluate: false,
    });
    assert.equal(words.hasErrors, false);
    assert.deepEqual(
      words.kpis.map((k) => [k.name, k.kind, k.changes, k.values]),
      [['n', 'changed', ['filter added: amount > 10'], undefined]],
    );
    assert.equal(words.asOf, undefined);
    const broken = await diffKpiFile(file, text.replace('type: count', 'type: cuont'), text, { baseLabel: 'main' });
    assert.equal(broken.hasErrors, true);
    assert.equal(broken.base.label, 'main');
    assert.deepEqual(
      broken.base.diagnostics.map((d) => d.code),
      ['unknown-kpi-type'],
    );
    assert.deepEqual(broken.head.diagnostics, []);
    assert.ok(broken.kpis.every((k) => k.values === undefined));
  });
});

describe('diff reports: diagnostics of both versions', () => {
  it('a problem both versions have is listed once; the others say their version', () => {
    const warning = (line: number, message: string) => ({
      file: 'x.kpi.yaml',
      line,
      column: 3,
      severity: 'warning',
      message,
      code: 'invalid-values',
    });
    const diff: SpecDiff = {
      file: 'x.kpi.yaml',
      base: { label: 'main', diagnostics: [] },
      head: { label: 'working tree', diagnostics: [] },
      kpis: [],
      definitions: [],
      hasErrors: false,
      runDiagnostics: [
        { version: 'base', ...warning(5, 'same') },
        { version: 'base', ...warning(9, 'old only') },
        { version: 'head', ...warning(5, 'same') },
        { version: 'head', ...warning(7, 'new only') },
      ],
    };
    assert.deepEqual(
      diffDiagnostics(diff).map((d) => diagnosticText(diff, d)),
      [
        'x.kpi.yaml:5:3: warning: same [invalid-values] (both versions)',
        'x.kpi.yaml:9:3: warning: old only [invalid-values] (base: main)',
        'x.kpi.yaml:7:3: warning: new only [invalid-values] (head: working tree)',
      ],
    );
  });
});

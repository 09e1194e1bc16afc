// How the sample's changes read in every human format of `kpilens run` (DSL.md, JSON output):
// churn and repurchase rate (percent) in percentage points, the NPS (a score) in points, revenue
// (currency) as a percent; English figures with digit groups. Real DuckDB on samples/; the
// expected figures are worked out by hand from the JSON values (comments).
import { strict as assert } from 'assert';
import { runCli } from '../helpers';
import type { RunResult } from '../../../src/core/report/resultModel';

const SAMPLE = 'samples/loyalty.kpi.yaml';

describe("kpilens run: the sample's changes in points and percents", function () {
  this.timeout(120000);

  it('JSON: delta = value − previous beside the relative change', async () => {
    const run = await runCli(['run', SAMPLE, '--format', 'json', '--kpi', 'churn_rate', 'nps']);
    assert.equal(run.code, 0, run.err);
    const result = JSON.parse(run.out) as RunResult;
    const latest = (name: string) => {
      const rows =
        result.kpis.find((k) => k.name === name)?.rows.filter((r) => Object.keys(r.segment).length === 0) ?? [];
      return rows[rows.length - 1];
    };
    const churn = latest('churn_rate');
    // 2025-12: 0.0503394 − 0.0400930 = 0.0102464 (1.02 points), where change = 0.0102464 / 0.0400930 = 0.2556.
    assert.ok(churn.value !== null && churn.previous !== null);
    assert.ok(Math.abs((churn.delta ?? NaN) - 0.0102464) < 1e-6, String(churn.delta));
    assert.ok(Math.abs((churn.change ?? NaN) - 0.2556) < 1e-4, String(churn.change));
    const nps = latest('nps');
    // 2025-Q4 vs 2024-Q4: 31.0448 − 29.1262 = 1.9186 points; change 1.9186 / 29.1262 = 0.0659.
    assert.ok(Math.abs((nps.delta ?? NaN) - 1.9186) < 1e-4, String(nps.delta));
    assert.ok(Math.abs((nps.change ?? NaN) - 0.0659) < 1e-4, String(nps.change));
  });

  it('table: ▲1 pp for churn, ▲2.6 pp for repurchase, ▲1.9 for the NPS, ▲22.5 % for revenue', async () => {
    const run = await runCli(['run', SAMPLE]);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    // Revenue 2025-12: 219602.53 EUR, (219602.53 − 179200.71) / 179200.71 = 0.2255 → ▲22.5 %.
    assert.ok(
      lines.some((l) => l.startsWith('2025-12  219,602.53 EUR ▲22.5 %  20,961.29 EUR ▲16 %')),
      run.out.slice(0, 1500),
    );
    // Repurchase rate 57.9 % vs 55.3 %: +2.6 points (the relative change was ▲4.8 %).
    assert.ok(lines.includes('2025-12  57.9 % [55.3 % – 60.4 %] ▲2.6 pp n.s.'), run.out);
    // NPS 2025-Q4 31.0 vs 29.1 a year before: ▲1.9; the free plan 21.9 vs 9.4: ▲12.5 (was ▲131.5 %).
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          '2025-Q4  31 [23.1 – 39] ▲1.9 n.s. ✓  59.4 [40.3 – 78.5] ▼6.3 n.s. ✓  21.9 [7 – 36.9] ▲12.5 n.s. ✗',
        ),
      ),
      run.out,
    );
    // Churn 5.0 % vs 4.0 %: ▲1 pp (was ▲25.6 %).
    assert.ok(
      lines.some((l) => l.startsWith('2025-12  5 % [4.1 % – 6.2 %] ▲1 pp n.s. ✗  0 % [0 % – 1.9 %] ▼3.7 pp sig. ✓')),
      run.out,
    );
    // Orders: a count, grouped digits, relative change.
    assert.ok(
      lines.some((l) => l.startsWith('2025-12  3,226 ▲17.2 %')),
      run.out,
    );
  });

  it('Markdown: the same changes in the summaries', async () => {
    const run = await runCli(['run', SAMPLE, '--format', 'md']);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.ok(lines.includes('Latest (2025-12): **219,602.53 EUR** ▲22.5 % vs previous period'), run.out);
    assert.ok(
      lines.includes(
        'Latest (2025-Q4): **31** ▲1.9 vs a year ago, not significant (p = 0.75) · 95 % CI 23.1 – 39 · target ≥ 30 ✅',
      ),
      run.out,
    );
    assert.ok(
      lines.includes(
        'Latest (2025-12): **5 %** ▲1 pp vs previous period, not significant (p = 0.15) · 95 % CI 4.1 % – 6.2 % · target ≤ 5 % ❌',
      ),
      run.out,
    );
  });
});

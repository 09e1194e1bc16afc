// The bench's expert baseline (scripts/bench/expert.ts) against `kpilens run` on the sample
// data: the hand-written SQL and the engine give the same rows (kpi, period, segment, day)
// with the same value and previous, all 404 of bench.kpi.yaml — what `npm run bench` checks at
// 1M and 10M rows — and the comparison does notice a changed number or a missing row.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';
import type { RunResult } from '../../../src/core/report/resultModel';
import { compareWithExpert } from '../../../scripts/bench/compareRows';
import type { ExpertRow } from '../../../scripts/bench/expert';
import { REPO_ROOT, runCli } from '../helpers';

describe('bench: the expert baseline equals kpilens on the sample', function () {
  this.timeout(120000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-expert-'));
    fs.cpSync(path.join(REPO_ROOT, 'samples', 'data'), path.join(dir, 'data'), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, 'scripts', 'bench', 'bench.kpi.yaml'), path.join(dir, 'bench.kpi.yaml'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('every row, value and previous; a changed value or a missing row is a mismatch', async () => {
    const out = path.join(dir, 'result.json');
    const cli = await runCli(['run', path.join(dir, 'bench.kpi.yaml'), '--format', 'json', '--out', out], dir);
    assert.ok(cli.code === 0 || cli.code === 1, cli.err);
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as RunResult;
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(REPO_ROOT, 'out', 'scripts', 'bench', 'expert.js'),
      path.join(dir, 'data'),
    ]);
    const expert = JSON.parse(stdout) as { asOf: string; rows: ExpertRow[] };
    // 12 months × (revenue 1 + 4 channels + 4 plans = 9, paid purchases 5, basket 5, active 1,
    // per active 1, repurchase 1, csat 1, churn 1 + 4 plans = 5, retention 1, new 1) = 12 × 30 = 360,
    // NPS 4 quarters × (1 + 4 plans) = 20, cohorts 12 months × 2 days = 24 → 404.
    assert.equal(expert.rows.length, 404);
    const same = compareWithExpert(result, expert);
    assert.deepEqual(same.mismatches, []);
    assert.equal(same.rows, 404);
    // The check is not vacuous: one value off by 0.01 and one row dropped are both reported.
    const changed = expert.rows.map((r): ExpertRow =>
      r[0] === 'revenue' && r[1] === '2025-12' && r[2] === '' ? [r[0], r[1], r[2], r[3], (r[4] ?? 0) + 0.01, r[5]] : r,
    );
    assert.deepEqual(
      compareWithExpert(result, { asOf: expert.asOf, rows: changed }).mismatches.map((m) => m.split(':')[0]),
      ['revenue|2025-12||'],
    );
    const dropped = expert.rows.filter((r) => !(r[0] === 'nps' && r[1] === '2025-Q4' && r[2] === 'plan=free'));
    assert.deepEqual(
      compareWithExpert(result, { asOf: expert.asOf, rows: dropped }).mismatches.map((m) => m.split(':')[0]),
      ['nps|2025-Q4|plan=free|'],
    );
  });
});

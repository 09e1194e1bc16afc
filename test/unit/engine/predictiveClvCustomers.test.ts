// `kpilens run --customers` on the predictive clv fixture (test/fixtures/clv; its customers'
// summary is worked out by hand in predictiveClv.test.ts): one CSV row per customer with the
// summary and the scores, the one predictive clv found without --kpi, and a usage error
// without exactly one.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { DIR, PREDICTIVE, spec } from './predictiveClvFixture';

describe('kpilens run --customers', function () {
  this.timeout(60000);
  let dir: string;
  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t), cwd: dir };
    const code = await main(args, io);
    return { code, out, err };
  };
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-customers-'));
    fs.cpSync(path.join(DIR, 'data'), path.join(dir, 'data'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'clv.kpi.yaml'),
      spec(...PREDICTIVE, '  orders_n:', '    type: count', '    source: orders', '    period: monthly'),
    );
    fs.writeFileSync(
      path.join(dir, 'two.kpi.yaml'),
      spec(...PREDICTIVE, ...PREDICTIVE.map((l) => l.replace('  clv:', '  clv2:'))),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one row per customer with the summary and the scores', async () => {
    const r = await cli(['run', 'clv.kpi.yaml', '--kpi', 'clv', '--customers', 'out/scores.csv']);
    assert.equal(r.code, 0, r.err);
    const rows = fs
      .readFileSync(path.join(dir, 'out', 'scores.csv'), 'utf8')
      .trim()
      .split('\n');
    assert.equal(
      rows[0],
      'customer,frequency,recency_days,t_days,monetary,expected_purchases,probability_alive,expected_spend,clv',
    );
    assert.equal(rows.length, 13);
    assert.ok(rows[1].startsWith('c01,2,135,176,27.5,'));
    const cells = rows[6].split(',');
    assert.equal(cells.slice(0, 5).join(','), 'c06,4,150,179,9.25');
    assert.ok(cells.slice(5).every((c) => Number.isFinite(Number(c)) && c !== ''));
    assert.match(r.err, /wrote out\/scores\.csv \(12 customers of KPI 'clv'\)/);
  });

  it('finds the one predictive clv without --kpi', async () => {
    const r = await cli(['run', 'clv.kpi.yaml', '--customers', 'all.csv']);
    assert.equal(r.code, 0, r.err);
    assert.ok(fs.existsSync(path.join(dir, 'all.csv')));
  });

  it('is a usage error (exit 2) without exactly one predictive clv KPI', async () => {
    const none = await cli(['run', 'clv.kpi.yaml', '--kpi', 'orders_n', '--customers', 'x.csv']);
    assert.equal(none.code, 2);
    assert.match(none.err, /--customers needs a predictive clv KPI among the KPIs run; add --kpi clv/);
    const two = await cli(['run', 'two.kpi.yaml', '--customers', 'x.csv']);
    assert.equal(two.code, 2);
    assert.match(two.err, /2 are run \(clv, clv2\): choose one with --kpi/);
    assert.ok(!fs.existsSync(path.join(dir, 'x.csv')));
  });
});

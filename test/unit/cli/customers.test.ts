// `kpilens customers` on test/fixtures/scores (as_of 2025-03-31; the RFM groups and tenure bands
// of its customers are computed by hand in test/unit/engine/scoreSegments.test.ts), and privacy:
// customer keys reach only what the user asks for — `kpilens customers`, `diff --customer-sample`
// — never `run`'s JSON or HTML export, nor a diff by default (SECURITY.md).
import { strict as assert } from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURES, runCli } from '../helpers';
import { parseViewMessage } from '../../../src/core/report/viewProtocol';

const DIR = path.join(FIXTURES, 'scores');

interface Listed {
  kpi: string;
  at: string;
  segment: { segment?: string; value: string } | null;
  customers: { customer: string; clv: number | null; segments: Record<string, string | null> }[];
}

describe('kpilens customers', function () {
  this.timeout(60000);

  it('lists a segment’s customers with their scores, sorted by CLV, as JSON', async () => {
    const r = await runCli(
      ['customers', 'customers.kpi.yaml', '--segment', 'hibernating', '--format', 'json', '--no-cache'],
      DIR,
    );
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out) as Listed;
    assert.equal(out.kpi, 'clv');
    assert.equal(out.at, '2025-03-31');
    assert.deepEqual(out.segment, { value: 'hibernating' });
    // hibernating at 03-31: c04 (R1 F2), c09 (R2 F1), c11 (R1 F2); tenure c04 9 months, c09 2, c11 10.
    const byKey = Object.fromEntries(out.customers.map((c) => [c.customer, c.segments]));
    assert.deepEqual(byKey, {
      c04: { rfm_group: 'hibernating', tenure: '06-12m' },
      c09: { rfm_group: 'hibernating', tenure: '00-03m' },
      c11: { rfm_group: 'hibernating', tenure: '06-12m' },
    });
    const clv = out.customers.map((c) => c.clv as number);
    assert.deepEqual(
      clv,
      [...clv].sort((a, b) => b - a),
      'highest CLV first',
    );
  });

  it('CSV with one column per score segment; --segment NAME=VALUE; --out writes atomically', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-customers-'));
    try {
      const out = path.join(dir, 'at_risk.csv');
      const r = await runCli(
        ['customers', 'customers.kpi.yaml', '--segment', 'rfm_group=at_risk', '--out', out, '--no-cache'],
        DIR,
      );
      assert.equal(r.code, 0, r.err);
      const text = fs.readFileSync(out, 'utf8');
      const [head, ...rows] = text.trimEnd().split('\n');
      assert.equal(
        head,
        'customer,frequency,recency_days,t_days,monetary,expected_purchases,probability_alive,expected_spend,clv,rfm_group,tenure',
      );
      // at_risk: c03 only (R2 F3): 2 repeat days, 76 days from first to last, T 120, 500 a repeat day; 3 months.
      assert.equal(rows.length, 1);
      assert.match(rows[0], /^c03,2,76,120,500,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,at_risk,03-06m$/);
      assert.deepEqual(fs.readdirSync(dir), ['at_risk.csv'], 'no temporary file left');
      assert.match(r.err, /1 customers of KPI 'clv' at 2025-03-31/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('wrong usage exits 2: an unknown segment, a misspelt group, a KPI that is not a predictive clv', async () => {
    const typo = await runCli(['customers', 'customers.kpi.yaml', '--segment', 'rfm_group=at_rsk'], DIR);
    assert.equal(typo.code, 2);
    assert.match(typo.err, /'at_rsk' is not an RFM group .*did you mean 'at_risk'\?/);
    const seg = await runCli(['customers', 'customers.kpi.yaml', '--segment', 'rfm_grup=lost'], DIR);
    assert.equal(seg.code, 2);
    assert.match(seg.err, /'rfm_grup' is not a score segment of customers\.kpi\.yaml; did you mean 'rfm_group'\?/);
    const kpi = await runCli(['customers', 'customers.kpi.yaml', '--kpi', 'orders_count'], DIR);
    assert.equal(kpi.code, 2);
    assert.match(kpi.err, /KPI 'orders_count' is not a predictive clv/);
    const format = await runCli(['customers', 'customers.kpi.yaml', '--format', 'xml'], DIR);
    assert.equal(format.code, 2);
    // A value without its segment's name matching no value of any score segment: before, an
    // empty list and exit 0.
    const value = await runCli(['customers', 'customers.kpi.yaml', '--segment', 'champion', '--no-cache'], DIR);
    assert.equal(value.code, 2);
    assert.equal(value.out, '');
    assert.match(
      value.err,
      /--segment: 'champion' is no value of the score segments at \d{4}-\d{2}-\d{2} \(.*\); did you mean 'champions'\?/,
    );
  });
});

describe('privacy: customer keys leave only by an explicit command', function () {
  this.timeout(120000);
  let dir: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

  before(() => {
    // The fixture with keys no report text could hold by chance: c01 → KEYSECRET01.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-privacy-'));
    fs.mkdirSync(path.join(dir, 'data'));
    const orders = fs.readFileSync(path.join(DIR, 'data', 'orders.csv'), 'utf8').replace(/,c(\d\d),/g, ',KEYSECRET$1,');
    fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), orders);
    fs.copyFileSync(path.join(DIR, 'customers.kpi.yaml'), path.join(dir, 'shop.kpi.yaml'));
    git('init', '-q');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'base');
    // The head counts only orders above 20: rows leave the count, each with its customer.
    fs.writeFileSync(
      path.join(dir, 'shop.kpi.yaml'),
      fs
        .readFileSync(path.join(dir, 'shop.kpi.yaml'), 'utf8')
        .replace('    source: orders\n', '    source: orders\n    where: amount > 20\n'),
    );
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('run --format json and the HTML export carry aggregates only', async () => {
    for (const format of ['json', 'html']) {
      const r = await runCli(['run', 'shop.kpi.yaml', '--format', format, '--no-cache'], dir);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /champions/, `${format}: the score segments are in the report`);
      assert.doesNotMatch(r.out, /KEYSECRET/, `${format}: no customer key`);
    }
  });

  it('a diff (JSON, markdown) carries no customer key unless --customer-sample asks', async () => {
    for (const format of ['json', 'md']) {
      const r = await runCli(['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', format], dir);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /orders_count/);
      assert.doesNotMatch(r.out, /KEYSECRET/, `${format}: no customer key`);
    }
    const asked = await runCli(
      ['diff', 'shop.kpi.yaml', '--base', 'HEAD', '--format', 'json', '--customer-sample'],
      dir,
    );
    assert.equal(asked.code, 0, asked.err);
    // Orders of 20 or less leave: c02 (20), c04 (10, 10), c09 (15), c11 (5) — the first five keys shown.
    assert.match(asked.out, /KEYSECRET02/);
  });

  it('kpilens customers writes them, as asked', async () => {
    const r = await runCli(['customers', 'shop.kpi.yaml', '--no-cache'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^KEYSECRET\d\d,/m);
  });
});

describe('the report view’s link to the customers of a score segment value', () => {
  it('the view’s message is parsed strictly: two short texts, nothing else', () => {
    assert.deepEqual(parseViewMessage({ type: 'listCustomers', segment: 'rfm_group', value: 'at_risk', x: 1 }), {
      type: 'listCustomers',
      segment: 'rfm_group',
      value: 'at_risk',
    });
    for (const bad of [
      { type: 'listCustomers', segment: 'rfm_group' },
      { type: 'listCustomers', segment: '', value: 'at_risk' },
      { type: 'listCustomers', segment: 'rfm_group', value: 'x'.repeat(201) },
      { type: 'listCustomers', segment: 3, value: 'at_risk' },
    ])
      assert.equal(parseViewMessage(bad), undefined, JSON.stringify(bad));
  });
});

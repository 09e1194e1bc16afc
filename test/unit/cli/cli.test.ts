// The `kpilens` command line as users run it: output lines, exit codes (0 ok, 1 errors in
// specs, 2 wrong usage), no stack trace for bad input, JSON output and the KPI listing.
import { strict as assert } from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { REPO_ROOT, SHOP, runCli } from '../helpers';

const run = runCli;

const BROKEN = [
  'kpilens: 1',
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  '    key: customer_id',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'kpis:',
  '  revenue:',
  '    type: sum',
  '    source: orders',
  '    column: amout',
  '    period: monthly',
  '',
].join('\n');

describe('kpilens CLI', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-cli-'));
    fs.cpSync(path.join(SHOP, 'data'), path.join(dir, 'data'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'broken.kpi.yaml'), BROKEN);
    fs.writeFileSync(path.join(dir, 'syntax.kpi.yml'), 'kpilens: 1\nkpis: [\n');
    fs.mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'node_modules', 'x', 'ignored.kpi.yaml'), 'nonsense: [');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('check on the sample file exits 0 and prints no problem', async () => {
    const r = await run(['check', 'samples/loyalty.kpi.yaml']);
    assert.equal(r.out, '');
    assert.equal(r.code, 0);
    assert.match(r.err, /checked 1 file: 0 errors, 0 warnings/);
  });

  it('check on a broken file prints path:line:column: error: message [code] and exits 1', async () => {
    const r = await run(['check', 'broken.kpi.yaml'], dir);
    assert.equal(r.code, 1);
    assert.equal(
      r.out,
      "broken.kpi.yaml:13:13: error: column 'amout' is not in source 'orders' (data/orders.csv), read by KPI 'revenue'; did you mean 'amount'? [unknown-column]\n",
    );
  });

  it('check with no path finds every KPI file under the folder (not node_modules)', async () => {
    const r = await run(['check'], dir);
    assert.equal(r.code, 1);
    const files = r.out
      .trim()
      .split('\n')
      .map((l) => l.split(':')[0]);
    assert.deepEqual([...new Set(files)], ['broken.kpi.yaml', 'syntax.kpi.yml']);
    assert.match(r.out, /^syntax\.kpi\.yml:3:1: error: YAML syntax: .* \[yaml-syntax\]$/m);
    assert.match(r.err, /checked 2 files: 2 errors, 0 warnings/);
  });

  it('check --format json gives positions, severities and codes', async () => {
    const r = await run(['check', '--format', 'json', 'broken.kpi.yaml'], dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out) as { diagnostics: Record<string, unknown>[] };
    assert.deepEqual(
      json.diagnostics.map((d) => [d.file, d.line, d.column, d.end_line, d.end_column, d.severity, d.code]),
      [['broken.kpi.yaml', 13, 13, 13, 18, 'error', 'unknown-column']],
    );
  });

  it('wrong usage exits 2 with a message: unknown command, unknown option, missing path, bad format', async () => {
    for (const args of [
      ['frobnicate'],
      ['check', '--nope'],
      ['check', 'does-not-exist.kpi.yaml'],
      ['check', '--format', 'xml', 'broken.kpi.yaml'],
      ['list'],
    ]) {
      const r = await run(args, dir);
      assert.equal(r.code, 2, args.join(' '));
      assert.ok(r.err.length > 0, args.join(' '));
      assert.doesNotMatch(r.err, /\n\s+at /, args.join(' '));
    }
  });

  it('a folder without KPI files is wrong usage', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-empty-'));
    try {
      const r = await run(['check'], empty);
      assert.equal(r.code, 2);
      assert.match(r.err, /no KPI files/);
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });

  it('--version and --help exit 0', async () => {
    const v = await run(['--version']);
    assert.equal(v.code, 0);
    assert.match(v.out, /^\d+\.\d+\.\d+\n$/);
    const h = await run(['--help']);
    assert.equal(h.code, 0);
    assert.match(h.out, /check \[options\] \[paths\.\.\.\]/);
  });

  it('list prints every KPI of the sample with its type, inputs, period, segments and target', async () => {
    const r = await run(['list', 'samples/loyalty.kpi.yaml']);
    assert.equal(r.code, 0);
    const row = (name: string) =>
      r.out
        .split('\n')
        .find((l) => l.startsWith(name + ' '))
        ?.split(/\s{2,}/);
    assert.deepEqual(row('nps'), ['nps', 'nps', 'survey.nps_score', 'quarterly', 'plan', '≥ 30']);
    assert.deepEqual(row('churn_rate'), ['churn_rate', 'churn', 'customers', 'monthly', 'plan', '≤ 5 %']);
    assert.deepEqual(row('average_basket'), [
      'average_basket',
      'ratio',
      'revenue, orders',
      'monthly',
      'channel',
      '≥ 45 EUR',
    ]);
    assert.match(r.out, /^Customer loyalty — 11 KPIs/);
  });

  it('list --format json carries the definitions', async () => {
    const r = await run(['list', '--format', 'json', 'samples/loyalty.kpi.yaml']);
    const json = JSON.parse(r.out) as { kpis: { name: string; definition: string; segments: string[] }[] };
    assert.equal(json.kpis.length, 11);
    const nps = json.kpis.find((k) => k.name === 'nps');
    assert.match(nps?.definition ?? '', /100 × \(#responses ≥ 9 − #responses ≤ 6\) \/ #valid responses/);
    assert.deepEqual(nps?.segments, ['plan']);
  });

  it('the installed command (bin/kpilens.js) gives real exit codes and never a stack trace', () => {
    const bin = path.join(REPO_ROOT, 'bin', 'kpilens.js');
    assert.ok(
      fs.existsSync(path.join(REPO_ROOT, 'dist', 'cli.js')),
      'dist/cli.js is built by `npm run build` before the tests',
    );
    const ok = spawnSync(process.execPath, [bin, 'check', path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml')], {
      encoding: 'utf8',
    });
    assert.equal(ok.status, 0, ok.stderr);
    const bad = spawnSync(process.execPath, [bin, 'check', 'broken.kpi.yaml'], { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /^broken\.kpi\.yaml:13:13: error: .* \[unknown-column\]$/m);
    const usage = spawnSync(process.execPath, [bin, 'nope'], { encoding: 'utf8' });
    assert.equal(usage.status, 2);
    for (const r of [ok, bad, usage]) assert.doesNotMatch(r.stderr + r.stdout, /\n\s+at /);
  });

  it('a reader that stops reading (`kpilens check | head -1`) ends it quietly, without an EPIPE stack trace', () => {
    // 400 KPIs naming a column the data lacks: 400 lines, well over a pipe's 64 KB buffer.
    const kpis = Array.from({ length: 400 }, (_, i) => `  k${i}: { type: sum, source: orders, column: amout_${i} }`);
    fs.writeFileSync(
      path.join(dir, 'many.kpi.yaml'),
      [
        'kpilens: 1',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date }',
        'periods:',
        '  monthly: { grain: month, last: 3 }',
        'defaults: { period: monthly }',
        'kpis:',
        ...kpis,
        '',
      ].join('\n'),
    );
    const bin = path.join(REPO_ROOT, 'bin', 'kpilens.js');
    const r = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" check many.kpi.yaml | head -c 100 > /dev/null`], {
      cwd: dir,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0);
    assert.doesNotMatch(r.stderr, /EPIPE|\n\s+at /);
  });

  it('a key holding control characters is printed escaped: no terminal colour, no fake diagnostic line', async () => {
    fs.writeFileSync(
      path.join(dir, 'ctrl.kpi.yaml'),
      'kpilens: 1\n"\\e[31mRED\\e[0m": 1\n"x\\nctrl.kpi.yaml:1:1: error: fake [fake]": 1\n',
    );
    const r = await run(['check', 'ctrl.kpi.yaml'], dir);
    assert.equal(r.code, 1);
    assert.ok(!r.out.includes(String.fromCharCode(0x1b)), r.out);
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.out);
    assert.match(lines[0], /^ctrl\.kpi\.yaml:2:1: error: unknown key '\\u\{1b\}\[31mRED\\u\{1b\}\[0m'/);
    assert.match(lines[1], /^ctrl\.kpi\.yaml:3:1: error: unknown key 'x\\nctrl\.kpi\.yaml:1:1: error: fake \[fake\]'/);
  });

  it('a folder given as a KPI file is wrong usage, with the reason', async () => {
    fs.mkdirSync(path.join(dir, 'folder.kpi.yaml'), { recursive: true });
    const r = await run(['list', 'folder.kpi.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^kpilens: cannot read folder\.kpi\.yaml: EISDIR/);
  });

  it('a bug prints one "internal error" line and exits 2', async () => {
    // The output stream failing under the command is not the user's doing: an internal error.
    let err = '';
    const io: CliIo = {
      out: () => {
        throw new Error('stream closed');
      },
      err: (t) => (err += t),
      cwd: REPO_ROOT,
    };
    const code = await main(['list', 'samples/loyalty.kpi.yaml'], io);
    assert.equal(code, 2);
    assert.equal(err, 'kpilens: internal error: stream closed (please report it)\n');
  });

  describe('run', function () {
    this.timeout(60000);
    const SAMPLE = 'samples/loyalty.kpi.yaml';

    it('--format json follows the contract: as_of, kpis with rows, diagnostics', async () => {
      const r = await run(['run', SAMPLE, '--format', 'json', '--kpi', 'orders', 'nps']);
      assert.equal(r.code, 0, r.err);
      const json = JSON.parse(r.out) as {
        as_of: string;
        kpis: {
          name: string;
          title: string;
          type: string;
          format: string;
          period: string;
          target: unknown;
          rows: Record<string, unknown>[];
        }[];
        diagnostics: Record<string, unknown>[];
      };
      // The contract's keys, then the additive stamp (which spec text and data files).
      assert.deepEqual(
        Object.keys(json).filter((k) => k !== 'title'),
        ['as_of', 'kpis', 'diagnostics', 'stamp'],
      );
      assert.match(
        JSON.stringify((json as unknown as { stamp: unknown }).stamp),
        /^\{"spec":"[0-9a-f]{12}","data":"[0-9a-f]{12}","files":4\}$/,
      );
      assert.equal(json.as_of, '2025-12-31');
      assert.deepEqual(
        json.kpis.map((k) => k.name),
        ['orders', 'nps'],
      );
      const orders = json.kpis[0];
      assert.deepEqual(Object.keys(orders).slice(0, 7), [
        'name',
        'title',
        'type',
        'format',
        'period',
        'target',
        'rows',
      ]);
      assert.deepEqual(Object.keys(orders.rows[0]), [
        'period',
        'segment',
        'value',
        'previous',
        'change',
        'delta',
        'status',
      ]);
      // delta = value − previous on every row (null where either is null).
      for (const r of orders.rows)
        assert.equal(
          r.delta,
          typeof r.value === 'number' && typeof r.previous === 'number' ? r.value - r.previous : null,
        );
      // 12 monthly periods × (whole + 4 channels), oldest first.
      assert.equal(orders.rows.length, 12 * 5);
      assert.equal(orders.rows[0].period, '2025-01');
      assert.deepEqual(orders.rows[0].segment, {});
      assert.equal(orders.rows[orders.rows.length - 1].period, '2025-12');
      const nps = json.kpis[1];
      assert.deepEqual(nps.target, { min: 30 });
      // The contract's row keys, then the additive uncertainty of a share or NPS.
      assert.deepEqual(Object.keys(nps.rows[nps.rows.length - 1]), [
        'period',
        'segment',
        'value',
        'previous',
        'change',
        'delta',
        'status',
        'n',
        'ci_low',
        'ci_high',
        'below_min_sample',
        'previous_n',
        'p_value',
        'significant',
      ]);
      assert.deepEqual([...new Set(nps.rows.map((x) => x.period))], ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']);
      assert.ok(nps.rows.every((x) => x.status === 'met' || x.status === 'missed' || x.value === null));
      // The invalid NPS answers of the sample data are reported, with the contract's shape.
      const warning = json.diagnostics.find((d) => d.code === 'invalid-values');
      assert.ok(warning);
      assert.deepEqual(Object.keys(warning), ['file', 'line', 'column', 'severity', 'message', 'code']);
    });

    it('--as-of moves "today": the last complete month follows it', async () => {
      const r = await run(['run', SAMPLE, '--format', 'json', '--kpi', 'orders', '--as-of', '2025-06-15']);
      const json = JSON.parse(r.out) as { as_of: string; kpis: { rows: { period: string }[] }[] };
      assert.equal(json.as_of, '2025-06-15');
      assert.deepEqual(
        [json.kpis[0].rows[0].period, json.kpis[0].rows[json.kpis[0].rows.length - 1].period],
        ['2024-06', '2025-05'],
      );
    });

    it('csv, md and html formats; --out writes the file and nothing is left beside it', async () => {
      const csv = await run(['run', SAMPLE, '--format', 'csv', '--kpi', 'orders']);
      assert.equal(
        csv.out.split('\r\n')[0],
        'kpi,title,type,format,period,segment,segment_value,day,step,value,previous,change,status,n,ci_low,ci_high,below_min_sample,p_value,significant,delta,compare,compare_2,previous_2,change_2,delta_2,p_value_2,significant_2',
      );
      const md = await run(['run', SAMPLE, '--format', 'md', '--kpi', 'retention_30_60_90']);
      assert.match(md.out, /\| Cohort \| D30 \| D60 \| D90 \|/);
      const out = path.join(dir, 'reports', 'loyalty.html');
      const html = await run(['run', path.join(REPO_ROOT, SAMPLE), '--format', 'html', '--out', out], dir);
      assert.equal(html.code, 0);
      assert.equal(html.out, '');
      const written = fs.readFileSync(out, 'utf8');
      assert.match(written, /^<!DOCTYPE html>/i);
      assert.match(written, /Content-Security-Policy/);
      assert.deepEqual(fs.readdirSync(path.dirname(out)), ['loyalty.html']);
    });

    it('keeps Parquet copies of the data in .kpilens/cache next to the file (git-ignored); --no-cache reads the files', async () => {
      const copy = path.join(dir, 'cached');
      fs.cpSync(path.join(REPO_ROOT, 'samples'), copy, { recursive: true });
      fs.rmSync(path.join(copy, '.kpilens'), { recursive: true, force: true });
      const plain = await run(['run', 'loyalty.kpi.yaml', '--format', 'json', '--kpi', 'orders', '--no-cache'], copy);
      assert.equal(plain.code, 0);
      assert.equal(fs.existsSync(path.join(copy, '.kpilens')), false, '--no-cache writes nothing');
      const cached = await run(['run', 'loyalty.kpi.yaml', '--format', 'json', '--kpi', 'orders'], copy);
      assert.equal(cached.code, 0);
      const cache = path.join(copy, '.kpilens', 'cache');
      assert.deepEqual(fs.readFileSync(path.join(cache, '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
      // Every source of the file is read (as_of comes from all of them): one copy each.
      assert.equal(fs.readdirSync(cache).filter((f) => f.endsWith('.parquet')).length, 4);
      // Counts are exact either way.
      assert.deepEqual(JSON.parse(cached.out).kpis, JSON.parse(plain.out).kpis);
    });

    it('wrong usage exits 2: unknown KPI (with did-you-mean), bad --as-of, unknown format, missing file', async () => {
      const unknown = await run(['run', SAMPLE, '--kpi', 'nsp']);
      assert.equal(unknown.code, 2);
      assert.match(unknown.err, /--kpi 'nsp' is not a KPI of samples\/loyalty\.kpi\.yaml; did you mean 'nps'\?/);
      assert.equal((await run(['run', SAMPLE, '--as-of', '2025-02-30'])).code, 2);
      assert.equal((await run(['run', SAMPLE, '--format', 'pdf'])).code, 2);
      assert.equal((await run(['run', 'nope.kpi.yaml'])).code, 2);
    });

    it('a spec with errors exits 1, evaluates the KPIs it can, and lists the errors', async () => {
      const r = await run(['run', 'broken.kpi.yaml', '--format', 'json'], dir);
      assert.equal(r.code, 1);
      const json = JSON.parse(r.out) as { kpis: unknown[]; diagnostics: { code: string; line: number }[] };
      assert.deepEqual(json.kpis, []);
      assert.deepEqual(
        json.diagnostics.map((d) => [d.line, d.code]),
        [[13, 'unknown-column']],
      );
    });
  });
});

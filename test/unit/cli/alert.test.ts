// `kpilens alert` (issue 24 item 8) on a small survey whose figures are worked out by hand:
// the markdown summary, the exit codes, the Slack and Teams bodies, and the POST to a real
// HTTP server on 127.0.0.1 (it answers one request and closes; the test ends by itself).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import * as os from 'os';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { lines, runCli } from '../helpers';
import { main } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

// responses.csv: February 2026, 10 answers of 10 (promoters); March 2026, 10 answers of 0
// (detractors). NPS February = 100 × (10 − 0) / 10 = 100; March = 100 × (0 − 10) / 10 = −100:
// target ≥ 0 missed, change −200 points (two samples of 10 with nothing in common: significant).
// answers (count) in March = 10 < target 100: missed; a count has no change test: no change alert.
// Latest answered_at 2026-03-10; --now 2026-04-02: 23 days > warn_after 2d, ≤ error_after 30d: a warning.
const ROWS = [
  ...Array.from({ length: 10 }, (_, i) => `r${i + 1},2026-02-${String(i + 1).padStart(2, '0')},10`),
  ...Array.from({ length: 10 }, (_, i) => `r${i + 11},2026-03-${String(i + 1).padStart(2, '0')},0`),
];
const SPEC = lines(
  'kpilens: 1',
  'as_of: 2026-03-31',
  'sources:',
  '  responses:',
  '    file: responses.csv',
  '    time: answered_at',
  '    freshness: { warn_after: 2d, error_after: 30d }',
  'periods:',
  '  m: { grain: month, last: 2 }',
  'kpis:',
  '  nps: { type: nps, title: NPS, source: responses, column: score, period: m, min_sample: 5, target: { min: 0 } }',
  '  answers: { type: count, title: Answers, source: responses, period: m, target: { min: 100 } }',
);

describe('kpilens alert', function () {
  this.timeout(120000);
  let root: string;
  let dir: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-alert-'));
    dir = path.join(root, 'main');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'responses.csv'), lines('response_id,answered_at,score', ...ROWS));
    fs.writeFileSync(path.join(dir, 'survey.kpi.yaml'), SPEC);
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('prints the markdown summary of the targets missed, significant changes and stale sources; exit 1', async () => {
    const r = await runCli(['alert', '--now', '2026-04-02'], dir);
    assert.equal(r.code, 1, r.err);
    assert.equal(
      r.out,
      lines(
        '# KPI Lens: 4 alerts',
        '',
        '## survey.kpi.yaml · as of 2026-03-31',
        '',
        '### Targets missed',
        '',
        // NPS −100 with its (degenerate) interval: every March answer is a detractor.
        '- ✗ NPS (nps): -100 \\[-100 – -100\\] (2026-03) · ▼200 vs 2026-02, significant · target ≥ 0 ✗',
        // 10 answers in February and in March: ±0 %.
        '- ✗ Answers (answers): 10 (2026-03) · ±0 % vs 2026-02 · target ≥ 100 ✗',
        '',
        '### Significant changes',
        '',
        '- ⚠ NPS (nps): -100 \\[-100 – -100\\] (2026-03) · ▼200 vs 2026-02, significant · target ≥ 0 ✗ — worse',
        '',
        '### Stale sources',
        '',
        "- ⚠ source 'responses' is stale: its latest 'answered_at' is 2026-03-10, 23 days before 2026-04-02 (more than warn_after: 2 days)",
      ),
    );
  });

  it('speaks French with --locale fr (the webhook body too); the machine parts stay the same', async () => {
    const r = await runCli(['--locale', 'fr', 'alert', '--now', '2026-04-02'], dir);
    assert.equal(r.code, 1);
    const lines = r.out.split('\n');
    assert.equal(lines[0], '# KPI Lens\u00a0: 4 alertes');
    assert.ok(lines.includes('### Objectifs manqués'), r.out);
    assert.ok(lines.includes('### Évolutions significatives'), r.out);
    assert.ok(lines.includes('### Sources périmées'), r.out);
    const body = await runCli(['--locale', 'fr', 'alert', '--now', '2026-04-02', '--dry-run'], dir);
    assert.equal((JSON.parse(body.out) as { text: string }).text, 'KPI Lens\u00a0: 4 alertes');
  });

  it('no alert: exit 0; a fresh source is not an alert (exactly warn_after)', async () => {
    // --now 2026-03-12: 2 days after 2026-03-10 = warn_after: fresh. Targets lowered so both are met.
    const quiet = path.join(root, 'quiet');
    fs.mkdirSync(quiet, { recursive: true });
    fs.copyFileSync(path.join(dir, 'responses.csv'), path.join(quiet, 'responses.csv'));
    fs.writeFileSync(
      path.join(quiet, 'q.kpi.yaml'),
      SPEC.replace('target: { min: 100 }', 'target: { min: 10 }').replace(/ {2}nps: .*\n/, ''),
    );
    const r = await runCli(['alert', '--now', '2026-03-12'], quiet);
    assert.equal(r.code, 0, r.out + r.err);
    assert.equal(
      r.out,
      lines('# KPI Lens: no alert', '', '## q.kpi.yaml · as of 2026-03-31', '', 'No alert (1 KPI checked).'),
    );
  });

  it('--dry-run prints the Slack body (and the Teams one), posting nothing', async () => {
    const slack = await runCli(['alert', '--now', '2026-04-02', '--dry-run', '--webhook', 'http://127.0.0.1:9/x'], dir);
    assert.equal(slack.code, 1);
    const body = JSON.parse(slack.out) as { text: string; blocks: { type: string; text: { text: string } }[] };
    assert.equal(body.text, 'KPI Lens: 4 alerts');
    assert.deepEqual(
      body.blocks.map((b) => b.type),
      ['header', 'section'],
    );
    const section = body.blocks[1].text.text.split('\n');
    assert.deepEqual(
      section.filter((l) => l.startsWith('*')),
      ['*survey.kpi.yaml · as of 2026-03-31*', '*Targets missed*', '*Significant changes*', '*Stale sources*'],
    );
    assert.equal(section.filter((l) => l.startsWith('• ')).length, 4);
    const teams = await runCli(['alert', '--now', '2026-04-02', '--dry-run', '--webhook-format', 'teams'], dir);
    const card = JSON.parse(teams.out) as {
      type: string;
      attachments: { contentType: string; content: { type: string; version: string; body: { text: string }[] } }[];
    };
    assert.equal(card.type, 'message');
    assert.equal(card.attachments[0].contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(card.attachments[0].content.type, 'AdaptiveCard');
    assert.equal(card.attachments[0].content.body[0].text, 'KPI Lens: 4 alerts');
  });

  it('--post sends the body to the webhook (a local server), once; without --post nothing is sent', async () => {
    const received: { method?: string; type?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        received.push({ method: req.method, type: req.headers['content-type'], body });
        res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    try {
      // Without --post: the summary, and a note that the webhook was not called.
      const plain = await runCli(['alert', '--now', '2026-04-02', '--webhook', url], dir);
      assert.equal(plain.code, 1);
      assert.match(plain.err, /not called without --post/);
      assert.equal(received.length, 0);
      // The URL from the environment, with --post.
      let out = '';
      let err = '';
      const io: CliIo = {
        out: (t) => (out += t),
        err: (t) => (err += t),
        cwd: dir,
        env: { KPILENS_ALERT_WEBHOOK: url },
      };
      const code = await main(['alert', '--now', '2026-04-02', '--post', '--webhook-format', 'teams'], io);
      assert.equal(code, 1, err);
      assert.match(out, /^# KPI Lens: 4 alerts/);
      assert.match(err, /posted the alerts to the webhook \(HTTP 200\)/);
      assert.equal(received.length, 1);
      assert.equal(received[0].method, 'POST');
      assert.equal(received[0].type, 'application/json; charset=utf-8');
      assert.equal((JSON.parse(received[0].body) as { type: string }).type, 'message');
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('a webhook that fails gives exit 3 (the summary is still printed); bad options are usage errors', async () => {
    const server = http.createServer((_req, res) => res.writeHead(500).end('broken'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      const r = await runCli(['alert', '--now', '2026-04-02', '--post', '--webhook', url], dir);
      assert.equal(r.code, 3);
      assert.match(r.out, /^# KPI Lens: 4 alerts/);
      assert.match(r.err, /the webhook failed: HTTP 500: broken/);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    assert.equal((await runCli(['alert', '--post'], dir)).code, 2);
    assert.equal((await runCli(['alert', '--webhook', 'ftp://x'], dir)).code, 2);
    assert.equal((await runCli(['alert', '--webhook-format', 'discord'], dir)).code, 2);
    assert.equal((await runCli(['alert', '--now', '2026-13-01'], dir)).code, 2);
  });

  it('a file with errors is not evaluated: exit 3, said in the summary', async () => {
    const broken = path.join(root, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(
      path.join(broken, 'b.kpi.yaml'),
      lines('kpilens: 1', 'kpis:', '  x: { type: count, source: nowhere }'),
    );
    const r = await runCli(['alert'], broken);
    assert.equal(r.code, 3);
    assert.match(r.out, /# KPI Lens: no alert, 1 file not evaluated/);
    assert.match(r.out, /✗ not evaluated: 2 errors in the file \(kpilens check b\.kpi\.yaml\)/);
  });

  it('a KPI the run cannot evaluate is listed first, and the exit is 3 (the other KPIs still alert)', async () => {
    // Before, the summary said "1 alert" and exited 1: the KPI not evaluated was in it nowhere.
    const partial = path.join(root, 'partial');
    fs.mkdirSync(partial, { recursive: true });
    fs.copyFileSync(path.join(dir, 'responses.csv'), path.join(partial, 'responses.csv'));
    fs.writeFileSync(
      path.join(partial, 'p.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2026-03-31',
        'sources:',
        '  responses: { file: responses.csv, time: answered_at }',
        'periods:',
        '  m: { grain: month, last: 2 }',
        'kpis:',
        '  answers: { type: count, title: Answers, source: responses, period: m, target: { min: 100 } }',
        `  broken: { type: sum, source: responses, column: score, period: m, where: "upper(score) = 'X'" }`,
      ),
    );
    const r = await runCli(['alert', '--now', '2026-04-02'], partial);
    assert.equal(r.code, 3, r.err);
    assert.equal(
      r.out,
      lines(
        '# KPI Lens: 1 alert, 2 errors',
        '',
        '## p.kpi.yaml · as of 2026-03-31',
        '',
        '### Not evaluated',
        '',
        "- ✗ 'upper' needs text: 'score' holds numbers",
        "- ✗ KPI 'broken' could not be evaluated: its filter does not fit the types of the data's columns",
        '',
        '### Targets missed',
        '',
        '- ✗ Answers (answers): 10 (2026-03) · ±0 % vs 2026-02 · target ≥ 100 ✗',
      ),
    );
  });
});

// Tests of renderHtml: a self-contained, escaped, accessible HTML report — its static part
// (read without scripts) and the dashboard it carries (the webview bundle inlined, the result
// in a JSON data island, a CSP that allows exactly those by hash).
import { strict as assert } from 'assert';
import { createHash } from 'crypto';
import { cspHash, htmlCsp, jsonIsland, renderHtml as renderWithAssets } from '../../../src/core/report/render/html';
import type { HtmlOptions } from '../../../src/core/report/render/html';
import { loadReportAssets } from '../../../src/core/report/render/reportAssets';
import type { RunResult } from '../../../src/core/report/resultModel';
import { cohorts, loyalty, nps, npsWithIntervals, revenue } from './sampleResults';

const EVIL = '<img src=x onerror=alert(1)>';

/** The static report only (no dashboard bundle). */
function renderHtml(result: RunResult, options: HtmlOptions = {}): string {
  return renderWithAssets(result, { assets: null, ...options });
}

function malicious(): RunResult {
  const kpi = revenue();
  kpi.title = `Revenue ${EVIL}`;
  kpi.description = '"quoted" & \'single\'';
  kpi.rows[1] = { ...kpi.rows[1], segment: { channel: EVIL } };
  return {
    as_of: '2025-12-31"><script>alert(2)</script>',
    title: `<script>alert(3)</script> ${EVIL}`,
    kpis: [kpi],
    diagnostics: [{ file: 'data/<b>.csv', line: 1, column: 1, severity: 'error', message: EVIL, code: 'data-x' }],
  };
}

describe('report html', () => {
  it('is one document with the strict CSP (its one style allowed by hash), no script and no external URL', () => {
    const html = renderHtml(loyalty());
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'));
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    assert.equal(styles.length, 1);
    const sha = createHash('sha256').update(styles[0]).digest('base64');
    assert.ok(
      html.includes(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${sha}'; img-src data:">`,
      ),
    );
    assert.ok(!/ style=/.test(html), 'no style attribute: the CSP would block it');
    assert.ok(!/<script/i.test(html));
    assert.ok(!/https?:\/\//i.test(html));
    assert.ok(!/<link|<iframe|<object|@import|url\(/i.test(html));
    assert.ok(html.includes('@media (prefers-color-scheme: dark)'));
    assert.ok(html.endsWith('</body>\n</html>\n'));
  });

  it('escapes every data text: a malicious title or segment value shows as text', () => {
    const html = renderHtml(malicious());
    assert.ok(!html.includes('<img'));
    assert.ok(!/<script/i.test(html));
    assert.ok(!html.includes('<b>'));
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(html.includes(`<h2 id="kpi-1">Revenue &lt;img src=x onerror=alert(1)&gt;</h2>`));
    assert.ok(html.includes('<th scope="col">&lt;img src=x onerror=alert(1)&gt;</th>'));
    assert.ok(html.includes('<h1>&lt;script&gt;alert(3)&lt;/script&gt; &lt;img'));
    assert.ok(html.includes('<time datetime="2025-12-31&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;">'));
    assert.ok(html.includes('<p class="description">&quot;quoted&quot; &amp; &#39;single&#39;</p>'));
    assert.ok(html.includes('<code>data/&lt;b&gt;.csv:1:1</code>'));
  });

  it('shows a card per KPI with the latest value, change, target status and an accessible table', () => {
    const html = renderHtml({ as_of: '2025-12-31', kpis: [nps()], diagnostics: [] });
    assert.ok(html.includes('<title>KPI report — as of 2025-12-31</title>'));
    assert.ok(
      html.includes(
        '<p class="headline"><span class="value">41</span> <span class="meta">2025-12</span> <span class="change good">▲1.2</span> <span class="meta">vs previous period</span> <span class="target met">✓ target met: ≥ 30</span></p>',
      ),
    );
    assert.ok(html.includes('<caption>Net Promoter Score by period</caption>'));
    assert.ok(html.includes('<thead><tr><th scope="col">Period</th><th scope="col">All</th></tr></thead>'));
    assert.ok(html.includes('<tr><th scope="row">2025-11</th><td>28</td></tr>'));
    assert.ok(
      html.includes(
        '<tr><th scope="row">2025-12</th><td>41 <span class="change good">▲1.2</span> <span class="met" title="target met">✓</span></td></tr>',
      ),
    );
  });

  it('colours the change by direction: a decrease is good when lower is better', () => {
    const kpi = nps();
    kpi.direction = 'lower_is_better';
    // An NPS: 38 − 39.77 = −1.77 points → ▼1.8, good news when lower is better; 41 − 39.77 = 1.23 → ▲1.2, bad news.
    kpi.rows[1] = { ...kpi.rows[1], value: 38, change: -0.0445 };
    assert.ok(
      renderHtml({ as_of: 'x', kpis: [kpi], diagnostics: [] }).includes('<span class="change good">▼1.8</span>'),
    );
    kpi.rows[1] = { ...kpi.rows[1], value: 41, change: 0.031 };
    assert.ok(
      renderHtml({ as_of: 'x', kpis: [kpi], diagnostics: [] }).includes('<span class="change bad">▲1.2</span>'),
    );
    // A sum keeps its relative change: 0.05 → ▲5 %.
    const sum = revenue();
    sum.direction = 'lower_is_better';
    assert.ok(
      renderHtml({ as_of: 'x', kpis: [sum], diagnostics: [] }).includes('<span class="change bad">▲12.3 %</span>'),
    );
  });

  it('heat-colours cohort cells by value (classes, in 5 % steps of opacity) and leaves censored cells plain', () => {
    const html = renderHtml({ as_of: '2025-12-31', kpis: [cohorts()], diagnostics: [] });
    assert.ok(html.includes('<caption>Cohort retention by cohort and day</caption>'));
    assert.ok(
      html.includes(
        '<thead><tr><th scope="col">Cohort</th><th scope="col">D30</th><th scope="col">D60</th><th scope="col">D90</th></tr></thead>',
      ),
    );
    // 41 % of 15 steps = 6.15 → heat-6 (opacity 0.30); 50 % → 7.5 → heat-8 (0.40).
    assert.ok(
      html.includes(
        '<tr><th scope="row">2025-12</th><td class="heat-6">41 %</td><td class="null">—</td><td class="null">—</td></tr>',
      ),
    );
    assert.ok(html.includes('<td class="heat-8">50 %</td>'));
    assert.ok(html.includes('.heat-6 { background-color: rgba(56, 132, 244, 0.30); }'));
    assert.ok(html.includes('.heat-15 { background-color: rgba(56, 132, 244, 0.75); }'));
  });

  it('shows a cohort cell below min_sample in the muted colour without heat or transparency (WCAG AA contrast)', () => {
    const kpi = cohorts();
    kpi.min_sample = 30;
    kpi.rows = kpi.rows.map((r) =>
      r.period === '2025-10' && r.day === 30 ? { ...r, n: 6, below_min_sample: true } : r,
    );
    const html = renderHtml({ as_of: '2025-12-31', kpis: [kpi], diagnostics: [] });
    // 50 % would be heat-8; below min_sample it gets no heat class, only small-sample.
    assert.ok(html.includes('<td class="small-sample" title="n = 6, below 30">50 % †</td>'), html);
    // No opacity: the muted colour (#59636e on #f6f8fa: 5.7:1; #9198a1 on #151b23: 5.9:1 in dark).
    assert.ok(html.includes('.small-sample { color: var(--muted); font-style: italic; }'));
    assert.ok(!/\.small-sample \{[^}]*opacity/.test(html));
  });

  it('lists diagnostics', () => {
    assert.ok(
      renderHtml(loyalty()).includes(
        '<li class="warning"><code>data/surveys.csv:12:3</code>: warning: 3 responses outside 0..10 skipped <code>[data-invalid-score]</code></li>',
      ),
    );
  });

  it('names the KPI file in the header when it is given', () => {
    assert.ok(
      renderHtml(loyalty(), { file: 'kpis/<x>.kpi.yaml' }).includes(
        '<p class="asof"><code>kpis/&lt;x&gt;.kpi.yaml</code> · As of',
      ),
    );
  });
});

describe('report html: intervals and sample sizes', () => {
  it('greys a cell below min_sample with "n = 12, below 30", shows the interval and the significance', () => {
    const html = renderHtml({ as_of: '2025-12-31', kpis: [npsWithIntervals()], diagnostics: [] });
    assert.ok(html.includes('<td class="small-sample" title="n = 12, below 30">28 †</td>'), html);
    assert.ok(html.includes('<span class="ci" title="95 % CI 33.2 – 48.8">[33.2 – 48.8]</span>'), html);
    assert.ok(html.includes('<span class="significance">significant (p = 0.021)</span>'), html);
    assert.ok(html.includes('<span class="significance" title="significant (p = 0.021)">sig.</span>'), html);
  });
});

describe('report html with the dashboard', () => {
  const assets = { script: 'window.x = "</script><!-- ok";', style: '.kl-card { color: red; }' };

  it('inlines the bundle and the result, and its CSP allows exactly their hashes', () => {
    const html = renderWithAssets(loyalty(), { assets, file: 'loyalty.kpi.yaml' });
    const script = 'window.x = "<\\/script><\\!-- ok";';
    assert.ok(html.includes(`<script>${script}</script>`), 'a </script> inside the bundle cannot end the element');
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
    assert.deepEqual(styles[1], assets.style);
    assert.ok(html.includes(`content="${htmlCsp(styles, [script])}"`));
    assert.ok(htmlCsp(styles, [script]).includes(`script-src ${cspHash(script)}`));
    assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
    assert.ok(html.includes('<div id="kpilens-app"></div>\n<div id="kpilens-static">'));
    const island = /<script type="application\/json" id="kpilens-report">([^<]*)<\/script>/.exec(html);
    assert.ok(island, 'the data island is there and holds no <');
    const payload = JSON.parse(island[1]) as { file: string; result: RunResult };
    assert.equal(payload.file, 'loyalty.kpi.yaml');
    assert.deepEqual(payload.result, loyalty());
  });

  it('keeps malicious data inert in the data island', () => {
    const html = renderWithAssets(malicious(), { assets });
    assert.ok(!html.includes('<img'));
    assert.equal((html.match(/<script/g) ?? []).length, 2);
    const island = /<script type="application\/json" id="kpilens-report">([^<]*)<\/script>/.exec(html);
    assert.ok(island);
    assert.deepEqual((JSON.parse(island[1]) as { result: RunResult }).result, malicious());
    assert.equal(jsonIsland({ a: '</script>\u2028' }), '{"a":"\\u003c/script>\\u2028"}');
  });

  it('uses the built webview bundle by default', () => {
    const built = loadReportAssets();
    assert.ok(built, 'npm run build makes dist/webview/webview.js and webview.css');
    assert.ok(built.script.length > 10_000 && built.style.includes('.kl-card'));
    const html = renderWithAssets(loyalty());
    assert.ok(html.includes('id="kpilens-report"') && html.includes(built.style));
  });
});

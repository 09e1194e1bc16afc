// Tests of renderHtml: a self-contained, script-free, escaped, accessible HTML report.
import { strict as assert } from 'assert';
import { HTML_CSP, renderHtml } from '../../../src/core/report/render/html';
import type { RunResult } from '../../../src/core/report/resultModel';
import { cohorts, loyalty, nps, revenue } from './sampleResults';

const EVIL = '<img src=x onerror=alert(1)>';

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
  it('is one document with the strict CSP, no script and no external URL', () => {
    const html = renderHtml(loyalty());
    assert.ok(html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'));
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${HTML_CSP}">`));
    assert.equal(HTML_CSP, "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
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
    assert.ok(html.includes(
      '<p class="headline"><span class="value">41</span> <span class="meta">2025-12</span> <span class="change good">▲3.1 %</span> <span class="meta">vs previous period</span> <span class="target met">✓ target met: ≥ 30</span></p>',
    ));
    assert.ok(html.includes('<caption>Net Promoter Score by period</caption>'));
    assert.ok(html.includes('<thead><tr><th scope="col">Period</th><th scope="col">All</th></tr></thead>'));
    assert.ok(html.includes('<tr><th scope="row">2025-11</th><td>28</td></tr>'));
    assert.ok(html.includes('<tr><th scope="row">2025-12</th><td>41 <span class="change good">▲3.1 %</span> <span class="met" title="target met">✓</span></td></tr>'));
  });

  it('colours the change by direction: a decrease is good when lower is better', () => {
    const kpi = nps();
    kpi.direction = 'lower_is_better';
    kpi.rows[1] = { ...kpi.rows[1], change: -0.05 };
    assert.ok(renderHtml({ as_of: 'x', kpis: [kpi], diagnostics: [] }).includes('<span class="change good">▼5 %</span>'));
    kpi.rows[1] = { ...kpi.rows[1], change: 0.05 };
    assert.ok(renderHtml({ as_of: 'x', kpis: [kpi], diagnostics: [] }).includes('<span class="change bad">▲5 %</span>'));
  });

  it('heat-colours cohort cells by value and leaves censored cells plain', () => {
    const html = renderHtml({ as_of: '2025-12-31', kpis: [cohorts()], diagnostics: [] });
    assert.ok(html.includes('<caption>Cohort retention by cohort and day</caption>'));
    assert.ok(html.includes('<thead><tr><th scope="col">Cohort</th><th scope="col">D30</th><th scope="col">D60</th><th scope="col">D90</th></tr></thead>'));
    assert.ok(html.includes(
      '<tr><th scope="row">2025-12</th><td style="background-color: rgba(56, 132, 244, 0.31)">41 %</td><td class="null">—</td><td class="null">—</td></tr>',
    ));
    assert.ok(html.includes('<td style="background-color: rgba(56, 132, 244, 0.38)">50 %</td>'));
  });

  it('lists diagnostics', () => {
    assert.ok(renderHtml(loyalty()).includes(
      '<li class="warning"><code>data/surveys.csv:12:3</code>: warning: 3 responses outside 0..10 skipped <code>[data-invalid-score]</code></li>',
    ));
  });
});

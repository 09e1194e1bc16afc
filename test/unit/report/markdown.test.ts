// Tests of renderMarkdown: the PR-comment / CI-summary report, its tables and its escaping.
import { strict as assert } from 'assert';
import { renderMarkdown } from '../../../src/core/report/render/markdown';
import type { RunResult } from '../../../src/core/report/resultModel';
import { loyalty, nps, npsWithIntervals, revenue } from './sampleResults';

describe('report markdown', () => {
  it('renders the sample: heading, summaries, period and cohort tables, diagnostics', () => {
    const text = renderMarkdown(loyalty());
    const lines = text.split('\n');
    assert.equal(lines[0], '## Loyalty KPIs — as of 2025-12-31');
    const block = (from: string, count: number) => lines.slice(lines.indexOf(from), lines.indexOf(from) + count);
    assert.deepEqual(block('### Revenue', 12), [
      '### Revenue',
      '',
      'revenue · sum · monthly · by channel',
      '',
      'Latest (2025-12): **123.50 EUR** ▲12.3 % vs previous period',
      '',
      '| Period | All | web | store |',
      '|---|---:|---:|---:|',
      '| 2025-10 | 100 EUR | 60 EUR | 40 EUR |',
      '| 2025-11 | 110 EUR | 70 EUR | — |',
      '| 2025-12 | 123.50 EUR ▲12.3 % | 80 EUR ▲14.3 % | 43.50 EUR |',
      '',
    ]);
    assert.deepEqual(block('### Net Promoter Score', 10).slice(4), [
      'Latest (2025-12): **41** ▲1.2 vs previous period · target ≥ 30 ✅',
      '',
      '| Period | All |',
      '|---|---:|',
      '| 2025-11 | 28 |',
      '| 2025-12 | 41 ▲1.2 ✅ |',
    ]);
    assert.deepEqual(block('### Cohort retention', 11).slice(4), [
      'Latest (D30, cohort 2025-12): **41 %**',
      '',
      '| Cohort | D30 | D60 | D90 |',
      '|---|---:|---:|---:|',
      '| 2025-10 | 50 % | 40 % | 35 % |',
      '| 2025-11 | 45 % | 38 % | — |',
      '| 2025-12 | 41 % | — | — |',
    ]);
    assert.deepEqual(block('**Steps in 2025-01-01..2025-06-30**', 7), [
      '**Steps in 2025-01-01..2025-06-30**',
      '',
      '| Step | All |',
      '|---|---:|',
      '| visit | 100 % |',
      '| cart | 60 % |',
      '| paid | 30 % |',
    ]);
    assert.ok(
      text.endsWith(
        '### Diagnostics\n\n- ⚠️ data/surveys.csv:12:3: warning: 3 responses outside 0..10 skipped \\[data-invalid-score\\]\n',
      ),
    );
  });

  it('marks a missed target with ❌ in the summary and the latest row', () => {
    const kpi = nps();
    kpi.rows[1] = { ...kpi.rows[1], value: 22, change: -0.2, status: 'missed' };
    const lines = renderMarkdown({ as_of: '2025-12-31', kpis: [kpi], diagnostics: [] }).split('\n');
    // An NPS falls in points: 22 − 39.77 = −17.77 → ▼17.8 (not the relative 20 %).
    assert.ok(lines.includes('Latest (2025-12): **22** ▼17.8 vs previous period · target ≥ 30 ❌'));
    assert.ok(lines.includes('| 2025-12 | 22 ▼17.8 ❌ |'));
  });

  it('escapes data text so it cannot break a table or inject HTML, links or emphasis', () => {
    const kpi = revenue();
    kpi.title = '<img src=x onerror=alert(1)> *bold* _it_ `code` [link](javascript:x)';
    kpi.rows[1] = { ...kpi.rows[1], segment: { channel: 'a|b <script>' } };
    const result: RunResult = {
      as_of: '2025-12-31',
      title: 'Report | http://evil.example www.evil.example',
      kpis: [kpi],
      diagnostics: [],
    };
    const text = renderMarkdown(result);
    assert.ok(!text.includes('<img'));
    assert.ok(!text.includes('<script'));
    assert.ok(!text.includes('http://'));
    const lines = text.split('\n');
    assert.equal(lines[0], '## Report \\| http\\://evil.example www\\.evil.example — as of 2025-12-31');
    assert.equal(
      lines[2],
      '### &lt;img src=x onerror=alert(1)&gt; \\*bold\\* \\_it\\_ \\`code\\` \\[link\\](javascript:x)',
    );
    assert.ok(lines.includes('| Period | All | a\\|b &lt;script&gt; | store | web |'));
    // Every table line still has exactly 6 unescaped pipes (5 cells).
    for (const line of lines.filter((l) => l.startsWith('| ')))
      assert.equal(line.replace(/\\\|/g, '').split('|').length - 1, 6, line);
  });

  it('keeps a row on one line when a value holds line breaks', () => {
    const kpi = revenue();
    kpi.rows[1] = { ...kpi.rows[1], segment: { channel: 'two\nlines' } };
    assert.ok(
      renderMarkdown({ as_of: 'x', kpis: [kpi], diagnostics: [] }).includes('| Period | All | two lines | store |'),
    );
  });

  it('says so when there is nothing to show', () => {
    assert.equal(
      renderMarkdown({ as_of: '2025-12-31', kpis: [], diagnostics: [] }),
      '## KPI report — as of 2025-12-31\n\n*No KPI results.*\n',
    );
  });

  it('states the interval, the significance and the min_sample flag', () => {
    const text = renderMarkdown({ as_of: '2025-12-31', kpis: [npsWithIntervals()], diagnostics: [] });
    assert.ok(
      text.includes('Latest (2025-12): **41** ▲13 vs previous period, significant (p = 0.021) · 95 % CI 33.2 – 48.8'),
      text,
    );
    assert.ok(text.includes('| 2025-11 | 28 † |'), text);
    assert.ok(
      text.includes('| 2025-12 | 41 \\[33.2 – 48.8\\] ▲13 sig. ✅ |') ||
        text.includes('| 2025-12 | 41 [33.2 – 48.8] ▲13 sig. ✅ |'),
      text,
    );
    assert.ok(text.includes('† below min_sample 30: 2025-11: n = 12'), text);
  });
});

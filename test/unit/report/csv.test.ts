// Tests of renderCsv: one RFC 4180 line per result row, full-precision plain numbers,
// empty nulls, CRLF, and the formula-injection guard on text cells.
import { strict as assert } from 'assert';
import { renderCsv } from '../../../src/core/report/render/csv';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { loyalty } from './sampleResults';

const HEADER =
  'kpi,title,type,format,period,segment,segment_value,day,step,value,previous,change,status,n,ci_low,ci_high,below_min_sample,p_value,significant,delta,compare,compare_2,previous_2,change_2,delta_2,p_value_2,significant_2';
/** No second comparison: its columns are empty. */
const NO_SECOND = ',,,,,,';
/** The uncertainty columns of a KPI without counts (n … significant), a delta the row lacks and no compared kind: empty. */
const NO_COUNTS = ',,,,,,,,' + NO_SECOND;

function csvLines(result: RunResult): string[] {
  const text = renderCsv(result);
  assert.ok(text.endsWith('\r\n'), 'ends with CRLF');
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
  return text.slice(0, -2).split('\r\n');
}

function one(kpi: Partial<KpiResult>): RunResult {
  const base: KpiResult = {
    name: 'k',
    title: 'K',
    type: 'sum',
    format: 'number',
    period: 'monthly',
    target: null,
    rows: [],
  };
  return { as_of: '2025-12-31', kpis: [{ ...base, ...kpi }], diagnostics: [] };
}

describe('report csv', () => {
  it('writes a header and one line per row of the sample, nulls empty', () => {
    const lines = csvLines(loyalty());
    assert.equal(lines.length, 1 + 9 + 2 + 9 + 4);
    assert.equal(lines[0], HEADER);
    assert.equal(lines[1], 'revenue,Revenue,sum,currency,2025-10,,,,,100,90,0.1111111111111111,' + NO_COUNTS);
    assert.equal(lines[2], 'revenue,Revenue,sum,currency,2025-10,channel,web,,,60,0,,' + NO_COUNTS);
    assert.equal(lines[3], 'revenue,Revenue,sum,currency,2025-10,channel,store,,,40,50,-0.2,' + NO_COUNTS);
    assert.equal(lines[6], 'revenue,Revenue,sum,currency,2025-11,channel,store,,,,40,,' + NO_COUNTS);
    assert.equal(lines[11], 'nps,Net Promoter Score,nps,score,2025-12,,,,,41,39.77,0.031,met' + NO_COUNTS);
    assert.equal(
      lines[17],
      'retention_cohorts,Cohort retention,cohort_retention,percent,2025-11,,,90,,,,,' + NO_COUNTS,
    );
    assert.equal(lines[22], 'checkout,Checkout funnel,funnel,percent,2025-01-01..2025-06-30,,,,visit,1,,,' + NO_COUNTS);
  });

  it('writes n, the interval, the min_sample flag and the change test of shares and NPS', () => {
    const lines = csvLines(
      one({
        type: 'csat',
        format: 'percent',
        confidence: 0.95,
        min_sample: 30,
        rows: [
          {
            period: '2025-01',
            segment: {},
            value: 0.75,
            previous: 0.5,
            change: 0.5,
            delta: 0.25,
            status: null,
            n: 12,
            ci_low: 0.46,
            ci_high: 0.91,
            below_min_sample: true,
            previous_n: 9,
            p_value: 0.35,
            significant: false,
          },
        ],
      }),
    );
    // A share's change in points: 0.75 − 0.5 = 0.25 (+25 pp), beside its relative change (+50 %).
    assert.equal(lines[1], 'k,K,csat,percent,2025-01,,,,,0.75,0.5,0.5,,12,0.46,0.91,true,0.35,false,0.25,' + NO_SECOND);
  });

  it('writes both comparisons of `compare: [previous, year_ago]`: what `previous` is, then the second one', () => {
    // Before, the year-ago comparison was in the JSON only.
    const lines = csvLines(
      one({
        type: 'csat',
        format: 'percent',
        compare: 'previous',
        comparisons: ['previous', 'year_ago'],
        rows: [
          {
            period: '2025-03',
            segment: {},
            value: 0.8,
            previous: 0.75,
            change: 0.0667,
            delta: 0.05,
            status: null,
            comparisons: {
              previous: { previous: 0.75, change: 0.0667, delta: 0.05, p_value: 0.6, significant: false },
              year_ago: { previous: 0.5, change: 0.6, delta: 0.3, previous_n: 40, p_value: 0.001, significant: true },
            },
          },
        ],
      }),
    );
    assert.equal(
      lines[1],
      'k,K,csat,percent,2025-03,,,,,0.8,0.75,0.0667,,,,,,,,0.05,previous,year_ago,0.5,0.6,0.3,0.001,true',
    );
    // A single comparison a year ago: `compare` says what `previous` is.
    const single = csvLines(
      one({
        compare: 'year_ago',
        rows: [{ period: '2025-03', segment: {}, value: 10, previous: 8, change: 0.25, delta: 2, status: null }],
      }),
    );
    assert.equal(single[1], 'k,K,sum,number,2025-03,,,,,10,8,0.25,,,,,,,,2,year_ago' + NO_SECOND);
  });

  it('writes only the header for a run without rows', () => {
    assert.equal(renderCsv({ as_of: '2025-12-31', kpis: [], diagnostics: [] }), `${HEADER}\r\n`);
  });

  it('writes numbers at full precision without exponent', () => {
    const rows = [1e-7, 1.5e-10, 1e21, 123456789012345680000, -0, -2.5e-8, 0.1 + 0.2].map((value) => ({
      period: '2025-01',
      segment: {},
      value,
      previous: null,
      change: null,
      status: null,
    }));
    const values = csvLines(one({ rows }))
      .slice(1)
      .map((l) => l.split(',')[9]);
    assert.deepEqual(values, [
      '0.0000001',
      '0.00000000015',
      '1000000000000000000000',
      '123456789012345680000',
      '0',
      '-0.000000025',
      '0.30000000000000004',
    ]);
  });

  it('quotes fields with a comma, a quote or a line break, doubling quotes', () => {
    const lines = renderCsv(
      one({
        title: 'Revenue, "net"',
        rows: [
          {
            period: '2025-01',
            segment: { city: 'Paris\r\nLyon' },
            value: 1,
            previous: null,
            change: null,
            status: null,
          },
        ],
      }),
    ).split('\r\n');
    assert.equal(lines[1], 'k,"Revenue, ""net""",sum,number,2025-01,city,"Paris');
    assert.equal(lines[2], 'Lyon",,,1,,,' + NO_COUNTS);
  });

  it('writes `true` for a where segment and empty for a null by value', () => {
    const lines = csvLines(
      one({
        rows: [
          { period: '2025-01', segment: { enterprise: true }, value: 2, previous: null, change: null, status: null },
          { period: '2025-01', segment: { plan: null }, value: 3, previous: null, change: null, status: null },
        ],
      }),
    );
    assert.equal(lines[1], 'k,K,sum,number,2025-01,enterprise,true,,,2,,,' + NO_COUNTS);
    assert.equal(lines[2], 'k,K,sum,number,2025-01,plan,,,,3,,,' + NO_COUNTS);
  });

  it('guards text cells against formula injection, not numbers', () => {
    const seg = (channel: string) => ({
      period: '2025-01',
      segment: { channel },
      value: -5,
      previous: null,
      change: -1,
      status: null,
    });
    const lines = csvLines(
      one({
        title: '@SUM(A1)',
        rows: ['=HYPERLINK("http://x","y")', '+1', '-1', '@cmd', '\tx', 'a=b'].map(seg),
      }),
    );
    assert.deepEqual(lines.slice(1), [
      `k,'@SUM(A1),sum,number,2025-01,channel,"'=HYPERLINK(""http://x"",""y"")",,,-5,,-1,` + NO_COUNTS,
      "k,'@SUM(A1),sum,number,2025-01,channel,'+1,,,-5,,-1," + NO_COUNTS,
      "k,'@SUM(A1),sum,number,2025-01,channel,'-1,,,-5,,-1," + NO_COUNTS,
      "k,'@SUM(A1),sum,number,2025-01,channel,'@cmd,,,-5,,-1," + NO_COUNTS,
      "k,'@SUM(A1),sum,number,2025-01,channel,'\tx,,,-5,,-1," + NO_COUNTS,
      "k,'@SUM(A1),sum,number,2025-01,channel,a=b,,,-5,,-1," + NO_COUNTS,
    ]);
    const cr = csvLines(one({ rows: [seg('\rx')] }))[1];
    assert.equal(cr, `k,K,sum,number,2025-01,channel,"'\rx",,,-5,,-1,` + NO_COUNTS);
  });
});

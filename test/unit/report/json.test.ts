// Tests of renderJson: the JSON output contract of DSL.md, byte for byte (key order included).
import { strict as assert } from 'assert';
import { renderJson } from '../../../src/core/report/render/json';
import type { KpiResult, RunResult } from '../../../src/core/report/resultModel';
import { loyalty } from './sampleResults';

describe('report json: the output contract', () => {
  it('writes contract keys in contract order, day/step only when present, extras after rows', () => {
    // Keys deliberately built in a scrambled order: the output must not depend on it.
    const scrambled = {
      rows: [
        { status: null, change: 0.0713, previous: 170200, value: 182340.5, segment: {}, period: '2025-12' },
        {
          step: 'cart',
          day: undefined,
          period: '2025-12',
          segment: { channel: 'web' },
          value: 0.5,
          previous: null,
          change: null,
          status: null,
        },
        {
          day: 30,
          period: '2025-11',
          segment: { enterprise: true },
          value: 1e-7,
          previous: 0,
          change: null,
          status: 'met',
        },
      ],
      compare: 'previous',
      target: { max: 50, min: 10 },
      currency: 'EUR',
      period: 'monthly',
      format: 'currency',
      type: 'sum',
      title: 'Revenue',
      name: 'revenue',
    } as KpiResult;
    const result = {
      diagnostics: [{ code: 'data-x', message: 'm', severity: 'warning', column: 2, line: 1, file: 'a.csv' }],
      kpis: [scrambled],
      title: 'T',
      as_of: '2025-12-31',
    } as RunResult;
    assert.equal(
      renderJson(result),
      [
        '{',
        '  "as_of": "2025-12-31",',
        '  "title": "T",',
        '  "kpis": [',
        '    {',
        '      "name": "revenue",',
        '      "title": "Revenue",',
        '      "type": "sum",',
        '      "format": "currency",',
        '      "period": "monthly",',
        '      "target": {',
        '        "min": 10,',
        '        "max": 50',
        '      },',
        '      "rows": [',
        '        {',
        '          "period": "2025-12",',
        '          "segment": {},',
        '          "value": 182340.5,',
        '          "previous": 170200,',
        '          "change": 0.0713,',
        '          "delta": 12140.5,', // 182340.5 − 170200
        '          "status": null',
        '        },',
        '        {',
        '          "period": "2025-12",',
        '          "segment": {',
        '            "channel": "web"',
        '          },',
        '          "value": 0.5,',
        '          "previous": null,',
        '          "change": null,',
        '          "delta": null,', // no previous
        '          "status": null,',
        '          "step": "cart"',
        '        },',
        '        {',
        '          "period": "2025-11",',
        '          "segment": {',
        '            "enterprise": true',
        '          },',
        '          "value": 1e-7,',
        '          "previous": 0,',
        '          "change": null,',
        '          "delta": 1e-7,', // 1e-7 − 0: a delta where the relative change is null
        '          "status": "met",',
        '          "day": 30',
        '        }',
        '      ],',
        '      "currency": "EUR",',
        '      "compare": "previous"',
        '    }',
        '  ],',
        '  "diagnostics": [',
        '    {',
        '      "file": "a.csv",',
        '      "line": 1,',
        '      "column": 2,',
        '      "severity": "warning",',
        '      "message": "m",',
        '      "code": "data-x"',
        '    }',
        '  ]',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('leaves out an undefined title, keeps a null target, writes empty lists', () => {
    assert.equal(
      renderJson({ as_of: '2025-01-31', kpis: [], diagnostics: [] }),
      '{\n  "as_of": "2025-01-31",\n  "kpis": [],\n  "diagnostics": []\n}\n',
    );
    const kpi: KpiResult = {
      name: 'n',
      title: 'N',
      type: 'count',
      format: 'integer',
      period: 'monthly',
      target: null,
      rows: [],
    };
    assert.match(
      renderJson({ as_of: '2025-01-31', kpis: [kpi], diagnostics: [] }),
      /"target": null,\n {6}"rows": \[\]\n {4}\}/,
    );
  });

  it('round-trips every number unrounded and turns NaN / Infinity into null', () => {
    const result = loyalty();
    // Every row gains its delta = value − previous (null without both), e.g. revenue 2025-10: 100 − 90 = 10.
    const withDelta = {
      ...result,
      kpis: result.kpis.map((k) => ({
        ...k,
        rows: k.rows.map((r) => ({
          ...r,
          delta: r.value !== null && r.previous !== null ? r.value - r.previous : null,
        })),
      })),
    };
    assert.deepEqual(JSON.parse(renderJson(result)), JSON.parse(JSON.stringify(withDelta)));
    assert.equal(JSON.parse(renderJson(result)).kpis[0].rows[0].delta, 10);
    const kpi: KpiResult = {
      name: 'r',
      title: 'R',
      type: 'ratio',
      format: 'percent',
      period: 'monthly',
      target: null,
      rows: [
        {
          period: '2025-01',
          segment: {},
          value: Number.NaN,
          previous: Number.POSITIVE_INFINITY,
          change: 0.1 + 0.2,
          status: null,
        },
      ],
    };
    const row = JSON.parse(renderJson({ as_of: '2025-01-31', kpis: [kpi], diagnostics: [] })).kpis[0].rows[0];
    assert.deepEqual(row, {
      period: '2025-01',
      segment: {},
      value: null,
      previous: null,
      change: 0.30000000000000004,
      delta: null,
      status: null,
    });
  });

  it('writes the optional KPI fields in a fixed order after rows', () => {
    const kpi: KpiResult = {
      compare: 'year_ago',
      segments: ['plan'],
      description: 'D',
      direction: 'lower_is_better',
      decimals: 1,
      currency: 'USD',
      name: 'c',
      title: 'C',
      type: 'cac',
      format: 'currency',
      period: 'q',
      target: null,
      rows: [],
    };
    const keys = Object.keys(JSON.parse(renderJson({ as_of: 'x', kpis: [kpi], diagnostics: [] })).kpis[0]);
    assert.deepEqual(keys, [
      'name',
      'title',
      'type',
      'format',
      'period',
      'target',
      'rows',
      'currency',
      'decimals',
      'direction',
      'description',
      'segments',
      'compare',
    ]);
  });
});

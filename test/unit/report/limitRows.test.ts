// The segment-value cap of reports in the editor: whole population always kept, the first
// N values of each segment kept, the rest counted.
import { strict as assert } from 'assert';
import { limitSegmentValues } from '../../../src/core/report/limitRows';
import type { RunResult } from '../../../src/core/report/resultModel';

const row = (period: string, segment: Record<string, string | boolean | null>, value: number) => ({
  period,
  segment,
  value,
  previous: null,
  change: null,
  status: null,
});

describe('limitSegmentValues', () => {
  it('keeps the whole population and the first N values of each segment, counts the others', () => {
    const result: RunResult = {
      as_of: '2025-12-31',
      diagnostics: [],
      kpis: [
        {
          name: 'orders',
          title: 'Orders',
          type: 'count',
          format: 'integer',
          period: 'monthly',
          target: null,
          rows: ['2025-11', '2025-12'].flatMap((p) => [
            row(p, {}, 10),
            row(p, { city: 'a' }, 1),
            row(p, { city: 'b' }, 2),
            row(p, { city: 'c' }, 3),
            row(p, { vip: true }, 4),
          ]),
        },
      ],
    };
    const { result: limited, omitted } = limitSegmentValues(result, 2);
    assert.deepEqual(
      limited.kpis[0].rows.map((r) => `${r.period} ${JSON.stringify(r.segment)}`),
      [
        '2025-11 {}',
        '2025-11 {"city":"a"}',
        '2025-11 {"city":"b"}',
        '2025-11 {"vip":true}',
        '2025-12 {}',
        '2025-12 {"city":"a"}',
        '2025-12 {"city":"b"}',
        '2025-12 {"vip":true}',
      ],
    );
    assert.deepEqual([...(omitted.get('orders') ?? [])], [['city', 1]]);
    assert.equal(result.kpis[0].rows.length, 10, 'the input is not changed');
  });
});

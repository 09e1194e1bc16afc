// An NDJSON line missing its `}`: DuckDB stops at the next line (the object runs on into it);
// the run names the line to fix and why. Before: "Invalid Input Error: Malformed JSON in file
// "/…/a.ndjson", at byte 27 in line 4: unexpected character."
import { strict as assert } from 'assert';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

describe('engine: an NDJSON line that is not a JSON value on its own', function () {
  this.timeout(60000);
  const folder = specRunFolder('ndjson-faults');

  it("names line 3 (its `}` missing), not line 4 where DuckDB's parser stopped", async () => {
    const out = await folder.run(
      'broken',
      lines(
        'kpilens: 1',
        'sources:',
        '  a: { file: a.ndjson, time: d }',
        'periods:',
        '  p: { from: 2025-01-01, to: 2025-01-31 }',
        'kpis:',
        '  sa: { type: sum, source: a, column: amt, period: p }',
      ),
      {
        'a.ndjson':
          '{"d":"2025-01-01","amt":1}\n{"d":"2025-01-02","amt":2}\n{"d":"2025-01-03","amt":4\n{"d":"2025-01-04","amt":8}\n',
      },
    );
    const error = out.diagnostics.find((d) => d.code === 'data-error');
    assert.equal(
      error?.message,
      "cannot read source 'a' (a.ndjson): line a.ndjson:3 is not a JSON value on its own (Expected ',' or '}' after property value at character 26): each line of an NDJSON file holds one whole object",
    );
  });
});

// Every value of every seed spec (the sample's pack and the tests' specs) replaced in turn by
// an empty, a blank and a whitespace-only text, checked with the data checks on: no exception,
// sound diagnostics. `file: ""` once stopped `kpilens check` with the glob library's internal error;
// the fuzz's mutations now include these values (specMutations.ts, BLANK_VALUES).
import { strict as assert } from 'assert';
import * as path from 'path';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { SEED_SPECS } from '../../fuzz/seedSpecs';
import { blankSlot, valueSlots } from '../../fuzz/specMutations';
import { assertDiagnosticsSound } from '../../fuzz/specProperties';
import { lines, REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'fuzz.kpi.yaml');

describe('blank values in every position (data checks on)', function () {
  this.timeout(300_000);
  const headers = new HeaderCache();

  it('each value of each seed spec as "", "  " and \' \\t \': no exception, sound diagnostics', async () => {
    let cases = 0;
    for (const seed of SEED_SPECS) {
      const slots = valueSlots(seed).length;
      assert.ok(slots >= 10, `${slots} values found`);
      for (let slot = 0; slot < slots; slot++) {
        for (const blank of ['""', '"  "', "' \t '"]) {
          const text = blankSlot(seed, slot, blank);
          const result = await checkKpiFile(FILE, text, { headers }).catch((err: unknown) =>
            assert.fail(`${String(err)}\n${text}`),
          );
          assertDiagnosticsSound(text, result.diagnostics, FILE);
          cases++;
        }
      }
    }
    assert.ok(cases > 400, `${cases} cases`);
  });

  it('file: "" and file: "  " are errors on the field, not an internal error', async () => {
    for (const blank of ['""', '"  "']) {
      const text = lines(
        'kpilens: 1',
        'sources:',
        `  members: { file: ${blank}, time: joined }`,
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  n: { type: count, source: members, period: m }',
      );
      const result = await checkKpiFile(FILE, text, { headers });
      // One error on the value (line 3, column 20), none about a missing file.
      const onFile = result.diagnostics.filter((d) => d.range.start.line === 3 && d.range.start.column === 20);
      assert.equal(onFile.length, 1, JSON.stringify(result.diagnostics));
      assert.equal(onFile[0].severity, 'error');
      assert.equal(onFile[0].code, 'invalid-value');
      assert.match(
        onFile[0].message,
        blank === '""'
          ? /'file' in source 'members' must NOT have fewer than 1 characters/
          : /'file' of source 'members' is blank/,
      );
    }
  });
});

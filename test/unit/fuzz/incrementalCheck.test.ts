// Property-based test of the editor's incremental checker: a many-KPI file receives random
// edits one after the other (typing, pastes, deletions, text that breaks the split), and after
// every edit the incremental result (pieces reused) equals a whole-file check's: diagnostics,
// model, YAML tree (kinds, values, ranges) and JS value.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import * as path from 'path';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { checkKpiFile } from '../../../src/core/spec/checkFile';
import { IncrementalChecker } from '../../../src/core/spec/incrementalCheck';
import { applyEdit, assertSameCheck, editArb, manyKpiFile } from '../../fuzz/editArbitraries';
import { REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'incremental.kpi.yaml');
const SEED = 20251126;

describe('property-based: incremental checks equal whole-file checks', function () {
  this.timeout(300_000);

  it('random edit sequences on a 30-KPI file, text only — 100 sequences of up to 10 edits', async () => {
    const base = manyKpiFile(30);
    let assembled = 0;
    let wholeParses = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 10 }), async (edits) => {
        const checker = new IncrementalChecker();
        let text = base;
        assertSameCheck(await checker.check(FILE, text, { data: false }), await checkKpiFile(FILE, text, { data: false }), text);
        for (const e of edits) {
          text = applyEdit(text, e);
          const incremental = await checker.check(FILE, text, { data: false });
          if (checker.last.assembled) assembled++;
          else wholeParses++;
          assertSameCheck(incremental, await checkKpiFile(FILE, text, { data: false }), text);
        }
      }),
      { seed: SEED, numRuns: 100 },
    );
    // Both paths are exercised: most edits keep the split, some must fall back.
    assert.ok(assembled > 60, `assembled from pieces ${assembled} times`);
    assert.ok(wholeParses > 20, `parsed whole ${wholeParses} times`);
  });

  it('random edit sequences with the data checks on — 30 sequences', async () => {
    const base = manyKpiFile(15);
    const headers = new HeaderCache();
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), async (edits) => {
        const checker = new IncrementalChecker();
        let text = base;
        for (const e of edits) {
          text = applyEdit(text, e);
          assertSameCheck(await checker.check(FILE, text, { headers }), await checkKpiFile(FILE, text, { headers }), text);
        }
      }),
      { seed: SEED + 1, numRuns: 30 },
    );
  });
});

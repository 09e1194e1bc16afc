// Property-based test of the editor's incremental checker: a many-KPI file receives random
// edits one after the other (typing, pastes, deletions, text that breaks the split), and after
// every edit the incremental result (pieces reused) equals a whole-file check's: diagnostics,
// model, YAML tree (kinds, values, ranges) and JS value.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import * as path from 'path';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { editArb, incrementalProperty, manyKpiFile } from '../../fuzz/editArbitraries';
import { REPO_ROOT } from '../helpers';

const FILE = path.join(REPO_ROOT, 'samples', 'incremental.kpi.yaml');
const SEED = 20251126;

describe('property-based: incremental checks equal whole-file checks', function () {
  this.timeout(300_000);

  it('random edit sequences on a 30-KPI file, text only — 80 sequences of up to 10 edits', async () => {
    const base = manyKpiFile(30);
    const counts = { assembled: 0, whole: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 10 }), (edits) =>
        incrementalProperty(FILE, base, edits, { data: false }, counts),
      ),
      { seed: SEED, numRuns: 80 },
    );
    // Both paths are exercised: many edits keep the split, others must fall back.
    assert.ok(counts.assembled > 30, `assembled from pieces ${counts.assembled} times`);
    assert.ok(counts.whole > 20, `parsed whole ${counts.whole} times`);
  });

  it('random edit sequences with the data checks on — 30 sequences', async () => {
    const base = manyKpiFile(15);
    const headers = new HeaderCache();
    await fc.assert(
      fc.asyncProperty(fc.array(editArb, { minLength: 1, maxLength: 6 }), (edits) =>
        incrementalProperty(FILE, base, edits, { headers }),
      ),
      { seed: SEED + 1, numRuns: 30 },
    );
  });
});

// The templates of "New KPI file": the loyalty pack is the sample file (which runs on the
// sample data), and both templates are valid KPI files.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { EMPTY_KPI_FILE, LOYALTY_PACK } from '../../../src/core/templates/kpiTemplates';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { REPO_ROOT } from '../helpers';

describe('KPI file templates', () => {
  it('the loyalty pack is samples/loyalty.kpi.yaml', () => {
    assert.equal(LOYALTY_PACK, fs.readFileSync(path.join(REPO_ROOT, 'samples', 'loyalty.kpi.yaml'), 'utf8'));
  });

  it("both templates validate (text only: their data files are the user's to provide)", async () => {
    for (const text of [LOYALTY_PACK, EMPTY_KPI_FILE]) {
      const r = await checkKpiFile(path.join(REPO_ROOT, 'samples', 'new.kpi.yaml'), text, { data: false });
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
        [],
      );
    }
  });
});

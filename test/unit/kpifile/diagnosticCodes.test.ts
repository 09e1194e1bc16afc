// Every diagnostic code, each with a broken KPI file and the exact line:column expected.
// The base file is valid; each case breaks one thing. Positions were counted by hand on the
// texts of the cases (1-based lines and columns, as `kpilens check` prints them): the file's
// own text in diagnosticCasesSpec.ts, expressions in diagnosticCasesExpressions.ts, data
// files and connections in diagnosticCasesData.ts.
import { strict as assert } from 'assert';
import { ALL_DIAGNOSTIC_CODES } from '../../../src/core/kpifile/codes';
import * as path from 'path';
import { withConnectionChecks } from '../../../src/core/engine/connections/connectionChecks';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { brief, diagnose, SHOP } from '../helpers';
import { type Case, REVENUE, withKpis } from './diagnosticCase';
import { DATA_CASES } from './diagnosticCasesData';
import { EXPRESSION_CASES } from './diagnosticCasesExpressions';
import { SPEC_CASES } from './diagnosticCasesSpec';

const CASES: Case[] = [...SPEC_CASES, ...EXPRESSION_CASES, ...DATA_CASES];

describe('diagnostic codes', () => {
  it('the base file is valid', async () => {
    assert.deepEqual(brief(await diagnose(withKpis(...REVENUE))), []);
  });

  it('every code has a case', () => {
    const covered = new Set(CASES.map((c) => c.code));
    assert.deepEqual(
      ALL_DIAGNOSTIC_CODES.filter((c) => !covered.has(c)),
      [],
    );
  });

  for (const c of CASES) {
    it(`${c.code}: ${c.title}`, async () => {
      const diags = c.connections
        ? withConnectionChecks(await checkKpiFile(path.join(SHOP, 'spec.kpi.yaml'), c.text)).diagnostics
        : await diagnose(c.text);
      assert.deepEqual(brief(diags), c.expected);
      if (c.message) {
        const d = diags.find((x) => x.code === c.code);
        assert.ok(d, `no ${c.code} diagnostic`);
        assert.match(d.message, c.message);
      }
    });
  }
});

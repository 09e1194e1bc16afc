// The files generated from the code stay equal to it: the docs of KPI types and diagnostic
// codes (`npm run docs`).
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { diagnosticsDoc, kpisDoc } from '../../../scripts/write-docs';
import { ALL_DIAGNOSTIC_CODES, ALL_RUN_DIAGNOSTIC_CODES } from '../../../src/core/spec/codes';
import { REPO_ROOT } from '../helpers';

describe('generated reference docs', () => {
  it('docs/kpis.md is up to date and gives every formula', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'kpis.md'), 'utf8');
    assert.equal(onDisk, kpisDoc());
    assert.match(onDisk, /100 × \(#responses ≥ 9 − #responses ≤ 6\) \/ #valid responses/);
  });

  it('docs/diagnostics.md is up to date and lists every code', () => {
    const onDisk = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'diagnostics.md'), 'utf8');
    assert.equal(onDisk, diagnosticsDoc());
    for (const code of [...ALL_DIAGNOSTIC_CODES, ...ALL_RUN_DIAGNOSTIC_CODES]) assert.ok(onDisk.includes(`\`${code}\``), code);
  });
});

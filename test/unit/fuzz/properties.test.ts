// Property-based tests (fast-check) of the validator and the expression parser: mutated and
// random KPI files and expressions never throw, every diagnostic range lies inside the
// document and matches its line/column, and the output stays bounded. A fixed seed keeps
// `npm test` deterministic; `npm run fuzz` runs the same properties on 100 000+ cases.
import { strict as assert } from 'assert';
import fc from 'fast-check';
import * as path from 'path';
import { HeaderCache } from '../../../src/core/data/headerCache';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { expressionText } from '../../fuzz/expressionArbitraries';
import { anySpec, randomSpec, specWithCursors } from '../../fuzz/randomSpecs';
import { SEED_SPECS } from '../../fuzz/seedSpecs';
import { assertDiagnosticsSound, languageProperty, parserProperty, validatorProperty } from '../../fuzz/specProperties';
import { REPO_ROOT } from '../helpers';

/** A KPI file beside the sample, so its relative data paths resolve to the sample data. */
const FILE = path.join(REPO_ROOT, 'samples', 'fuzz.kpi.yaml');
const SEED = 20251126;

describe('property-based: validator and expression parser', function () {
  this.timeout(120_000);
  const headers = new HeaderCache();

  it('the seed specs are sound as they are', async () => {
    for (const text of SEED_SPECS) await validatorProperty(FILE, text, { headers });
  });

  it('mutated and random KPI files (data checks on): no exception, ranges inside, bounded — 400 cases', async () => {
    await fc.assert(
      fc.asyncProperty(anySpec, (text) => validatorProperty(FILE, text, { headers })),
      { seed: SEED, numRuns: 400 },
    );
  });

  it('random KPI files built from the language keys, text only — 300 cases', async () => {
    let withErrors = 0;
    await fc.assert(
      fc.asyncProperty(randomSpec, async (text) => {
        const result = await checkKpiFile(FILE, text, { data: false });
        assertDiagnosticsSound(text, result.diagnostics, FILE);
        if (result.diagnostics.some((d) => d.severity === 'error')) withErrors++;
      }),
      { seed: SEED, numRuns: 300 },
    );
    assert.ok(withErrors > 0, 'the generator reaches the checks (some files have errors)');
  });

  it('the same text always gives the same diagnostics — 100 cases', async () => {
    await fc.assert(
      fc.asyncProperty(anySpec, async (text) => {
        const a = await checkKpiFile(FILE, text, { headers });
        const b = await checkKpiFile(FILE, text, { headers });
        assert.deepEqual(b.diagnostics, a.diagnostics);
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('a collection used as a key is reported, and prints no process warning (bug found by the fuzz run)', async () => {
    const warnings: string[] = [];
    const listen = (w: Error): void => void warnings.push(w.message);
    process.on('warning', listen);
    try {
      const text = '{ kpilens: 1 }: 2\n[a]: 3\n';
      const result = await checkKpiFile(FILE, text, { data: false });
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      assert.deepEqual(warnings, []);
      assert.deepEqual(
        result.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`),
        ['1:1 missing-field', '1:1 unknown-key', '2:1 unknown-key'],
      );
    } finally {
      process.off('warning', listen);
    }
  });

  it('a YAML error quotes at most 40 characters of the file, not the rest of it (bug found by the fuzz run)', async () => {
    // Found with seed 401497219: a block scalar header before the sample made the parser quote all 2 400 characters after it.
    const text = `>=<<: *a${SEED_SPECS[0]}`;
    const result = await checkKpiFile(FILE, text, { headers });
    assertDiagnosticsSound(text, result.diagnostics, FILE);
    const token = result.diagnostics.find((d) => d.message.startsWith('YAML syntax: unexpected scalar token'));
    assert.ok(token, 'the stray text is reported');
    assert.equal(
      token.message,
      'YAML syntax: unexpected scalar token in YAML stream: "kpilens: 1\\ntitle: Customer loyalty\\n\\nsour…"',
    );
  });

  it('bounded work on hostile YAML: a "billion laughs" of aliases is refused, not expanded', async () => {
    // 10 levels of 10 aliases each would expand to 10^10 nodes; the parser stops once they pass one
    // value per character of the file (yamlDocument.ts maxAliasExpansion).
    const text = [
      'kpilens: 1',
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(', ')}]`,
      ),
    ].join('\n');
    const result = await checkKpiFile(FILE, text, { data: false });
    assert.deepEqual(
      result.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`),
      [
        `1:1 yaml-syntax the YAML cannot be read: its aliases of aliases expand to more than ${text.length} values (aliases nested inside anchors multiply); repeat the text instead`,
      ],
    );
  });

  it('the language service (outline, completion, hover, definition, references, rename) at random cursors — 300 cases', async () => {
    await fc.assert(
      fc.asyncProperty(specWithCursors, ([text, cursors]) => languageProperty(FILE, text, cursors, { headers })),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('expressions (token soups, arbitrary text): a tree or errors with spans inside — 3000 cases', () => {
    fc.assert(
      fc.property(expressionText, (text) => parserProperty(text)),
      { seed: SEED, numRuns: 3000 },
    );
  });
});

// Values a KPI skips as "not a number" that are numbers written with other separators — a
// French export's "1 234,56" (its spaces often no-break ones), "12,5", a German "1.234,56", an
// English "1,234.56", a Swiss "1'234.50" — get the settings that read them in the warning
// (numberFormatHint.ts) when no value of the column was read as a number and the file's values
// did not tell the separators themselves; with those settings the sum is right (by hand) and
// nothing is skipped.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { numberFormatHint } from '../../../src/core/engine/evaluation/numberFormatHint';
import { lines } from '../helpers';

describe('engine: the settings a skipped number suggests', function () {
  this.timeout(60_000);

  it('names the decimal mark and the thousands separator the values are written with', () => {
    const hint = (values: string[], csv = {}) => numberFormatHint(values, csv);
    const both = 'if they are numbers written so, set the source\'s decimal: "," and thousands: " "';
    assert.equal(hint(['1 234,56', '2\u00a0000,00', '3\u202f000']), both);
    assert.equal(hint(['12,5', '0,75']), 'if they are numbers written so, set the source\'s decimal: ","');
    assert.equal(
      hint(['1.234,56', '1.234.567']),
      'if they are numbers written so, set the source\'s decimal: "," and thousands: "."',
    );
    assert.equal(hint(['1,234.56', '1,234,567']), 'if they are numbers written so, set the source\'s thousands: ","');
    assert.equal(hint(["1'234.50"]), 'if they are numbers written so, set the source\'s thousands: "\'"');
    assert.equal(hint(['1 234.5']), 'if they are numbers written so, set the source\'s thousands: " "');
    // The most frequent shape wins (two with spaces against one decimal comma alone).
    assert.equal(hint(['12,5', '1 234,56', '2 000,00']), both);
    // Already read so: only what is missing, or nothing.
    assert.equal(
      hint(['1 234,56'], { decimal: ',' }),
      'if they are numbers written so, set the source\'s thousands: " "',
    );
    assert.equal(hint(['1 234,56'], { decimal: ',', thousands: ' ' }), undefined);
    // No number at all: no hint (a word, a date, a number with a unit, a lone group of digits).
    assert.equal(hint(['abc', 'n/a', '05/01/2025', '12 €', '1 23', '12.5.3']), undefined);
    assert.equal(hint([]), undefined);
  });

  it('in the warning of a sum on a French export; with the settings, the sum by hand and no warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-number-hint-'));
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      // Its rate column is written with a decimal point: the file's values point both ways, so
      // the separators are not told from them (csvNumberFormat.test.ts) and the hint is needed.
      const french = lines(
        'client;date;montant;taux',
        'C1;2025-01-05;1 234,56;0.5',
        'C2;2025-01-06;2 000,00;0.25',
        'C3;2025-01-07;12,5;1',
        'C4;2025-01-08;1\u00a0000,10;0.5',
        'C5;2025-01-09;3\u202f000,00;0.75',
      );
      fs.writeFileSync(path.join(dir, 'ventes.csv'), french);
      const run = async (settings: string) => {
        const text = lines(
          'kpilens: 1',
          'as_of: 2025-01-31',
          'sources:',
          `  ventes: { file: ventes.csv, time: date, key: client${settings} }`,
          'periods:',
          '  m: { grain: month, last: 1, compare: none }',
          'defaults: { period: m }',
          'kpis:',
          '  ca: { type: sum, source: ventes, column: montant }',
        );
        const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'v.kpi.yaml'), text), { engine });
        return { value: r.kpis[0].rows[0].value, warnings: r.diagnostics.filter((d) => d.severity === 'warning') };
      };
      const plain = await run('');
      assert.equal(plain.value, 0);
      assert.equal(plain.warnings.length, 1);
      assert.match(
        plain.warnings[0].message,
        /5 row\(s\) skipped, 'montant' is not a number: '1 234,56' at ventes\.csv:2/,
      );
      assert.match(
        plain.warnings[0].message,
        /; if they are numbers written so, set the source's decimal: "," and thousands: " "$/,
      );
      // A "12,5" among numbers written with a point is a typo, not a setting: no hint.
      fs.writeFileSync(
        path.join(dir, 'ventes.csv'),
        lines('client;date;montant', 'C1;2025-01-05;1234.56', 'C2;2025-01-06;12,5', 'C3;2025-01-07;7.5'),
      );
      const mixed = await run('');
      assert.equal(mixed.value, 1242.06); // 1234.56 + 7.5
      assert.equal(mixed.warnings.length, 1);
      assert.match(
        mixed.warnings[0].message,
        /1 row\(s\) skipped, 'montant' is not a number: '12,5' at ventes\.csv:3$/,
      );
      fs.writeFileSync(path.join(dir, 'ventes.csv'), french);
      // By hand: 1234.56 + 2000 + 12.5 + 1000.10 + 3000 = 7247.16.
      const read = await run(', decimal: ",", thousands: " "');
      assert.equal(read.value, 7247.16);
      assert.deepEqual(read.warnings, []);
    } finally {
      await engine.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

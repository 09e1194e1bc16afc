// The number separators of a CSV source that declares none, told from its first rows' values
// (csvNumberFormat.ts): a French, German, English or Swiss export is summed right (by hand)
// with an information naming the settings found, through the columnar cache and without it;
// values that can be read two ways ("1,234", "1.234"), values pointing both ways, a comment
// column with a number in it, a code column and a declared setting change nothing.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines, runCli } from '../helpers';

describe('engine: number separators told from the values', function () {
  this.timeout(120_000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-number-format-'));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const spec = (settings = '', column = 'montant') =>
    lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  ventes: { file: ventes.csv, time: date, key: client${settings} }`,
      'periods:',
      '  m: { grain: month, last: 1, compare: none }',
      'defaults: { period: m }',
      'kpis:',
      `  ca: { type: sum, source: ventes, column: ${column} }`,
    );
  const run = async (csv: string, settings = '', cache?: ColumnarCache, column?: string) => {
    fs.writeFileSync(path.join(dir, 'ventes.csv'), csv);
    const r = await evaluateSpec(await checkKpiFile(path.join(dir, 'v.kpi.yaml'), spec(settings, column)), {
      engine,
      ...(cache ? { cache } : {}),
    });
    const of = (severity: string) => r.diagnostics.filter((d) => d.severity === severity);
    return { value: r.kpis[0].rows[0].value, warnings: of('warning'), infos: of('info') };
  };

  it('reads a French export (decimal comma, no-break spaces between thousands) and says so', async () => {
    const french = lines(
      'client;date;montant;remise',
      'C1;2025-01-05;1 234,56;0,5',
      'C2;2025-01-06;2\u00a0000,00;1',
      'C3;2025-01-07;12,5;',
      'C4;2025-01-08;1\u202f000,10;0,25',
      'C5;2025-01-09;0,84;2',
    );
    // By hand: 1234.56 + 2000 + 12.5 + 1000.10 + 0.84 = 4248.00.
    for (const cache of [undefined, new ColumnarCache({ dir: path.join(dir, 'cache') })]) {
      const r = await run(french, '', cache);
      assert.equal(r.value, 4248);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.infos.length, 1);
      assert.equal(r.infos[0].code, 'number-format');
      assert.equal(
        r.infos[0].message,
        "source 'ventes' writes its numbers with decimal: \",\" and thousands: \" \" (column 'montant': '1 234,56'): they are read so; set the source's decimal and thousands to read them otherwise",
      );
    }
    // Again from the cached copy: the same sum, the same information (kept with the copy).
    const again = await run(french, '', new ColumnarCache({ dir: path.join(dir, 'cache') }));
    assert.equal(again.value, 4248);
    assert.equal(again.infos.length, 1);
    // The other column, with its decimal commas only, is a number too: 0.5 + 1 + 0.25 + 2.
    assert.equal((await run(french, '', undefined, 'remise')).value, 3.75);
  });

  it('reads German, English and Swiss groupings, each by the shapes only it writes', async () => {
    const german = await run(
      lines('client;date;betrag', 'K1;2025-01-05;1.234,56', 'K2;2025-01-06;1.234.567', 'K3;2025-01-07;12,5'),
      '',
      undefined,
      'betrag',
    );
    assert.equal(german.value, 1235814.06); // 1234.56 + 1234567 + 12.5
    assert.match(german.infos[0].message, /decimal: "," and thousands: "\." \(column 'betrag': '1\.234,56'\)/);
    const english = await run(
      lines(
        'client,date,amount',
        'C1,2025-01-05,"1,234.56"',
        'C2,2025-01-06,"1,234,567"',
        'C3,2025-01-07,12.5',
        'C4,2025-01-08,"2,500"',
      ),
      '',
      undefined,
      'amount',
    );
    // 1234.56 + 1234567 + 12.5 + 2500: the lone "2,500" read as the file writes its thousands.
    assert.equal(english.value, 1238314.06);
    assert.match(english.infos[0].message, /with thousands: "," \(column 'amount': '1,234,567'\)/);
    const swiss = await run(
      lines('client;date;betrag', "K1;2025-01-05;1'234.50", 'K2;2025-01-06;99.95'),
      '',
      undefined,
      'betrag',
    );
    assert.equal(swiss.value, 1334.45);
    assert.match(swiss.infos[0].message, /with thousands: "'" \(column 'betrag': '1'234\.50'\)/);
  });

  it('tells nothing from values that read two ways, point both ways, or are not the numbers', async () => {
    // "1,234" and "2,500" are a thousand or a decimal: read as the default says (not numbers), told as skipped.
    const ambiguous = await run(lines('client;date;montant', 'C1;2025-01-05;1,234', 'C2;2025-01-06;2,500'));
    assert.equal(ambiguous.value, 0);
    assert.deepEqual(ambiguous.infos, []);
    assert.match(ambiguous.warnings[0].message, /2 row\(s\) skipped, 'montant' is not a number/);
    // A decimal comma and a decimal point in the same file: nothing is guessed, the comma is told.
    const both = await run(
      lines('client;date;montant', 'C1;2025-01-05;1234.56', 'C2;2025-01-06;12,5', 'C3;2025-01-07;7.5'),
    );
    assert.equal(both.value, 1242.06);
    assert.deepEqual(both.infos, []);
    assert.match(both.warnings[0].message, /1 row\(s\) skipped, 'montant' is not a number: '12,5' at ventes\.csv:3$/);
    // A comment column with a number in it says nothing of the amounts (written with a point).
    const comment = await run(
      lines(
        'client;date;montant;avis',
        'C1;2025-01-05;10.25;très bien',
        'C2;2025-01-06;5;noté 4,5',
        'C3;2025-01-07;1;ok',
      ),
    );
    assert.equal(comment.value, 16.25);
    assert.deepEqual(comment.infos, []);
    // A key written "1 234" is a code, not a number: the amounts keep their point.
    const key = await run(lines('client;date;montant', '1 234;2025-01-05;10.5', '2 345;2025-01-06;1.5'));
    assert.equal(key.value, 12);
    assert.deepEqual(key.infos, []);
  });

  it('keeps what the source declares, and finds only what it does not', async () => {
    const csv = lines('client;date;montant', 'C1;2025-01-05;1 234,56', 'C2;2025-01-06;12,5');
    // decimal: "." declared: "12,5" is no number (told), and values written with a comma tell nothing.
    const point = await run(csv, ', decimal: "."');
    assert.equal(point.value, 0);
    assert.deepEqual(point.infos, []);
    assert.match(point.warnings[0].message, /2 row\(s\) skipped, 'montant' is not a number/);
    // decimal: "," declared: the thousands are found, and only they are told.
    const comma = await run(csv, ', decimal: ","');
    assert.equal(comma.value, 1247.06);
    assert.equal(comma.infos.length, 1);
    assert.match(comma.infos[0].message, /writes its numbers with thousands: " " \(column 'montant': '1 234,56'\)/);
    // thousands: "," declared: a comma is no decimal one, nothing is told ("12,5" is no number, told as skipped).
    const grouped = await run(csv, ', thousands: ","');
    assert.deepEqual(grouped.infos, []);
    assert.match(grouped.warnings[0].message, /2 row\(s\) skipped, 'montant' is not a number/);
    // Both declared: nothing to tell.
    const declared = await run(csv, ', decimal: ",", thousands: " "');
    assert.equal(declared.value, 1247.06);
    assert.deepEqual(declared.infos, []);
  });

  it('kpilens check --explain says which separators were found in the values', async () => {
    fs.writeFileSync(
      path.join(dir, 'ventes.csv'),
      lines('client;date;montant', 'C1;2025-01-05;12,5', 'C2;2025-01-06;7,25'),
    );
    fs.writeFileSync(path.join(dir, 'ex.kpi.yaml'), spec());
    const r = await runCli(['check', 'ex.kpi.yaml', '--explain'], dir);
    assert.match(r.out, /decimal "," \(found in the values\), thousands none \(assumed\)/);
    assert.match(r.out, /- montant: number \(inferred, checked on every row\)/);
  });
});

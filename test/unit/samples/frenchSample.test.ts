// The French sample (samples/fr/): the committed files are what scripts/generate-french-sample.ts
// writes (windows-1252 bytes, CRLF, the workbook's rows), and `kpilens run
// samples/fr/fidelite.kpi.yaml` gives the values computed by hand below.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import { execFileSync } from 'child_process';
import * as path from 'path';
import * as ExcelJS from 'exceljs';
import { AVIS, CLIENTS, VENTES, writeFrenchSample } from '../../../scripts/generate-french-sample';
import { buildSchema } from '../../../src/core/kpifile/buildSchema';
import { REPO_ROOT, runCli } from '../helpers';

const FR = path.join(REPO_ROOT, 'samples', 'fr');

interface JsonRow {
  period: string;
  segment: Record<string, string>;
  value: number | null;
}
interface JsonKpi {
  name: string;
  rows: JsonRow[];
}

/** The rows of a sheet as the workbook stores them (dates as ISO days). */
async function sheetRows(file: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: unknown[][] = [];
  wb.getWorksheet(sheet)?.eachRow((row) =>
    out.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))),
  );
  return out;
}

describe('samples/fr: a French CRM export', function () {
  this.timeout(60000);

  it("the committed files are the generator's output: windows-1252 bytes with CRLF, the same workbook rows", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-fr-sample-'));
    try {
      await writeFrenchSample(dir);
      for (const name of ['avis.csv', 'ventes.csv'])
        assert.ok(fs.readFileSync(path.join(dir, name)).equals(fs.readFileSync(path.join(FR, name))), name);
      assert.deepEqual(
        await sheetRows(path.join(FR, 'clients.xlsx'), 'Clients'),
        await sheetRows(path.join(dir, 'clients.xlsx'), 'Clients'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const avis = fs.readFileSync(path.join(FR, 'avis.csv'));
    // 'é' is one byte 0xE9, '’' 0x92, '€' 0x80, 'Œ' 0x8C, '–' 0x96; lines end with CR LF.
    for (const byte of [0xe9, 0x92, 0x80, 0x8c, 0x96]) assert.ok(avis.includes(byte), byte.toString(16));
    assert.equal(
      avis.subarray(0, AVIS[0].length + 2).toString('latin1'),
      'client;date de r\u00e9ponse;note;commentaire\r\n',
    );
    assert.equal((await sheetRows(path.join(FR, 'clients.xlsx'), 'Clients')).length, CLIENTS.length + 1);
    assert.equal(VENTES.length, 9);
  });

  it("runs: new customers from the workbook's date cells, NPS by region joined from the workbook, a quoted accented filter", async () => {
    const { code, out, err } = await runCli([
      'run',
      path.join(FR, 'fidelite.kpi.yaml'),
      '--format',
      'json',
      '--no-cache',
    ]);
    assert.equal(code, 0, err);
    const result = JSON.parse(out) as { kpis: JsonKpi[]; diagnostics: unknown[] };
    assert.deepEqual(result.diagnostics, []);
    const rows = (name: string) =>
      result.kpis.find((k) => k.name === name)!.rows.map((r) => [r.period, JSON.stringify(r.segment), r.value]);
    // Inscriptions: C001 03/01, C002 10/01 → January 2; C003 02/02, C004 14/02 → February 2; C005 01/03 → March 1.
    assert.deepEqual(rows('nouveaux_clients'), [
      ['2025-01', '{}', 2],
      ['2025-02', '{}', 2],
      ['2025-03', '{}', 1],
    ]);
    // Q1 answers: 10, 6, 9, 7, 8, 9 → promoters (≥ 9) 3, detractors (≤ 6) 1: (3 − 1) / 6 × 100 = 33.33…
    // Île-de-France (C001 10 and 9, C004 7): (2 − 0) / 3 × 100 = 66.66…; Bretagne (C002 6): −100;
    // Provence-Alpes-Côte d'Azur (C003 9): 100; Grand Est (C005 8): 0.
    const nps = Object.fromEntries(
      result.kpis.find((k) => k.name === 'nps')!.rows.map((r) => [r.segment.region ?? 'all', r.value]),
    );
    assert.deepEqual(Object.keys(nps).sort(), [
      'Bretagne',
      'Grand Est',
      'Provence-Alpes-Côte d’Azur',
      'all',
      'Île-de-France',
    ]);
    assert.ok(Math.abs(nps.all! - 200 / 6) < 1e-9, String(nps.all));
    assert.ok(Math.abs(nps['Île-de-France']! - 200 / 3) < 1e-9, String(nps['Île-de-France']));
    assert.deepEqual([nps.Bretagne, nps['Provence-Alpes-Côte d’Azur'], nps['Grand Est']], [-100, 100, 0]);
    // Answers of Île-de-France customers: C001 on 20/01, C004 on 20/02, C001 on 15/03 → 1 a month.
    assert.deepEqual(rows('reponses_idf'), [
      ['2025-01', '{}', 1],
      ['2025-02', '{}', 1],
      ['2025-03', '{}', 1],
    ]);
    // ventes.csv (windows-1252, ';', decimal comma, dd/mm/yyyy hh:mm): January 12,50 + 40,00 +
    // 7,50 (31/01 23:45 stays in January) = 60; February 100,00 + 25,25 + 9,75 = 135; March
    // 60,00 + 30,00 = 90.
    assert.deepEqual(rows('chiffre_affaires'), [
      ['2025-01', '{}', 60],
      ['2025-02', '{}', 135],
      ['2025-03', '{}', 90],
    ]);
  });

  it('the bundled CLI (dist/cli.js) reads the workbook and the windows-1252 files through dist/exceljs.js and dist/iconv-lite.js, loaded on first use', () => {
    // The bundles keep exceljs in a file of its own (esbuild.mjs): a wrong path or export shape
    // there is an unreadable-file error on clients.xlsx and no NPS by region.
    const out = execFileSync(
      process.execPath,
      [
        path.join(REPO_ROOT, 'bin', 'kpilens.js'),
        'run',
        path.join(FR, 'fidelite.kpi.yaml'),
        '--format',
        'json',
        '--no-cache',
      ],
      { encoding: 'utf8' },
    );
    const result = JSON.parse(out) as { kpis: JsonKpi[]; diagnostics: unknown[] };
    assert.deepEqual(result.diagnostics, []);
    const regions = result.kpis
      .find((k) => k.name === 'nps')!
      .rows.map((r) => r.segment.region ?? 'all')
      .sort();
    assert.deepEqual(regions, ['Bretagne', 'Grand Est', 'Provence-Alpes-Côte d’Azur', 'all', 'Île-de-France']);
  });

  // ventes.csv needs the CSV dialect keys (decimal comma, dd/mm/yyyy hh:mm) of the branch that
  // reads sources (issue 19, items 1–3): this test runs once the schema has them.
  const dialect = Boolean(
    (buildSchema() as { definitions: { source: { properties: Record<string, unknown> } } }).definitions.source
      .properties.decimal,
  );
  (dialect ? it : it.skip)(
    'with the CSV dialect keys: ventes.csv (;, decimal comma, dd/mm/yyyy hh:mm, windows-1252) gives the revenue computed by hand',
    async () => {
      const dir = fs.mkdtempSync(path.join(FR, '.tmp-ventes-'));
      try {
        const spec = path.join(dir, 'ventes.kpi.yaml');
        fs.writeFileSync(
          spec,
          [
            'kpilens: 1',
            'as_of: 2025-03-31',
            'sources:',
            '  ventes:',
            '    file: ../ventes.csv',
            '    encoding: windows-1252',
            "    decimal: ','",
            "    timestamp_format: '%d/%m/%Y %H:%M'",
            '    time: date',
            '    key: client',
            '  clients: { file: ../clients.xlsx, sheet: Clients, time: inscription, key: client }',
            'periods:',
            '  mensuel: { grain: month, last: 3, compare: none }',
            'segments:',
            '  formule: { by: clients.formule }',
            'kpis:',
            '  ca: { type: sum, source: ventes, column: Montant TTC, period: mensuel, segments: [formule] }',
            "  web: { type: count, source: ventes, period: mensuel, where: 'canal = ''web'' and \"Montant TTC\" < 20' }",
            '',
          ].join('\n'),
        );
        const { code, out, err } = await runCli(['run', spec, '--format', 'json', '--no-cache']);
        assert.equal(code, 0, err);
        const result = JSON.parse(out) as { kpis: JsonKpi[] };
        const ca = Object.fromEntries(
          result.kpis
            .find((k) => k.name === 'ca')!
            .rows.map((r) => [`${r.period} ${r.segment.formule ?? 'all'}`, r.value]),
        );
        // January: 12,50 + 40,00 + 7,50 (31/01 23:45 stays in January) = 60; C001 premium 20, C002 standard 40.
        // February: 100,00 + 25,25 + 9,75 = 135; premium C004 25,25 + C001 9,75 = 35, standard C003 100.
        // March: 60,00 + 30,00 = 90, all standard (C005, C002); premium has no order: a sum over
        // no rows is 0 (DSL.md).
        assert.deepEqual(ca, {
          '2025-01 all': 60,
          '2025-01 premium': 20,
          '2025-01 standard': 40,
          '2025-02 all': 135,
          '2025-02 premium': 35,
          '2025-02 standard': 100,
          '2025-03 all': 90,
          '2025-03 premium': 0,
          '2025-03 standard': 90,
        });
        // Web orders under 20: 12,50 and 7,50 in January, 9,75 in February, none in March.
        assert.deepEqual(
          result.kpis.find((k) => k.name === 'web')!.rows.map((r) => r.value),
          [2, 1, 0],
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

// Text files in the encodings people have: windows-1252 (Excel in France), iso-8859-15 and
// latin-1 — the declared encoding used alike by the header check, completion and the run;
// bytes the encoding does not define counted with their lines; the UTF-8 copy in the cache
// written once, streamed, and replaced when the file changes.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { transcodeToUtf8 } from '../../../src/core/data/textEncodings';
import { explainSources } from '../../../src/core/engine/sources/sourceExplain';
import { lines } from '../helpers';

/** windows-1252 bytes of a text that holds only characters of that code page. */
function cp1252(text: string): Buffer {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, Œ: 0x8c, '–': 0x96, œ: 0x9c };
  return Buffer.from([...text].map((c) => special[c] ?? (c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : 0x3f)));
}

// Three sales in January 2025 in two regions: Île-de-France 12 + 30 = 42, Provence–Alpes 8.
const SALES = lines(
  'client;région;montant;jour;note',
  'C1;Île-de-France;12;2025-01-05;l’été',
  'C2;Provence–Alpes;8;2025-01-06;Œuvre 5 €',
  'C1;Île-de-France;30;2025-01-20;',
);

function spec(file: string, encoding: string, extra: string[] = []): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  ventes: { file: ${file}, encoding: ${encoding}, time: jour, key: client }`,
    'periods:',
    '  jan: { grain: month, last: 1, compare: none }',
    'segments:',
    '  region: { by: région }',
    'defaults: { period: jan }',
    'kpis:',
    '  ca: { type: sum, source: ventes, column: montant, segments: [region] }',
    ...extra,
  );
}

describe('engine: text encodings other than UTF-8', function () {
  this.timeout(60000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-enc-'));
    fs.writeFileSync(path.join(dir, 'ventes.csv'), cp1252(SALES));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the header check decodes the declared encoding: région is found (not r�gion)', async () => {
    const check = await checkKpiFile(path.join(dir, 'a.kpi.yaml'), spec('ventes.csv', 'windows-1252'));
    assert.deepEqual(
      check.diagnostics.map((d) => d.message),
      [],
    );
    assert.deepEqual(check.sources.get('ventes')?.columns, ['client', 'région', 'montant', 'jour', 'note']);
    // latin-1 (read by DuckDB itself) is decoded the same way for the header: é is 0xE9 in both.
    const latin = await checkKpiFile(path.join(dir, 'b.kpi.yaml'), spec('ventes.csv', 'latin-1'));
    assert.deepEqual(
      latin.diagnostics.map((d) => d.message),
      [],
    );
  });

  it('completion offers the decoded column names', async () => {
    const text = spec('ventes.csv', 'windows-1252', ['  n: { type: sum, source: ventes, column: r| }']);
    const check = await checkKpiFile(path.join(dir, 'c.kpi.yaml'), text.replace('|', ''));
    const labels = completionsAt(check, text.indexOf('|')).items.map((i) => i.label);
    assert.ok(labels.includes('région'), labels.join(', '));
  });

  it('the run reads ’ € Œ – and accents right: sums per region with accented labels', async () => {
    const check = await checkKpiFile(
      path.join(dir, 'd.kpi.yaml'),
      spec('ventes.csv', 'windows-1252', [
        '  euro: { type: count, source: ventes, where: "note = \'Œuvre 5 €\'" }',
        '  apostrophe: { type: count, source: ventes, where: "note = \'l’été\'" }',
      ]),
    );
    assert.deepEqual(check.diagnostics, []);
    const r = await evaluateSpec(check, { engine });
    assert.deepEqual(r.diagnostics, []);
    const ca = r.kpis.find((k) => k.name === 'ca')!;
    const bySegment = Object.fromEntries(ca.rows.map((row) => [JSON.stringify(row.segment), row.value]));
    // All: 12 + 8 + 30 = 50; Île-de-France: 12 + 30 = 42; Provence–Alpes: 8.
    assert.deepEqual(bySegment, {
      '{}': 50,
      [JSON.stringify({ region: 'Île-de-France' })]: 42,
      [JSON.stringify({ region: 'Provence–Alpes' })]: 8,
    });
    const value = (name: string) => r.kpis.find((k) => k.name === name)?.rows[0].value;
    assert.equal(value('euro'), 1);
    assert.equal(value('apostrophe'), 1);
  });

  it('a file that is not UTF-8 and declares no encoding is read as windows-1252, every row kept, and told', async () => {
    // The same windows-1252 file without `encoding`: before, its header was `r�gion` (the
    // segment's column unknown) and DuckDB left out some rows holding such bytes, silently —
    // which ones depended on the columns a query read.
    const text = spec('ventes.csv', 'windows-1252').replace(', encoding: windows-1252', '');
    const check = await checkKpiFile(path.join(dir, 'guess.kpi.yaml'), text);
    assert.deepEqual(check.diagnostics, []);
    const r = await evaluateSpec(check, { engine });
    const ca = r.kpis.find((k) => k.name === 'ca')!;
    // All three sales: 12 + 8 + 30 = 50, with their accented regions.
    assert.deepEqual(Object.fromEntries(ca.rows.map((row) => [JSON.stringify(row.segment), row.value])), {
      '{}': 50,
      [JSON.stringify({ region: 'Île-de-France' })]: 42,
      [JSON.stringify({ region: 'Provence–Alpes' })]: 8,
    });
    // é (0xE9) of the header `région`, line 1.
    assert.deepEqual(
      r.diagnostics.map((d) => [d.code, d.message]),
      [
        [
          'not-utf8',
          "'ventes.csv' is not UTF-8 (an invalid byte on line 1): it is read as windows-1252, as Excel writes text; if its accents look wrong, set the source's 'encoding' (e.g. encoding: latin-1)",
        ],
      ],
    );
  });

  it('check --explain reads such a file as a run does: windows-1252, assumed, every row and accent', async () => {
    const text = spec('ventes.csv', 'windows-1252').replace(', encoding: windows-1252', '');
    const [guessed] = await explainSources(await checkKpiFile(path.join(dir, 'explain.kpi.yaml'), text), engine);
    assert.equal(guessed.dialect?.encoding, 'windows-1252');
    assert.ok(!guessed.declared.includes('encoding'));
    assert.equal(guessed.rows, 3);
    assert.deepEqual(
      guessed.columns.map((c) => c.name),
      ['client', 'région', 'montant', 'jour', 'note'],
    );
    // Declared: the same, read from its UTF-8 copy as a run reads it.
    const [declared] = await explainSources(
      await checkKpiFile(path.join(dir, 'explain2.kpi.yaml'), spec('ventes.csv', 'windows-1252')),
      engine,
    );
    assert.equal(declared.dialect?.encoding, 'windows-1252');
    assert.ok(declared.declared.includes('encoding'));
    assert.equal(declared.rows, 3);
  });

  it('a byte that is not UTF-8 after the first megabyte: the file is read again as windows-1252, every row kept', async () => {
    // 60 000 ASCII rows (1.1 MB: the not-UTF-8 check samples the first megabyte), then `Rhône` in
    // windows-1252 (line 60 002) and `Lyon` (line 60 003); the header is ASCII (see lateCases).
    const ascii = Array.from({ length: 60_000 }, () => 'Paris;1;2025-01-02').join('\n');
    const late = Buffer.concat([
      Buffer.from(`region;montant;jour\n${ascii}\n`, 'utf8'),
      cp1252('Rhône;2;2025-01-03\nLyon;4;2025-01-04\n'),
    ]);
    fs.writeFileSync(path.join(dir, 'late.csv'), late);
    const text = (encoding: string) =>
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        `  l: { file: late.csv, time: jour${encoding} }`,
        'periods:',
        '  jan: { grain: month, last: 1, compare: none }',
        'kpis:',
        '  s: { type: sum, source: l, column: montant, period: jan }',
      );
    // Through the columnar cache (the CLI's and the extension's way): its copy is what finds the byte.
    const cache = new ColumnarCache({ dir: path.join(dir, 'cache-late') });
    const asUtf8 = await evaluateSpec(await checkKpiFile(path.join(dir, 'late.kpi.yaml'), text('')), { engine, cache });
    // 60 000 + 2 + 4: before, the Rhône row was left out (told as a malformed row), and DuckDB
    // read without the cache keeps it in some queries and not in others (its check of UTF-8 is
    // of the columns a query reads).
    assert.equal(asUtf8.kpis[0].rows[0].value, 60_006);
    assert.deepEqual(
      asUtf8.diagnostics.map((d) => d.message),
      [
        "'late.csv' is not UTF-8 (an invalid byte on line 60002): it is read as windows-1252, as Excel writes text; if its accents look wrong, set the source's 'encoding' (e.g. encoding: latin-1)",
      ],
    );
    const declared = await evaluateSpec(
      await checkKpiFile(path.join(dir, 'late2.kpi.yaml'), text(', encoding: windows-1252')),
      { engine, cache },
    );
    // Declared: the same, without a word.
    assert.equal(declared.kpis[0].rows[0].value, 60_006);
    assert.deepEqual(declared.diagnostics, []);
  });

  it('a UTF-8 file with one windows-1252 byte on line 3: read as UTF-8 (its header and accents right), the byte told at its line', async () => {
    // Before: read as windows-1252 for that byte, its header became `rÃ©gion` (unknown to the KPI
    // file) and `Besançon` `BesanÃ§on`; and a bad byte's line was the one before it (line 2).
    fs.writeFileSync(
      path.join(dir, 'mixed.csv'),
      Buffer.concat([
        Buffer.from('région,montant,jour\nBesançon,1,2025-01-02\n', 'utf8'),
        cp1252('Rhône,2,2025-01-03\n'),
      ]),
    );
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  m: { file: mixed.csv, time: jour }',
      'segments:',
      '  r: { by: région }',
      'periods:',
      '  jan: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  s: { type: sum, source: m, column: montant, period: jan, segments: [r] }',
    );
    const check = await checkKpiFile(path.join(dir, 'mixed.kpi.yaml'), text);
    assert.deepEqual(check.diagnostics, []);
    const out = await evaluateSpec(check, { engine });
    assert.deepEqual(
      out.kpis[0].rows.map((r) => [r.segment.r ?? 'all', r.value]),
      [
        ['all', 3],
        ['Besançon', 1],
        ['Rh\uFFFDne', 2],
      ],
    );
    assert.deepEqual(
      out.diagnostics.map((d) => d.message),
      [
        "1 byte of 'mixed.csv' is not a utf-8 character (at mixed.csv:3): it is read as '\uFFFD'; check the file's encoding",
      ],
    );
  });

  // 60 000 rows, then `Rhône` in windows-1252 (line 60 002) in a text column only a segment reads.
  // Before, a read without the cache counted no text column: DuckDB (whose UTF-8 check is of the
  // columns a query reads) kept the row there, left it out of the KPIs reading the region, and
  // nothing was said (60 002 rows counted, 60 004 summed by region). And a UTF-8 file (its header
  // `région`, a `Besançon` on line 2) was read as windows-1252 for that one byte: its header became
  // `rÃ©gion`, unknown to the KPI file, and the run failed saying the file had been modified.
  const lateCases = [
    {
      name: 'ASCII before the byte: windows-1252, every row kept, told',
      head: 'region;montant;jour\nParis;1;2025-01-02',
      column: 'region',
      rhone: 'Rhône',
      codes: ['not-utf8'],
      message: /is not UTF-8 \(an invalid byte on line 60002\): it is read as windows-1252/,
    },
    {
      name: 'UTF-8 accents before the byte: UTF-8, the bad byte replaced and told at its line',
      head: 'région;montant;jour\nBesançon;1;2025-01-02',
      column: 'région',
      rhone: 'Rh\uFFFDne',
      codes: ['invalid-bytes'],
      message: /1 byte of 'late-\d\.csv' is not a utf-8 character \(at late-\d\.csv:60002\)/,
    },
  ];
  for (const [k, c] of lateCases.entries())
    for (const cached of [true, false])
      it(`a byte that is not UTF-8 after the first megabyte, ${cached ? 'through the cache' : 'read without the cache'}: ${c.name}`, async () => {
        const ascii = Array.from({ length: 59_999 }, () => 'Paris;1;2025-01-02').join('\n');
        fs.writeFileSync(
          path.join(dir, `late-${k}.csv`),
          Buffer.concat([
            Buffer.from(`${c.head}\n${ascii}\n`, 'utf8'),
            cp1252('Rhône;2;2025-01-03\nLyon;4;2025-01-04\n'),
          ]),
        );
        const text = lines(
          'kpilens: 1',
          'as_of: 2025-01-31',
          'sources:',
          `  l: { file: late-${k}.csv, time: jour }`,
          'segments:',
          `  r: { by: ${c.column} }`,
          'periods:',
          '  jan: { grain: month, last: 1, compare: none }',
          'kpis:',
          '  n: { type: count, source: l, period: jan }',
          '  s: { type: sum, source: l, column: montant, period: jan, segments: [r] }',
        );
        const cache = cached ? new ColumnarCache({ dir: path.join(dir, `cache-late-${k}`) }) : undefined;
        const out = await evaluateSpec(await checkKpiFile(path.join(dir, `late-${k}.kpi.yaml`), text), {
          engine,
          ...(cache ? { cache } : {}),
        });
        const value = (id: string, slice?: string) =>
          out.kpis
            .find((x) => x.name === id)
            ?.rows.find((r) => (slice === undefined ? Object.keys(r.segment).length === 0 : r.segment.r === slice))
            ?.value;
        assert.equal(value('n'), 60_002);
        assert.equal(value('s'), 60_006);
        assert.equal(value('s', c.rhone), 2);
        assert.equal(value('s', 'Lyon'), 4);
        assert.deepEqual(
          out.diagnostics.map((d) => d.code),
          c.codes,
        );
        assert.match(out.diagnostics[0].message, c.message);
      });

  for (const cached of [true, false])
    it(`a glob whose second file has a windows-1252 byte after its first megabyte (${cached ? 'cached' : 'no cache'}): every row kept, told`, async () => {
      // A glob's read keeps no rejects table: before, the Rhône row was left out without a word.
      const ascii = Array.from({ length: 60_000 }, () => 'Paris;1;2025-01-02').join('\n');
      fs.mkdirSync(path.join(dir, 'glob'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'glob', 'g-1.csv'), `region;montant;jour\n${ascii}\n`);
      fs.writeFileSync(
        path.join(dir, 'glob', 'g-2.csv'),
        Buffer.concat([Buffer.from(`region;montant;jour\n${ascii}\n`), cp1252('Rhône;2;2025-01-03\n')]),
      );
      const text = lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  g: { file: "glob/g-*.csv", time: jour }',
        'segments:',
        '  r: { by: region }',
        'periods:',
        '  jan: { grain: month, last: 1, compare: none }',
        'kpis:',
        '  s: { type: sum, source: g, column: montant, period: jan, segments: [r] }',
      );
      const cache = cached ? new ColumnarCache({ dir: path.join(dir, 'cache-glob') }) : undefined;
      const out = await evaluateSpec(await checkKpiFile(path.join(dir, 'glob.kpi.yaml'), text), {
        engine,
        ...(cache ? { cache } : {}),
      });
      assert.deepEqual(
        out.kpis[0].rows.map((r) => [r.segment.r ?? 'all', r.value]),
        [
          ['all', 120_002],
          ['Paris', 120_000],
          ['Rhône', 2],
        ],
      );
      assert.deepEqual(
        out.diagnostics.map((d) => d.message),
        [
          "'g-2.csv' is not UTF-8 (an invalid byte on line 60002): it is read as windows-1252, as Excel writes text; if its accents look wrong, set the source's 'encoding' (e.g. encoding: latin-1)",
        ],
      );
    });

  it('a glob of a UTF-8 file and a windows-1252 one: each read in its own encoding, every accent right', async () => {
    // Before: the whole glob was read as windows-1252 for the second file, and the first's
    // `Besançon` became `BesanÃ§on` — another segment, silently.
    fs.mkdirSync(path.join(dir, 'mixedglob'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'mixedglob', 'm-1.csv'),
      Buffer.from('ville;montant;jour\nBesançon;1;2025-01-02\n', 'utf8'),
    );
    fs.writeFileSync(
      path.join(dir, 'mixedglob', 'm-2.csv'),
      cp1252('ville;montant;jour\nRhône;2;2025-01-03\nBesançon;4;2025-01-04\n'),
    );
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  m: { file: "mixedglob/m-*.csv", time: jour }',
      'segments:',
      '  v: { by: ville }',
      'periods:',
      '  jan: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  s: { type: sum, source: m, column: montant, period: jan, segments: [v] }',
    );
    const out = await evaluateSpec(await checkKpiFile(path.join(dir, 'mixedglob.kpi.yaml'), text), { engine });
    assert.deepEqual(
      out.kpis[0].rows.map((r) => [r.segment.v ?? 'all', r.value]),
      [
        ['all', 7],
        ['Besançon', 5],
        ['Rhône', 2],
      ],
    );
    assert.deepEqual(
      out.diagnostics.map((d) => d.message),
      [
        "'m-2.csv' is not UTF-8 (an invalid byte on line 2): it is read as windows-1252, as Excel writes text; if its accents look wrong, set the source's 'encoding' (e.g. encoding: latin-1)",
      ],
    );
  });

  it('iso-8859-15: € is 0xA4 and œ 0xBD (not ¤ and ½ as in latin-1)', async () => {
    fs.writeFileSync(
      path.join(dir, 'euro15.csv'),
      Buffer.concat([
        Buffer.from('client,article,montant,jour\nC1,'),
        Buffer.from([0xbd]),
        Buffer.from('uf 3 '),
        Buffer.from([0xa4]),
        Buffer.from(',3,2025-01-10\n'),
      ]),
    );
    const check = await checkKpiFile(
      path.join(dir, 'e.kpi.yaml'),
      lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  v: { file: euro15.csv, encoding: iso-8859-15, time: jour, key: client }',
        'periods:',
        '  jan: { grain: month, last: 1, compare: none }',
        'kpis:',
        '  n: { type: count, source: v, period: jan, where: "article = \'œuf 3 €\'" }',
      ),
    );
    assert.deepEqual(check.diagnostics, []);
    const r = await evaluateSpec(check, { engine });
    assert.deepEqual(r.diagnostics, []);
    assert.equal(r.kpis[0].rows[0].value, 1);
  });

  it("bytes windows-1252 does not define (0x81, 0x8D) are counted with their lines, at the source's encoding", async () => {
    // Lines 3 and 5 hold an undefined byte each; line 5 holds two: 3 bytes on lines 3 and 5.
    const bad = Buffer.concat([
      Buffer.from('client,nom,montant,jour\nC1,a,1,2025-01-02\nC2,b'),
      Buffer.from([0x81]),
      Buffer.from(',2,2025-01-03\nC3,c,4,2025-01-04\n'),
      Buffer.from('C4,d'),
      Buffer.from([0x8d, 0x81]),
      Buffer.from(',8,2025-01-05\n'),
    ]);
    fs.writeFileSync(path.join(dir, 'bad.csv'), bad);
    const text = lines(
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      '  v:',
      '    file: bad.csv',
      '    encoding: windows-1252',
      '    time: jour',
      'periods:',
      '  jan: { grain: month, last: 1, compare: none }',
      'kpis:',
      '  total: { type: sum, source: v, column: montant, period: jan }',
    );
    const check = await checkKpiFile(path.join(dir, 'f.kpi.yaml'), text);
    const r = await evaluateSpec(check, { engine });
    // The rows are still read: 1 + 2 + 4 + 8 = 15.
    assert.equal(r.kpis[0].rows[0].value, 15);
    const warning = r.diagnostics.find((d) => d.code === 'invalid-bytes');
    assert.ok(warning, JSON.stringify(r.diagnostics));
    assert.equal(warning.line, 6, 'on the encoding line');
    assert.match(
      warning.message,
      /^3 bytes of 'bad\.csv' are not windows-1252 characters \(at bad\.csv:3, bad\.csv:5\)/,
    );
  });

  it('the UTF-8 copy is written once into the cache, reused, and replaced when the file changes', async () => {
    const cacheDir = path.join(dir, 'cache');
    const cache = new ColumnarCache({ dir: cacheDir });
    const file = path.join(dir, 'g.kpi.yaml');
    fs.writeFileSync(path.join(dir, 'ventes2.csv'), cp1252(SALES));
    const run = async () =>
      evaluateSpec(await checkKpiFile(file, spec('ventes2.csv', 'windows-1252')), { engine, cache });
    const entries = () => fs.readdirSync(path.join(cacheDir, 'converted')).filter((n) => !n.startsWith('.'));
    assert.equal((await run()).kpis[0].rows[0].value, 50);
    const [first] = entries();
    const copy = path.join(cacheDir, 'converted', first, 'ventes2.csv');
    assert.equal(fs.readFileSync(copy, 'utf8'), SALES);
    const written = fs.statSync(copy).mtimeMs;
    assert.equal((await run()).kpis[0].rows[0].value, 50);
    assert.deepEqual(entries(), [first]);
    assert.equal(fs.statSync(copy).mtimeMs, written, 'not written again');
    // One more sale of 7: 50 + 7 = 57; the older copy is removed.
    fs.appendFileSync(path.join(dir, 'ventes2.csv'), cp1252('C3;Île-de-France;7;2025-01-21;\n'));
    assert.equal((await run()).kpis[0].rows[0].value, 57);
    assert.equal(entries().length, 1);
    assert.notEqual(entries()[0], first);
  });

  it('transcodes in chunks: a 360 KB file (six 64 KB chunks) equals its whole decoding, and a bad byte far down has its line', async () => {
    // 60,000 lines of 'é€’;12\n' (6 bytes each in windows-1252), a 0x81 on line 50,001.
    const line = cp1252('é€’;12\n');
    const parts: Buffer[] = [];
    for (let i = 1; i <= 60000; i++) parts.push(i === 50001 ? Buffer.from([0x81, 0x3b, 0x31, 0x0a]) : line);
    const source = path.join(dir, 'big.csv');
    fs.writeFileSync(source, Buffer.concat(parts));
    const target = path.join(dir, 'big.utf8.csv');
    const invalid = await transcodeToUtf8(source, target, 'windows-1252');
    assert.deepEqual(invalid, { count: 1, lines: [50001] });
    const text = fs.readFileSync(target, 'utf8');
    assert.equal(text.split('\n').length, 60001);
    assert.equal(text.split('\n')[0], 'é€’;12');
    assert.equal(text.split('\n')[50000], '\uFFFD;1');
  });
});

// Double-quoted names in expressions ("Région" = 'Île-de-France', "Montant TTC" > 10): parsed
// and formatted, checked against the header (with fixes that quote), run on DuckDB, completed
// with quotes, and followed by go to definition and rename.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatExpression } from '../../../src/core/expr/format';
import { parseExpression } from '../../../src/core/expr/parse';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { completionsAt } from '../../../src/core/language/completion';
import { buildSymbolIndex, findDefinition, renameEdits } from '../../../src/core/language/symbols';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { lines } from '../helpers';

// Four orders: 12.5 + 40 in Île-de-France, 7.5 in Bretagne, 100 in Île-de-France.
const ORDERS = lines(
  'client,Région,Montant TTC,date,n° commande',
  'C1,Île-de-France,12.5,2025-01-05,1',
  'C2,Bretagne,7.5,2025-01-12,2',
  'C1,Île-de-France,40,2025-01-31,3',
  'C3,Île-de-France,100,2025-01-20,4',
);

function spec(...kpis: string[]): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    '  orders: { file: orders.csv, time: date, key: client }',
    'periods:',
    '  jan: { grain: month, last: 1, compare: none }',
    'defaults: { period: jan }',
    'kpis:',
    ...kpis,
  );
}

describe('expressions: double-quoted names', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-quoted-'));
    fs.writeFileSync(path.join(dir, 'orders.csv'), ORDERS);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('parses to plain names and formats back with quotes only where needed', () => {
    const { expr, errors } = parseExpression(
      '"Région" = \'Île-de-France\' and orders."Montant TTC" > 10 and "amount" > 0 and "date" is not null',
    );
    assert.deepEqual(errors, []);
    assert.ok(expr);
    assert.equal(
      formatExpression(expr),
      '"Région" = \'Île-de-France\' and orders."Montant TTC" > 10 and amount > 0 and "date" is not null',
    );
    const call = parseExpression('"abs"(1)');
    assert.ok(call.errors.length > 0, 'a quoted name is never a function');
  });

  it('runs on DuckDB: "Région" and "Montant TTC" in where, a KPI filter on an accented value', async () => {
    const check = await checkKpiFile(
      path.join(dir, 'a.kpi.yaml'),
      spec(
        "  idf: { type: sum, source: orders, column: Montant TTC, where: '\"Région\" = ''Île-de-France''' }",
        '  big: { type: count, source: orders, where: \'"Montant TTC" > 10\' }',
        '  numbered: { type: count, source: orders, where: \'"n° commande" >= 3\' }',
      ),
    );
    assert.deepEqual(check.diagnostics, []);
    const engine = new DuckDbEngine({ allowedDirectories: [dir] });
    try {
      const r = await evaluateSpec(check, { engine });
      assert.deepEqual(r.diagnostics, []);
      const value = (name: string) => r.kpis.find((k) => k.name === name)?.rows[0].value;
      // Île-de-France: 12.5 + 40 + 100 = 152.5; above 10: 12.5, 40, 100 = 3 orders; n° 3 and 4 = 2.
      assert.equal(value('idf'), 152.5);
      assert.equal(value('big'), 3);
      assert.equal(value('numbered'), 2);
    } finally {
      await engine.close();
    }
  });

  it('an unknown quoted column gets a fix that keeps the quotes; a bare one a fix that adds them', async () => {
    const text = spec(
      "  a: { type: count, source: orders, where: '\"Region\" = ''x''' }",
      "  b: { type: count, source: orders, where: 'Montant_TTC > 1' }",
    );
    const check = await checkKpiFile(path.join(dir, 'b.kpi.yaml'), text);
    const fixes = check.diagnostics.map((d) => [
      d.code,
      d.fixes?.[0]?.newText,
      text.slice(d.fixes![0].range.startOffset, d.fixes![0].range.endOffset),
    ]);
    assert.deepEqual(fixes, [
      ['unknown-column', '"Région"', '"Region"'],
      ['unknown-column', '"Montant TTC"', 'Montant_TTC'],
    ]);
  });

  it('"paid" where text was meant: the message says text is written in single quotes', async () => {
    const check = await checkKpiFile(
      path.join(dir, 'c.kpi.yaml'),
      spec('  a: { type: count, source: orders, where: \'client = "C1"\' }'),
    );
    assert.equal(check.diagnostics.length, 1);
    assert.match(
      check.diagnostics[0].message,
      /^column 'C1' is not in source 'orders' \(orders\.csv\), read by KPI 'a'; text is written in single quotes: 'C1'; its columns are/,
    );
  });

  it('a bare word compared with a column (channel = web): the message says text is written in single quotes', async () => {
    const check = await checkKpiFile(
      path.join(dir, 'c2.kpi.yaml'),
      spec("  a: { type: count, source: orders, where: 'client = C1zz' }"),
    );
    assert.equal(check.diagnostics.length, 1);
    assert.match(
      check.diagnostics[0].message,
      /^column 'C1zz' is not in source 'orders' \(orders\.csv\), read by KPI 'a'; text is written in single quotes: 'C1zz'; its columns are/,
    );
  });

  it('completion in a where inserts quotes for names that need them, replacing from an opening quote', async () => {
    const at = async (line: string) => {
      const text = spec(line);
      const offset = text.indexOf('|');
      const check = await checkKpiFile(path.join(dir, 'd.kpi.yaml'), text.replace('|', ''));
      const result = completionsAt(check, offset - 0);
      return {
        items: result.items.map((i) => [i.label, i.insertText]),
        replaced: text.slice(result.replaceStart, offset),
      };
    };
    const bare = await at('  a: { type: count, source: orders, where: Mon| }');
    assert.deepEqual(bare.items, [
      ['client', 'client'],
      ['Région', '"Région"'],
      ['Montant TTC', '"Montant TTC"'],
      ['date', '"date"'],
      ['n° commande', '"n° commande"'],
    ]);
    assert.equal(bare.replaced, 'Mon');
    const quoted = await at('  a:\n    type: count\n    source: orders\n    where: \'"Mon|');
    assert.equal(quoted.replaced, '"Mon');
  });

  it('where: "Région" = … unquoted in YAML: one error that says to quote the whole expression, with the fix', async () => {
    const text = spec('  a:', '    type: count', '    source: orders', '    where: "Région" = \'Bretagne\'');
    const check = await checkKpiFile(path.join(dir, 'f.kpi.yaml'), text);
    const errors = check.diagnostics.filter((d) => d.code === 'yaml-syntax');
    assert.equal(errors.length, 1);
    assert.equal(
      errors[0].message,
      "YAML reads an expression that starts with a double-quoted name (\"Région\" = …) as a quoted text: write the whole expression in single quotes, '\"Région\" = ''Bretagne'''",
    );
    const fix = errors[0].fixes![0];
    const fixed = text.slice(0, fix.range.startOffset) + fix.newText + text.slice(fix.range.endOffset);
    assert.match(fixed, /^ {4}where: '"Région" = ''Bretagne'''$/m);
    const again = await checkKpiFile(path.join(dir, 'f.kpi.yaml'), fixed);
    assert.deepEqual(again.diagnostics, []);
  });

  it('go to definition and rename follow a double-quoted source name', async () => {
    const text = lines(
      'kpilens: 1',
      'sources:',
      '  orders: { file: orders.csv, time: date, key: client }',
      '  customers: { file: orders.csv, key: client }',
      'periods:',
      '  jan: { grain: month, last: 1 }',
      'kpis:',
      "  a: { type: count, source: orders, period: jan, where: '\"customers\".\"Région\" = ''Bretagne''' }",
    );
    const check = await checkKpiFile(path.join(dir, 'e.kpi.yaml'), text);
    const index = buildSymbolIndex(check.document, check.model);
    const inQuotes = text.indexOf('"customers"') + 3;
    assert.equal(findDefinition(index, inQuotes)?.range.start.line, 4);
    const result = renameEdits(index, inQuotes, 'clients');
    assert.ok('edits' in result);
    const renamed = [...result.edits]
      .sort((x, y) => y.range.startOffset - x.range.startOffset)
      .reduce((t, e) => t.slice(0, e.range.startOffset) + e.newText + t.slice(e.range.endOffset), text);
    assert.match(renamed, /^ {2}clients: \{ file: orders\.csv/m);
    assert.match(renamed, /where: '"clients"\."Région" = ''Bretagne''' \}/);
  });
});

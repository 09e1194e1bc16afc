// The quick fixes of an expression written in a quoted YAML scalar: applied, they give a file
// that still reads as YAML and no longer has the problem. Before: a `date '2025-1-1'` fixed
// inside a single-quoted scalar was written with single quotes ('…date '2025-01-01''', broken
// YAML) over a range one character short (the second quote of '' left out); a column named
// "Montant TTC" fixed inside a double-quoted scalar was written "\""Montant TTC"\"".
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { diagnose } from '../helpers';

const HEAD = [
  'kpilens: 1',
  'sources:',
  '  m: { file: m.csv, time: d, key: id }',
  '  c: { file: c.csv, key: id }',
  'periods:',
  '  mo: { grain: month, last: 1 }',
  'kpis:',
];

describe('fixes in quoted YAML scalars', () => {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-quoted-fixes-'));
    fs.writeFileSync(path.join(dir, 'm.csv'), 'id,Montant TTC,d,channel\n1,2,2025-01-01,web\n');
    fs.writeFileSync(path.join(dir, 'c.csv'), 'id,Plan Name\n1,pro\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The one diagnostic of `code` on the KPI line of `where` (its text in the file, its fix applied). */
  async function fixOf(where: string, code: string): Promise<{ covered: string; line: string; after: string[] }> {
    const text = [...HEAD, `  k: { type: count, source: m, period: mo, where: ${where} }`, ''].join('\n');
    const d = (await diagnose(text, dir)).find((x) => x.code === code);
    assert.ok(d?.fixes?.length, `${where}: a fix for ${code}`);
    const f = d.fixes[0];
    const out = text.slice(0, f.range.startOffset) + f.newText + text.slice(f.range.endOffset);
    const again = await diagnose(out, dir);
    return {
      covered: text.slice(d.range.startOffset, d.range.endOffset),
      line: out.split('\n')[HEAD.length],
      after: again.filter((x) => x.severity === 'error').map((x) => x.code),
    };
  }

  const cases: [string, string, string, string][] = [
    // where, code, the characters the diagnostic covers, the KPI line once fixed
    ["'d > date ''2025-1-1'''", 'expr-invalid-date', "''2025-1-1''", "'d > date ''2025-01-01'''"],
    ['"d > date \'2025-1-1\'"', 'expr-invalid-date', "'2025-1-1'", '"d > date \'2025-01-01\'"'],
    ["d > date '2025-1-1'", 'expr-invalid-date', "'2025-1-1'", "d > date '2025-01-01'"],
    ['"\\"Montant TC\\" > 0"', 'unknown-column', '\\"Montant TC\\"', '"\\"Montant TTC\\" > 0"'],
    ['\'"Montant TC" > 0\'', 'unknown-column', '"Montant TC"', '\'"Montant TTC" > 0\''],
    ['"montant_ttc > 0"', 'unknown-column', 'montant_ttc', '"\\"Montant TTC\\" > 0"'],
    ["'montant_ttc > 0'", 'unknown-column', 'montant_ttc', '\'"Montant TTC" > 0\''],
    ['"c.plan_name = \'pro\'"', 'unknown-column', 'c.plan_name', '"c.\\"Plan Name\\" = \'pro\'"'],
    ["'chanel = ''web'''", 'unknown-column', 'chanel', "'channel = ''web'''"],
  ];
  for (const [where, code, covered, fixedWhere] of cases)
    it(`${where}: ${code} over ${covered}, fixed as ${fixedWhere}`, async () => {
      const out = await fixOf(where, code);
      assert.equal(out.covered, covered);
      assert.equal(out.line, `  k: { type: count, source: m, period: mo, where: ${fixedWhere} }`);
      assert.deepEqual(out.after, []);
    });
});

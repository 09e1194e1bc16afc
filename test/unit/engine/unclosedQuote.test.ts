// A quote opened and never closed in a CSV (`29990,2025-01-01,"1`): DuckDB reads the lines after
// it into that one field, up to a point of its buffers, and rejects the whole as one row. Before,
// the run told "1 malformed row" and silently left out the rows swallowed with it (10 of 30 000
// here; 405 545 of a million in a larger file). Now the source fails at the quote's line, and no
// number is published without those rows; a small file (whose sniff fails on it) names the line
// too. A quote problem within one line stays one malformed row, left out and told.
import { strict as assert } from 'assert';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines } from '../helpers';
import { specRunFolder } from './specRunFixture';

const SPEC = (file: string) =>
  lines(
    'kpilens: 1',
    'sources:',
    `  b: { file: ${file}, time: d, delimiter: ',' }`,
    'periods:',
    '  m: { grain: month, from: 2025-01-01, to: 2025-01-31, compare: none }',
    'kpis:',
    '  s: { type: sum, source: b, column: amt, period: m }',
  );

/** `n` rows of amount 1 on 1 January; row `broken` opens a quote it never closes. */
function rows(n: number, broken: number): string {
  const out = ['id,d,amt'];
  for (let i = 1; i <= n; i++) out.push(i === broken ? `${i},2025-01-01,"1` : `${i},2025-01-01,1`);
  return out.join('\n') + '\n';
}

const errors = (r: RunResult) => r.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.message]);
const UNCLOSED = (at: string) =>
  `a quote opened on ${at} is never closed: the lines after it would be read as one field and their rows lost; close the quote, or write a quote inside a field doubled ("")`;

describe('engine: a quote never closed in a CSV', function () {
  this.timeout(120000);
  const folder = specRunFolder('unclosed-quote');

  it('fails the source at the quote’s line instead of losing the rows after it', async () => {
    // Row 29 990 is the file's line 29 991 (the header is line 1).
    const r = await folder.run('big', SPEC('big.csv'), { 'big.csv': rows(30_000, 29_990) });
    assert.deepEqual(errors(r)[0], ['data-error', `cannot read source 'b' (big.csv): ${UNCLOSED('big.csv:29991')}`]);
    const published = r.kpis
      .flatMap((k) => k.rows.map((row) => row.value))
      .filter((v) => v !== null && v !== undefined);
    assert.deepEqual(published, [], 'no sum is published without the rows');
  });

  it('names the line in a small file too, where DuckDB cannot sniff the file', async () => {
    const r = await folder.run('small', SPEC('small.csv'), { 'small.csv': rows(40, 30) });
    assert.deepEqual(errors(r)[0], ['data-error', `cannot read source 'b' (small.csv): ${UNCLOSED('small.csv:31')}`]);
  });

  it('a quote problem within one line is one malformed row, left out and told', async () => {
    const data = lines(
      'id,d,amt',
      ...Array.from({ length: 30_000 }, (_x, i) => (i === 24_999 ? '25000,2025-01-01,"2"x' : `${i + 1},2025-01-01,1`)),
    );
    const r = await folder.run('oneline', SPEC('oneline.csv'), { 'oneline.csv': data });
    // 29 999 rows of 1; row 25 000 (line 25 001) is left out.
    assert.equal(r.kpis[0].rows[0].value, 29_999);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message),
      [
        "1 malformed row of source 'b' (a wrong number of fields or a broken quote) is left out: oneline.csv:25001 (a quote inside an unquoted field)",
      ],
    );
  });

  it('a glob: the rows of each file are all read, its malformed rows told at their lines, a quote never closed fails', async () => {
    const oneLine = (n: number, bad: number) =>
      lines(
        'id,d,amt',
        ...Array.from({ length: n }, (_x, i) => (i + 1 === bad ? `${i + 1},2025-01-01,"2"x` : `${i + 1},2025-01-01,1`)),
      );
    const spec = SPEC("'gp*.csv'");
    // 2 × 30 000 rows of 1, one malformed in each: 59 998. Before, DuckDB's parallel reader
    // skipped the rest of its buffer after each (thousands of rows here), and the lenient count, fooled
    // the same way, told nothing.
    const r = await folder.run('glob', spec, {
      'gp1.csv': oneLine(30_000, 25_000),
      'gp2.csv': oneLine(30_000, 22_000),
    });
    assert.equal(r.kpis[0].rows[0].value, 59_998);
    assert.deepEqual(
      r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message),
      [
        "2 malformed rows of source 'b' (a wrong number of fields or a broken quote) are left out: gp1.csv:25001 (a quote inside an unquoted field), gp2.csv:22001 (a quote inside an unquoted field)",
      ],
    );
    const broken = await folder.run('glob2', spec, { 'gp3.csv': rows(30_000, 29_990) });
    assert.deepEqual(errors(broken)[0], [
      'data-error',
      `cannot read source 'b' (gp1.csv): ${UNCLOSED('gp3.csv:29991')}`,
    ]);
  });
});

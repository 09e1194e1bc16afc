// The values a JSON, NDJSON or Parquet source's conversions refuse are told where they are, as a
// CSV's are: the line of an NDJSON record (a byte-order mark, CRLF line ends and blank lines
// counted as a text editor counts them), the line and character of a JSON array's value, the row
// of a Parquet file, in the file of a glob that holds it. Before, only the values were given: in a
// file of a million records, finding `abc` was the user's job. With the columnar cache, the places
// are remembered with the copy, so a warm run does not scan the files again.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { RunResult } from '../../../src/core/report/resultModel';
import { firstValues, januarySpec, specRunFolder } from './specRunFixture';

const warnings = (r: RunResult) => r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message);
const notNumbers = (n: number, examples: string) =>
  `${n} values of column 'amount' in source 'o' are not a number (${examples}): they are read as empty`;

describe('engine: where the values a JSON/Parquet source refuses are', function () {
  this.timeout(120000);
  const folder = specRunFolder('places');
  const run = (name: string, spec: string, files: Record<string, string | Uint8Array>, cache?: string) =>
    folder.run(name, spec, files, cache ? { cache } : {});
  const cacheDir = () => path.join(folder.dir, 'cache');

  it('NDJSON: the lines of a glob’s files, with a byte-order mark, CRLF ends and blank lines', async () => {
    const record = (amount: string) => JSON.stringify({ t: '2025-01-05', amount });
    // a.ndjson: line 1 has the mark, line 2 is blank, line 3 holds `abc`.
    const a = '\uFEFF' + [record('1'), '', record('abc'), record('2')].join('\r\n') + '\r\n';
    // b.ndjson: lines 1–2 fine, line 3 blank, line 4 holds `x9`, line 5 `abc` again.
    const b = [record('4'), record('8'), '', record('x9'), record('abc')].join('\n') + '\n';
    const r = await run('nd', januarySpec("file: 'parts/*.ndjson', time: t, columns: { amount: number }", ['s']), {
      'parts/a.ndjson': a,
      'parts/b.ndjson': b,
    });
    // 1 + 2 + 4 + 8 = 15; `abc` twice and `x9` are no numbers. The least and greatest ('abc',
    // 'x9') are told at their first lines, in the files' order.
    assert.deepEqual(firstValues(r), { s: 15 });
    assert.deepEqual(warnings(r), [notNumbers(3, "'abc' at a.ndjson:3, 'x9' at b.ndjson:4, …")]);
  });

  it('JSON: a pretty-printed array’s values at their line and character', async () => {
    const text = [
      '[',
      '  {"t": "2025-01-05", "amount": "3"},',
      '  {',
      '    "t": "2025-01-06",',
      '    "amount": "n/a"',
      '  },',
      '  {"t": "2025-01-07", "note": {"amount": "nested, not the column"}, "amount": "7,5"}',
      ']',
    ].join('\n');
    const r = await run('arr', januarySpec('file: arr.json, time: t, columns: { amount: number }', ['s']), {
      'arr.json': text,
    });
    // 3; `n/a` on line 5 (its quote at character 15), `7,5` on line 7 — the `amount` of the nested
    // object before it is not the column.
    assert.deepEqual(firstValues(r), { s: 3 });
    const line7 = '  {"t": "2025-01-07", "note": {"amount": "nested, not the column"}, "amount": "7,5"}';
    assert.deepEqual(warnings(r), [
      notNumbers(2, `'n/a' at arr.json:5:15, '7,5' at arr.json:7:${line7.indexOf('"7,5"') + 1}`),
    ]);
  });

  it('NDJSON: a bad value deep in a big file is found at its line', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 60_000; i++)
      lines.push(JSON.stringify({ t: '2025-01-05', amount: i === 50_001 ? '1.2.3' : '1' }));
    const r = await run('deep', januarySpec('file: deep.ndjson, time: t, columns: { amount: number }', ['s']), {
      'deep.ndjson': lines.join('\n') + '\n',
    });
    assert.deepEqual(firstValues(r), { s: 59_999 });
    assert.deepEqual(warnings(r), [
      "1 value of column 'amount' in source 'o' is not a number ('1.2.3' at deep.ndjson:50001): it is read as empty",
    ]);
  });

  it("Parquet: the row of a glob's file", async () => {
    const file = (amounts: string[]) =>
      new Uint8Array(
        parquetWriteBuffer({
          columnData: [
            { name: 't', data: amounts.map(() => '2025-01-05'), type: 'STRING' },
            { name: 'amount', data: amounts, type: 'STRING' },
          ],
        }),
      );
    const spec = januarySpec("file: 'pq/*.parquet', time: t, columns: { amount: number }", ['s']);
    const r = await run('pq', spec, {
      'pq/1.parquet': file(['1', '2', '3']),
      'pq/2.parquet': file(['4', 'zz', '6', 'abc']),
    });
    // 1 + 2 + 3 + 4 + 6 = 16; `zz` is row 2 of 2.parquet, `abc` row 4.
    assert.deepEqual(firstValues(r), { s: 16 });
    assert.deepEqual(warnings(r), [notNumbers(2, "'zz' at row 2 of 2.parquet, 'abc' at row 4 of 2.parquet")]);
  });

  it('NDJSON with the columnar cache: the places are remembered with the copy, a warm run does not scan', async () => {
    const records = ['5', 'oops', '6'].map((amount) => JSON.stringify({ t: '2025-01-05', amount }));
    const spec = januarySpec('file: cached.ndjson, time: t, columns: { amount: number }', ['s']);
    const told =
      "1 value of column 'amount' in source 'o' is not a number ('oops' at cached.ndjson:2): it is read as empty";
    const cold = await run('cached', spec, { 'cached.ndjson': records.join('\n') + '\n' }, 'cache');
    assert.deepEqual(firstValues(cold), { s: 11 });
    assert.deepEqual(warnings(cold), [told]);
    const meta = fs.readdirSync(cacheDir()).filter((f) => f.endsWith('.json'));
    const facts = meta.flatMap((f) =>
      Object.keys((JSON.parse(fs.readFileSync(path.join(cacheDir(), f), 'utf8')) as { facts: object }).facts),
    );
    assert.ok(
      facts.some((f) => f.startsWith('value-places:')),
      `facts: ${facts.join(', ')}`,
    );
    const warm = await run('cached', spec, {}, 'cache');
    assert.deepEqual(firstValues(warm), { s: 11 });
    assert.deepEqual(warnings(warm), [told]);
  });

  it('NDJSON: a value written with escapes is found as DuckDB reads it', async () => {
    // `\u0061bc` is `abc` written with an escape: DuckDB tells `abc`, found again by decoding.
    const text = ['{"t":"2025-01-05","amount":"\\u0061bc"}', '{"t":"2025-01-05","amount":"5"}'].join('\n');
    const r = await run('esc', januarySpec('file: esc.ndjson, time: t, columns: { amount: number }', ['s']), {
      'esc.ndjson': text,
    });
    assert.deepEqual(firstValues(r), { s: 5 });
    assert.deepEqual(warnings(r), [
      "1 value of column 'amount' in source 'o' is not a number ('abc' at esc.ndjson:1): it is read as empty",
    ]);
  });
});

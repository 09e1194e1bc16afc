// A cached CSV source whose text is read again (the lines of the survey answers a score KPI
// skips, csvValueExamples.ts shownValueLines) reads it with the layout its copy found: no DuckDB
// sniffer at each read, whose 32 MB buffer cost 0.2 s of a cold run at 10M rows (issue 21); the
// first rows are read with a sample's small buffer. The layout is kept with the entry, so that a
// later run on the same copy (a new KPI on another column) also reads without a sniffer; the
// lines told are those of a run without the cache.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { SAMPLE_BUFFER_BYTES } from '../../../src/core/engine/sources/csvDialect';
import { lines } from '../helpers';
import { recordedRun } from './recordedRun';

/** Line 1 the header; line 3 an NPS of -1 and a CSAT of 7; every other answer 9 and 5. */
function surveyCsv(): string {
  const out = ['customer_id,nps,csat,answered'];
  for (let i = 0; i < 3_000; i++) {
    const line = i + 2;
    out.push(`c${i},${line === 3 ? -1 : 9},${line === 3 ? 7 : 5},2025-01-${String(1 + (i % 28)).padStart(2, '0')}`);
  }
  return out.join('\n') + '\n';
}

const HEAD = lines(
  'kpilens: 1',
  'as_of: 2025-01-31',
  'sources:',
  '  survey: { file: survey.csv, time: answered }',
  'periods:',
  '  jan: { grain: month, last: 1, compare: none }',
  'defaults: { period: jan }',
  'kpis:',
  '  nps: { type: nps, source: survey, column: nps }',
);
const WITH_CSAT = HEAD + lines('  csat: { type: csat, source: survey, column: csat }');

/** The statements that read the CSV's text (the sniffer's own query apart). */
const textReads = (sql: string[]) => sql.filter((s) => s.includes('read_csv('));

describe('engine: the text of a cached CSV read again', function () {
  this.timeout(60000);
  let dir: string;
  let cacheDir: string;
  let engine: DuckDbEngine;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-cachedtext-'));
    fs.writeFileSync(path.join(dir, 'survey.csv'), surveyCsv());
    cacheDir = path.join(dir, '.kpilens', 'cache');
    engine = new DuckDbEngine({ allowedDirectories: [dir, cacheDir] });
  });
  afterEach(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const messages = (r: { result: { diagnostics: { message: string }[] } }) =>
    r.result.diagnostics.map((d) => d.message);

  it('a cold run finds the lines of skipped answers with the copy’s layout and a sample’s buffer', async () => {
    const plain = await recordedRun(dir, engine, HEAD);
    const cold = await recordedRun(dir, engine, HEAD, new ColumnarCache({ dir: cacheDir }));
    // 2 999 promoters and no detractor: 100; the -1 skipped, told at line 3.
    assert.equal(cold.result.kpis[0].rows[0].value, 100);
    assert.deepEqual(messages(cold), [
      "KPI 'nps', 2025-01-01..2025-01-31: 1 answer(s) skipped, not an integer 0..10: '-1' at survey.csv:3",
    ]);
    assert.deepEqual(messages(cold), messages(plain));
    const reads = textReads(cold.sql);
    const firstRows = reads.filter((s) => /LIMIT 65536/.test(s));
    assert.equal(firstRows.length, 1, 'the first rows searched once');
    assert.ok(firstRows[0].includes(`buffer_size = ${SAMPLE_BUFFER_BYTES}`), firstRows[0]);
    for (const s of reads) assert.ok(s.includes('auto_detect = false'), `read without the layout: ${s}`);
  });

  it('a later run on the same copy reads the text of another column with the layout the entry kept', async () => {
    await recordedRun(dir, engine, HEAD, new ColumnarCache({ dir: cacheDir }));
    const meta = fs.readdirSync(cacheDir).filter((f) => f.endsWith('.json'));
    assert.equal(meta.length, 1);
    const entry = JSON.parse(fs.readFileSync(path.join(cacheDir, meta[0]), 'utf8')) as {
      csv: { layout?: { newline: string } };
    };
    assert.ok(entry.csv.layout, 'the layout is kept with the entry');
    const later = await recordedRun(dir, engine, WITH_CSAT, new ColumnarCache({ dir: cacheDir }));
    assert.equal(later.sql.filter((s) => s.startsWith('COPY')).length, 0, 'the copy is reused');
    // The CSAT of 7 is out of the 1..5 scale: its line is searched in the text, now.
    assert.deepEqual(messages(later), [
      "KPI 'nps', 2025-01-01..2025-01-31: 1 answer(s) skipped, not an integer 0..10: '-1' at survey.csv:3",
      "KPI 'csat', 2025-01-01..2025-01-31: 1 answer(s) skipped, not an integer 1..5: '7' at survey.csv:3",
    ]);
    const reads = textReads(later.sql);
    assert.ok(reads.length > 0, 'the text is read for the CSAT’s line');
    for (const s of reads) assert.ok(s.includes('auto_detect = false'), `read without the layout: ${s}`);
  });
});

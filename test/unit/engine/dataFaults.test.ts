// Data faults, injected into files generated on the fly in a temporary folder: a truncated and
// a corrupted Parquet file, a CSV with a 64 MB line (in the body and as the header), a large
// CSV (about 80 MB) cancelled mid-run, data files deleted, rewritten or emptied during a run,
// a glob matching nothing, a duplicated header, a BOM, CRLF line ends and quoted newlines.
// Each gives a clear diagnostic (or the right numbers) and never an exception or a hang; the
// engine runs the next query afterwards.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { allowedDirectories } from '../../../src/core/engine/backends/allowedDirectories';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { EngineError, type Engine } from '../../../src/core/engine/backends/engine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import type { RunResult } from '../../../src/core/report/resultModel';
import { checkKpiFile, type CheckResult } from '../../../src/core/kpifile/checkFile';
import { lines } from '../helpers';

/** One source on `file` and one KPI (`sum` of `v` or `count`), January 2025. */
function spec(file: string, kpi = '{ type: sum, source: s, column: v }'): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  s: { file: "${file}", time: day }`,
    'periods:',
    '  jan: { grain: month, last: 1 }',
    'defaults: { period: jan }',
    'kpis:',
    `  k: ${kpi}`,
  );
}

/** Writes `size` bytes of 'x' in 1 MB chunks without holding them in memory. */
function writeLong(fd: number, size: number): void {
  const chunk = Buffer.alloc(1 << 20, 'x');
  for (let left = size; left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
}

function values(r: RunResult): [string, number | null][] {
  return r.kpis.map((k) => [k.name, k.rows[0]?.value ?? null]);
}

function codes(r: RunResult): string[] {
  return r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code}`);
}

describe('engine: data faults injected on the fly', function () {
  this.timeout(120_000);
  let dir: string;
  let data: string;
  let engine: DuckDbEngine;

  const check = (file: string, kpi?: string): Promise<CheckResult> =>
    checkKpiFile(path.join(dir, 'x.kpi.yaml'), spec(file, kpi));
  const run = async (file: string, kpi?: string): Promise<{ check: CheckResult; result: RunResult }> => {
    const c = await check(file, kpi);
    return { check: c, result: await evaluateSpec(c, { engine }) };
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-faults-'));
    data = path.join(dir, 'data');
    fs.mkdirSync(data);
    engine = new DuckDbEngine({ allowedDirectories: [dir, data] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    // Whatever the fault, the engine answers the next query.
    assert.deepEqual(await engine.query('SELECT 1 AS ok'), [{ ok: 1 }]);
  });

  describe('Parquet', () => {
    let whole: Buffer;
    before(() => {
      // January: v = 1 + 2 + 4 = 7.
      whole = Buffer.from(
        parquetWriteBuffer({
          columnData: [
            { name: 'day', data: ['2025-01-05', '2025-01-15', '2025-01-25'], type: 'STRING' },
            { name: 'v', data: [1, 2, 4], type: 'DOUBLE' },
          ],
        }),
      );
      fs.writeFileSync(path.join(data, 'good.parquet'), whole);
    });

    it('reads the intact file: 1 + 2 + 4 = 7', async () => {
      const { result } = await run('data/good.parquet');
      assert.deepEqual(values(result), [['k', 7]]);
    });

    for (const cut of [0.5, 0.9]) {
      it(`a file truncated to ${cut * 100} %: an unreadable-file error at the source, nothing evaluated`, async () => {
        fs.writeFileSync(path.join(data, 'cut.parquet'), whole.subarray(0, Math.floor(whole.length * cut)));
        const { check: c, result } = await run('data/cut.parquet');
        assert.deepEqual(
          c.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`),
          ['4:14 unreadable-file'],
        );
        assert.match(c.diagnostics[0].message, /cannot read the columns of 'data\/cut\.parquet' as parquet/);
        assert.deepEqual(result.kpis, []);
      });
    }

    it('a file whose data pages are overwritten (footer intact): a data-error at the source, no exception', async () => {
      const broken = Buffer.from(whole);
      // A Parquet file ends with its footer, the footer's length (4 bytes) and 'PAR1': the pages lie before.
      const footerStart = broken.length - 8 - broken.readUInt32LE(broken.length - 8);
      broken.fill(0xff, 4, footerStart);
      fs.writeFileSync(path.join(data, 'corrupt.parquet'), broken);
      const { check: c, result } = await run('data/corrupt.parquet');
      assert.deepEqual(c.diagnostics, [], 'the footer (all the check reads) is intact');
      assert.deepEqual(
        result.kpis.map((k) => k.name),
        [],
        'the KPI on the source is not reported with a wrong value',
      );
      assert.deepEqual(
        codes(result).filter((c) => c.includes('data-error')),
        ['4:14 error data-error'],
      );
    });
  });

  describe('huge lines', () => {
    it("a 64 MB line in the body: the source is refused with DuckDB's line-size error", async () => {
      const file = path.join(data, 'long-line.csv');
      const fd = fs.openSync(file, 'w');
      fs.writeSync(fd, 'day,v,note\n2025-01-10,1,a\n2025-01-11,2,');
      writeLong(fd, 64 << 20);
      fs.writeSync(fd, '\n2025-01-12,4,b\n');
      fs.closeSync(fd);
      try {
        const { check: c, result } = await run('data/long-line.csv');
        assert.deepEqual(c.diagnostics, [], 'the header is read, not the file');
        assert.deepEqual(result.kpis, []);
        assert.deepEqual(codes(result), ['4:14 error data-error', '9:3 error not-evaluated']);
        assert.match(
          result.diagnostics[0].message,
          /^cannot read source 's' \(long-line\.csv\): a line of the file is longer than 2 MB, the most DuckDB reads in one line \(.*Maximum line size of 2000000 bytes exceeded/,
        );
      } finally {
        fs.rmSync(file);
      }
    });

    it('a 64 MB header line: the check stops at 4 MB with unreadable-file', async () => {
      const file = path.join(data, 'long-header.csv');
      const fd = fs.openSync(file, 'w');
      writeLong(fd, 64 << 20);
      fs.closeSync(fd);
      try {
        const c = await check('data/long-header.csv');
        assert.deepEqual(
          c.diagnostics.map((d) => `${d.code} ${d.message}`),
          [
            "unreadable-file cannot read the columns of 'data/long-header.csv' as csv: no complete header in the first 4 MB",
          ],
        );
      } finally {
        fs.rmSync(file);
      }
    });
  });

  describe('a large file (about 80 MB) cancelled mid-run', () => {
    const file = (): string => path.join(data, 'large.csv');
    before(() => {
      // 3 million rows of 'YYYY-MM-DD,v,padding' (27 bytes each) ≈ 81 MB.
      const fd = fs.openSync(file(), 'w');
      fs.writeSync(fd, 'day,v,pad\n');
      const block: string[] = [];
      for (let i = 0; i < 100_000; i++)
        block.push(`2025-01-${String((i % 28) + 1).padStart(2, '0')},${i % 10},abcdefghij`);
      const text = block.join('\n') + '\n';
      for (let i = 0; i < 30; i++) fs.writeSync(fd, text);
      fs.closeSync(fd);
    });
    after(() => fs.rmSync(file(), { force: true }));

    it('the run stops with a cancelled EngineError soon after the abort, and the next run works', async () => {
      const c = await check('data/large.csv', '{ type: count, source: s }');
      const controller = new AbortController();
      let armed = false;
      let afterAbort = 0;
      const aborting: Engine = {
        query: (sql, params, options) => {
          if (controller.signal.aborted) afterAbort++;
          const result = engine.query(sql, params, options);
          // 50 ms into the first read of the whole file (not the layout's sniff, nor the first
          // rows the types are inferred from: both may end sooner).
          if (!armed && !/sniff_csv|LIMIT \d/.test(sql)) {
            armed = true;
            setTimeout(() => controller.abort(), 50);
          }
          return result;
        },
        close: () => engine.close(),
      };
      const started = Date.now();
      await assert.rejects(
        evaluateSpec(c, { engine: aborting, signal: controller.signal }),
        (e: unknown) => e instanceof EngineError && e.kind === 'cancelled',
      );
      assert.ok(armed, 'the whole file was read');
      assert.equal(afterAbort, 0, 'no query is sent after the abort');
      assert.ok(Date.now() - started < 10_000, `stopped after ${Date.now() - started} ms`);
      // 3 000 000 rows, all in January.
      const again = await evaluateSpec(c, { engine });
      assert.deepEqual(values(again), [['k', 3_000_000]]);
    });
  });

  describe('files changing during a run', () => {
    const GOOD = 'day,v\n2025-01-10,1\n2025-01-11,2\n';
    /** Runs the spec with `change` applied to the file right after the first query (the profile) returns. */
    async function runChanging(name: string, change: (file: string) => void): Promise<RunResult> {
      const file = path.join(data, name);
      fs.writeFileSync(file, GOOD);
      const c = await check(`data/${name}`);
      let sent = 0;
      const changing: Engine = {
        query: async (sql, params, options) => {
          const rows = await engine.query(sql, params, options);
          if (++sent === 1) change(file);
          return rows;
        },
        close: () => engine.close(),
      };
      return evaluateSpec(c, { engine: changing });
    }

    it('deleted: a data-error at the source, the KPI is not evaluated', async () => {
      const r = await runChanging('deleted.csv', (f) => fs.rmSync(f));
      assert.deepEqual(r.kpis, []);
      assert.deepEqual(codes(r), ['4:14 error data-error', '9:3 error not-evaluated']);
      assert.equal(
        r.diagnostics[0].message,
        "cannot evaluate KPIs on source 's' (deleted.csv): 'deleted.csv' was deleted during the run: run again",
      );
    });

    it('emptied: a data-error that says the file changed, the KPI is not evaluated', async () => {
      const r = await runChanging('emptied.csv', (f) => fs.writeFileSync(f, ''));
      assert.deepEqual(r.kpis, []);
      assert.deepEqual(codes(r), ['4:14 error data-error', '9:3 error not-evaluated']);
      assert.equal(
        r.diagnostics[0].message,
        "cannot evaluate KPIs on source 's' (emptied.csv): 'emptied.csv' was modified during the run: run again",
      );
    });

    it('rewritten with more rows: the numbers of the file as read (1 + 2 + 4 = 7), no exception', async () => {
      const r = await runChanging('grown.csv', (f) => fs.appendFileSync(f, '2025-01-12,4\n'));
      assert.deepEqual(values(r), [['k', 7]]);
    });

    it('replaced by binary garbage: a diagnostic, no exception', async () => {
      const r = await runChanging('garbage.csv', (f) =>
        fs.writeFileSync(f, Buffer.from([0, 255, 254, 10, 0, 1, 2, 3, 13, 10, 200])),
      );
      assert.deepEqual(r.kpis, []);
      assert.deepEqual(codes(r), ['4:14 error data-error', '9:3 error not-evaluated']);
      assert.match(r.diagnostics[0].message, /'garbage\.csv' was modified during the run: run again$/);
    });
  });

  describe('layout of CSV files', () => {
    it('a glob matching nothing: missing-file at the pattern, nothing evaluated, no folder outside allowed', async () => {
      const { check: c, result } = await run('data/*.nothing.csv');
      assert.deepEqual(
        c.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code} ${d.message}`),
        [`4:14 missing-file no data file matches 'data/*.nothing.csv' (looked in ${dir})`],
      );
      assert.deepEqual(result.kpis, []);
      assert.deepEqual(allowedDirectories(c), [dir]);
    });

    it('a duplicated header (v, V): a duplicate-column warning; the first column is read: 1 + 2 = 3', async () => {
      fs.writeFileSync(path.join(data, 'dup.csv'), 'day,v,V\n2025-01-10,1,100\n2025-01-11,2,200\n');
      const { check: c, result } = await run('data/dup.csv');
      assert.deepEqual(
        c.diagnostics.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code}`),
        ['4:14 warning duplicate-column'],
      );
      assert.deepEqual(values(result), [['k', 3]]);
    });

    it('a UTF-8 BOM and CRLF line ends: the columns are found and 1 + 2 + 4 = 7', async () => {
      fs.writeFileSync(path.join(data, 'bom.csv'), '\uFEFFday,v\r\n2025-01-10,1\r\n2025-01-11,2\r\n2025-01-12,4\r\n');
      const { check: c, result } = await run('data/bom.csv');
      assert.deepEqual(c.diagnostics, []);
      assert.deepEqual(c.sources.get('s')?.columns, ['day', 'v']);
      assert.deepEqual(values(result), [['k', 7]]);
      assert.deepEqual(result.diagnostics, []);
    });

    it('quoted fields with newlines, commas and doubled quotes: 3 rows, v = 1 + 2 + 4 = 7, one note matched exactly', async () => {
      fs.writeFileSync(
        path.join(data, 'quoted.csv'),
        'day,v,note\r\n2025-01-10,1,"line one\nline two"\r\n2025-01-11,2,"a, ""quoted"" b"\r\n2025-01-12,4,plain\r\n',
      );
      const sum = await run('data/quoted.csv');
      assert.deepEqual(values(sum.result), [['k', 7]]);
      assert.deepEqual(sum.result.diagnostics, []);
      const count = await run('data/quoted.csv', '{ type: count, source: s, where: "note = \'a, \\"quoted\\" b\'" }');
      assert.deepEqual(values(count.result), [['k', 1]]);
    });
  });
});

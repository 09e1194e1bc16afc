// Sums of a CSV's decimal amounts are exact and do not depend on the engine's thread count
// (issue 21: binary doubles added up in parallel differ in their last digits from run to run);
// so are those of a Parquet or JSON column of doubles (exactDoubles.ts: at 10 decimals).
// The amounts are cents written with two decimals; the expected totals are computed here in
// whole cents with BigInt, then divided by 100 once.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import type { RunResult } from '../../../src/core/report/resultModel';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { lines } from '../helpers';

/** A seeded generator (mulberry32): the same amounts on every machine. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROWS = 200_000;
const CHANNELS = ['web', 'store', 'mobile'];

interface Data {
  csv: string;
  /** The same rows as columns, for a Parquet or JSON file. */
  rows: { day: string[]; channel: string[]; amount: number[] };
  /** Exact totals in cents: all rows, and per channel. */
  cents: bigint;
  byChannel: Map<string, bigint>;
  /** The same amounts added up as doubles in file order (what a naive sum gives). */
  naive: number;
}

function makeData(lateValue?: string): Data {
  const random = seeded(21);
  const out = ['day,channel,amount'];
  let cents = 0n;
  let naive = 0;
  const byChannel = new Map<string, bigint>(CHANNELS.map((c) => [c, 0n]));
  const rows: Data['rows'] = { day: [], channel: [], amount: [] };
  for (let i = 0; i < ROWS; i++) {
    const c = Math.floor(random() * 5_000_000); // 0.00 … 49,999.99
    const channel = CHANNELS[i % 3];
    const month = String(1 + (i % 12)).padStart(2, '0');
    const text = `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
    out.push(`2025-${month}-15,${channel},${text}`);
    rows.day.push(`2025-${month}-15`);
    rows.channel.push(channel);
    rows.amount.push(Number(text));
    cents += BigInt(c);
    naive += Number(text);
    byChannel.set(channel, (byChannel.get(channel) ?? 0n) + BigInt(c));
  }
  if (lateValue !== undefined) out.push(`2025-12-31,web,${lateValue}`);
  return { csv: out.join('\n') + '\n', rows, cents, byChannel, naive };
}

describe('engine: exact sums of decimal amounts, whatever the thread count', function () {
  this.timeout(180000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-decimals-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const kpiFile = (data: string) =>
    lines(
      'kpilens: 1',
      'as_of: 2025-12-31',
      'sources:',
      `  s: { file: ${data}, time: day }`,
      'segments:',
      '  channel: { by: channel }',
      'periods:',
      '  y: { grain: year, last: 1 }',
      'defaults: { period: y }',
      'kpis:',
      '  revenue: { type: sum, source: s, column: amount, segments: [channel] }',
      '  basket: { type: avg, source: s, column: amount }',
    );

  async function run(name: string, threads: number, cache?: string): Promise<RunResult> {
    const file = path.join(dir, name);
    const text = fs.readFileSync(file, 'utf8');
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    const engine = new DuckDbEngine({ allowedDirectories: [dir], threads });
    try {
      return await evaluateSpec(check, { engine, ...(cache ? { cache: new ColumnarCache({ dir: cache }) } : {}) });
    } finally {
      await engine.close();
    }
  }

  /** The KPI's value for the whole population, or for one channel. */
  const total = (r: RunResult, kpi: string, channel?: string) =>
    r.kpis
      .find((k) => k.name === kpi)
      ?.rows.find((row) => JSON.stringify(row.segment) === JSON.stringify(channel ? { channel } : {}))?.value;

  it('gives the exact total and the same average with 1 and 4 threads, read directly or from the cache', async () => {
    const data = makeData();
    fs.writeFileSync(path.join(dir, 'amounts.csv'), data.csv);
    fs.writeFileSync(path.join(dir, 'amounts.kpi.yaml'), kpiFile('amounts.csv'));
    // The data is one where binary doubles drift: their sum in file order is not the exact total.
    const exact = Number(data.cents) / 100;
    assert.notEqual(data.naive, exact);
    const averages: number[] = [];
    for (const threads of [1, 4])
      for (const cache of [undefined, path.join(dir, `cache-${threads}`), path.join(dir, `cache-${threads}`)]) {
        const r = await run('amounts.kpi.yaml', threads, cache);
        const label = `threads ${threads}, ${cache ? 'cache' : 'direct'}`;
        assert.equal(total(r, 'revenue'), exact, label);
        for (const c of CHANNELS)
          assert.equal(total(r, 'revenue', c), Number(data.byChannel.get(c)) / 100, `${label}, ${c}`);
        const avg = total(r, 'basket') as number;
        averages.push(avg);
        // The mean is the exact total over the 200,000 rows, up to one rounding of a double.
        assert.ok(Math.abs(avg - exact / ROWS) <= 1e-12 * (exact / ROWS), `${label}: ${avg}`);
        assert.deepEqual(
          r.diagnostics.filter((d) => d.code === 'invalid-values'),
          [],
        );
      }
    assert.deepEqual(new Set(averages).size, 1, JSON.stringify(averages));
  });

  it('a declared number whose first rows are whole numbers sums later decimals exactly', async () => {
    // 20,480 rows of 1, then 0.1 × 7 and 0.7: exactly 20,480 + 0.7 + 0.7 = 20,481.4.
    const text = ['day,amount', ...Array.from({ length: 20480 }, () => '2025-03-01,1')];
    for (let i = 0; i < 7; i++) text.push('2025-03-02,0.1');
    text.push('2025-03-03,0.7');
    fs.writeFileSync(path.join(dir, 'declared.csv'), text.join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'declared.kpi.yaml'),
      kpiFile('declared.csv')
        .replace('time: day }', 'time: day, columns: { amount: number } }')
        .replace('segments: [channel] ', ''),
    );
    for (const threads of [1, 4]) {
      const r = await run('declared.kpi.yaml', threads);
      assert.equal(total(r, 'revenue'), 20481.4);
    }
  });

  it('sums exactly a late value with more decimals than the first rows, without a second type to tell', async () => {
    // The last row adds 0.000001 (6 decimals, more than the first rows' 2).
    const data = makeData('0.000001');
    fs.writeFileSync(path.join(dir, 'late.csv'), data.csv);
    fs.writeFileSync(path.join(dir, 'late.kpi.yaml'), kpiFile('late.csv'));
    for (const threads of [1, 4]) {
      const r = await run('late.kpi.yaml', threads, path.join(dir, `cache-late-${threads}`));
      // Exact total: cents / 100 + 0.000001, i.e. (cents × 10,000 + 1) / 1,000,000.
      assert.equal(total(r, 'revenue'), Number(data.cents * 10_000n + 1n) / 1_000_000);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.code === 'invalid-values').map((d) => d.message),
        [],
      );
    }
  });

  it('sums a Parquet or JSON column of doubles exactly, the same with 1 and 4 threads', async () => {
    const data = makeData();
    const { rows } = data;
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'day', data: rows.day, type: 'STRING' },
        { name: 'channel', data: rows.channel, type: 'STRING' },
        { name: 'amount', data: rows.amount, type: 'DOUBLE' },
      ],
      rowGroupSize: 10_000,
    });
    fs.writeFileSync(path.join(dir, 'doubles.parquet'), new Uint8Array(parquet));
    const ndjson = rows.amount.map((a, i) => JSON.stringify({ day: rows.day[i], channel: rows.channel[i], amount: a }));
    fs.writeFileSync(path.join(dir, 'doubles.ndjson'), ndjson.join('\n') + '\n');
    // Each amount is a double with two decimals: at 10 decimals it is its exact decimal, and the
    // sum is the exact total (before: the doubles' sum, `naive` or another drift, run by run).
    const exact = Number(data.cents) / 100;
    const averages = new Set<number>();
    for (const file of ['doubles.parquet', 'doubles.ndjson']) {
      fs.writeFileSync(path.join(dir, `${file}.kpi.yaml`), kpiFile(file));
      for (const threads of [1, 4])
        for (const cache of [undefined, path.join(dir, `cache-doubles-${threads}`)]) {
          const r = await run(`${file}.kpi.yaml`, threads, cache);
          const label = `${file}, threads ${threads}, ${cache ? 'cache' : 'direct'}`;
          assert.equal(total(r, 'revenue'), exact, label);
          for (const c of CHANNELS)
            assert.equal(total(r, 'revenue', c), Number(data.byChannel.get(c)) / 100, `${label}, ${c}`);
          averages.add(total(r, 'basket') as number);
        }
    }
    assert.equal(averages.size, 1, JSON.stringify([...averages]));
  });

  it('a Parquet DECIMAL column declared number stays exact decimals', async () => {
    const data = makeData();
    const { rows } = data;
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'day', data: rows.day },
        { name: 'channel', data: rows.channel },
        { name: 'amount', data: rows.amount },
      ],
      schema: [
        { name: 'root', num_children: 3 },
        { name: 'day', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        { name: 'channel', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
        {
          name: 'amount',
          type: 'INT64',
          converted_type: 'DECIMAL',
          scale: 2,
          precision: 18,
          repetition_type: 'OPTIONAL',
        },
      ],
      rowGroupSize: 10_000,
    });
    fs.writeFileSync(path.join(dir, 'decimals.parquet'), new Uint8Array(parquet));
    fs.writeFileSync(
      path.join(dir, 'decimals.kpi.yaml'),
      kpiFile('decimals.parquet').replace('time: day }', 'time: day, columns: { amount: number } }'),
    );
    // Before: the declaration made the decimals doubles, whose sum drifts with the threads' order.
    for (const threads of [1, 4]) {
      const r = await run('decimals.kpi.yaml', threads);
      assert.equal(total(r, 'revenue'), Number(data.cents) / 100, `threads ${threads}`);
    }
  });

  it('a double of 10^20 or more stops the sum with words, not a drifting or lost value', async () => {
    const parquet = parquetWriteBuffer({
      columnData: [
        { name: 'day', data: ['2025-03-01', '2025-03-02'], type: 'STRING' },
        { name: 'channel', data: ['web', 'web'], type: 'STRING' },
        { name: 'amount', data: [1e20, 2.5], type: 'DOUBLE' },
      ],
    });
    fs.writeFileSync(path.join(dir, 'huge.parquet'), new Uint8Array(parquet));
    fs.writeFileSync(path.join(dir, 'huge.kpi.yaml'), kpiFile('huge.parquet'));
    const r = await run('huge.kpi.yaml', 2);
    assert.equal(total(r, 'revenue'), undefined);
    const errors = r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
    assert.ok(
      errors.some((m) =>
        m.includes("a value of 'amount' is 10^20 or more (in magnitude): too large to be added exactly"),
      ),
      JSON.stringify(errors),
    );
  });
});

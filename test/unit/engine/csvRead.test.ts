// How CSV sources are read (issue 19): types decided for the whole file, identifier columns as
// text, every value that does not convert counted per column with its line, the CSV dialect
// keys (a French export), malformed rows told apart from bad values, and a read failure that
// names its cause. Files are written here; every expected number is computed in a comment.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { DuckDbEngine } from '../../../src/core/engine/backends/duckdbEngine';
import { evaluateSpec } from '../../../src/core/engine/evaluation/evaluate';
import { ColumnarCache } from '../../../src/core/engine/cache/columnarCache';
import type { RunResult } from '../../../src/core/report/resultModel';
import { lines, runCli } from '../helpers';

/** n rows made by `row(i)` for i = 1..n, one per line. */
function rows(n: number, row: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(row(i));
  return out.join('\n') + '\n';
}

const values = (r: RunResult) => r.kpis.map((k) => [k.name, k.rows[0]?.value ?? null]);

describe('engine: CSV read with exact types for the whole file', function () {
  this.timeout(120000);
  let dir: string;
  let engine: DuckDbEngine;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-csvread-'));
    engine = new DuckDbEngine({ allowedDirectories: [dir] });
  });
  after(async () => {
    await engine.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function run(name: string, text: string, cache?: ColumnarCache): Promise<RunResult> {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    const check = await checkKpiFile(file, text);
    assert.deepEqual(
      check.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message),
      [],
    );
    return evaluateSpec(check, { engine, ...(cache ? { cache } : {}) });
  }

  const year = (source: string, kpis: string[], extra: string[] = []) =>
    lines(
      'kpilens: 1',
      'as_of: 2025-12-31',
      'sources:',
      source,
      ...extra,
      'periods:',
      '  y: { grain: year, last: 1 }',
      'defaults: { period: y }',
      'kpis:',
      ...kpis,
    );

  for (const cached of [false, true]) {
    const label = cached ? ' (through the columnar cache)' : '';

    it(`a decimal after 20,480 whole numbers is summed exactly${label}`, async () => {
      // Lines 2..20481: amount 1 (20,480 rows); line 20482: 12.34. Sum = 20,480 × 1 + 12.34 = 20,492.34.
      fs.writeFileSync(
        path.join(dir, 'late.csv'),
        'day,amount\n' + rows(20480, () => '2025-01-01,1') + '2025-06-01,12.34\n',
      );
      const cache = cached ? new ColumnarCache({ dir: path.join(dir, `cache-late-${Date.now()}`) }) : undefined;
      const r = await run(
        'late.kpi.yaml',
        year('  s: { file: late.csv, time: day }', [
          '  total: { type: sum, source: s, column: amount }',
          '  n: { type: count, source: s }',
        ]),
        cache,
      );
      assert.equal(
        r.kpis[0].rows[0].value !== null && Math.abs((r.kpis[0].rows[0].value as number) - 20492.34) < 1e-9,
        true,
        JSON.stringify(values(r)),
      );
      assert.deepEqual(values(r)[1], ['n', 20481]);
      // Told (as information): the column is read as numbers; the value and its line.
      const info = r.diagnostics.find((d) => d.code === 'invalid-values');
      assert.ok(info, JSON.stringify(r.diagnostics));
      assert.equal(info.severity, 'info');
      assert.match(
        info.message,
        /column 'amount' of source 's' is read as number for the whole file: 1 value further down than its first 20480 rows is not a whole number \('12\.34' at late\.csv:20482\)/,
      );
    });

    it(`a line of 1.9 MB among the first rows: the types are still inferred from them${label}`, async () => {
      // The inference reads its first rows with a 2 MB buffer (csvDialect.ts, SAMPLE_BUFFER_BYTES):
      // a line up to DuckDB's longest allowed (2 MB) fits. Amounts 1.5 + 2.25 + 3 = 6.75.
      fs.writeFileSync(
        path.join(dir, 'long.csv'),
        `day,amount,note\n2025-03-01,1.5,${'x'.repeat(1_900_000)}\n2025-03-02,2.25,short\n2025-03-03,3,\n`,
      );
      const cache = cached ? new ColumnarCache({ dir: path.join(dir, `cache-long-${Date.now()}`) }) : undefined;
      const r = await run(
        'long.kpi.yaml',
        year('  s: { file: long.csv, time: day }', [
          '  total: { type: sum, source: s, column: amount }',
          '  notes: { type: count_distinct, source: s, column: note }',
        ]),
        cache,
      );
      assert.deepEqual(values(r), [
        ['total', 6.75],
        ['notes', 2],
      ]);
      assert.deepEqual(
        r.diagnostics.filter((d) => d.severity !== 'info').map((d) => d.message),
        [],
      );
    });

    it(`00042 and 42 are two customers: key and distinct-count columns are text${label}`, async () => {
      // Lines 2..20481: customers 1..20480 (42 among them); line 20482: 00042, a 20,481st customer.
      fs.writeFileSync(
        path.join(dir, 'ids.csv'),
        'day,customer_id\n' + rows(20480, (i) => `2025-02-01,${i}`) + '2025-02-02,00042\n',
      );
      const cache = cached ? new ColumnarCache({ dir: path.join(dir, `cache-ids-${Date.now()}`) }) : undefined;
      const r = await run(
        'ids.kpi.yaml',
        year('  s: { file: ids.csv, time: day, key: customer_id }', [
          '  buyers: { type: count_distinct, source: s, column: customer_id }',
        ]),
        cache,
      );
      assert.deepEqual(values(r), [['buyers', 20481]]);
      assert.deepEqual(r.diagnostics, []);
    });

    it(`'N/A' deep in a declared number column: counted with its line, the row kept for the other columns${label}`, async () => {
      // Lines 2..20481: amount 2 (20,480 rows); line 20482: N/A; line 20483: 3.
      // sum = 20,480 × 2 + 3 = 40,963; count = 20,482 rows (the N/A row is kept).
      fs.writeFileSync(
        path.join(dir, 'na.csv'),
        'day,amount\n' + rows(20480, () => '2025-03-01,2') + '2025-03-02,N/A\n2025-03-03,3\n',
      );
      const cache = cached ? new ColumnarCache({ dir: path.join(dir, `cache-na-${Date.now()}`) }) : undefined;
      const r = await run(
        'na.kpi.yaml',
        year(
          '  s:',
          ['  total: { type: sum, source: s, column: amount }', '  n: { type: count, source: s }'],
          ['    file: na.csv', '    time: day', '    columns:', '      amount: number'],
        ),
        cache,
      );
      assert.deepEqual(values(r), [
        ['total', 40963],
        ['n', 20482],
      ]);
      const d = r.diagnostics.filter((x) => x.code === 'invalid-values');
      assert.equal(d.length, 1, JSON.stringify(r.diagnostics));
      // At the declared column (line 8 of the KPI file: '      amount: number'), with the count.
      assert.equal(d[0].line, 8);
      assert.equal(d[0].severity, 'warning');
      assert.equal(d[0].count, 1);
      assert.equal(
        d[0].message,
        "1 value of column 'amount' in source 's' is not a number ('N/A' at na.csv:20482): it is read as empty",
      );
    });
  }

  it(`'N/A' deep in an undeclared column of whole numbers: read as text for the whole file, told with its line`, async () => {
    // Lines 2..20481: amount 2; line 20482: N/A. Whole numbers, then decimals, do not fit N/A:
    // the column is text; the sum reads its numbers (20,480 × 2 = 40,960) and skips N/A.
    fs.writeFileSync(
      path.join(dir, 'na2.csv'),
      'day,amount\n' + rows(20480, () => '2025-03-01,2') + '2025-03-02,N/A\n',
    );
    const r = await run(
      'na2.kpi.yaml',
      year('  s: { file: na2.csv, time: day }', ['  total: { type: sum, source: s, column: amount }']),
    );
    assert.deepEqual(values(r), [['total', 40960]]);
    const d = r.diagnostics.find((x) => x.code === 'invalid-values' && x.message.startsWith("column 'amount'"));
    assert.equal(d?.severity, 'warning', JSON.stringify(r.diagnostics));
    assert.equal(
      d?.message,
      "column 'amount' of source 's' holds a whole number in its first 20480 rows but 1 value(s) further down are not ('N/A' at na2.csv:20482): it is read as text for the whole file; declare its type under 'columns' to read it as integer and have those values reported",
    );
  });

  it('a French export (;, decimal comma, thousands space, dd/mm/yyyy hh:mm, BOM, CRLF) read with its declared dialect', async () => {
    // December 2025: 12,50 + 1 234,50 (a no-break space) = 1 247,00 by two customers 00042 and 42;
    // 3,00 on 01/01/2026 is in January, outside.
    fs.writeFileSync(
      path.join(dir, 'fr.csv'),
      '\uFEFFclient;montant;date\r\n00042;12,50;31/12/2025 14:05\r\n42;1\u00a0234,50;30/12/2025 08:00\r\n7;3,00;01/01/2026 00:10\r\n',
    );
    const r = await run(
      'fr.kpi.yaml',
      lines(
        'kpilens: 1',
        'as_of: 2025-12-31',
        'sources:',
        '  ventes:',
        '    file: fr.csv',
        '    time: date',
        '    key: client',
        "    delimiter: ';'",
        "    decimal: ','",
        "    thousands: ' '",
        "    timestamp_format: '%d/%m/%Y %H:%M'",
        '    columns: { montant: number }',
        'periods:',
        '  m: { grain: month, last: 1 }',
        'defaults: { period: m }',
        'kpis:',
        '  ca: { type: sum, source: ventes, column: montant }',
        '  clients: { type: count_distinct, source: ventes, column: client }',
      ),
    );
    assert.deepEqual(values(r), [
      ['ca', 1247],
      ['clients', 2],
    ]);
    assert.deepEqual(r.diagnostics, []);
  });

  it('kpilens check --explain: the dialect of each CSV source, declared or assumed, and every column type with its origin', async () => {
    fs.writeFileSync(
      path.join(dir, 'ex.csv'),
      '\uFEFFclient;montant;date;canal\r\n00042;12,50;31/12/2025 14:05;web\r\n42;3,00;30/12/2025 08:00;store\r\n',
    );
    fs.writeFileSync(
      path.join(dir, 'ex.kpi.yaml'),
      lines(
        'kpilens: 1',
        'sources:',
        '  ventes:',
        '    file: ex.csv',
        '    time: date',
        '    key: client',
        "    decimal: ','",
        "    timestamp_format: '%d/%m/%Y %H:%M'",
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  ca: { type: sum, source: ventes, column: montant, period: m }',
      ),
    );
    const r = await runCli(['check', 'ex.kpi.yaml', '--explain'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      lines(
        "source 'ventes' (csv, 1 file):",
        '  delimiter ";" (told from the header line)',
        '  decimal "," (declared), thousands none (assumed), quote "\\"" (assumed)',
        '  header yes (assumed), 0 skipped lines (assumed), encoding utf-8 (assumed)',
        '  dates ISO (2025-12-31) (assumed), timestamps %d/%m/%Y %H:%M (declared)',
        '  2 rows',
        '  - client: string (text: a key or segment column)',
        '  - montant: number (inferred, checked on every row)',
        '  - date: timestamp (a time column)',
        '  - canal: string (inferred, checked on every row)',
      ),
    );
  });

  it('kpilens check --explain: a JSON source, how its texts write numbers and dates, and every column as held and as read', async () => {
    const rows = [
      { id: 1, day: '05/01/2025', amount: '12,50', churned: '2025-01-09', mixed: 5 },
      { id: 2, day: '06/01/2025', amount: '3', churned: null, mixed: 'five' },
    ];
    fs.writeFileSync(path.join(dir, 'ex.ndjson'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    fs.writeFileSync(
      path.join(dir, 'exj.kpi.yaml'),
      lines(
        'kpilens: 1',
        'sources:',
        "  ventes: { file: ex.ndjson, time: day, key: id, decimal: ',', date_format: '%d/%m/%Y', columns: { amount: number } }",
        'periods:',
        '  m: { grain: month, last: 1 }',
        'kpis:',
        '  ca: { type: sum, source: ventes, column: amount, period: m }',
        '  churn: { type: churn, source: ventes, start: day, end: churned, period: m }',
      ),
    );
    const r = await runCli(['check', 'exj.kpi.yaml', '--explain'], dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      lines(
        "source 'ventes' (ndjson, 1 file):",
        '  texts: decimal "," (declared), thousands none (assumed), dates %d/%m/%Y (declared), timestamps ISO (2025-12-31 14:05:00, optional offset) (assumed)',
        '  2 rows',
        '  - id: BIGINT (as the file holds it)',
        '  - day: date (a time column; text in the file)',
        '  - amount: number (declared; text in the file)',
        // DuckDB's JSON reader finds the churn dates' type itself; 5 and "five" are DuckDB's JSON type.
        '  - churned: DATE (as the file holds it)',
        '  - mixed: string (mixed values in the file, read as text)',
      ),
    );
  });

  it('a file without header after two skipped lines: columns column1, column2', async () => {
    // Rows 2025-04-01 → 5 and 2025-04-02 → 6: sum 11.
    fs.writeFileSync(path.join(dir, 'nohead.csv'), 'Export of 2025-04-30\nby the CRM\n2025-04-01|5\n2025-04-02|6\n');
    const r = await run(
      'nohead.kpi.yaml',
      year("  s: { file: nohead.csv, time: column1, header: false, skip: 2, delimiter: '|' }", [
        '  total: { type: sum, source: s, column: column2 }',
      ]),
    );
    assert.deepEqual(values(r), [['total', 11]]);
  });

  it('a row with a wrong number of fields and a bad value: two diagnostics, each with its line', async () => {
    // Line 3 has 3 fields for 2 columns (left out); line 4's 'abc' is not a number (read as empty).
    // sum = 1 + 4 = 5 (lines 2 and 5); count = 3 rows (lines 2, 4, 5).
    fs.writeFileSync(
      path.join(dir, 'mixed.csv'),
      'day,amount\n2025-05-01,1\n2025-05-02,2,x\n2025-05-03,abc\n2025-05-04,4\n',
    );
    const r = await run(
      'mixed.kpi.yaml',
      year('  s: { file: mixed.csv, time: day, columns: { amount: number } }', [
        '  total: { type: sum, source: s, column: amount }',
        '  n: { type: count, source: s }',
      ]),
    );
    assert.deepEqual(values(r), [
      ['total', 5],
      ['n', 3],
    ]);
    const messages = r.diagnostics.map((d) => `${d.code} ${d.count ?? ''} ${d.message}`);
    assert.deepEqual(messages, [
      "invalid-values 1 1 value of column 'amount' in source 's' is not a number ('abc' at mixed.csv:4): it is read as empty",
      "invalid-values 1 1 malformed row of source 's' (a wrong number of fields or a broken quote) is left out: mixed.csv:3 (too many fields)",
    ]);
  });

  it('mixed CRLF and LF line endings: the message names them, at the source', async () => {
    fs.writeFileSync(path.join(dir, 'crlf.csv'), 'day,amount\r\n2025-05-01,1\n2025-05-02,2\r\n');
    const r = await run(
      'crlf.kpi.yaml',
      year('  s: { file: crlf.csv, time: day }', ['  total: { type: sum, source: s, column: amount }']),
    );
    const errors = r.diagnostics.filter((d) => d.severity === 'error' && d.code === 'data-error');
    assert.equal(errors.length, 1, JSON.stringify(r.diagnostics));
    assert.equal(errors[0].line, 4);
    assert.match(
      errors[0].message,
      /the file mixes line endings: line 1 ends with CRLF \(Windows\) and line 2 with LF alone/,
    );
  });
});

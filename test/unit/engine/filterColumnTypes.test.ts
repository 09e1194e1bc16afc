// Filters checked against the types their columns have in the data. Before: `where: amount`
// kept every row but those of 0 (DuckDB reads a number as a condition) and `kpilens check`
// passed; `d > 5`, `amount = 'abc'`, `where: channel`, `year(amount) = 2025` stopped the
// source's query with DuckDB's words, and every KPI of the source with it. Now each misfit is an
// expr-type error at its characters, only the KPIs using it are not evaluated, the others run.
import { strict as assert } from 'assert';
import { diagnose } from '../helpers';
import { firstValues, januaryFile, specRunFolder } from './specRunFixture';
import type { RunResult } from '../../../src/core/report/resultModel';

const DATA = {
  'o.csv': [
    'c,d,amount,channel,paid,since',
    'c1,2025-01-05,10,web,true,2024-03-01',
    'c2,2025-01-10,0,store,false,2024-05-01',
    'c3,2025-01-20,25.5,web,true,2023-11-15',
    'c4,2025-01-31,-3,app,true,2024-12-24',
    '',
  ].join('\n'),
};
const SOURCE = 'file: o.csv, time: d, key: c';

/** `line:column` of the first `needle` on the spec's line holding `kpi`'s definition (1-based). */
function at(spec: string, kpi: string, needle: string): string {
  const all = spec.split('\n');
  const i = all.findIndex((l) => l.startsWith(`  ${kpi}: `));
  return `${i + 1}:${all[i].indexOf(needle) + 1}`;
}

function problems(out: RunResult): string[] {
  return out.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`);
}

describe('engine: filters against the types of their columns in the data', function () {
  this.timeout(60000);
  const folder = specRunFolder('filter-types');

  it('a misfit is told at its characters; only its KPIs are not evaluated, the others give their numbers', async () => {
    const kpis = {
      all: 'type: count',
      pos: 'type: count, where: "amount > 0"',
      web: 'type: count, where: "channel = \'web\'"',
      flag: 'type: count, where: paid',
      ten: 'type: count, where: "amount = \'10\'"',
      from10: 'type: count, where: "d >= \'2025-01-10\'"',
      num: 'type: count, where: amount',
      txt: 'type: count, where: "not channel"',
      datenum: 'type: count, where: "since > 5"',
      badlit: 'type: sum, column: amount, where: "amount = \'abc\'"',
      yr: 'type: count, where: "year(amount) = 2025 or abs(since) > 1"',
    };
    const spec = januaryFile(SOURCE, kpis);
    const out = await folder.run('mixed', spec, DATA);
    // By hand: amounts 10, 0, 25.5, -3; channels web, store, web, app; paid t, f, t, t.
    assert.deepEqual(firstValues(out), { all: 4, pos: 2, web: 2, flag: 3, ten: 1, from10: 3 });
    assert.deepEqual(problems(out), [
      `${at(spec, 'num', 'amount,')} expr-type 'amount' holds numbers, not true or false: a filter compares it with a value (e.g. amount > 0)`,
      `${at(spec, 'txt', 'channel')} expr-type 'channel' holds text, not true or false: a filter compares it with a value (e.g. channel = '…')`,
      `${at(spec, 'datenum', '5')} expr-type 'since' holds dates: it cannot be compared with numbers`,
      `${at(spec, 'badlit', "'abc'")} expr-type 'abc' is not a number, and 'amount' holds numbers`,
      `${at(spec, 'yr', 'amount)')} expr-type 'year' needs dates: 'amount' holds numbers`,
      `${at(spec, 'yr', 'since)')} expr-type 'abs' needs numbers: 'since' holds dates`,
      ...['num', 'txt', 'datenum', 'badlit', 'yr'].map(
        (k) =>
          `${at(spec, k, k)} not-evaluated KPI '${k}' could not be evaluated: its filter does not fit the types of the data's columns`,
      ),
    ]);
  });

  it("a segment's and a source's filter: told once, their KPIs not evaluated, a ratio of one says which input", async () => {
    const spec = [
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  o: { ${SOURCE} }`,
      `  paid_o: { ${SOURCE}, where: "channel and paid" }`,
      'periods:',
      '  m: { grain: month, last: 1 }',
      'segments:',
      '  late: { where: "d > 20" }',
      '  big: { where: "amount >= 10" }',
      'kpis:',
      '  n: { type: count, source: o, period: m, segments: [big] }',
      '  n_late: { type: count, source: o, period: m, segments: [late, big] }',
      '  s_late: { type: sum, column: amount, source: o, period: m, segments: [late] }',
      '  p: { type: count, source: paid_o, period: m }',
      '  r: { type: ratio, numerator: n_late, denominator: n, period: m, segments: [late] }',
      '',
    ].join('\n');
    const out = await folder.run('segments', spec, DATA);
    // n over big (amount >= 10): c1, c3.
    const n = out.kpis.find((k) => k.name === 'n');
    assert.deepEqual(
      n?.rows.map((r) => [r.segment, r.value]),
      [
        [{}, 4],
        [{ big: true }, 2],
      ],
    );
    assert.deepEqual(
      out.kpis.map((k) => k.name),
      ['n'],
    );
    assert.deepEqual(problems(out), [
      `9:23 expr-type 'd' holds dates: it cannot be compared with numbers`,
      `5:51 expr-type 'channel' holds text, not true or false: a filter compares it with a value (e.g. channel = '…')`,
      `13:3 not-evaluated KPI 'n_late' could not be evaluated: the filter of its segment 'late' does not fit the types of the data's columns`,
      `14:3 not-evaluated KPI 's_late' could not be evaluated: the filter of its segment 'late' does not fit the types of the data's columns`,
      `15:3 not-evaluated KPI 'p' could not be evaluated: the filter of its source 'paid_o' does not fit the types of the data's columns`,
      `16:3 not-evaluated KPI 'r' could not be evaluated: its input 'n_late' could not be evaluated`,
    ]);
  });

  it('a filter joining a source by name alone reads it (was: unknown source, for every KPI of the scan)', async () => {
    const spec = [
      'kpilens: 1',
      'as_of: 2025-01-31',
      'sources:',
      `  o: { ${SOURCE} }`,
      '  cu: { file: cu.csv, key: c }',
      'periods:',
      '  m: { grain: month, last: 1 }',
      'segments:',
      '  pro: { where: "cu.plan = \'pro\'" }',
      'kpis:',
      '  n: { type: count, source: o, period: m }',
      '  n_pro: { type: count, source: o, period: m, segments: [pro] }',
      '  s_pro: { type: sum, column: amount, source: o, period: m, where: "cu.plan != \'pro\'" }',
      '',
    ].join('\n');
    const out = await folder.run('joined', spec, { ...DATA, 'cu.csv': 'c,plan\nc1,pro\nc2,free\nc3,pro\nc4,free\n' });
    assert.deepEqual(problems(out), []);
    // pro: c1, c3 (2 rows); not pro: c2 (0) + c4 (-3) = -3.
    assert.deepEqual(firstValues(out), { n: 4, n_pro: 4, s_pro: -3 });
    assert.deepEqual(
      out.kpis.find((k) => k.name === 'n_pro')?.rows.map((r) => [r.segment, r.value]),
      [
        [{}, 4],
        [{ pro: true }, 2],
      ],
    );
  });

  it('no combination of column, operator and value stops the query: each runs or is an expr-type error', async () => {
    const columns = ['amount', 'd', 'since', 'channel', 'paid'];
    const values = ['5', "'abc'", "'7'", "date '2025-01-10'", "'2025-01-10'", 'true', 'null', ...columns];
    const kpis: Record<string, string> = {};
    const forms: string[] = [];
    for (const col of columns) {
      forms.push(col, `not ${col}`, `${col} and true`);
      for (const fn of ['year', 'abs', 'lower', 'round']) forms.push(`${fn}(${col}) is null`);
      for (const v of values)
        forms.push(
          `${col} = ${v}`,
          `${col} < ${v}`,
          `${col} in (${v})`,
          `${col} between ${v} and ${v}`,
          `coalesce(${col}, ${v}) is null`,
          `${col} + ${v} > 0`,
          `${col} * ${v} > 0`,
        );
    }
    forms.forEach((f, i) => (kpis[`k${i}`] = `type: count, where: "${f}"`));
    const spec = januaryFile(SOURCE, kpis);
    const out = await folder.run('grid', spec, DATA);
    const told = new Set(out.diagnostics.filter((d) => d.code === 'not-evaluated').map((d) => d.line));
    const typeErrors = new Set(out.diagnostics.filter((d) => d.code === 'expr-type').map((d) => d.line));
    // The literal misfits the file alone shows (`year('abc')`): told by the check, not run.
    const checked = await diagnose(spec, folder.dir, 'grid.kpi.yaml');
    for (const d of checked) if (d.code === 'expr-type') typeErrors.add(d.range.start.line);
    assert.deepEqual(
      out.diagnostics
        .filter((d) => !['not-evaluated', 'expr-type', 'invalid-values'].includes(d.code))
        .map((d) => d.message),
      [],
    );
    const evaluated = new Set(out.kpis.map((k) => k.name));
    for (const [name, body] of Object.entries(kpis)) {
      const line = Number(at(spec, name, name).split(':')[0]);
      // Evaluated, or not evaluated for a type error told on its line (at check time or at run time).
      assert.ok(evaluated.has(name) || typeErrors.has(line), `${name}: ${body}: ${problems(out).join('\n')}`);
      if (told.has(line)) assert.ok(typeErrors.has(line), `${name}: not evaluated without a type error`);
    }
    // The ones that fit run, e.g. a text compared with a number text: none of 'web', 'store', 'app' is 7.
    assert.ok(evaluated.size > 100, String(evaluated.size));
  });
});

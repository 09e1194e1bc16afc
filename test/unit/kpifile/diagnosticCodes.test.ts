// Every diagnostic code, each with a broken KPI file and the exact line:column expected.
// The base file is valid; each case breaks one thing. Positions were counted by hand on the
// texts below (1-based lines and columns, as `kpilens check` prints them).
import { strict as assert } from 'assert';
import { ALL_DIAGNOSTIC_CODES } from '../../../src/core/kpifile/codes';
import type { DiagnosticCode } from '../../../src/core/kpifile/codes';
import * as path from 'path';
import { withConnectionChecks } from '../../../src/core/engine/connections/connectionChecks';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { brief, diagnose, lines, SHOP } from '../helpers';

const SOURCE = ['sources:', '  orders:', '    file: data/orders.csv', '    time: order_date', '    key: customer_id'];
const PERIODS = ['periods:', '  monthly: { grain: month, last: 3 }'];

/** kpilens: 1, the orders source and the monthly period: lines 1–8; KPIs start at line 9. */
function withKpis(...kpiLines: string[]): string {
  return lines('kpilens: 1', ...SOURCE, ...PERIODS, 'kpis:', ...kpiLines);
}

const REVENUE = ['  revenue:', '    type: sum', '    source: orders', '    column: amount', '    period: monthly'];

interface Case {
  code: DiagnosticCode;
  title: string;
  text: string;
  /** Every diagnostic expected, as `line:column severity code`. */
  expected: string[];
  /** Words the message of the case's diagnostic must contain. */
  message?: RegExp;
  /** Checked with the editor's connection checks too (withConnectionChecks). */
  connections?: boolean;
}

const CASES: Case[] = [
  {
    code: 'yaml-syntax',
    title: 'an unclosed flow sequence',
    text: withKpis(
      '  revenue:',
      '    type: sum',
      '    source: orders',
      '    column: amount',
      '    segments: [channel',
      '    period: monthly',
    ),
    expected: ['15:5 error yaml-syntax'],
    message: /YAML syntax/,
  },
  {
    code: 'duplicate-key',
    title: 'the same key twice in a KPI',
    text: withKpis(...REVENUE, '    column: amount'),
    expected: ['15:5 error duplicate-key'],
    message: /duplicate key 'column'/,
  },
  {
    code: 'not-a-mapping',
    title: 'a list instead of a mapping',
    text: lines('- kpilens: 1', '- kpis: {}'),
    expected: ['1:1 error not-a-mapping'],
  },
  {
    code: 'unsupported-version',
    title: 'kpilens: 2',
    text: lines('kpilens: 2', ...SOURCE, ...PERIODS, 'kpis:', ...REVENUE),
    expected: ['1:10 error unsupported-version'],
    message: /kpilens: 1/,
  },
  {
    code: 'missing-field',
    title: 'a sum without column',
    text: withKpis('  revenue:', '    type: sum', '    source: orders', '    period: monthly'),
    expected: ['10:3 error missing-field'],
    message: /KPI 'revenue' is missing the required field 'column'/,
  },
  {
    code: 'unknown-key',
    title: 'a misspelt field, with did-you-mean',
    text: withKpis('  revenue:', '    type: sum', '    source: orders', '    colum: amount', '    period: monthly'),
    expected: ['10:3 error missing-field', '13:5 error unknown-key'],
    message: /unknown key 'colum' in KPI 'revenue'; did you mean 'column'\?/,
  },
  {
    code: 'invalid-type',
    title: 'text where a whole number is expected',
    text: withKpis(...REVENUE, '    decimals: two'),
    expected: ['15:15 error invalid-type'],
    message: /'decimals' in KPI 'revenue' must be a whole number, not 'two'/,
  },
  {
    code: 'invalid-value',
    title: 'a format that does not exist, with did-you-mean',
    text: withKpis(...REVENUE, '    format: percentage'),
    expected: ['15:13 error invalid-value'],
    message: /did you mean 'percent'\?/,
  },
  {
    code: 'invalid-name',
    title: 'a KPI name with capitals',
    text: withKpis('  Revenue:', '    type: sum', '    source: orders', '    column: amount', '    period: monthly'),
    expected: ['10:3 error invalid-name'],
    message: /invalid name 'Revenue'.*'revenue'/,
  },
  {
    code: 'invalid-date',
    title: 'as_of on a day that does not exist',
    text: lines('kpilens: 1', 'as_of: 2025-02-30', ...SOURCE, ...PERIODS, 'kpis:', ...REVENUE),
    expected: ['2:8 error invalid-date'],
    message: /'2025-02-30' is not a real date/,
  },
  {
    code: 'invalid-timezone',
    title: 'a misspelt time zone',
    text: lines('kpilens: 1', 'timezone: Europe/Pariss', ...SOURCE, ...PERIODS, 'kpis:', ...REVENUE),
    expected: ['2:11 error invalid-timezone'],
  },
  {
    code: 'unknown-kpi-type',
    title: 'type: summ',
    text: withKpis('  revenue:', '    type: summ', '    source: orders', '    column: amount', '    period: monthly'),
    expected: ['11:11 error unknown-kpi-type'],
    message: /unknown KPI type 'summ'; did you mean 'sum'\?/,
  },
  {
    code: 'unknown-source',
    title: 'source: order',
    text: withKpis('  revenue:', '    type: sum', '    source: order', '    column: amount', '    period: monthly'),
    expected: ['3:3 warning unused-source', '12:13 error unknown-source'],
    message: /unknown source 'order'; did you mean 'orders'\?/,
  },
  {
    code: 'unknown-period',
    title: 'period: montly',
    text: withKpis('  revenue:', '    type: sum', '    source: orders', '    column: amount', '    period: montly'),
    expected: ['14:13 error unknown-period'],
    message: /unknown period 'montly'; did you mean 'monthly'\?/,
  },
  {
    code: 'unknown-segment',
    title: 'segments: [chanel]',
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      ...PERIODS,
      'segments:',
      '  channel: { by: channel }',
      'kpis:',
      ...REVENUE,
      '    segments: [chanel]',
    ),
    expected: ['17:16 error unknown-segment'],
    message: /unknown segment 'chanel'; did you mean 'channel'\?/,
  },
  {
    code: 'unknown-kpi',
    title: 'a ratio over a KPI that does not exist',
    text: withKpis(
      ...REVENUE,
      '  basket:',
      '    type: ratio',
      '    numerator: revenu',
      '    denominator: revenue',
      '    period: monthly',
    ),
    expected: ['17:16 error unknown-kpi'],
    message: /unknown KPI 'revenu'; did you mean 'revenue'\?/,
  },
  {
    code: 'unknown-column',
    title: 'a column the CSV header does not have',
    text: withKpis('  revenue:', '    type: sum', '    source: orders', '    column: amout', '    period: monthly'),
    expected: ['13:13 error unknown-column'],
    message:
      /column 'amout' is not in source 'orders' \(data\/orders.csv\), read by KPI 'revenue'; did you mean 'amount'\?/,
  },
  {
    code: 'kpi-cycle',
    title: 'two formulas that use each other',
    text: withKpis(
      ...REVENUE,
      '  a:',
      '    type: formula',
      '    expr: b + revenue',
      '    period: monthly',
      '  b:',
      '    type: formula',
      '    expr: a * 2',
      '    period: monthly',
    ),
    expected: ['17:11 error kpi-cycle', '21:11 error kpi-cycle'],
    message: /a → b → a/,
  },
  {
    code: 'invalid-kpi-reference',
    title: 'cac over a sum instead of new_customers',
    text: withKpis(
      ...REVENUE,
      '  cac:',
      '    type: cac',
      '    spend: revenue',
      '    customers: revenue',
      '    period: monthly',
    ),
    expected: ['18:16 error invalid-kpi-reference'],
    message: /needs a new_customers KPI here, but 'revenue' is a sum KPI/,
  },
  {
    code: 'target-range',
    title: 'min above max',
    text: withKpis(...REVENUE, '    target: { min: 10, max: 5 }'),
    expected: ['15:13 error target-range'],
  },
  {
    code: 'period-conflict',
    title: 'last with from',
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      'periods:',
      '  monthly: { grain: month, last: 3, from: 2025-01-01 }',
      'kpis:',
      ...REVENUE,
    ),
    expected: ['8:34 error period-conflict'],
    message: /both 'last' and 'from'/,
  },
  {
    code: 'period-range',
    title: 'from after to',
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      'periods:',
      '  monthly: { from: 2025-03-01, to: 2025-01-01 }',
      'kpis:',
      ...REVENUE,
    ),
    expected: ['8:36 error period-range'],
    message: /ends \(2025-01-01\) before it starts \(2025-03-01\)/,
  },
  {
    code: 'missing-period',
    title: 'no period and no default',
    text: withKpis('  revenue:', '    type: sum', '    source: orders', '    column: amount'),
    expected: ['10:3 error missing-period'],
  },
  {
    code: 'segment-kind',
    title: 'a segment with both by and where',
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      ...PERIODS,
      'segments:',
      '  web: { by: channel, where: "channel = \'web\'" }',
      'kpis:',
      ...REVENUE,
    ),
    expected: ['10:3 error segment-kind'],
  },
  {
    code: 'missing-key',
    title: 'a joined segment on a source without key',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      '    time: order_date',
      '  customers:',
      '    file: data/customers.csv',
      '    key: customer_id',
      ...PERIODS,
      'segments:',
      '  plan: { by: customers.plan }',
      'kpis:',
      ...REVENUE,
      '    segments: [plan]',
    ),
    expected: ['19:16 error missing-key'],
    message: /source 'orders' has no 'key'/,
  },
  {
    code: 'missing-time',
    title: 'a count on a source without time',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      ...PERIODS,
      'kpis:',
      '  orders:',
      '    type: count',
      '    source: orders',
      '    period: monthly',
    ),
    expected: ['10:13 error missing-time'],
  },
  {
    code: 'missing-currency',
    title: 'a currency without currency code',
    text: withKpis(...REVENUE, '    format: currency'),
    expected: ['15:13 warning missing-currency'],
  },
  {
    code: 'expr-syntax',
    title: 'a filter that stops after an operator',
    text: withKpis(...REVENUE, '    where: "amount >"'),
    expected: ['15:21 error expr-syntax'],
  },
  {
    code: 'expr-unknown-function',
    title: 'a misspelt function',
    text: withKpis(...REVENUE, '    where: coalesc(amount, 0) > 10'),
    expected: ['15:12 error expr-unknown-function'],
    message: /coalesce/,
  },
  {
    code: 'expr-arity',
    title: 'abs with two arguments',
    text: withKpis(...REVENUE, '    where: abs(amount, 1) > 10'),
    expected: ['15:24 error expr-arity'],
  },
  {
    code: 'expr-invalid-date',
    title: 'a date literal on 30 February',
    text: withKpis(...REVENUE, "    where: order_date >= date '2025-02-30'"),
    expected: ['15:31 error expr-invalid-date'],
  },
  {
    code: 'expr-type',
    title: 'a filter that gives a number',
    text: withKpis(...REVENUE, '    where: amount * 2'),
    expected: ['15:12 error expr-type'],
    message: /must give true or false/,
  },
  {
    code: 'missing-file',
    title: 'a data file that does not exist',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/nope.csv',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['4:11 error missing-file'],
  },
  {
    code: 'outside-data-root',
    title: 'a data file outside the project (here the repository): not even its header is read',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: /etc/passwd',
      '    format: csv',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['4:11 error outside-data-root'],
    message: /^'\/etc\/passwd' reaches '\/etc\/passwd' outside the project folder /,
  },
  {
    code: 'duplicate-column',
    title: 'a header naming a column twice (amount, Amount)',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: ../bad/data/dup_header.csv',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['4:11 warning duplicate-column'],
    message: /names column 'amount' twice \(columns 2 and 3, case is ignored\): KPIs read column 2/,
  },
  {
    code: 'unreadable-file',
    title: 'an empty CSV',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/empty.csv',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['4:11 error unreadable-file'],
    message: /empty/,
  },
  {
    code: 'unknown-sheet',
    title: "a sheet the workbook does not have (the French sample's clients.xlsx has Lisez-moi and Clients)",
    // Line 5: '    sheet: ' is 11 characters, the name at column 12.
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: ../../../samples/fr/clients.xlsx',
      '    sheet: Client',
      '    time: inscription',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['5:12 error unknown-sheet'],
    message: /no sheet 'Client' \(its sheets are 'Lisez-moi', 'Clients'\); did you mean 'Clients'\?/,
  },
  {
    code: 'unknown-format',
    title: 'a file extension that says nothing',
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/weird.dat',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['4:11 error unknown-format'],
  },
  {
    code: 'unsupported-feature',
    title: "a predictive CLV segmented by another source's column",
    // Line 13 declares the segment on customers.plan; line 19 uses it: '    segments: [' is 15 characters, 'plan' at column 16.
    text: lines(
      'kpilens: 1',
      ...SOURCE,
      '  customers:',
      '    file: data/customers.csv',
      '    key: customer_id',
      ...PERIODS,
      'segments:',
      '  plan: { by: customers.plan }',
      'kpis:',
      '  clv:',
      '    type: clv',
      '    method: predictive',
      '    revenue: orders.amount',
      '    segments: [plan]',
      '    period: monthly',
    ),
    expected: ['19:16 error unsupported-feature'],
    message: /columns of 'orders' only; segment 'plan' reads 'customers'/,
  },
  {
    code: 'source-location',
    title: 'a source naming both a file and a table',
    // Line 5 holds '    table: analytics.orders': the key 'table' starts at column 5.
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    file: data/orders.csv',
      '    table: analytics.orders',
      '    connection: warehouse',
      '    time: order_date',
      '    key: customer_id',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['5:5 error source-location'],
    message: /source 'orders' names both a file and a table: keep one/,
  },
  {
    code: 'unknown-connection',
    title: 'a table source on a connection, with no kpilens.connections.yaml (editor check)',
    // Line 5 holds '    connection: warehouse': the value starts at column 17.
    text: lines(
      'kpilens: 1',
      'sources:',
      '  orders:',
      '    table: analytics.orders',
      '    connection: warehouse',
      '    time: order_date',
      ...PERIODS,
      'kpis:',
      ...REVENUE,
    ),
    expected: ['5:17 error unknown-connection'],
    message: /on connection 'warehouse', but there is no kpilens\.connections\.yaml next to this file/,
    connections: true,
  },
  {
    code: 'unused-source',
    title: 'a source no KPI reads',
    text: lines('kpilens: 1', ...SOURCE, '  survey:', '    file: data/survey.csv', ...PERIODS, 'kpis:', ...REVENUE),
    expected: ['7:3 warning unused-source'],
  },
];

describe('diagnostic codes', () => {
  it('the base file is valid', async () => {
    assert.deepEqual(brief(await diagnose(withKpis(...REVENUE))), []);
  });

  it('every code has a case', () => {
    const covered = new Set(CASES.map((c) => c.code));
    assert.deepEqual(
      ALL_DIAGNOSTIC_CODES.filter((c) => !covered.has(c)),
      [],
    );
  });

  for (const c of CASES) {
    it(`${c.code}: ${c.title}`, async () => {
      const diags = c.connections
        ? withConnectionChecks(await checkKpiFile(path.join(SHOP, 'spec.kpi.yaml'), c.text)).diagnostics
        : await diagnose(c.text);
      assert.deepEqual(brief(diags), c.expected);
      if (c.message) {
        const d = diags.find((x) => x.code === c.code);
        assert.ok(d, `no ${c.code} diagnostic`);
        assert.match(d.message, c.message);
      }
    });
  }
});

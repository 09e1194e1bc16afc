// Injection attempts through KPI expressions (`where:`, `expr:`): SQL statements, comments,
// sub-queries, DuckDB table functions (files, settings, environment), casts, parameters,
// quoted identifiers, operators outside the grammar, invisible characters. Every one is
// refused by the parser with a diagnostic, and a KPI file using one gets an error at the
// field and never reaches the engine. A quote inside a string stays inside the string.
import { strict as assert } from 'assert';
import * as path from 'path';
import { findBrokenKpis } from '../../../src/core/engine/evaluation/brokenKpis';
import { exprToSql } from '../../../src/core/engine/sql/exprToSql';
import { quoteIdent } from '../../../src/core/engine/sql/sqlText';
import { parseExpression } from '../../../src/core/expr/parse';
import { checkKpiFile } from '../../../src/core/kpifile/checkFile';
import { lines, SHOP } from '../helpers';

export const INJECTION_ATTEMPTS: readonly string[] = [
  'amount > 0; DROP TABLE orders',
  "amount > 0 -- ' or 1=1",
  'amount > 0 /* comment */',
  "1 = 1 UNION SELECT * FROM read_csv('/etc/passwd')",
  '(SELECT 1)',
  'amount IN (SELECT amount FROM orders)',
  "read_csv('/etc/passwd') IS NOT NULL",
  "read_text('/etc/hostname') IS NOT NULL",
  "glob('/etc/*') IS NULL",
  "getenv('HOME') = 'x'",
  "current_setting('enable_external_access') = 'true'",
  "query('SELECT 1') IS NULL",
  "channel = 'web\\' OR 1=1 --'",
  '"amount > 0',
  '"" > 0',
  '`amount` > 0',
  '[amount] > 0',
  "amount::VARCHAR = '1'",
  "CAST(amount AS VARCHAR) = '1'",
  'amount > $1',
  'amount > ?',
  "channel LIKE '%web%'",
  "channel || 'x' = 'webx'",
  'CASE WHEN amount > 0 THEN 1 END = 1',
  'EXISTS (SELECT 1)',
  "amount > 0 AND (ATTACH '/tmp/x.db')",
  "COPY orders TO '/tmp/x.csv'",
  'amount > 0)) OR ((1=1',
  'amount > 0 ) UNION ALL SELECT 1 --',
  "'a' = 'a' OR 1 = 1 ; SET enable_external_access = true",
  'INSTALL httpfs',
  'LOAD httpfs',
  'PRAGMA database_list',
  'amount @> 0',
  "{'a': 1} IS NOT NULL",
  '[1, 2] IS NOT NULL',
  'list_transform([1], x -> x) IS NULL',
  'amount > 0\u0000 OR 1=1',
  'amount\u037e DROP TABLE orders',
  "e'\\x27' = ''",
  "x'41' = 'A'",
  "DATE '2025-01-01'::TIMESTAMP IS NULL",
  'sum(amount) OVER () > 0',
  "amount NOT SIMILAR TO 'x'",
  "amount > 0 AND channel = 'web' ORDER BY 1",
  'amount > 0 LIMIT 1',
];

describe('expressions refuse injection attempts', () => {
  it(`the parser refuses all ${INJECTION_ATTEMPTS.length} attempts with a positioned diagnostic`, () => {
    assert.ok(INJECTION_ATTEMPTS.length >= 30);
    for (const text of INJECTION_ATTEMPTS) {
      const { errors } = parseExpression(text);
      assert.ok(errors.length > 0, `accepted: ${JSON.stringify(text)}`);
      for (const e of errors) {
        assert.match(e.code, /^expr-/);
        assert.ok(e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end, `${text}: span`);
      }
    }
  });

  it('a KPI file with any of them as a where: has an error at the field and nothing to evaluate', async () => {
    // Line 9 is the KPI; '  n: { type: count, source: orders, where: ' is 43 characters: the quoted value starts at column 44.
    for (const text of INJECTION_ATTEMPTS) {
      const spec = lines(
        'kpilens: 1',
        'as_of: 2025-01-31',
        'sources:',
        '  orders: { file: data/orders.csv, time: order_date }',
        'periods:',
        '  jan: { grain: month, last: 1 }',
        'defaults: { period: jan }',
        'kpis:',
        `  n: { type: count, source: orders, where: ${JSON.stringify(text)} }`,
      );
      const check = await checkKpiFile(path.join(SHOP, 'inj.kpi.yaml'), spec, { data: false });
      const errors = check.diagnostics.filter((d) => d.severity === 'error');
      assert.ok(errors.length > 0, `no error for ${JSON.stringify(text)}`);
      assert.deepEqual([...findBrokenKpis(check).keys()], ['n'], 'the KPI is not evaluated');
      assert.ok(
        errors.every((d) => d.range.start.line === 9 && d.range.start.column >= 44 && d.code.startsWith('expr-')),
        `${text}: ${errors.map((d) => `${d.range.start.line}:${d.range.start.column} ${d.code}`).join(', ')}`,
      );
    }
  });

  it('a quote doubled inside a string stays in the string: one literal, quoted again in SQL', () => {
    const { expr, errors } = parseExpression("channel = 'web'' OR ''1''=''1'");
    assert.deepEqual(errors, []);
    assert.ok(expr && expr.kind === 'binary');
    const sql = exprToSql(expr, (ref) => quoteIdent(ref.parts.join('.')));
    // The value is the 14 characters web' OR '1'='1; each ' is doubled in SQL.
    assert.equal(sql, `("channel" = 'web'' OR ''1''=''1')`);
  });

  it('a quoted name is one name whatever it holds: quotes and SQL stay inside one quoted identifier', () => {
    const { expr, errors } = parseExpression('"a"" OR 1=1 --" = 1');
    assert.deepEqual(errors, []);
    assert.ok(expr && expr.kind === 'binary' && expr.left.kind === 'name');
    // The name is the 14 characters a" OR 1=1 --; its " is doubled again in SQL.
    assert.deepEqual(expr.left.parts, ['a" OR 1=1 --']);
    assert.equal(
      exprToSql(expr, (ref) => quoteIdent(ref.parts.join('.'))),
      '("a"" OR 1=1 --" = 1)',
    );
  });

  it('an invisible character is named by its code point (bug found by this list: the NUL was printed raw)', () => {
    assert.deepEqual(
      parseExpression('amount > 0\u0000').errors.map((e) => e.message),
      ['unexpected character U+0000'],
    );
    assert.deepEqual(
      parseExpression('a\u200bb').errors.map((e) => e.message),
      ['unexpected character U+200B'],
    );
    assert.deepEqual(
      parseExpression('a \ud800').errors.map((e) => e.message),
      ['unexpected character U+D800'],
    );
    assert.deepEqual(
      parseExpression('a 😀').errors.map((e) => e.message),
      ["unexpected character '😀'"],
    );
  });
});

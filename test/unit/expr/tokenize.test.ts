// Tests of the expression tokenizer: token kinds, values, spans and lexical errors.

import { strict as assert } from 'assert';
import { tokenize, type Token } from '../../../src/core/expr/tokenize';

function kinds(tokens: Token[]): string[] {
  return tokens.map((t) => (t.kind === 'end' ? 'end' : `${t.kind}:${t.text}`));
}

describe('expr tokenize', () => {
  it('splits operators, names, numbers and strings with spans', () => {
    const { tokens, errors } = tokenize("amount >= 10.5 and plan <> 'pro'");
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(kinds(tokens), [
      'identifier:amount',
      'punctuator:>=',
      'number:10.5',
      'keyword:and',
      'identifier:plan',
      'punctuator:<>',
      "string:'pro'",
      'end',
    ]);
    assert.deepStrictEqual(
      tokens.map((t) => [t.span.start, t.span.end]),
      [
        [0, 6],
        [7, 9],
        [10, 14],
        [15, 18],
        [19, 23],
        [24, 26],
        [27, 32],
        [32, 32],
      ],
    );
  });

  it('reads <> as the != punctuator and keeps its text', () => {
    const [token] = tokenize('<>').tokens;
    assert.equal(token.kind, 'punctuator');
    if (token.kind === 'punctuator') {
      assert.equal(token.punctuator, '!=');
      assert.equal(token.text, '<>');
    }
  });

  it('gives numbers their value', () => {
    const values = tokenize('0 12 0.5 007 3.25').tokens.flatMap((t) => (t.kind === 'number' ? [t.value] : []));
    assert.deepStrictEqual(values, [0, 12, 0.5, 7, 3.25]);
  });

  it("unescapes doubled quotes in strings ('')", () => {
    const [token] = tokenize("'it''s ''ok'''").tokens;
    assert.equal(token.kind, 'string');
    if (token.kind === 'string') {
      assert.equal(token.value, "it's 'ok'");
      assert.deepStrictEqual(token.span, { start: 0, end: 14 });
    }
    const [empty] = tokenize("''").tokens;
    assert.ok(empty.kind === 'string' && empty.value === '');
  });

  it('matches keywords in any case and lower-cases them', () => {
    const tokens = tokenize('TRUE And NULL Between dAtE').tokens;
    assert.deepStrictEqual(
      tokens.map((t) => (t.kind === 'keyword' ? t.keyword : t.kind)),
      ['true', 'and', 'null', 'between', 'date', 'end'],
    );
    assert.equal(tokens[1].text, 'And');
  });

  it('keeps identifier case and reads underscores and digits', () => {
    assert.deepStrictEqual(kinds(tokenize('_Net_Amount2').tokens), ['identifier:_Net_Amount2', 'end']);
  });

  it('ends with an empty end token at the text length', () => {
    const { tokens } = tokenize('a  ');
    assert.deepStrictEqual(tokens[tokens.length - 1], { kind: 'end', text: '', span: { start: 3, end: 3 } });
  });

  it('reports an unterminated string from its quote to the end, suggesting the closing quote', () => {
    const { errors } = tokenize("amount > 'abc");
    assert.deepStrictEqual(errors, [
      {
        code: 'expr-syntax',
        message: "unterminated string: add a closing '",
        span: { start: 9, end: 13 },
        suggestion: "'abc'",
      },
    ]);
  });

  it('treats a trailing doubled quote as an escape, so the string stays open', () => {
    const { errors } = tokenize("'abc''");
    assert.equal(errors.length, 1);
    assert.deepStrictEqual(errors[0].span, { start: 0, end: 6 });
  });

  it('rejects scientific notation, suggesting the number in full', () => {
    const { errors } = tokenize('x > 1e3');
    assert.deepStrictEqual(errors, [
      {
        code: 'expr-syntax',
        message: 'scientific notation is not supported: write the number in full',
        span: { start: 4, end: 7 },
        suggestion: '1000',
      },
    ]);
    assert.equal(tokenize('2.5E-3').errors[0].suggestion, '0.0025');
    assert.deepStrictEqual(tokenize('1e+2').errors[0].span, { start: 0, end: 4 });
  });

  it('rejects a number glued to letters', () => {
    const { errors } = tokenize('12abc');
    assert.equal(errors.length, 1);
    assert.deepStrictEqual(errors[0].span, { start: 0, end: 5 });
    assert.match(errors[0].message, /names start with a letter/);
  });

  it('rejects a decimal point without digits on either side', () => {
    const trailing = tokenize('12. + 1').errors;
    assert.deepStrictEqual(
      trailing.map((e) => [e.span, e.suggestion]),
      [[{ start: 0, end: 3 }, '12']],
    );
    const leading = tokenize('x * .5').errors;
    assert.deepStrictEqual(
      leading.map((e) => [e.span, e.suggestion]),
      [[{ start: 4, end: 6 }, '0.5']],
    );
    // Right after a name or a number the dot is a punctuator, left for the parser to judge.
    assert.deepStrictEqual(kinds(tokenize('t.5').tokens), ['identifier:t', 'punctuator:.', 'number:5', 'end']);
    assert.deepStrictEqual(kinds(tokenize('1.5.3').tokens), ['number:1.5', 'punctuator:.', 'number:3', 'end']);
  });

  it('rejects numbers too large to represent', () => {
    const { errors } = tokenize('9'.repeat(400));
    assert.equal(errors.length, 1);
    assert.equal(errors[0].message, 'number is too large');
  });

  it('reports bad characters one by one, a whole emoji at a time, and keeps going', () => {
    const { tokens, errors } = tokenize('a # b 😀 c');
    assert.deepStrictEqual(kinds(tokens), ['identifier:a', 'identifier:b', 'identifier:c', 'end']);
    assert.deepStrictEqual(
      errors.map((e) => [e.message, e.span.start, e.span.end]),
      [
        ["unexpected character '#'", 2, 3],
        ["unexpected character '😀'", 6, 8],
      ],
    );
  });

  it('suggests the language operator for ==, && and ||', () => {
    const { errors } = tokenize('a == 1 && b || c');
    assert.deepStrictEqual(
      errors.map((e) => [e.span.start, e.span.end, e.suggestion]),
      [
        [2, 4, '='],
        [7, 9, 'and'],
        [12, 14, 'or'],
      ],
    );
  });

  it('reads a double-quoted name: spaces, accents, a doubled quote', () => {
    const { tokens, errors } = tokenize('"Montant TTC" > "Région" + "a""b"');
    assert.deepStrictEqual(errors, []);
    assert.deepStrictEqual(
      tokens
        .filter((t) => t.kind === 'identifier')
        .map((t) => t.kind === 'identifier' && [t.name, t.quoted, t.span.start, t.span.end]),
      [
        ['Montant TTC', true, 0, 13],
        ['Région', true, 16, 24],
        ['a"b', true, 27, 33],
      ],
    );
  });

  it('an unterminated or empty quoted name is an error with a fix', () => {
    assert.deepStrictEqual(tokenize('plan = "it\'s').errors, [
      {
        code: 'expr-syntax',
        message: 'unterminated quoted name: add a closing " (text is written in single quotes)',
        span: { start: 7, end: 12 },
        suggestion: '"it\'s"',
      },
    ]);
    assert.deepStrictEqual(
      tokenize('"" = 1').errors.map((e) => [e.message, e.span.start, e.span.end]),
      [['a quoted name cannot be empty: write a column name between the double quotes', 0, 2]],
    );
  });
});

// A statement of the SQL builders written for a warehouse dialect (warehouseDialects.ts):
// the builders quote names and text the standard way (sqlText.ts: "name", 'text'); this
// pass reads the statement as tokens and writes every quoted name and every string through
// the dialect's own quoting, so a name or a value reaches the warehouse's SQL only quoted
// its way (BigQuery: `name` and '\'' escapes; Snowflake: backslashes doubled). It also spells
// the few standard pieces the dialect lacks: type names (BigQuery's STRING, FLOAT64…),
// aggregate functions (bool_or), and `agg(x) FILTER (WHERE c)` as `agg(CASE WHEN c THEN x END)`
// where FILTER is not supported (BigQuery, Snowflake). Anything it cannot read — a comment,
// an unterminated quote, a parameter — throws: nothing passes through unread.
import { SqlTextError } from './sqlText';
import type { WarehouseDialect } from './warehouseDialects';

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'word'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'space'; text: string }
  | { kind: 'punct'; text: string };

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
const NUMBER = /[0-9]+(\.[0-9]+)?/y;
const SPACE = /\s+/y;
const PUNCT = /<>|<=|>=|[(),.*+\-/<>=;%[\]]/y;

/** The tokens of a statement written with standard quoting. */
export function tokenize(sql: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const at = (re: RegExp): string | undefined => {
    re.lastIndex = i;
    const m = re.exec(sql);
    return m ? m[0] : undefined;
  };
  while (i < sql.length) {
    const ch = sql[i];
    if (ch === "'" || ch === '"') {
      let value = '';
      let j = i + 1;
      for (;;) {
        if (j >= sql.length)
          throw new SqlTextError(`unterminated ${ch === "'" ? 'string' : 'quoted name'} at offset ${i}`);
        if (sql[j] === ch) {
          if (sql[j + 1] === ch) {
            value += ch;
            j += 2;
            continue;
          }
          break;
        }
        value += sql[j];
        j += 1;
      }
      out.push(ch === "'" ? { kind: 'string', value } : { kind: 'ident', value });
      i = j + 1;
      continue;
    }
    if (sql.startsWith('--', i) || sql.startsWith('/*', i))
      throw new SqlTextError(`a comment at offset ${i}: the SQL builders write none`);
    const space = at(SPACE);
    if (space) {
      out.push({ kind: 'space', text: space });
      i += space.length;
      continue;
    }
    const word = at(WORD);
    if (word) {
      out.push({ kind: 'word', text: word });
      i += word.length;
      continue;
    }
    const num = at(NUMBER);
    if (num) {
      out.push({ kind: 'number', text: num });
      i += num.length;
      continue;
    }
    const punct = at(PUNCT);
    if (punct) {
      out.push({ kind: 'punct', text: punct });
      i += punct.length;
      continue;
    }
    throw new SqlTextError(`unexpected character ${JSON.stringify(ch)} at offset ${i}`);
  }
  return out;
}

const BIGQUERY_TYPES: Record<string, string> = {
  VARCHAR: 'STRING',
  DOUBLE: 'FLOAT64',
  BIGINT: 'INT64',
  INTEGER: 'INT64',
  BOOLEAN: 'BOOL',
};

const isPunct = (t: Token | undefined, text: string) => t?.kind === 'punct' && t.text === text;
const isWord = (t: Token | undefined, text: string) => t?.kind === 'word' && t.text.toUpperCase() === text;

/** The statement in the dialect's quoting and spelling. */
export function warehouseSql(sql: string, dialect: WarehouseDialect): string {
  let tokens = tokenize(sql);
  if (!dialect.filterClause) tokens = rewriteFilters(tokens);
  const significant = (i: number, step: 1 | -1): Token | undefined => {
    for (let j = i + step; j >= 0 && j < tokens.length; j += step) if (tokens[j].kind !== 'space') return tokens[j];
    return undefined;
  };
  return tokens
    .map((t, i) => {
      switch (t.kind) {
        case 'ident':
          return dialect.quoteIdent(t.value);
        case 'string':
          return dialect.quoteString(t.value);
        case 'word': {
          // A type after AS (aliases are always quoted names, so a bare type word is a type).
          if (dialect.name === 'bigquery' && BIGQUERY_TYPES[t.text] && isWord(significant(i, -1), 'AS'))
            return BIGQUERY_TYPES[t.text];
          const fn = dialect.functions[t.text.toLowerCase()];
          return fn && isPunct(significant(i, 1), '(') ? fn : t.text;
        }
        default:
          return t.text;
      }
    })
    .join('');
}

/** The index of the bracket matching the one at `i` (forwards for '(', backwards for ')'). */
function matching(tokens: Token[], i: number): number {
  const step = isPunct(tokens[i], '(') ? 1 : -1;
  let depth = 0;
  for (let j = i; j >= 0 && j < tokens.length; j += step) {
    if (isPunct(tokens[j], '(')) depth += step;
    else if (isPunct(tokens[j], ')')) depth -= step;
    if (depth === 0) return j;
  }
  throw new SqlTextError('unbalanced parentheses');
}

function nextSignificant(tokens: Token[], i: number, step: 1 | -1): number {
  for (let j = i + step; j >= 0 && j < tokens.length; j += step) if (tokens[j].kind !== 'space') return j;
  return -1;
}

/** The tokens without the spaces at either end. */
function trim(tokens: Token[]): Token[] {
  let a = 0;
  let b = tokens.length;
  while (a < b && tokens[a].kind === 'space') a += 1;
  while (b > a && tokens[b - 1].kind === 'space') b -= 1;
  return tokens.slice(a, b);
}

/** `agg(args) FILTER (WHERE cond)` → `agg(CASE WHEN cond THEN args END)`; count(*) counts 1. */
function rewriteFilters(input: Token[]): Token[] {
  let tokens = input;
  for (;;) {
    const at = tokens.findIndex((t, i) => isWord(t, 'FILTER') && isPunct(tokens[nextSignificant(tokens, i, 1)], '('));
    if (at < 0) return tokens;
    const open = nextSignificant(tokens, at, 1);
    const where = nextSignificant(tokens, open, 1);
    if (!isWord(tokens[where], 'WHERE')) throw new SqlTextError('FILTER without WHERE');
    const close = matching(tokens, open);
    const cond = tokens.slice(where + 1, close);
    const argsClose = nextSignificant(tokens, at, -1);
    if (!isPunct(tokens[argsClose], ')')) throw new SqlTextError('FILTER after something else than an aggregate call');
    const argsOpen = matching(tokens, argsClose);
    let args = trim(tokens.slice(argsOpen + 1, argsClose));
    const sp: Token = { kind: 'space', text: ' ' };
    const prefix: Token[] = [];
    const suffix: Token[] = [];
    if (isWord(args[0], 'DISTINCT')) {
      prefix.push(args[0], sp);
      args = trim(args.slice(1));
    }
    // BigQuery's ARRAY_AGG(x IGNORE NULLS): the modifier stays after the value.
    if (args.length >= 3 && isWord(args[args.length - 1], 'NULLS') && isWord(args[args.length - 3], 'IGNORE')) {
      suffix.push(sp, ...args.slice(args.length - 3));
      args = trim(args.slice(0, args.length - 3));
    }
    const value: Token[] = args.length === 1 && isPunct(args[0], '*') ? [{ kind: 'number', text: '1' }] : args;
    const inner: Token[] = [
      ...prefix,
      { kind: 'word', text: 'CASE' },
      sp,
      { kind: 'word', text: 'WHEN' },
      sp,
      ...trim(cond),
      sp,
      { kind: 'word', text: 'THEN' },
      sp,
      ...value,
      sp,
      { kind: 'word', text: 'END' },
      ...suffix,
    ];
    tokens = [...tokens.slice(0, argsOpen + 1), ...inner, { kind: 'punct', text: ')' }, ...tokens.slice(close + 1)];
  }
}

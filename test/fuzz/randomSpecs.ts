// fast-check generators of whole KPI files: YAML documents built at random from the language's
// own keys and values (mostly invalid, sometimes not), any text at all, the mix of these with
// the mutated specs that the properties run on (anySpec), and a spec with cursor positions
// for the language service.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { fraction, mutatedSpec, snippet } from './specMutations';

const name = fc.constantFrom(
  'orders',
  'customers',
  'survey',
  'revenue',
  'nps',
  'x',
  'Y_2',
  'jan',
  'plan',
  'channel',
  'amount',
  '',
  ' ',
  '\t',
  ' \n ',
  '\u00a0',
  'a b',
  'é',
);
const exprText = fc.oneof(
  fc.constantFrom(
    'amount > 10',
    "channel = 'web'",
    'revenue / orders',
    'nps + 1',
    'coalesce(a, 0)',
    "day >= DATE '2025-01-01'",
    'x +',
    "'open",
    '((a)',
    '',
    '   ',
    '\t\n',
  ),
  fc.string({ maxLength: 30 }),
);
const scalar: fc.Arbitrary<unknown> = fc.oneof(
  name,
  exprText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(
    'data/orders.csv',
    'data/*.csv',
    'data/missing.csv',
    '../secret.csv',
    '/etc/passwd',
    'month',
    'week',
    'previous',
    'year_ago',
    '2025-01-31',
    '',
    '  ',
    ' \t ',
  ),
  fc.constantFrom(
    'sum',
    'count',
    'avg',
    'ratio',
    'formula',
    'nps',
    'csat',
    'churn',
    'funnel',
    'cohort_retention',
    'clv',
    'cac',
    'bogus',
  ),
);
const KEYS = [
  'kpilens',
  'title',
  'as_of',
  'sources',
  'periods',
  'segments',
  'defaults',
  'kpis',
  'file',
  'time',
  'key',
  'type',
  'source',
  'column',
  'where',
  'expr',
  'numerator',
  'denominator',
  'period',
  'grain',
  'last',
  'compare',
  'by',
  'target',
  'min',
  'max',
  'format',
  'steps',
  'start',
  'end',
  'days',
  'cohort',
  'method',
  'columns',
  'encoding',
  'currency',
  'direction',
  'unknown_key',
];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: name });

const { tree } = fc.letrec<{ tree: unknown; node: unknown }>((tie) => ({
  tree: fc.dictionary(key, tie('node'), { maxKeys: 6 }),
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  ),
}));

/** A YAML document whose keys and values come from the KPI language (mostly invalid, sometimes not). */
export const randomSpec: fc.Arbitrary<string> = fc
  .tuple(tree, fc.constantFrom<'block' | 'flow'>('block', 'flow'))
  .map(([value, style]) => {
    const root =
      typeof value === 'object' && value !== null && !Array.isArray(value) ? { kpilens: 1, ...value } : value;
    return stringify(root, style === 'flow' ? { collectionStyle: 'flow' } : {});
  });

/** Any text at all: arbitrary code points, or lines of YAML-ish snippets. */
export const arbitraryText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.array(snippet, { maxLength: 40 }).map((parts) => parts.join('')),
);

export const anySpec: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: mutatedSpec },
  { weight: 3, arbitrary: randomSpec },
  { weight: 1, arbitrary: arbitraryText },
);

/** A KPI file and cursor positions in it (fractions of its length), for the language service. */
export const specWithCursors: fc.Arbitrary<[string, number[]]> = fc.tuple(
  anySpec,
  fc.array(fraction, { minLength: 1, maxLength: 6 }),
);

// A source's data tests (`tests:` under a source: unique, not_null, accepted_values, range,
// relationship) and its `freshness:` (warn_after / error_after), read tolerantly from whatever
// parsed; the schema and sourceTestsChecks.ts report what is wrong. The engine side runs them
// (testing/sourceChecks.ts).

export type SourceTestKind = 'unique' | 'not_null' | 'accepted_values' | 'range' | 'relationship';
export const SOURCE_TEST_KINDS: readonly SourceTestKind[] = [
  'unique',
  'not_null',
  'accepted_values',
  'range',
  'relationship',
];

export interface SourceTestSpec {
  kind: SourceTestKind;
  /** The test's position in the source's `tests:` list (its YAML path is ['sources', source, 'tests', index]). */
  index: number;
  /** The column tested (not_null may name several: one test per column). */
  columns: string[];
  /** accepted_values: the accepted values (null values always pass: not_null tests them). */
  values?: (string | number | boolean)[];
  /** range: inclusive bounds. */
  min?: number;
  max?: number;
  /** relationship: the source every value must be found in, and its column (default its `key`). */
  to?: string;
  toColumn?: string;
  severity: 'error' | 'warning';
}

export interface FreshnessSpec {
  /** Days after which the latest row makes a warning (strictly more days), and an error. */
  warnAfterDays?: number;
  errorAfterDays?: number;
}

/** `2d` → 2, `1w` → 7; undefined when not a duration the language accepts. */
export function durationDays(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{1,4})([dw])$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * (m[2] === 'w' ? 7 : 1);
}

export const DURATION_PATTERN = '^[0-9]{1,4}[dw]$';

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isValue = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The tests of one source (`tests:` list), those whose shape is readable. */
export function readSourceTests(raw: unknown): SourceTestSpec[] {
  if (!Array.isArray(raw)) return [];
  const out: SourceTestSpec[] = [];
  raw.forEach((item, index) => {
    if (!isObject(item)) return;
    const kinds = SOURCE_TEST_KINDS.filter((k) => k in item);
    if (kinds.length !== 1) return;
    const kind = kinds[0];
    const severity = item.severity === 'warning' ? 'warning' : 'error';
    const body = item[kind];
    if (kind === 'unique' || kind === 'not_null') {
      const columns =
        typeof body === 'string'
          ? [body]
          : Array.isArray(body)
            ? body.filter((c): c is string => typeof c === 'string' && c !== '')
            : [];
      if (columns.length) out.push({ kind, index, columns, severity });
      return;
    }
    if (!isObject(body) || typeof body.column !== 'string' || body.column === '') return;
    const columns = [body.column];
    if (kind === 'accepted_values') {
      if (!Array.isArray(body.values)) return;
      out.push({ kind, index, columns, values: body.values.filter(isValue), severity });
    } else if (kind === 'range') {
      const min = num(body.min);
      const max = num(body.max);
      if (min === undefined && max === undefined) return;
      out.push({
        kind,
        index,
        columns,
        ...(min !== undefined ? { min } : {}),
        ...(max !== undefined ? { max } : {}),
        severity,
      });
    } else {
      if (typeof body.to !== 'string' || body.to === '') return;
      const [to, toColumn] = body.to.split('.', 2);
      out.push({ kind, index, columns, to, ...(toColumn ? { toColumn } : {}), severity });
    }
  });
  return out;
}

/** A source's `freshness:`, when it has at least one readable bound. */
export function readFreshness(raw: unknown): FreshnessSpec | undefined {
  if (!isObject(raw)) return undefined;
  const warnAfterDays = durationDays(raw.warn_after);
  const errorAfterDays = durationDays(raw.error_after);
  if (warnAfterDays === undefined && errorAfterDays === undefined) return undefined;
  return {
    ...(warnAfterDays !== undefined ? { warnAfterDays } : {}),
    ...(errorAfterDays !== undefined ? { errorAfterDays } : {}),
  };
}

// The stable diagnostic codes. Users grep for them, CI annotations carry them and tests
// cover each one: a code, once published, keeps its meaning.

export const DIAGNOSTIC_CODES = {
  'yaml-syntax': 'The file is not valid YAML.',
  'duplicate-key': 'The same key appears twice in one mapping.',
  'not-a-mapping': 'The document (or a section) is not a mapping of keys to values.',
  'unsupported-version': '`kpilens:` names a language version this release does not know.',
  'missing-field': 'A required field is absent.',
  'unknown-key': 'A key that the language does not define at this place.',
  'invalid-type':
    "A value has the wrong type (text where a number is expected, …); a KPI's number column (a sum's, a max's, an NPS's score) that the file declares as dates (or its source's `time`), or that the data holds as dates: that KPI is not evaluated.",
  'invalid-value': 'A value is not one of the allowed values, or is out of range.',
  'invalid-name': 'A source, period, segment or KPI name does not match ^[a-z][a-z0-9_]*$.',
  'invalid-date': 'A date is not a real calendar date written YYYY-MM-DD.',
  'invalid-timezone': '`timezone` is not an IANA time zone name.',
  'unknown-kpi-type': '`type:` names no KPI type.',
  'unknown-source': 'A reference to a source that the file does not declare.',
  'unknown-period': 'A reference to a period that the file does not declare.',
  'unknown-segment': 'A reference to a segment that the file does not declare.',
  'unknown-kpi': 'A reference to a KPI that the file does not declare.',
  'unknown-column': 'A column that the data file of the source does not have.',
  'kpi-cycle': 'KPIs that depend on each other in a circle (ratio, formula, cac, clv).',
  'invalid-kpi-reference': 'A KPI reference to a KPI of the wrong type (cac customers must be new_customers).',
  'target-range': 'A target whose min is greater than its max.',
  'period-conflict':
    'A period mixes `last` with `from`/`to`, or uses `last`/`partial` without `grain`; a KPI uses a period its type cannot (a rolling window on a cohort); a derived KPI reads an input that declares another period (warning).',
  'period-range': 'A period whose `from` is after its `to`.',
  'missing-period': 'A KPI with no `period` and no `defaults.period`.',
  'segment-kind': 'A segment must have exactly one of `by` and `where`.',
  'missing-key': 'A join (joined segment or column, cohort) between sources that lack `key`.',
  'missing-time': 'A KPI that needs dates on a source with no `time` column.',
  'missing-currency': 'A currency KPI without `currency` (the report shows no currency sign).',
  'expr-syntax': 'An expression that does not parse.',
  'expr-unknown-function': 'An expression calls a function the language does not have.',
  'expr-arity': 'An expression calls a function with the wrong number of arguments.',
  'expr-invalid-date': "An expression's date literal is not a real date.",
  'expr-type': 'An expression combines values of incompatible types.',
  'missing-file': 'A data file (or glob) that matches no file.',
  'outside-data-root':
    "A data file outside the project folder (the workspace folder, else the git repository or the KPI file's folder), also through a symbolic link: it is not read.",
  'unreadable-file': 'A data file that exists but whose header or schema cannot be read.',
  'duplicate-column':
    'A data file whose header names a column twice (ignoring case, as the engine does): KPIs read the first one.',
  'partial-column':
    'A column the KPI file names that some files of a glob (`file: data/orders-*.csv`) lack: their rows read it as empty.',
  'unknown-format': 'A data file whose format cannot be told from its extension.',
  'unknown-sheet': 'An xlsx source whose `sheet` the workbook does not have (by name or position).',
  'unsupported-feature':
    "A part of the language this release does not support (a predictive CLV segmented by another source's column).",
  'source-location':
    'A source needs exactly one of `file` or `table`, and a `table` needs a `connection` (and a `connection` a `table`).',
  'unknown-connection':
    "A table source's `connection` that kpilens.connections.yaml does not define, or no such file (checked in the editor, where that git-ignored file lives).",
  'unused-source': 'A source that no KPI, segment or other source uses.',
} as const;

/** Codes of problems found while evaluating (`kpilens run`), in the data rather than the spec. */
export const RUN_DIAGNOSTIC_CODES = {
  'data-error': 'DuckDB could not read a data file or evaluate a query on it (the message says why).',
  'connection-failed':
    "The database connection of table sources could not be used (wrong password, unreachable server, timeout…): the message names the connection; shown on each source's `connection`.",
  'no-data': 'A source has no rows, or no dated row to take as_of from.',
  'invalid-values':
    'Rows whose value cannot be used (a time that is not a date, a score outside its scale); they are counted and left out.',
  'not-utf8':
    'A CSV/TSV file that is not UTF-8 and has no `encoding`, or a KPI file that is not UTF-8: its text would be garbled.',
  'number-format':
    'A CSV/TSV source without `decimal` or `thousands` whose numbers are written with a decimal comma or a thousands separator that can be read only one way (12,5; 1 234,50; 1,234.50): it is read so, and told (information); "1,234" and "1.234" alone tell nothing.',
  'unmatched-keys':
    "A source joined by `key` (a `by: customers.plan` segment, a `customers.x` name in a filter) that does not hold some keys of the rows joined to it (an id written ' C1' or 'c1' on one side and 'C1' on the other, a customer missing from an export): those rows read its columns as empty (a segment shows them as (null)); the warning counts them and shows a few keys with their lines.",
  'duplicate-keys':
    'A source joined by `key` (a `source.column` segment or filter, a cohort source) holds a key on several rows: each customer still counts once (a joined column takes the value of the latest row by `time`, else the smallest; a cohort starts at the earliest date); the warning shows examples with their lines.',
  'invalid-bytes':
    'Bytes of a text file that its declared `encoding` does not define (read as U+FFFD): counted, with their lines.',
  'not-evaluated': 'A KPI that could not be evaluated (its type is not evaluated yet, or an input failed).',
  'clv-fit':
    'A predictive CLV whose models cannot be fitted at a period end (too few customers, no repeat buyer, no positive spend, an infinite mean spend) — no value there — or whose fit is unsure (not converged, a parameter at its bound).',
  'clv-assumption':
    'A predictive CLV whose data break an assumption of its models: |correlation of frequency and spend| among repeat buyers above 0.3 (Gamma-Gamma assumes them independent).',
  'clv-backtest':
    'The back-test of a predictive CLV: predicted vs actual purchases per customer in the held-out months (MAE, Σ predicted / Σ actual).',
  'not-unique':
    "A source's `unique` test failed: values of the column on several rows (counted: the values and their rows; examples with their lines).",
  'null-values':
    "A source's `not_null` test failed: rows with an empty value in the column (counted; examples' lines).",
  'not-accepted':
    "A source's `accepted_values` test failed: non-empty values that are not in the list (counted; examples with their lines).",
  'out-of-range':
    "A source's `range` test failed: non-empty values outside min..max, or not numbers (counted; examples with their lines).",
  'missing-reference':
    "A source's `relationship` test failed: non-empty values of the column not found in the other source's column (counted; examples with their lines).",
  'stale-source':
    "A source's `freshness` failed: its latest `time` (a date in the file's `timezone`) is more than `warn_after` (a warning) or `error_after` (an error) days before the run's date or --now, or it has no dated row.",
} as const;

export type CheckDiagnosticCode = keyof typeof DIAGNOSTIC_CODES;
export type DiagnosticCode = CheckDiagnosticCode | keyof typeof RUN_DIAGNOSTIC_CODES;

/** The codes `kpilens check` can report. */
export const ALL_DIAGNOSTIC_CODES = Object.keys(DIAGNOSTIC_CODES) as CheckDiagnosticCode[];
export const ALL_RUN_DIAGNOSTIC_CODES = Object.keys(RUN_DIAGNOSTIC_CODES) as (keyof typeof RUN_DIAGNOSTIC_CODES)[];

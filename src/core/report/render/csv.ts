// `kpilens run --format csv`: one line per result row, for spreadsheets and scripts.
// RFC 4180 (header line, CRLF line ends, fields quoted when they hold a comma, a quote or a
// line break); numbers unformatted at full precision in plain decimal notation (0.0000001,
// never 1e-7); null is an empty field. Text fields that a spreadsheet would take for a
// formula (starting with = + - @ tab CR LF) get a leading apostrophe: see guardCsvFormula.
// Shares and NPS fill n, ci_low, ci_high, below_min_sample, p_value and significant (empty
// for other KPIs); `delta` (value − previous: a rate's change in points) comes after them, so that
// the columns before it keep their places, then `compare` (what `previous` is: previous or
// year_ago) and the second comparison of `compare: [previous, year_ago]` (`compare_2`,
// `previous_2`, `change_2`, `delta_2`, `p_value_2`, `significant_2`; empty without one): every
// surface shows every comparison (DSL.md). Diagnostics are not rows: the CLI prints them on stderr.
import { plainDecimal } from '../../expr/decimal';
import type { KpiResult, ResultRow, RunResult } from '../resultModel';
import { csvField, guardCsvFormula } from './escape';
import { segmentName, segmentValueText } from './layout';

export const CSV_COLUMNS = [
  'kpi',
  'title',
  'type',
  'format',
  'period',
  'segment',
  'segment_value',
  'day',
  'step',
  'value',
  'previous',
  'change',
  'status',
  'n',
  'ci_low',
  'ci_high',
  'below_min_sample',
  'p_value',
  'significant',
  'delta',
  'compare',
  'compare_2',
  'previous_2',
  'change_2',
  'delta_2',
  'p_value_2',
  'significant_2',
] as const;

function text(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : csvField(guardCsvFormula(value));
}

function number(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '';
  return value === 0 ? '0' : plainDecimal(value);
}

function flag(value: boolean | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

function line(kpi: KpiResult, row: ResultRow): string {
  const [kind2, second] = Object.entries(row.comparisons ?? {})[1] ?? [];
  const compared = kpi.compare === 'none' ? undefined : (Object.keys(row.comparisons ?? {})[0] ?? kpi.compare);
  return [
    text(kpi.name),
    text(kpi.title),
    text(kpi.type),
    text(kpi.format),
    text(row.period),
    text(segmentName(row.segment)),
    text(segmentValueText(row.segment)),
    number(row.day),
    text(row.step),
    number(row.value),
    number(row.previous),
    number(row.change),
    text(row.status),
    number(row.n),
    number(row.ci_low),
    number(row.ci_high),
    flag(row.below_min_sample),
    number(row.p_value),
    flag(row.significant),
    number(row.delta),
    text(compared),
    text(kind2),
    number(second?.previous),
    number(second?.change),
    number(second?.delta),
    number(second?.p_value),
    flag(second?.significant),
  ].join(',');
}

/** The run's rows as CSV text, header first, every line ending with CRLF. */
export function renderCsv(result: RunResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const kpi of result.kpis) for (const row of kpi.rows) lines.push(line(kpi, row));
  return lines.map((l) => `${l}\r\n`).join('');
}

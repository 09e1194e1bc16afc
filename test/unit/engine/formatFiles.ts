// The same small table written as a CSV, an NDJSON and a Parquet file (`o.csv`, `o.ndjson`,
// `o.parquet`), for engine suites that check a format gives what the others give.
import { parquetWriteBuffer } from 'hyparquet-writer';
import { lines } from '../helpers';

/** A column: its name, its values, its Parquet type (STRING or DOUBLE), and its CSV texts when not the values' own. */
export interface FormatColumn {
  name: string;
  values: (string | number)[];
  type: 'STRING' | 'DOUBLE';
  csv?: string[];
}

export function formatFiles(columns: FormatColumn[]): Record<string, string | Uint8Array> {
  const rows = columns[0].values.map((_, i) => columns.map((c) => c.values[i]));
  const texts = columns[0].values.map((_, i) => columns.map((c) => c.csv?.[i] ?? String(c.values[i])));
  return {
    'o.csv': [columns.map((c) => c.name).join(','), ...texts.map((r) => r.join(','))].join('\n') + '\n',
    'o.ndjson':
      rows.map((r) => JSON.stringify(Object.fromEntries(columns.map((c, k) => [c.name, r[k]])))).join('\n') + '\n',
    'o.parquet': new Uint8Array(
      parquetWriteBuffer({ columnData: columns.map((c) => ({ name: c.name, data: c.values, type: c.type })) }),
    ),
  };
}

/** A KPI file summing `amount` of one of those files over January 2025, by the segment column `by`. */
export function januarySumBy(file: string, by: string): string {
  return lines(
    'kpilens: 1',
    'as_of: 2025-01-31',
    'sources:',
    `  o: { file: ${file}, time: day }`,
    'segments:',
    `  ${by}: { by: ${by} }`,
    'periods:',
    '  jan: { grain: month, last: 1, compare: none }',
    'kpis:',
    `  total: { type: sum, source: o, column: amount, period: jan, segments: [${by}] }`,
  );
}

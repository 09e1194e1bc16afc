// The output formats of `kpilens run --format …` and the one entry point that renders a
// run's result in any of them.
import type { RunResult } from '../resultModel';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { renderTable } from './table';
import type { TableOptions } from './table';

export const OUTPUT_FORMATS = ['table', 'json', 'csv', 'md', 'html'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Options of the human-facing formats: `table` reads its own, `html` the KPI file's name. */
export type RenderOptions = TableOptions & { file?: string };

export function isOutputFormat(text: string): text is OutputFormat {
  return (OUTPUT_FORMATS as readonly string[]).includes(text);
}

/** The run's result as text in `format`. */
export function renderResult(result: RunResult, format: OutputFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'table':
      return renderTable(result, options);
    case 'json':
      return renderJson(result);
    case 'csv':
      return renderCsv(result);
    case 'md':
      return renderMarkdown(result);
    case 'html':
      return renderHtml(result, { file: options.file });
    default: {
      const unknown: never = format;
      throw new Error(`unknown output format: ${String(unknown)}`);
    }
  }
}

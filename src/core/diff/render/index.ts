// The output formats of `kpilens diff --format …` and the one entry point rendering a diff.
import type { SpecDiff } from '../specDiff';
import { renderDiffJson, renderDiffsJson } from './json';
import { renderDiffMarkdown } from './markdown';
import { renderDiffTable } from './table';

export const DIFF_FORMATS = ['table', 'md', 'json'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

export function isDiffFormat(text: string): text is DiffFormat {
  return (DIFF_FORMATS as readonly string[]).includes(text);
}

export function renderDiff(diff: SpecDiff, format: DiffFormat): string {
  switch (format) {
    case 'table':
      return renderDiffTable(diff);
    case 'md':
      return renderDiffMarkdown(diff);
    case 'json':
      return renderDiffJson(diff);
    default: {
      const unknown: never = format;
      throw new Error(`unknown diff format: ${String(unknown)}`);
    }
  }
}

/** Several files' diffs: json as `{ "files": [...] }`, table and md one after the other. */
export function renderDiffs(diffs: SpecDiff[], format: DiffFormat): string {
  if (format === 'json') return renderDiffsJson(diffs);
  return diffs.map((d) => renderDiff(d, format)).join('\n');
}

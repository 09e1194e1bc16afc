// Builders for the period resolution tests (periods.test.ts, periodRanges.test.ts): a period
// spec with defaults, the expected windows and compare ranges, and windows written as
// `label start..end` for tests that do not look at compare.
import type { DateRange, PeriodWindow } from '../../../src/core/engine/evaluation/periods';
import type { PeriodSpec } from '../../../src/core/kpifile/model';

export function period(fields: Partial<PeriodSpec>): PeriodSpec {
  return { name: 'p', partial: false, compare: 'none', ...fields };
}

export const range = (label: string, start: string, end: string): DateRange => ({ label, start, end });
export const win = (label: string, start: string, end: string, compare: DateRange | null = null): PeriodWindow => ({
  label,
  start,
  end,
  compare,
});

/** Just label/start/end of each window, for tests that do not look at compare. */
export function spans(windows: PeriodWindow[]): string[] {
  return windows.map((w) => `${w.label} ${w.start}..${w.end}`);
}

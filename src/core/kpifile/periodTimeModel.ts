// Reads a period's time options (a rolling `window`) into the model tolerantly: only what is
// present and well-typed is kept, absent keys stay absent (the schema reports the rest).
import type { PeriodSpec } from './model';

type PeriodTime = Pick<PeriodSpec, 'window'>;

export function periodTimeOf(raw: Record<string, unknown>): PeriodTime {
  const out: PeriodTime = {};
  if (typeof raw.window === 'string') out.window = raw.window;
  return out;
}

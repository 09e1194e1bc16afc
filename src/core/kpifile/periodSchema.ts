// The schema of a period's time options beyond grain/last/from/to (docs/DSL.md "periods"):
// a rolling `window`. Spread into the `period` definition of buildSchema.ts.
import type { JsonSchema } from '../kpis/kpiType';
import { WINDOW_PATTERN } from '../util/windowLength';

export const PERIOD_TIME_PROPERTIES: Readonly<Record<string, JsonSchema>> = {
  window: {
    type: 'string',
    pattern: WINDOW_PATTERN,
    description:
      "A rolling window: each grain's value is computed over the trailing window ending at the grain's last day (`90d`, `13w`, `3m`, `1y`), reported at the grain (a monthly series of trailing-90-day NPS); n, intervals and the compared value are the window's.",
  },
};

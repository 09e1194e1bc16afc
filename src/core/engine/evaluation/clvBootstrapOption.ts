// A predictive clv's `bootstrap:` field read tolerantly: `{ samples, seed }` with their
// defaults (200 samples, seed 1) and the KPI's confidence; undefined when absent.
export const DEFAULT_BOOTSTRAP_SAMPLES = 200;
export const DEFAULT_BOOTSTRAP_SEED = 1;

export function bootstrapOf(
  field: unknown,
  confidence: number,
): { samples: number; seed: number; confidence: number } | undefined {
  if (field === undefined || field === null || typeof field !== 'object') return undefined;
  const f = field as { samples?: unknown; seed?: unknown };
  return {
    samples:
      typeof f.samples === 'number' && Number.isInteger(f.samples) && f.samples > 0
        ? f.samples
        : DEFAULT_BOOTSTRAP_SAMPLES,
    seed: typeof f.seed === 'number' && Number.isInteger(f.seed) ? f.seed : DEFAULT_BOOTSTRAP_SEED,
    confidence,
  };
}

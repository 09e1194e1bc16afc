// Nelder–Mead simplex minimisation (reflection 1, expansion 2, contraction ½, shrink ½),
// with restarts: when the simplex has collapsed, a fresh simplex is built around the best
// point and the search goes on until a restart no longer improves the minimum — the usual
// guard against the method's premature convergence. Non-finite values count as +∞, so an
// objective may refuse a point (outside bounds, overflow) by returning NaN or Infinity.

export interface NelderMeadOptions {
  /** The initial simplex's step along each axis (default 0.5). */
  step?: number;
  /** Converged when every vertex's value is within fTol of the best (default 1e-10). */
  fTol?: number;
  /** …and every vertex within xTol of the best on every axis (default 1e-8). */
  xTol?: number;
  /** At most this many objective evaluations in all (default 4000 × dimension). */
  maxEvaluations?: number;
  /** At most this many restarts after the first collapse (default 5). */
  maxRestarts?: number;
}

export interface NelderMeadResult {
  x: number[];
  value: number;
  evaluations: number;
  /** Whether the last simplex met the tolerances before the evaluation budget ran out. */
  converged: boolean;
}

export function nelderMead(
  f: (x: number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const n = start.length;
  const step = options.step ?? 0.5;
  const fTol = options.fTol ?? 1e-10;
  const xTol = options.xTol ?? 1e-8;
  const maxEvaluations = options.maxEvaluations ?? 4000 * n;
  const maxRestarts = options.maxRestarts ?? 5;
  let evaluations = 0;
  const value = (x: number[]): number => {
    evaluations++;
    const v = f(x);
    return Number.isFinite(v) ? v : Infinity;
  };

  let best = { x: [...start], value: value([...start]) };
  let converged = false;
  for (let restart = 0; restart <= maxRestarts; restart++) {
    const run = simplexSearch(value, best.x, best.value, step, fTol, xTol, () => evaluations < maxEvaluations);
    const improved = run.value < best.value - fTol;
    best = run.value <= best.value ? { x: run.x, value: run.value } : best;
    converged = run.converged;
    if (!run.converged || (restart > 0 && !improved)) break;
  }
  return { x: best.x, value: best.value, evaluations, converged };
}

function simplexSearch(
  value: (x: number[]) => number,
  x0: number[],
  f0: number,
  step: number,
  fTol: number,
  xTol: number,
  budget: () => boolean,
): { x: number[]; value: number; converged: boolean } {
  const n = x0.length;
  const points: number[][] = [x0];
  const values: number[] = [f0];
  for (let i = 0; i < n; i++) {
    const p = [...x0];
    p[i] += step;
    points.push(p);
    values.push(value(p));
  }
  const order = points.map((_, i) => i);
  for (;;) {
    order.sort((i, j) => values[i] - values[j]);
    const bestI = order[0];
    const worstI = order[n];
    let spreadF = 0;
    let spreadX = 0;
    for (const i of order) {
      spreadF = Math.max(spreadF, Math.abs(values[i] - values[bestI]));
      for (let d = 0; d < n; d++) spreadX = Math.max(spreadX, Math.abs(points[i][d] - points[bestI][d]));
    }
    if (Number.isFinite(values[bestI]) && spreadF <= fTol && spreadX <= xTol)
      return { x: points[bestI], value: values[bestI], converged: true };
    if (!budget()) return { x: points[bestI], value: values[bestI], converged: false };

    const centroid = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) for (let d = 0; d < n; d++) centroid[d] += points[order[k]][d] / n;
    const towards = (t: number) => centroid.map((c, d) => c + t * (points[worstI][d] - c));
    const reflected = towards(-1);
    const fr = value(reflected);
    const secondWorst = values[order[n - 1]];
    if (fr < values[bestI]) {
      const expanded = towards(-2);
      const fe = value(expanded);
      if (fe < fr) {
        points[worstI] = expanded;
        values[worstI] = fe;
      } else {
        points[worstI] = reflected;
        values[worstI] = fr;
      }
      continue;
    }
    if (fr < secondWorst) {
      points[worstI] = reflected;
      values[worstI] = fr;
      continue;
    }
    // Contract: outside when the reflection beat the worst vertex, inside otherwise.
    const outside = fr < values[worstI];
    const contracted = towards(outside ? -0.5 : 0.5);
    const fc = value(contracted);
    if (fc < (outside ? fr : values[worstI])) {
      points[worstI] = contracted;
      values[worstI] = fc;
      continue;
    }
    // Shrink every vertex towards the best one.
    for (let k = 1; k <= n; k++) {
      const i = order[k];
      points[i] = points[i].map((x, d) => points[bestI][d] + 0.5 * (x - points[bestI][d]));
      values[i] = value(points[i]);
    }
  }
}

/**
 * Minimises from the best `keep` of several starting points (ranked by their value) and keeps
 * the best result; `evaluations` counts the ranking too. Null when no start gives a finite
 * minimum. The model fits (BG/NBD, Gamma-Gamma) use it with their own starting grids.
 */
export function minimiseFromStarts(
  f: (x: number[]) => number,
  starts: readonly number[][],
  options: NelderMeadOptions,
  keep = 2,
): { best: NelderMeadResult; evaluations: number } | null {
  const ranked = starts
    .map((s) => ({ s, v: f([...s]) }))
    .sort((p, q) => p.v - q.v)
    .slice(0, keep);
  let best: NelderMeadResult | null = null;
  let evaluations = starts.length;
  for (const { s } of ranked) {
    const run = nelderMead(f, s, options);
    evaluations += run.evaluations;
    if (!best || run.value < best.value) best = run;
  }
  return best && Number.isFinite(best.value) ? { best, evaluations } : null;
}

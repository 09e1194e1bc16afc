// The suite's figures: megabytes, rounding, medians and percentiles, and the statistics of one
// side (cold, warm or expert) over the rounds — each run's wall time, the median wall and CPU
// time and the peak RSS (for kpilens: main process and engine child together).
import type { ProcessRun } from './processStats';

export const MB = 1024 * 1024;

/** The medians of one side over the rounds. */
export interface SideStats {
  runs_s: number[];
  wall_s: number;
  cpu_s: number;
  /** Peak RSS: the process (kpilens: main + engine child, both alive together). */
  peak_mb: number;
  main_peak_mb?: number;
  engine_peak_mb?: number;
}

export function round(n: number, digits = 3): number {
  return Number(n.toFixed(digits));
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const median = (list: number[]): number => [...list].sort((a, b) => a - b)[Math.floor((list.length - 1) / 2)];

/**
 * The median over the rounds of each round's ratio `runs[i] / against[i]` (wall and CPU time):
 * the two runs of a round are seconds apart, so a machine that slows down or speeds up over the
 * rounds moves both, and the ratio keeps less of it than the ratio of the two medians.
 */
export function pairedRatios(runs: ProcessRun[], against: ProcessRun[]): { wall: number; cpu: number } {
  const n = Math.min(runs.length, against.length);
  const ratios = (pick: (r: ProcessRun) => number) =>
    median(Array.from({ length: n }, (_, i) => pick(runs[i]) / pick(against[i])));
  return { wall: round(ratios((r) => r.ms)), cpu: round(ratios((r) => r.cpuMs)) };
}

export function sideStats(runs: ProcessRun[], withChild: boolean): SideStats {
  const peaks = runs.map((r) => (withChild ? r.mainPeakBytes + r.childPeakBytes : r.mainPeakBytes));
  return {
    runs_s: runs.map((r) => round(r.ms / 1000)),
    wall_s: round(median(runs.map((r) => r.ms)) / 1000),
    cpu_s: round(median(runs.map((r) => r.cpuMs)) / 1000),
    peak_mb: round(Math.max(...peaks) / MB, 1),
    ...(withChild
      ? {
          main_peak_mb: round(Math.max(...runs.map((r) => r.mainPeakBytes)) / MB, 1),
          engine_peak_mb: round(Math.max(...runs.map((r) => r.childPeakBytes)) / MB, 1),
        }
      : {}),
  };
}

// The Kaplan–Meier estimator of a survival curve from right-censored durations, with
// Greenwood's variance and log-log ("exponential Greenwood") pointwise intervals, and the
// median lifetime with the Brookmeyer–Crowley interval read off those bands.
// - At each distinct time t (ascending) with n_t subjects at risk (duration ≥ t) and d_t
//   events: S(t) = Π_{tᵢ ≤ t} (1 − dᵢ/nᵢ). Ties of events and censorings at the same t:
//   events first (the censored are still at risk at t), the standard convention.
// - Greenwood: Var(log S(t)) ≈ Σ_{tᵢ ≤ t} dᵢ / (nᵢ (nᵢ − dᵢ)). The log-log interval
//   (Kalbfleisch & Prentice; R survfit conf.type = "log-log", lifelines' default):
//   se = √(Σ dᵢ/(nᵢ(nᵢ − dᵢ))) / |log S(t)|, interval [S^exp(z·se), S^exp(−z·se)], always
//   inside [0, 1]. None while S = 1 (no event yet) nor once S = 0 (the variance of log S is
//   infinite there), as R's survfit.
// - Median: the smallest t with S(t) ≤ 0.5 (none when the curve never gets there: "not
//   reached"). Its interval (Brookmeyer & Crowley 1982, through the log-log bands as R's
//   quantile.survfit and lifelines' median_survival_times do), the times whose band holds
//   0.5: low = the smallest t whose lower band is ≤ 0.5, high = the smallest t whose upper
//   band is ≤ 0.5 (none when never: "not reached").
// Durations are whole days here, but nothing depends on the unit.
import { twoSidedZ } from './normal';

/** Subjects observed until `time`: `events` of them ended then, `censored` were still there. */
export interface SurvivalCount {
  time: number;
  events: number;
  censored: number;
}

/** One distinct time of the data: who was at risk, who ended, who was censored; S and its band after it. */
export interface SurvivalPoint {
  time: number;
  atRisk: number;
  events: number;
  censored: number;
  survival: number;
  /** The log-log interval of S at this time; null while S = 1 and once S = 0. */
  low: number | null;
  high: number | null;
}

export interface SurvivalCurve {
  /** Subjects (durations) in all. */
  subjects: number;
  events: number;
  censored: number;
  /** One point per distinct time with an event or a censoring, ascending. */
  points: SurvivalPoint[];
  confidence: number;
}

/** S(t) at a chosen time, its interval and the subjects at risk at t (duration ≥ t). */
export interface SurvivalAt {
  time: number;
  /** null beyond the last observed time while S > 0 (the curve is not known there). */
  survival: number | null;
  low: number | null;
  high: number | null;
  atRisk: number;
}

export interface MedianLifetime {
  /** null: S never falls to 0.5 ("not reached"). */
  median: number | null;
  low: number | null;
  high: number | null;
}

/** The Kaplan–Meier curve of these counts (several counts may share a time; negative times are the caller's to refuse). */
export function kaplanMeier(counts: readonly SurvivalCount[], confidence: number): SurvivalCurve {
  const byTime = new Map<number, { events: number; censored: number }>();
  for (const c of counts) {
    const at = byTime.get(c.time) ?? { events: 0, censored: 0 };
    at.events += c.events;
    at.censored += c.censored;
    byTime.set(c.time, at);
  }
  const times = [...byTime.keys()].sort((a, b) => a - b);
  let atRisk = 0;
  let events = 0;
  let censored = 0;
  for (const t of times) {
    const at = byTime.get(t) as { events: number; censored: number };
    atRisk += at.events + at.censored;
    events += at.events;
    censored += at.censored;
  }
  const subjects = atRisk;
  const z = twoSidedZ(confidence);
  const points: SurvivalPoint[] = [];
  let survival = 1;
  let greenwood = 0;
  for (const t of times) {
    const at = byTime.get(t) as { events: number; censored: number };
    if (at.events === 0 && at.censored === 0) continue;
    if (at.events > 0) {
      survival *= 1 - at.events / atRisk;
      greenwood = atRisk > at.events ? greenwood + at.events / (atRisk * (atRisk - at.events)) : Infinity;
    }
    points.push({
      time: t,
      atRisk,
      events: at.events,
      censored: at.censored,
      survival,
      ...band(survival, greenwood, z),
    });
    atRisk -= at.events + at.censored;
  }
  return { subjects, events, censored, points, confidence };
}

/** The log-log band of S from Greenwood's sum. */
function band(survival: number, greenwood: number, z: number): { low: number | null; high: number | null } {
  if (survival <= 0 || survival >= 1) return { low: null, high: null };
  const se = Math.sqrt(greenwood) / Math.abs(Math.log(survival));
  return { low: survival ** Math.exp(z * se), high: survival ** Math.exp(-z * se) };
}

/** S(t), its band and the number at risk at t: the curve's step at the last time ≤ t. */
export function survivalAt(curve: SurvivalCurve, time: number): SurvivalAt {
  let last: SurvivalPoint | undefined;
  let atRisk = 0;
  for (const p of curve.points) {
    if (p.time <= time) last = p;
    if (p.time >= time) atRisk += p.events + p.censored;
  }
  const lastTime = curve.points.length ? curve.points[curve.points.length - 1].time : -Infinity;
  if (time > lastTime && (last === undefined || last.survival > 0))
    return { time, survival: null, low: null, high: null, atRisk };
  if (!last) return { time, survival: 1, low: null, high: null, atRisk };
  return { time, survival: last.survival, low: last.low, high: last.high, atRisk };
}

/** The median lifetime and its Brookmeyer–Crowley interval (through the log-log bands). */
export function medianLifetime(curve: SurvivalCurve): MedianLifetime {
  const first = (test: (p: SurvivalPoint) => boolean) => curve.points.find(test)?.time ?? null;
  return {
    median: first((p) => p.events > 0 && p.survival <= 0.5),
    low: first((p) => p.events > 0 && p.low !== null && p.low <= 0.5),
    high: first((p) => p.events > 0 && p.high !== null && p.high <= 0.5),
  };
}

// The sample-data generator's random draws beyond the Random helpers: the churn law (a plan's
// cumulative hazard, the share of a signup cohort still a customer, a customer's churn day,
// ending on a month boundary for some), log-normal multipliers of mean 1 and weight tables.
import type { Random } from '../../src/core/util/random';
import {
  EARLY_CHURN_FACTOR,
  EARLY_DAYS,
  PLAN_MONTHLY_CHURN,
  PLAN_WEIGHTS,
  P_CHURN_FIRST_DAY_OF_NEXT_MONTH,
  P_CHURN_LAST_DAY_OF_MONTH,
  type Weighted,
} from './businessModel';
import { DAYS_PER_MONTH, lastDayOfMonth } from './calendar';

/** Cumulative churn hazard of a plan after `age` days as a customer. */
export function churnHazard(planIndex: number, age: number): number {
  const hazard = -Math.log(1 - PLAN_MONTHLY_CHURN[planIndex]) / DAYS_PER_MONTH;
  return hazard * EARLY_CHURN_FACTOR * Math.min(age, EARLY_DAYS) + hazard * Math.max(0, age - EARLY_DAYS);
}

/** Share of a signup cohort (all plans) still a customer after `age` days. */
export function survivalOfAllPlans(age: number): number {
  let total = 0;
  for (const [planIndex, weight] of PLAN_WEIGHTS) total += weight * Math.exp(-churnHazard(planIndex, age));
  return total;
}

/** The churn day of a customer of the plan who signed up on day `signup`: always after it. */
export function drawChurnDay(random: Random, planIndex: number, signup: number): number {
  const hazard = -Math.log(1 - PLAN_MONTHLY_CHURN[planIndex]) / DAYS_PER_MONTH;
  const earlyHazard = hazard * EARLY_CHURN_FACTOR;
  const budget = random.exponential(1); // inverse of the cumulative hazard
  const lifetime =
    budget < earlyHazard * EARLY_DAYS
      ? budget / earlyHazard
      : EARLY_DAYS + (budget - earlyHazard * EARLY_DAYS) / hazard;
  const day = signup + Math.max(1, Math.ceil(lifetime));
  const boundary = random.next();
  if (boundary < P_CHURN_LAST_DAY_OF_MONTH) return lastDayOfMonth(day);
  if (boundary < P_CHURN_LAST_DAY_OF_MONTH + P_CHURN_FIRST_DAY_OF_NEXT_MONTH) return lastDayOfMonth(day) + 1;
  return day;
}

/** A multiplier with mean 1 and log-sd sigma. */
export function logNormalFactor(random: Random, sigma: number): number {
  return Math.exp(random.normal((-sigma * sigma) / 2, sigma));
}

/** Pairs each value with the weight at the same position. */
export function weightsOf<T>(values: readonly T[], weights: readonly number[]): Weighted<T> {
  return values.map((value, i) => [value, weights[i]] as const);
}

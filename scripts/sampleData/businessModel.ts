// The business the sample data models: plans with their churn, order frequency and basket;
// countries; acquisition channels with their costs and campaign calendar; signup, order and
// basket seasonality; order channels and statuses; the survey's NPS, CSAT and CES distributions
// and the invalid scores slipped in. Constants only; month tables are indexed 0 = January …
// 11 = December.

/** `[value, weight]` pairs, as Random.weighted draws from. */
export type Weighted<T> = readonly (readonly [T, number])[];

export const PLANS = ['free', 'standard', 'premium', 'enterprise'] as const;
export type PlanIndex = 0 | 1 | 2 | 3;
export const PLAN_WEIGHTS: Weighted<PlanIndex> = [
  [0, 0.42],
  [1, 0.33],
  [2, 0.18],
  [3, 0.07],
];
/** Monthly churn hazard after the first 60 days; ×1.5 during them (buyer's remorse). */
export const PLAN_MONTHLY_CHURN = [0.055, 0.04, 0.03, 0.018];
export const EARLY_DAYS = 60;
export const EARLY_CHURN_FACTOR = 1.5;
/** Orders per active month of an average customer of the plan, before seasonality. */
export const PLAN_ORDERS_PER_MONTH = [0.75, 1.05, 1.4, 1.9];
/** Mean basket (EUR, before seasonality, channel and yearly price increase). */
export const PLAN_BASKET = [38, 48, 60, 82];
/** Customers who churn on a month boundary (end of a monthly subscription). */
export const P_CHURN_LAST_DAY_OF_MONTH = 0.1;
export const P_CHURN_FIRST_DAY_OF_NEXT_MONTH = 0.08;
/**
 * The shop existed before start: customers who signed up up to this many years earlier and
 * were still customers at start are in the data too (their orders before start are not).
 */
export const HISTORY_YEARS = 5;

export const COUNTRY_WEIGHTS: Weighted<string> = [
  ['FR', 0.56],
  ['BE', 0.14],
  ['CH', 0.1],
  ['CA', 0.12],
  ['LU', 0.04],
  ['MC', 0.01],
  ['DE', 0.03],
];

export interface AcquisitionChannel {
  name: string;
  weight: number;
  /** Cost per acquired customer (EUR) and fixed monthly cost (EUR). */
  costPerCustomer: number;
  fixedMonthly: number;
  /** Whether it follows the seasonal campaign calendar (else `campaign`). */
  seasonal: boolean;
  campaign: string;
}
export const ACQUISITION_CHANNELS: readonly AcquisitionChannel[] = [
  { name: 'organic', weight: 0.3, costPerCustomer: 0, fixedMonthly: 1400, seasonal: false, campaign: 'content' },
  { name: 'paid_search', weight: 0.25, costPerCustomer: 52, fixedMonthly: 300, seasonal: true, campaign: 'always_on' },
  { name: 'social_ads', weight: 0.17, costPerCustomer: 44, fixedMonthly: 250, seasonal: true, campaign: 'always_on' },
  {
    name: 'referral',
    weight: 0.12,
    costPerCustomer: 15,
    fixedMonthly: 0,
    seasonal: false,
    campaign: 'referral_program',
  },
  { name: 'affiliate', weight: 0.09, costPerCustomer: 34, fixedMonthly: 0, seasonal: true, campaign: 'always_on' },
  { name: 'email', weight: 0.07, costPerCustomer: 6, fixedMonthly: 180, seasonal: true, campaign: 'always_on' },
];
export const SEASONAL_CAMPAIGNS = [
  'winter_sales',
  'always_on',
  'always_on',
  'always_on',
  'always_on',
  'always_on',
  'summer_sales',
  'always_on',
  'back_to_school',
  'always_on',
  'black_friday',
  'holiday',
];
/** Cost per customer rises in the crowded auction months. */
export const CAMPAIGN_COST_FACTOR = [1.05, 1, 1, 1, 1, 1, 1.05, 0.95, 1, 1, 1.3, 1.2];

/** Signups per day, relative; grows by SIGNUP_GROWTH a year. */
export const SIGNUP_SEASON = [1.1, 0.95, 1, 0.95, 0.95, 0.9, 0.88, 0.75, 1.02, 1.05, 1.35, 1.2];
export const SIGNUP_GROWTH = 0.1;
/** Monday … Sunday, indexed by weekdayOf. */
export const SIGNUP_WEEKDAY = [1.05, 1.02, 1, 1, 0.98, 0.95, 1];

/** Order intensity per month: Christmas and Black Friday peaks, summer dip. */
export const ORDER_SEASON = [0.95, 0.9, 1, 1, 1, 0.92, 0.82, 0.72, 0.97, 1.03, 1.35, 1.55];

export const BASKET_SEASON = [0.97, 0.97, 1, 1, 1, 1, 0.97, 0.95, 1, 1, 1.08, 1.15];
export const BASKET_SIGMA = 0.45;
export const PRICE_INCREASE_PER_YEAR = 0.03;
export const P_FIRST_ORDER_AT_SIGNUP = 0.55;
/** New customers buy more often at first: frequency × (1 + boost × e^(−age / days)). */
export const NEW_CUSTOMER_BOOST = 0.8;
export const NEW_CUSTOMER_BOOST_DAYS = 45;
/** Upper bound of the order intensity factors, for thinning. */
export const ORDER_INTENSITY_MAX = Math.max(...ORDER_SEASON) * (1 + NEW_CUSTOMER_BOOST);
/** Spread of purchase frequency between customers of one plan (log-normal sigma). */
export const FREQUENCY_SIGMA = 0.6;

export const ORDER_CHANNELS = ['web', 'mobile', 'store', 'marketplace'] as const;
/** Order channel mix in the first year and its change per year (mobile gains on web). */
export const ORDER_CHANNEL_MIX = [0.46, 0.26, 0.16, 0.12];
export const ORDER_CHANNEL_DRIFT = [-0.04, 0.04, 0, 0];
export const ORDER_CHANNEL_BASKET = [1, 0.94, 1.15, 0.85];
export const P_PREFERRED_CHANNEL = 0.7;
export const STATUSES = ['paid', 'refunded', 'cancelled'] as const;
/** [refunded, cancelled] probability per order channel. */
export const STATUS_RISK = [
  [0.035, 0.02],
  [0.03, 0.025],
  [0.015, 0.005],
  [0.06, 0.03],
];

/** Survey answers per active customer-month, from a few days after signup. */
export const SURVEY_PER_MONTH = 0.07;
export const SURVEY_DELAY_DAYS = 3;
/** [promoter, passive] shares by plan; detractors are the rest. */
export const NPS_MIX = [
  [0.36, 0.34],
  [0.44, 0.33],
  [0.52, 0.3],
  [0.58, 0.28],
];
export const NPS_TREND_PER_YEAR = 0.03;
/** Customers who churn within this many days of answering are angrier. */
export const CHURN_SOON_DAYS = 90;
export const CHURN_SOON_SHIFT = 0.15;
export const DETRACTOR_SCORES: Weighted<number> = [
  [0, 1],
  [1, 1],
  [2, 1],
  [3, 2],
  [4, 3],
  [5, 5],
  [6, 7],
];
export const PASSIVE_SCORES: Weighted<number> = [
  [7, 45],
  [8, 55],
];
export const PROMOTER_SCORES: Weighted<number> = [
  [9, 55],
  [10, 45],
];
/** CSAT 1..5 distribution by NPS category (detractor, passive, promoter). */
export const CSAT_BY_CATEGORY: readonly Weighted<number>[] = [
  [
    [1, 0.14],
    [2, 0.23],
    [3, 0.31],
    [4, 0.26],
    [5, 0.06],
  ],
  [
    [1, 0.02],
    [2, 0.04],
    [3, 0.16],
    [4, 0.58],
    [5, 0.2],
  ],
  [
    [1, 0],
    [2, 0.01],
    [3, 0.04],
    [4, 0.33],
    [5, 0.62],
  ],
];
export const CES_MEAN_BY_CATEGORY = [3.6, 5, 6];
/** Values that are not valid scores, so that the invalid-score warnings have something to find. */
export const P_INVALID_SCORE = 0.005;
export const INVALID_SCORES = ['11', '-1', '7.5', ''];

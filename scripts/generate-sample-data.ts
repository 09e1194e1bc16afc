// Seeded generator of the sample workspace's data (samples/data/*.csv): customers with plans
// and churn, their orders, satisfaction survey answers and monthly marketing spend. Pure and
// deterministic: same options ⇒ byte-identical CSV. Run it to (re)write samples/data, or with
// --customers N --seed S --out DIR for bigger benchmark sets (files are written in chunks).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { createRandom, type Random } from '../src/core/util/random';

export interface SampleDataOptions {
  /** Seed of the pseudo-random streams. */
  seed: number;
  /** Number of customers in customers.csv: those still customers at start plus those who sign up until end. */
  customers: number;
  /** First day of the data, YYYY-MM-DD. */
  start: string;
  /** Last day of the data, YYYY-MM-DD: the latest signup, order and survey date. */
  end: string;
  /**
   * Benchmarks only: the share of generated orders kept (default 1, all), drawn from a stream
   * of its own so that the customers, the kept orders and the survey do not change with it.
   */
  orderShare?: number;
  /** Benchmarks only: the share of paid orders turned into refunds (default 0), its own stream too. */
  extraRefunds?: number;
}

export interface SampleData {
  customers: string;
  orders: string;
  survey: string;
  marketingSpend: string;
}

export interface SampleFileSummary {
  file: string;
  rows: number;
  bytes: number;
}

export const DEFAULT_SAMPLE_OPTIONS: Readonly<SampleDataOptions> = Object.freeze({
  seed: 20251231,
  customers: 4000,
  start: '2023-01-01',
  end: '2025-12-31',
});

export const SAMPLE_FILES = {
  customers: 'customers.csv',
  orders: 'orders.csv',
  survey: 'survey.csv',
  marketingSpend: 'marketing_spend.csv',
} as const satisfies Record<keyof SampleData, string>;

export const SAMPLE_COLUMNS = {
  customers: ['customer_id', 'signup_date', 'churn_date', 'plan', 'country', 'acquisition_channel'],
  orders: ['order_id', 'customer_id', 'order_date', 'amount', 'channel', 'status'],
  survey: ['response_id', 'customer_id', 'responded_at', 'nps_score', 'csat_score', 'ces_score'],
  marketingSpend: ['month', 'channel', 'spend', 'campaign_type'],
} as const satisfies Record<keyof SampleData, readonly string[]>;

type FileKey = keyof SampleData;
type Weighted<T> = readonly (readonly [T, number])[];

// ---------------------------------------------------------------------------------------------
// The business being modelled. Month tables are indexed 0 = January … 11 = December.

const PLANS = ['free', 'standard', 'premium', 'enterprise'] as const;
type PlanIndex = 0 | 1 | 2 | 3;
const PLAN_WEIGHTS: Weighted<PlanIndex> = [
  [0, 0.42],
  [1, 0.33],
  [2, 0.18],
  [3, 0.07],
];
/** Monthly churn hazard after the first 60 days; ×1.5 during them (buyer's remorse). */
const PLAN_MONTHLY_CHURN = [0.055, 0.04, 0.03, 0.018];
const EARLY_DAYS = 60;
const EARLY_CHURN_FACTOR = 1.5;
/** Orders per active month of an average customer of the plan, before seasonality. */
const PLAN_ORDERS_PER_MONTH = [0.75, 1.05, 1.4, 1.9];
/** Mean basket (EUR, before seasonality, channel and yearly price increase). */
const PLAN_BASKET = [38, 48, 60, 82];
/** Customers who churn on a month boundary (end of a monthly subscription). */
const P_CHURN_LAST_DAY_OF_MONTH = 0.1;
const P_CHURN_FIRST_DAY_OF_NEXT_MONTH = 0.08;
/**
 * The shop existed before start: customers who signed up up to this many years earlier and
 * were still customers at start are in the data too (their orders before start are not).
 */
const HISTORY_YEARS = 5;

const COUNTRY_WEIGHTS: Weighted<string> = [
  ['FR', 0.56],
  ['BE', 0.14],
  ['CH', 0.1],
  ['CA', 0.12],
  ['LU', 0.04],
  ['MC', 0.01],
  ['DE', 0.03],
];

interface AcquisitionChannel {
  name: string;
  weight: number;
  /** Cost per acquired customer (EUR) and fixed monthly cost (EUR). */
  costPerCustomer: number;
  fixedMonthly: number;
  /** Whether it follows the seasonal campaign calendar (else `campaign`). */
  seasonal: boolean;
  campaign: string;
}
const ACQUISITION_CHANNELS: readonly AcquisitionChannel[] = [
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
const SEASONAL_CAMPAIGNS = [
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
const CAMPAIGN_COST_FACTOR = [1.05, 1, 1, 1, 1, 1, 1.05, 0.95, 1, 1, 1.3, 1.2];

/** Signups per day, relative; grows by SIGNUP_GROWTH a year. */
const SIGNUP_SEASON = [1.1, 0.95, 1, 0.95, 0.95, 0.9, 0.88, 0.75, 1.02, 1.05, 1.35, 1.2];
const SIGNUP_GROWTH = 0.1;
/** Monday … Sunday, indexed by weekdayOf. */
const SIGNUP_WEEKDAY = [1.05, 1.02, 1, 1, 0.98, 0.95, 1];

/** Order intensity per month: Christmas and Black Friday peaks, summer dip. */
const ORDER_SEASON = [0.95, 0.9, 1, 1, 1, 0.92, 0.82, 0.72, 0.97, 1.03, 1.35, 1.55];

const BASKET_SEASON = [0.97, 0.97, 1, 1, 1, 1, 0.97, 0.95, 1, 1, 1.08, 1.15];
const BASKET_SIGMA = 0.45;
const PRICE_INCREASE_PER_YEAR = 0.03;
const P_FIRST_ORDER_AT_SIGNUP = 0.55;
/** New customers buy more often at first: frequency × (1 + boost × e^(−age / days)). */
const NEW_CUSTOMER_BOOST = 0.8;
const NEW_CUSTOMER_BOOST_DAYS = 45;
/** Upper bound of the order intensity factors, for thinning. */
const ORDER_INTENSITY_MAX = Math.max(...ORDER_SEASON) * (1 + NEW_CUSTOMER_BOOST);
/** Spread of purchase frequency between customers of one plan (log-normal sigma). */
const FREQUENCY_SIGMA = 0.6;

const ORDER_CHANNELS = ['web', 'mobile', 'store', 'marketplace'] as const;
/** Order channel mix in the first year and its change per year (mobile gains on web). */
const ORDER_CHANNEL_MIX = [0.46, 0.26, 0.16, 0.12];
const ORDER_CHANNEL_DRIFT = [-0.04, 0.04, 0, 0];
const ORDER_CHANNEL_BASKET = [1, 0.94, 1.15, 0.85];
const P_PREFERRED_CHANNEL = 0.7;
const STATUSES = ['paid', 'refunded', 'cancelled'] as const;
/** [refunded, cancelled] probability per order channel. */
const STATUS_RISK = [
  [0.035, 0.02],
  [0.03, 0.025],
  [0.015, 0.005],
  [0.06, 0.03],
];

/** Survey answers per active customer-month, from a few days after signup. */
const SURVEY_PER_MONTH = 0.07;
const SURVEY_DELAY_DAYS = 3;
/** [promoter, passive] shares by plan; detractors are the rest. */
const NPS_MIX = [
  [0.36, 0.34],
  [0.44, 0.33],
  [0.52, 0.3],
  [0.58, 0.28],
];
const NPS_TREND_PER_YEAR = 0.03;
/** Customers who churn within this many days of answering are angrier. */
const CHURN_SOON_DAYS = 90;
const CHURN_SOON_SHIFT = 0.15;
const DETRACTOR_SCORES: Weighted<number> = [
  [0, 1],
  [1, 1],
  [2, 1],
  [3, 2],
  [4, 3],
  [5, 5],
  [6, 7],
];
const PASSIVE_SCORES: Weighted<number> = [
  [7, 45],
  [8, 55],
];
const PROMOTER_SCORES: Weighted<number> = [
  [9, 55],
  [10, 45],
];
/** CSAT 1..5 distribution by NPS category (detractor, passive, promoter). */
const CSAT_BY_CATEGORY: readonly Weighted<number>[] = [
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
const CES_MEAN_BY_CATEGORY = [3.6, 5, 6];
/** Values that are not valid scores, so that the invalid-score warnings have something to find. */
const P_INVALID_SCORE = 0.005;
const INVALID_SCORES = ['11', '-1', '7.5', ''];

// ---------------------------------------------------------------------------------------------
// Dates as whole days since 1970-01-01 (UTC).

const MS_PER_DAY = 86_400_000;
const DAYS_PER_MONTH = 365.2425 / 12;

/** Day number of a YYYY-MM-DD date; throws on anything else (including 2025-02-30). */
export function parseIsoDay(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    const ms = Date.UTC(year, month - 1, day);
    const date = new Date(ms);
    if (date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day) {
      return ms / MS_PER_DAY;
    }
  }
  throw new RangeError(`not a valid YYYY-MM-DD date: '${text}'`);
}

/** YYYY-MM-DD of a day number. */
export function formatIsoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Calendar facts of each day in [origin, end], precomputed once (index = day − origin). */
interface Calendar {
  /** First day covered: the earliest possible signup date. */
  origin: number;
  text: string[];
  /** Months since the start date's month (negative before it). */
  monthIndex: Int16Array;
  /** 0 = January … 11 = December. */
  monthOfYear: Uint8Array;
  /** Fractional years since start (negative before it), for trends. */
  years: Float64Array;
  /** First and last day numbers of each calendar month touched by [start, end] (whole months). */
  monthFirst: number[];
  monthLast: number[];
}

function monthsOf(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return date.getUTCFullYear() * 12 + date.getUTCMonth();
}

function buildCalendar(origin: number, start: number, end: number): Calendar {
  const length = end - origin + 1;
  const text: string[] = new Array<string>(length);
  const monthIndex = new Int16Array(length);
  const monthOfYear = new Uint8Array(length);
  const years = new Float64Array(length);
  const startMonths = monthsOf(start);
  for (let i = 0; i < length; i++) {
    const date = new Date((origin + i) * MS_PER_DAY);
    text[i] = date.toISOString().slice(0, 10);
    monthIndex[i] = date.getUTCFullYear() * 12 + date.getUTCMonth() - startMonths;
    monthOfYear[i] = date.getUTCMonth();
    years[i] = (origin + i - start) / 365.2425;
  }
  const monthFirst: number[] = [];
  const monthLast: number[] = [];
  for (let months = startMonths; months <= monthsOf(end); months++) {
    const year = Math.floor(months / 12);
    monthFirst.push(Date.UTC(year, months % 12, 1) / MS_PER_DAY);
    monthLast.push(Date.UTC(year, (months % 12) + 1, 0) / MS_PER_DAY);
  }
  return { origin, text, monthIndex, monthOfYear, years, monthFirst, monthLast };
}

/** The same calendar day `count` years earlier (29 February becomes 1 March). */
function yearsBefore(day: number, count: number): number {
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear() - count, date.getUTCMonth(), date.getUTCDate()) / MS_PER_DAY;
}

/** 0 = Monday … 6 = Sunday. 1970-01-01 was a Thursday. */
function weekdayOf(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Last day of the month holding `day`. */
function lastDayOfMonth(day: number): number {
  const date = new Date(day * MS_PER_DAY);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 0) / MS_PER_DAY;
}

// ---------------------------------------------------------------------------------------------
// Small helpers.

/** An append-only column of numbers that grows as needed. */
class Column<T extends Int32Array | Uint8Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}
  push(value: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = value;
  }
}
const int32Column = (capacity: number): Column<Int32Array> =>
  new Column(new Int32Array(Math.max(16, capacity)), (n) => new Int32Array(n));
const uint8Column = (capacity: number): Column<Uint8Array> =>
  new Column(new Uint8Array(Math.max(16, capacity)), (n) => new Uint8Array(n));

/** Positions 0..count−1 ordered by key (small non-negative integers), stable: a counting sort. */
function orderByKey(keys: Int32Array, count: number, keyRange: number): Int32Array {
  const starts = new Int32Array(keyRange + 1);
  for (let i = 0; i < count; i++) starts[keys[i] + 1]++;
  for (let k = 0; k < keyRange; k++) starts[k + 1] += starts[k];
  const order = new Int32Array(count);
  for (let i = 0; i < count; i++) order[starts[keys[i]]++] = i;
  return order;
}

function padId(prefix: string, n: number, width: number): string {
  return prefix + String(n).padStart(width, '0');
}

/** Cents as a decimal with exactly two digits, without floating-point formatting. */
function formatCents(cents: number): string {
  const rest = cents % 100;
  return `${(cents - rest) / 100}.${rest < 10 ? '0' : ''}${rest}`;
}

/** A multiplier with mean 1 and log-sd sigma. */
function logNormalFactor(random: Random, sigma: number): number {
  return Math.exp(random.normal((-sigma * sigma) / 2, sigma));
}

function weightsOf<T>(values: readonly T[], weights: readonly number[]): Weighted<T> {
  return values.map((value, i) => [value, weights[i]] as const);
}

const CHUNK_ROWS = 50_000;

/** Collects CSV lines and hands them to `emit` in chunks of text ending with a newline. */
class CsvWriter {
  rows = 0;
  private buffer: string[] = [];
  constructor(
    private readonly emit: (text: string) => void,
    columns: readonly string[],
  ) {
    this.buffer.push(columns.join(','));
  }
  line(text: string): void {
    this.buffer.push(text);
    this.rows++;
    if (this.buffer.length >= CHUNK_ROWS) this.flush();
  }
  flush(): void {
    if (this.buffer.length === 0) return;
    this.emit(this.buffer.join('\n') + '\n');
    this.buffer = [];
  }
}

function validateOptions(options: SampleDataOptions): { start: number; end: number } {
  if (!Number.isFinite(options.seed)) throw new RangeError(`seed must be a finite number, got ${options.seed}`);
  if (!Number.isSafeInteger(options.customers) || options.customers < 1) {
    throw new RangeError(`customers must be a positive integer, got ${options.customers}`);
  }
  const start = parseIsoDay(options.start);
  const end = parseIsoDay(options.end);
  if (end < start) throw new RangeError(`end ${options.end} is before start ${options.start}`);
  return { start, end };
}

// ---------------------------------------------------------------------------------------------
// The generator.

/** Cumulative churn hazard of a plan after `age` days as a customer. */
function churnHazard(planIndex: number, age: number): number {
  const hazard = -Math.log(1 - PLAN_MONTHLY_CHURN[planIndex]) / DAYS_PER_MONTH;
  return hazard * EARLY_CHURN_FACTOR * Math.min(age, EARLY_DAYS) + hazard * Math.max(0, age - EARLY_DAYS);
}

/** Share of a signup cohort (all plans) still a customer after `age` days. */
function survivalOfAllPlans(age: number): number {
  let total = 0;
  for (const [planIndex, weight] of PLAN_WEIGHTS) total += weight * Math.exp(-churnHazard(planIndex, age));
  return total;
}

/** The churn day of a customer of the plan who signed up on day `signup`: always after it. */
function drawChurnDay(random: Random, planIndex: number, signup: number): number {
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

/**
 * Generates the four files and hands their text to `emit` in chunks, in file order
 * customers, orders, survey, marketingSpend. Returns the row count of each file.
 */
function generate(options: SampleDataOptions, emit: (file: FileKey, text: string) => void): Record<FileKey, number> {
  const { start, end } = validateOptions(options);
  const origin = yearsBefore(start, HISTORY_YEARS);
  const calendar = buildCalendar(origin, start, end);
  const windowDays = end - start + 1;
  const monthCount = calendar.monthFirst.length;
  const channelCount = ACQUISITION_CHANNELS.length;
  const n = options.customers;
  const root = createRandom(options.seed);
  const text = (day: number): string => calendar.text[day - origin];
  const yearsOf = (day: number): number => calendar.years[day - origin];
  const monthOfYear = (day: number): number => calendar.monthOfYear[day - origin];

  // Customers. Signup days follow a growing, seasonal daily intensity from HISTORY_YEARS before
  // start; before start it is weighted by the share of signups still customers at start, since
  // the file holds the customers active at some point in [start, end]. Stratified uniforms
  // through the inverse CDF keep signups sorted, so ids follow signup order.
  const customerRandom = root.fork('customers');
  const dayCount = end - origin + 1;
  const cumulative = new Float64Array(dayCount);
  let total = 0;
  for (let i = 0; i < dayCount; i++) {
    const day = origin + i;
    let weight =
      Math.exp(SIGNUP_GROWTH * calendar.years[i]) *
      SIGNUP_SEASON[calendar.monthOfYear[i]] *
      SIGNUP_WEEKDAY[weekdayOf(day)];
    if (day < start) weight *= survivalOfAllPlans(start - day);
    total += weight;
    cumulative[i] = total;
  }
  const signup = new Int32Array(n);
  /** The customer's churn day (first day no longer a customer), or end + 1 while still one. */
  const churn = new Int32Array(n);
  /** The churn day even when after end: answers shortly before it are angrier. */
  const latentChurn = new Int32Array(n);
  const plan = new Uint8Array(n);
  const signupsByMonthChannel = new Int32Array(monthCount * channelCount);
  const acquisitionWeights = ACQUISITION_CHANNELS.map((c, i) => [i, c.weight] as const);
  const customerIds: string[] = new Array<string>(n);
  const idWidth = Math.max(5, String(n).length);
  const customers = new CsvWriter((chunk) => emit('customers', chunk), SAMPLE_COLUMNS.customers);
  let cursor = 0;
  for (let k = 0; k < n; k++) {
    const u = ((k + customerRandom.next()) / n) * total;
    while (cursor < dayCount - 1 && cumulative[cursor] <= u) cursor++;
    // The last customer signs up on the last day, so that it is the data's latest signup.
    const s = k === n - 1 ? end : origin + cursor;
    // Plan and churn day together; before start, conditioned on still being a customer at start.
    let p: PlanIndex;
    let c: number;
    do {
      p = customerRandom.weighted(PLAN_WEIGHTS);
      c = drawChurnDay(customerRandom, p, s);
    } while (c < start);
    latentChurn[k] = c;
    if (c > end) c = end + 1;
    const country = customerRandom.weighted(COUNTRY_WEIGHTS);
    const channel = customerRandom.weighted(acquisitionWeights);
    signup[k] = s;
    churn[k] = c;
    plan[k] = p;
    if (s >= start) signupsByMonthChannel[calendar.monthIndex[s - origin] * channelCount + channel]++;
    customerIds[k] = padId('C', k + 1, idWidth);
    customers.line(
      `${customerIds[k]},${text(s)},${c > end ? '' : text(c)},${PLANS[p]},${country},${ACQUISITION_CHANNELS[channel].name}`,
    );
  }
  customers.flush();

  // Orders: per customer a renewal process (Erlang-2 gaps around the customer's own frequency)
  // thinned by the month's seasonality, from signup to the day before churn; only the orders
  // dated in [start, end] are kept.
  const orderRandom = root.fork('orders');
  const expectedOrders = n * 16;
  const orderCustomer = int32Column(expectedOrders);
  const orderDay = int32Column(expectedOrders);
  const orderCents = int32Column(expectedOrders);
  const orderChannel = uint8Column(expectedOrders);
  const orderStatus = uint8Column(expectedOrders);
  const channelMixByYear: Weighted<number>[] = [];
  const channelMix = (day: number): Weighted<number> => {
    const year = Math.max(0, Math.floor(yearsOf(day)));
    while (channelMixByYear.length <= year) {
      const y = channelMixByYear.length;
      const weights = ORDER_CHANNEL_MIX.map((w, i) => Math.max(0.02, w + ORDER_CHANNEL_DRIFT[i] * y));
      channelMixByYear.push(weightsOf([0, 1, 2, 3], weights));
    }
    return channelMixByYear[year];
  };
  const addOrder = (k: number, day: number, preferred: number): void => {
    const channel = orderRandom.bool(P_PREFERRED_CHANNEL) ? preferred : orderRandom.weighted(channelMix(day));
    const mean =
      PLAN_BASKET[plan[k]] *
      BASKET_SEASON[monthOfYear(day)] *
      ORDER_CHANNEL_BASKET[channel] *
      (1 + PRICE_INCREASE_PER_YEAR * yearsOf(day));
    const cents = Math.max(300, Math.round(mean * logNormalFactor(orderRandom, BASKET_SIGMA) * 100));
    const risk = orderRandom.next();
    const [refunded, cancelled] = STATUS_RISK[channel];
    orderCustomer.push(k);
    orderDay.push(day);
    orderCents.push(cents);
    orderChannel.push(channel);
    orderStatus.push(risk < refunded ? 1 : risk < refunded + cancelled ? 2 : 0);
  };
  for (let k = 0; k < n; k++) {
    const s = signup[k];
    const lastActive = Math.min(churn[k] - 1, end);
    const perMonth = PLAN_ORDERS_PER_MONTH[plan[k]] * logNormalFactor(orderRandom, FREQUENCY_SIGMA);
    const halfGap = DAYS_PER_MONTH / perMonth / 2 / ORDER_INTENSITY_MAX;
    const preferred = orderRandom.weighted(channelMix(s));
    if (orderRandom.bool(P_FIRST_ORDER_AT_SIGNUP) && s >= start) addOrder(k, s, preferred);
    let t = s + orderRandom.next();
    for (;;) {
      t += orderRandom.exponential(halfGap) + orderRandom.exponential(halfGap);
      const day = Math.floor(t);
      if (day > lastActive) break;
      const intensity =
        ORDER_SEASON[monthOfYear(day)] * (1 + NEW_CUSTOMER_BOOST * Math.exp(-(day - s) / NEW_CUSTOMER_BOOST_DAYS));
      const accepted = orderRandom.next() * ORDER_INTENSITY_MAX < intensity;
      if (accepted && day >= start) addOrder(k, day, preferred);
    }
  }
  // The last customer is active on the last day: give it an order then if nobody else ordered.
  if (!orderDay.data.subarray(0, orderDay.length).includes(end)) addOrder(n - 1, end, 0);

  const orders = new CsvWriter((chunk) => emit('orders', chunk), SAMPLE_COLUMNS.orders);
  const orderWidth = Math.max(7, String(orderDay.length).length);
  const orderKeys = new Int32Array(orderDay.length);
  for (let i = 0; i < orderDay.length; i++) orderKeys[i] = orderDay.data[i] - start;
  const orderSequence = orderByKey(orderKeys, orderDay.length, windowDays);
  // The benchmark knobs draw from streams of their own (none drawn at their defaults), so
  // the sample stays byte-identical.
  const share = options.orderShare ?? 1;
  const extraRefunds = options.extraRefunds ?? 0;
  const thinRandom = root.fork('thin-orders');
  const refundRandom = root.fork('extra-refunds');
  let written = 0;
  for (let r = 0; r < orderSequence.length; r++) {
    const i = orderSequence[r];
    // The data's last day keeps its orders (as_of stays the end).
    if (share < 1 && orderDay.data[i] !== end && !thinRandom.bool(share)) continue;
    const status =
      extraRefunds > 0 && orderStatus.data[i] === 0 && refundRandom.bool(extraRefunds) ? 1 : orderStatus.data[i];
    written++;
    orders.line(
      `${padId('O', written, orderWidth)},${customerIds[orderCustomer.data[i]]},${text(orderDay.data[i])},${formatCents(orderCents.data[i])},${ORDER_CHANNELS[orderChannel.data[i]]},${STATUSES[status]}`,
    );
  }
  orders.flush();

  // Survey: answers of active customers as a Poisson process in [start, end], from a few days
  // after signup. NPS depends on the plan, improves slowly over the years and drops before
  // churn; CSAT and CES follow the NPS category.
  const surveyRandom = root.fork('survey');
  const surveyCustomer = int32Column(n);
  const surveyDay = int32Column(n);
  const npsText: string[] = [];
  const csatText: string[] = [];
  const cesValue = uint8Column(n);
  const meanGapDays = DAYS_PER_MONTH / SURVEY_PER_MONTH;
  const scoreText = (score: number): string =>
    surveyRandom.bool(P_INVALID_SCORE) ? surveyRandom.pick(INVALID_SCORES) : String(score);
  const addAnswer = (k: number, day: number): void => {
    const [promoterBase, passive] = NPS_MIX[plan[k]];
    let promoter = promoterBase + NPS_TREND_PER_YEAR * yearsOf(day);
    if (latentChurn[k] - day <= CHURN_SOON_DAYS) promoter -= CHURN_SOON_SHIFT;
    const category = surveyRandom.weighted([
      [0, Math.max(0, 1 - promoter - passive)],
      [1, passive],
      [2, Math.max(0, promoter)],
    ]);
    const nps = surveyRandom.weighted(
      category === 0 ? DETRACTOR_SCORES : category === 1 ? PASSIVE_SCORES : PROMOTER_SCORES,
    );
    const csat = surveyRandom.weighted(CSAT_BY_CATEGORY[category]);
    const ces = Math.min(7, Math.max(1, Math.round(surveyRandom.normal(CES_MEAN_BY_CATEGORY[category], 1.1))));
    surveyCustomer.push(k);
    surveyDay.push(day);
    npsText.push(scoreText(nps));
    csatText.push(scoreText(csat));
    cesValue.push(ces);
  };
  for (let k = 0; k < n; k++) {
    const lastActive = Math.min(churn[k] - 1, end);
    let t = Math.max(signup[k] + SURVEY_DELAY_DAYS, start) + surveyRandom.exponential(meanGapDays);
    while (Math.floor(t) <= lastActive) {
      addAnswer(k, Math.floor(t));
      t += surveyRandom.exponential(meanGapDays);
    }
  }
  if (!surveyDay.data.subarray(0, surveyDay.length).includes(end)) addAnswer(n - 1, end);

  const survey = new CsvWriter((chunk) => emit('survey', chunk), SAMPLE_COLUMNS.survey);
  const responseWidth = Math.max(6, String(surveyDay.length).length);
  const surveyKeys = new Int32Array(surveyDay.length);
  for (let i = 0; i < surveyDay.length; i++) surveyKeys[i] = surveyDay.data[i] - start;
  const surveySequence = orderByKey(surveyKeys, surveyDay.length, windowDays);
  for (let r = 0; r < surveySequence.length; r++) {
    const i = surveySequence[r];
    survey.line(
      `${padId('R', r + 1, responseWidth)},${customerIds[surveyCustomer.data[i]]},${text(surveyDay.data[i])},${npsText[i]},${csatText[i]},${cesValue.data[i]}`,
    );
  }
  survey.flush();

  // Marketing spend: per month and acquisition channel, fixed costs plus a cost per acquired
  // customer that rises in the campaign peaks, with some noise.
  const marketingRandom = root.fork('marketing');
  const marketing = new CsvWriter((chunk) => emit('marketingSpend', chunk), SAMPLE_COLUMNS.marketingSpend);
  for (let m = 0; m < monthCount; m++) {
    const first = calendar.monthFirst[m];
    const last = calendar.monthLast[m];
    const month = new Date(first * MS_PER_DAY).getUTCMonth();
    // A month cut by start or end pays its fixed costs pro rata.
    const covered = (Math.min(last, end) - Math.max(first, start) + 1) / (last - first + 1);
    for (let c = 0; c < channelCount; c++) {
      const channel = ACQUISITION_CHANNELS[c];
      const acquired = signupsByMonthChannel[m * channelCount + c];
      const costFactor = channel.seasonal ? CAMPAIGN_COST_FACTOR[month] : 1;
      const euros =
        channel.fixedMonthly * covered * logNormalFactor(marketingRandom, 0.08) +
        acquired * channel.costPerCustomer * costFactor * logNormalFactor(marketingRandom, 0.15);
      const campaign = channel.seasonal ? SEASONAL_CAMPAIGNS[month] : channel.campaign;
      marketing.line(`${formatIsoDay(first)},${channel.name},${formatCents(Math.round(euros * 100))},${campaign}`);
    }
  }
  marketing.flush();

  return { customers: customers.rows, orders: orders.rows, survey: survey.rows, marketingSpend: marketing.rows };
}

/** The four CSV texts (header row, `\n` line ends, trailing newline). Pure: no I/O. */
export function generateSampleData(options: SampleDataOptions): SampleData {
  const parts: Record<FileKey, string[]> = { customers: [], orders: [], survey: [], marketingSpend: [] };
  generate(options, (file, text) => parts[file].push(text));
  return {
    customers: parts.customers.join(''),
    orders: parts.orders.join(''),
    survey: parts.survey.join(''),
    marketingSpend: parts.marketingSpend.join(''),
  };
}

/**
 * Writes customers.csv, orders.csv, survey.csv and marketing_spend.csv into `dir` (created if
 * missing), streaming the text in chunks so that sets of millions of rows fit in memory.
 */
export function writeSampleData(dir: string, options: Partial<SampleDataOptions> = {}): SampleFileSummary[] {
  const resolved: SampleDataOptions = { ...DEFAULT_SAMPLE_OPTIONS, ...options };
  fs.mkdirSync(dir, { recursive: true });
  const keys = Object.keys(SAMPLE_FILES) as FileKey[];
  const descriptors = new Map<FileKey, number>();
  const bytes: Record<FileKey, number> = { customers: 0, orders: 0, survey: 0, marketingSpend: 0 };
  try {
    for (const key of keys) descriptors.set(key, fs.openSync(path.join(dir, SAMPLE_FILES[key]), 'w'));
    const rows = generate(resolved, (file, text) => {
      const buffer = Buffer.from(text, 'utf8');
      fs.writeSync(descriptors.get(file) ?? -1, buffer);
      bytes[file] += buffer.length;
    });
    return keys.map((key) => ({ file: path.join(dir, SAMPLE_FILES[key]), rows: rows[key], bytes: bytes[key] }));
  } finally {
    for (const fd of descriptors.values()) fs.closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(2)} MB`;
}

function integerArgument(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value))
    throw new RangeError(`--${name} must be an integer, got '${text}'`);
  return value;
}

function main(argv: string[]): number {
  let dir: string;
  let options: SampleDataOptions;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        customers: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        start: { type: 'string' },
        end: { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    });
    options = {
      seed: integerArgument('seed', values.seed, DEFAULT_SAMPLE_OPTIONS.seed),
      customers: integerArgument('customers', values.customers, DEFAULT_SAMPLE_OPTIONS.customers),
      start: values.start ?? DEFAULT_SAMPLE_OPTIONS.start,
      end: values.end ?? DEFAULT_SAMPLE_OPTIONS.end,
    };
    validateOptions(options);
    dir = values.out !== undefined ? path.resolve(values.out) : path.resolve(__dirname, '../../samples/data');
  } catch (error) {
    process.stderr.write(
      `generate-sample-data: ${error instanceof Error ? error.message : String(error)}\n` +
        'usage: node out/scripts/generate-sample-data.js [--customers N] [--seed S] [--out DIR] [--start YYYY-MM-DD] [--end YYYY-MM-DD]\n',
    );
    return 2;
  }
  const began = Date.now();
  const summaries = writeSampleData(dir, options);
  const cwd = process.cwd();
  for (const summary of summaries) {
    const relative = path.relative(cwd, summary.file);
    const shown = relative.startsWith('..') || path.isAbsolute(relative) ? summary.file : relative;
    process.stdout.write(`${shown}: ${summary.rows} rows, ${formatBytes(summary.bytes)}\n`);
  }
  process.stderr.write(
    `generated in ${((Date.now() - began) / 1000).toFixed(1)} s (seed ${options.seed}, ${options.customers} customers)\n`,
  );
  return 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}

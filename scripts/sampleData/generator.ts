// The sample-data generator itself: from the options, one seeded pass that draws the customers
// (signups, plans, churn), their orders, the survey answers and the monthly marketing spend, each
// from a random stream of its own, and hands the CSV text on in chunks, as strings
// (generateSampleData) or streamed into files (writeSampleData). Same options ⇒ byte-identical CSV.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRandom } from '../../src/core/util/random';
import {
  ACQUISITION_CHANNELS,
  BASKET_SEASON,
  BASKET_SIGMA,
  CAMPAIGN_COST_FACTOR,
  CES_MEAN_BY_CATEGORY,
  CHURN_SOON_DAYS,
  CHURN_SOON_SHIFT,
  COUNTRY_WEIGHTS,
  CSAT_BY_CATEGORY,
  DETRACTOR_SCORES,
  FREQUENCY_SIGMA,
  HISTORY_YEARS,
  INVALID_SCORES,
  NEW_CUSTOMER_BOOST,
  NEW_CUSTOMER_BOOST_DAYS,
  NPS_MIX,
  NPS_TREND_PER_YEAR,
  ORDER_CHANNELS,
  ORDER_CHANNEL_BASKET,
  ORDER_CHANNEL_DRIFT,
  ORDER_CHANNEL_MIX,
  ORDER_INTENSITY_MAX,
  ORDER_SEASON,
  PASSIVE_SCORES,
  PLANS,
  PLAN_BASKET,
  PLAN_ORDERS_PER_MONTH,
  PLAN_WEIGHTS,
  PRICE_INCREASE_PER_YEAR,
  PROMOTER_SCORES,
  P_FIRST_ORDER_AT_SIGNUP,
  P_INVALID_SCORE,
  P_PREFERRED_CHANNEL,
  SEASONAL_CAMPAIGNS,
  SIGNUP_GROWTH,
  SIGNUP_SEASON,
  SIGNUP_WEEKDAY,
  STATUSES,
  STATUS_RISK,
  SURVEY_DELAY_DAYS,
  SURVEY_PER_MONTH,
  type PlanIndex,
  type Weighted,
} from './businessModel';
import { DAYS_PER_MONTH, MS_PER_DAY, buildCalendar, formatIsoDay, weekdayOf, yearsBefore } from './calendar';
import { drawChurnDay, logNormalFactor, survivalOfAllPlans, weightsOf } from './draws';
import {
  DEFAULT_SAMPLE_OPTIONS,
  SAMPLE_COLUMNS,
  SAMPLE_FILES,
  validateOptions,
  type FileKey,
  type SampleData,
  type SampleDataOptions,
  type SampleFileSummary,
} from './options';
import { CsvWriter, formatCents, int32Column, orderByKey, padId, uint8Column } from './tables';

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

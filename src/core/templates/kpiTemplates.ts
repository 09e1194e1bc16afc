// The "loyalty pack": the KPI file a new project starts from (the reference example of
// the language, with NPS, CSAT, churn, 30/60/90-day retention, CAC and CLV). A unit test
// keeps it equal to samples/loyalty.kpi.yaml, which runs on the sample data.
export const LOYALTY_PACK =
  '# Customer loyalty KPIs of an online shop with a subscription plan.\nkpilens: 1\ntitle: Customer loyalty\n\nsources:\n  orders:\n    file: data/orders.csv\n    time: order_date\n    key: customer_id\n  customers:\n    file: data/customers.csv\n    time: signup_date\n    key: customer_id\n  survey:\n    file: data/survey.csv\n    time: responded_at\n    key: customer_id\n  marketing:\n    file: data/marketing_spend.csv\n    time: month\n\nperiods:\n  monthly: { grain: month, last: 12, compare: previous }\n  quarterly: { grain: quarter, last: 4, compare: year_ago }\n\nsegments:\n  channel: { by: channel }\n  plan: { by: customers.plan }\n  enterprise: { where: "customers.plan = \'enterprise\'" }\n\ndefaults:\n  period: monthly\n\nkpis:\n  revenue:\n    title: Revenue\n    type: sum\n    source: orders\n    column: amount\n    format: currency\n    currency: EUR\n    segments: [channel, plan]\n\n  orders:\n    title: Orders\n    type: count\n    source: orders\n    segments: [channel]\n\n  average_basket:\n    title: Average basket\n    type: ratio\n    numerator: revenue\n    denominator: orders\n    format: currency\n    currency: EUR\n    target: { min: 45 }\n    segments: [channel]\n\n  repurchase_rate:\n    title: Repurchase rate\n    type: repurchase_rate\n    source: orders\n    format: percent\n\n  nps:\n    title: Net Promoter Score\n    type: nps\n    source: survey\n    column: nps_score\n    format: score\n    target: { min: 30 }\n    period: quarterly\n    segments: [plan]\n\n  csat:\n    title: Customer satisfaction\n    type: csat\n    source: survey\n    column: csat_score\n    format: percent\n    target: { min: 0.8 }\n\n  churn_rate:\n    title: Churn rate\n    type: churn\n    source: customers\n    start: signup_date\n    end: churn_date\n    format: percent\n    direction: lower_is_better\n    target: { max: 0.05 }\n    segments: [plan]\n\n  new_customers:\n    title: New customers\n    type: new_customers\n    source: customers\n    start: signup_date\n    end: churn_date\n\n  retention_30_60_90:\n    title: 30/60/90-day retention\n    type: cohort_retention\n    source: orders\n    cohort: customers\n    start: signup_date\n    days: [30, 60, 90]\n    format: percent\n\n  cac:\n    title: Customer acquisition cost\n    type: cac\n    spend: marketing.spend\n    customers: new_customers\n    format: currency\n    currency: EUR\n    direction: lower_is_better\n\n  clv:\n    title: Customer lifetime value\n    type: clv\n    method: simple\n    revenue: orders.amount\n    churn: churn_rate\n    cac: cac\n    format: currency\n    currency: EUR\n';

/** An empty KPI file with the required header and one KPI to start from. */
export const EMPTY_KPI_FILE = `kpilens: 1
title: My KPIs

sources:
  orders:
    file: data/orders.csv
    time: order_date
    key: customer_id

periods:
  monthly: { grain: month, last: 12, compare: previous }

defaults:
  period: monthly

kpis:
  orders:
    title: Orders
    type: count
    source: orders
`;

// The git repository of the `kpilens diff` tests (gitDiff.test.ts, gitDiffRefs.test.ts): two
// small CSV files committed alone, then a spec (BASE) committed, then the working tree's spec
// (HEAD) that changes a filter, a column, a period, a name, adds a KPI and removes one; and
// the shape of `diff --format json`. Written to a fresh temporary folder per suite.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lines } from '../helpers';
import { CUSTOMERS, ORDERS } from './diffFixture';

export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// Orders: the latest month is March 2025 (as_of = 2025-03-31, the latest order date); the
// same shop as the other diff tests.
export { CUSTOMERS, ORDERS };

const HEADER = [
  'kpilens: 1',
  'title: Shop',
  'sources:',
  '  orders:',
  '    file: data/orders.csv',
  '    time: order_date',
  '    key: customer_id',
  '  customers:',
  '    file: data/customers.csv',
  '    time: signup_date',
  '    key: customer_id',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  '  quarterly: { grain: quarter, last: 1 }',
  'defaults:',
  '  period: monthly',
  'kpis:',
];

export const BASE = lines(
  ...HEADER,
  '  revenue:',
  '    title: Revenue',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  '    format: currency',
  '    currency: EUR',
  '  orders:',
  '    type: count',
  '    source: orders',
  '  average_basket:',
  '    type: ratio',
  '    numerator: revenue',
  '    denominator: orders',
  '    format: currency',
  '    currency: EUR',
  '  churn_rate:',
  '    type: churn',
  '    source: customers',
  '    start: signup_date',
  '    end: churn_date',
  '    format: percent',
  '  web_orders:',
  '    type: count',
  '    source: orders',
  "    where: channel = 'web'",
  '  store_orders:',
  '    type: count',
  '    source: orders',
  "    where: channel = 'store'",
);

export const HEAD = lines(
  ...HEADER,
  '  revenue:',
  '    title: Revenue',
  '    type: sum',
  '    source: orders',
  '    column: amount',
  "    where: status = 'paid'", // a filter
  '    format: currency',
  '    currency: EUR',
  '  orders:',
  '    type: count',
  '    source: orders',
  '    period: quarterly', // a period
  '  average_basket:',
  '    type: ratio',
  '    numerator: revenue',
  '    denominator: orders',
  '    format: currency',
  '    currency: EUR',
  '  churn_rate:',
  '    type: churn',
  '    source: customers',
  '    start: signup_date',
  '    end: cancelled_at', // a column
  '    format: percent',
  '  online_orders:', // a rename
  '    type: count',
  '    source: orders',
  "    where: channel = 'web'",
  '  net_revenue:', // a new KPI (store_orders is removed)
  '    type: sum',
  '    source: orders',
  '    column: net_amount',
  '    format: currency',
  '    currency: EUR',
);

export interface JsonValue {
  detail?: string;
  before: { period: string; value: number | null; text: string } | null;
  after: { period: string; value: number | null; text: string } | null;
  difference: number | null;
  difference_text: string | null;
  relative: number | null;
}
export interface JsonKpi {
  name: string;
  kind: string;
  base_name?: string;
  changes: string[];
  indirect: string[];
  values?: JsonValue[];
}
export interface JsonDiff {
  file: string;
  base: string;
  head: string;
  as_of: string;
  kpis: JsonKpi[];
  unchanged: string[];
  definitions: { section: string; name?: string; kind: string; changes: string[] }[];
  diagnostics: unknown[];
  stamp: { base: { spec: string; data: string; files: number }; head: { spec: string; data: string; files: number } };
}

/** The temporary repository: `kpis` holds the spec and data/; the two commits' hashes. */
export interface ShopRepo {
  root: string;
  repo: string;
  kpis: string;
  dataCommit: string;
  specCommit: string;
}

/** Creates the repository in a new temporary folder (`root`, removed by the caller). */
export function makeShopRepo(): ShopRepo {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kpilens-diff-'));
  const repo = path.join(root, 'repo');
  const kpis = path.join(repo, 'kpis');
  fs.mkdirSync(path.join(kpis, 'data'), { recursive: true });
  git(repo, 'init', '-q');
  git(repo, 'config', 'user.name', 'KPI Lens tests');
  git(repo, 'config', 'user.email', 'tests@kpilens.invalid');
  git(repo, 'config', 'commit.gpgsign', 'false');
  fs.writeFileSync(path.join(kpis, 'data', 'orders.csv'), ORDERS);
  fs.writeFileSync(path.join(kpis, 'data', 'customers.csv'), CUSTOMERS);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'data only');
  const dataCommit = git(repo, 'rev-parse', 'HEAD').trim();
  fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), BASE);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'spec');
  const specCommit = git(repo, 'rev-parse', 'HEAD').trim();
  fs.writeFileSync(path.join(kpis, 'shop.kpi.yaml'), HEAD);
  return { root, repo, kpis, dataCommit, specCommit };
}

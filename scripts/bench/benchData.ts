// The benchmark data sets: sample-shaped data (scripts/generate-sample-data.ts, seeded) at a
// given number of orders, with one customer per 10 orders (1M customers for 10M orders, about
// as many survey answers) and ~7 % of the orders refunded, written under .bench-data/
// (git-ignored, or another root) with a copy of the benchmark KPI file (bench.kpi.yaml), and
// reused when a set of the same seed and size is already complete.
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_SAMPLE_OPTIONS, writeSampleData } from '../generate-sample-data';

export const BENCH_SEED = DEFAULT_SAMPLE_OPTIONS.seed;
/** Customers per order of the benchmark sets (issue 21: 1M customers, 10M purchases). */
const CUSTOMERS_PER_ORDER = 0.1;
/** Orders the generator draws per customer (the sample: 65 184 for 4 000): the rest are thinned out. */
const GENERATED_ORDERS_PER_CUSTOMER = 65184 / 4000;
/** Paid orders turned into refunds: with the generator's own ~3.4 %, about 7 % are refunded. */
const EXTRA_REFUNDS = 0.038;

export interface BenchDataSet {
  /** The label, e.g. '1M'. */
  size: string;
  orders: number;
  customers: number;
  /** The folder holding data/ and bench.kpi.yaml. */
  dir: string;
  spec: string;
  /** Bytes of orders.csv. */
  ordersBytes: number;
  generated: boolean;
}

/** '1M' → 1 000 000, '250k' → 250 000, '5000' → 5 000. */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([kKmM]?)$/.exec(text.trim());
  if (!m) throw new RangeError(`'${text}' is not a size: write e.g. 1M, 250k or 5000`);
  const factor = m[2].toLowerCase() === 'm' ? 1_000_000 : m[2].toLowerCase() === 'k' ? 1000 : 1;
  return Math.round(Number(m[1]) * factor);
}

interface Stamp {
  seed: number;
  customers: number;
  start: string;
  end: string;
  orderShare: number;
  extraRefunds: number;
}

/** Returns the data set of `size` orders, generating it when missing or stale. */
export function ensureBenchData(root: string, size: string, log: (line: string) => void): BenchDataSet {
  const orders = parseSize(size);
  const customers = Math.max(50, Math.round(orders * CUSTOMERS_PER_ORDER));
  const dir = path.join(root, `orders-${size}-seed${BENCH_SEED}`);
  const dataDir = path.join(dir, 'data');
  const stampFile = path.join(dir, 'complete.json');
  const orderShare = Math.min(1, 1 / CUSTOMERS_PER_ORDER / GENERATED_ORDERS_PER_CUSTOMER);
  const stamp: Stamp = {
    seed: BENCH_SEED,
    customers,
    start: DEFAULT_SAMPLE_OPTIONS.start,
    end: DEFAULT_SAMPLE_OPTIONS.end,
    orderShare,
    extraRefunds: EXTRA_REFUNDS,
  };
  let generated = false;
  const current = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';
  if (current !== JSON.stringify(stamp)) {
    log(`generating ${size} orders (${customers} customers) in ${path.relative(process.cwd(), dir)} …`);
    fs.rmSync(stampFile, { force: true });
    writeSampleData(dataDir, stamp);
    fs.writeFileSync(stampFile, JSON.stringify(stamp));
    generated = true;
  }
  const spec = path.join(dir, 'bench.kpi.yaml');
  fs.copyFileSync(path.join(__dirname, '..', '..', '..', 'scripts', 'bench', 'bench.kpi.yaml'), spec);
  return {
    size,
    orders,
    customers,
    dir,
    spec,
    ordersBytes: fs.statSync(path.join(dataDir, 'orders.csv')).size,
    generated,
  };
}

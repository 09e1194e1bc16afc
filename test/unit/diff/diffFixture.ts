// A small shop for the diff tests (rows, why, gates): seven orders over January–March 2025
// with a channel and a status, four customers with two end columns, and a base / head pair
// of KPI files where the head adds `status = 'paid'` to revenue and moves churn's end
// column. Written to a fresh temporary folder per suite.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lines } from '../helpers';

export const ORDERS = lines(
  'order_id,customer_id,order_date,amount,net_amount,channel,status',
  '1,c1,2025-01-05,10,8,web,paid',
  '2,c2,2025-01-20,20,18,store,paid',
  '3,c1,2025-02-03,30,27,web,paid',
  '4,c3,2025-02-14,40,36,web,refunded',
  '5,c2,2025-03-01,50,45,store,paid',
  '6,c3,2025-03-15,60,54,web,paid',
  '7,c1,2025-03-31,70,63,store,refunded',
);
export const CUSTOMERS = lines(
  'customer_id,signup_date,churn_date,cancelled_at,plan',
  'c1,2024-12-01,,2025-03-10,pro',
  'c2,2025-01-10,2025-03-20,2025-02-20,free',
  'c3,2025-02-01,,,pro',
  'c4,2025-03-05,,,free',
);

const HEADER = [
  'kpilens: 1',
  'sources:',
  '  orders: { file: data/orders.csv, time: order_date, key: customer_id }',
  '  customers: { file: data/customers.csv, time: signup_date, key: customer_id }',
  'periods:',
  '  monthly: { grain: month, last: 3 }',
  'segments:',
  '  channel: { by: channel }',
  'defaults:',
  '  period: monthly',
  'kpis:',
];

export function shopSpec(options: { paid?: boolean; cancelled?: boolean; net?: boolean } = {}): string {
  return lines(
    ...HEADER,
    '  revenue:',
    '    type: sum',
    '    source: orders',
    `    column: ${options.net ? 'net_amount' : 'amount'}`,
    ...(options.paid ? ["    where: status = 'paid'"] : []),
    '    segments: [channel]',
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
    `    end: ${options.cancelled ? 'cancelled_at' : 'churn_date'}`,
    '    format: percent',
    '    target: { max: 0.4 }',
  );
}

/** A fresh folder with data/orders.csv and data/customers.csv; returns the KPI file's path in it. */
export function shopFolder(prefix: string): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.mkdirSync(path.join(dir, 'data'));
  fs.writeFileSync(path.join(dir, 'data', 'orders.csv'), ORDERS);
  fs.writeFileSync(path.join(dir, 'data', 'customers.csv'), CUSTOMERS);
  return { dir, file: path.join(dir, 'shop.kpi.yaml') };
}

// The `start`/`end` fields shared by the customer-base KPI types (churn, retention_rate,
// customers, new_customers): one row per customer with a start and an optional end date.
import type { KpiField } from './kpiType';

export const CUSTOMER_BASE_DEFINITION =
  'A customer is active on day d when start ≤ d and (end is null or end > d). For a period P = [a, b]: S = customers active at the start of P (start < a and (end is null or end ≥ a)); lost = customers of S whose end falls in [a, b]; E = customers active on day b; N = customers with start in [a, b] active on day b.';

export function customerBaseFields(endRequired: boolean): Record<string, KpiField> {
  return {
    start: { schema: { type: 'string', minLength: 1 }, description: 'The column with the date the customer started (e.g. signup_date).', required: true, ref: { kind: 'column' } },
    end: { schema: { type: 'string', minLength: 1 }, description: 'The column with the date the customer left (e.g. churn_date); empty while still a customer.', required: endRequired, ref: { kind: 'column' } },
  };
}

// Every KPI type the language knows, by its `type:` name.
import { activeCustomers } from './activeCustomers';
import { avgKpi } from './avg';
import { cac } from './cac';
import { ces } from './ces';
import { churn } from './churn';
import { clv } from './clv';
import { cohortRetention } from './cohortRetention';
import { count } from './count';
import { countDistinct } from './countDistinct';
import { csat } from './csat';
import { customerRevenue } from './customerRevenue';
import { customers } from './customers';
import { engagement } from './engagement';
import { formula } from './formula';
import { grossRevenueRetention } from './grossRevenueRetention';
import { funnel } from './funnel';
import type { KpiField, KpiTypeDefinition } from './kpiType';
import { maxKpi } from './max';
import { minKpi } from './min';
import { mrrGrowth } from './mrrGrowth';
import { netRevenueRetention } from './netRevenueRetention';
import { newCustomers } from './newCustomers';
import { nps } from './nps';
import { percentile } from './percentile';
import { ratio } from './ratio';
import { repurchaseRate } from './repurchaseRate';
import { retentionRate } from './retentionRate';
import { sumKpi } from './sum';
import { timeBetweenPurchases } from './timeBetweenPurchases';
import { survival } from './survival';
import { COMMON_FIELDS, SOURCE_FIELDS, UNCERTAINTY_FIELDS } from './commonFields';

export const KPI_TYPES: readonly KpiTypeDefinition[] = [
  count,
  countDistinct,
  sumKpi,
  avgKpi,
  minKpi,
  maxKpi,
  percentile,
  ratio,
  formula,
  nps,
  csat,
  ces,
  churn,
  retentionRate,
  customers,
  newCustomers,
  activeCustomers,
  repurchaseRate,
  timeBetweenPurchases,
  cohortRetention,
  survival,
  engagement,
  funnel,
  cac,
  clv,
  netRevenueRetention,
  grossRevenueRetention,
  mrrGrowth,
];

/** Types the engine uses internally (never written in a KPI file, not in the schema). */
const INTERNAL_KPI_TYPES: readonly KpiTypeDefinition[] = [customerRevenue];

const BY_NAME = new Map([...KPI_TYPES, ...INTERNAL_KPI_TYPES].map((t) => [t.type, t]));

/** The definition of a type of the language (or an internal one the engine creates). */
export function kpiType(name: string): KpiTypeDefinition | undefined {
  return BY_NAME.get(name);
}

/** Whether users may write this type in a KPI file. */
export function isPublicKpiType(name: string): boolean {
  return KPI_TYPE_NAMES.includes(name);
}

export const KPI_TYPE_NAMES: readonly string[] = KPI_TYPES.map((t) => t.type);

const FIELDS = new WeakMap<KpiTypeDefinition, Readonly<Record<string, KpiField>>>();

/**
 * All the fields a KPI of this type may have: common, source (if it reads one), uncertainty
 * (if its values carry an interval), its own. Built once per type (the check asks for every
 * KPI of a file, at each keystroke).
 */
export function fieldsOf(def: KpiTypeDefinition): Readonly<Record<string, KpiField>> {
  let fields = FIELDS.get(def);
  if (!fields) {
    fields = Object.freeze({
      ...COMMON_FIELDS,
      ...(def.usesSource ? SOURCE_FIELDS : {}),
      ...(hasInterval(def) ? UNCERTAINTY_FIELDS : {}),
      ...def.fields,
    });
    FIELDS.set(def, fields);
  }
  return fields;
}

/** Whether the type's values carry a confidence interval: it counts its n and successes (`counts`, or its own query for cohort_retention). */
export function hasInterval(def: KpiTypeDefinition): boolean {
  return (
    def.sample !== undefined &&
    ((def.evaluation?.kind === 'aggregate' && def.evaluation.counts !== undefined) ||
      def.evaluation?.kind === 'cohort' ||
      def.evaluation?.kind === 'survival')
  );
}

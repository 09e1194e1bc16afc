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
import { customers } from './customers';
import { engagement } from './engagement';
import { formula } from './formula';
import { funnel } from './funnel';
import type { KpiField, KpiTypeDefinition } from './kpiType';
import { maxKpi } from './max';
import { minKpi } from './min';
import { newCustomers } from './newCustomers';
import { nps } from './nps';
import { ratio } from './ratio';
import { repurchaseRate } from './repurchaseRate';
import { retentionRate } from './retentionRate';
import { sumKpi } from './sum';
import { COMMON_FIELDS, SOURCE_FIELDS } from './commonFields';

export const KPI_TYPES: readonly KpiTypeDefinition[] = [
  count, countDistinct, sumKpi, avgKpi, minKpi, maxKpi, ratio, formula,
  nps, csat, ces,
  churn, retentionRate, customers, newCustomers,
  activeCustomers, repurchaseRate, cohortRetention, engagement, funnel,
  cac, clv,
];

const BY_NAME = new Map(KPI_TYPES.map((t) => [t.type, t]));

export function kpiType(name: string): KpiTypeDefinition | undefined {
  return BY_NAME.get(name);
}

export const KPI_TYPE_NAMES: readonly string[] = KPI_TYPES.map((t) => t.type);

/** All the fields a KPI of this type may have: common, source (if it reads one), its own. */
export function fieldsOf(def: KpiTypeDefinition): Record<string, KpiField> {
  return { ...COMMON_FIELDS, ...(def.usesSource ? SOURCE_FIELDS : {}), ...def.fields };
}

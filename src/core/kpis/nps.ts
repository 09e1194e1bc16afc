// KPI type `nps`: the Net Promoter Score of 0–10 survey answers.
import { columnField, defineKpiType } from './kpiType';

export const nps = defineKpiType({
  type: 'nps', title: 'Net Promoter Score', family: 'satisfaction', usesSource: true, needsTime: true, defaultFormat: 'score',
  formula: '100 × (#responses ≥ 9 − #responses ≤ 6) / #valid responses, from −100 to 100. Valid = an integer 0..10; other values are skipped and reported as a data warning with their count.',
  fields: { column: columnField('The column holding the 0–10 answer to "How likely are you to recommend us?".') },
});

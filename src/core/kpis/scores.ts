// SQL pieces shared by the survey KPI types (nps, csat, ces): a score column read as a
// number and the "valid answer" test (an integer within the scale).
import type { AggregateContext } from './kpiType';
import { EMPTY_VALUE, valueTextSql } from './kpiType';
import { quoteString } from '../engine/sql/sqlText';
import * as l10n from '../l10n/l10n';

/**
 * The score as a number (text that is not a number becomes null): a column the source holds as
 * text is read the way its file writes numbers (a French export's `9,0` is 9), as `sum` reads it.
 */
export function scoreSql(ctx: AggregateContext): string {
  const name = String(ctx.fields.column);
  const column = ctx.column(name);
  return ctx.textNumber?.(name, column) ?? ctx.dialect.tryCast(column, 'DOUBLE');
}

/** True for an integer answer within [min, max]. */
export function validScoreSql(ctx: AggregateContext, min: number, max: number): string {
  const v = scoreSql(ctx);
  return `(${v} IS NOT NULL AND ${v} = floor(${v}) AND ${v} BETWEEN ${min} AND ${max})`;
}

/** The skipped answers: every row of the window whose score is not valid (empty included). */
export function invalidScores(ctx: AggregateContext, min: number, max: number) {
  return {
    condition: `"__row" IS NOT NULL AND NOT ${validScoreSql(ctx, min, max)}`,
    value: `coalesce(${valueTextSql(ctx, String(ctx.fields.column))}, ${quoteString(EMPTY_VALUE)})`,
    what: l10n.t('answer(s) skipped, not an integer {0}..{1}', min, max),
    shown: String(ctx.fields.column),
  };
}

// The hover text of a score segment (docs/DSL.md "Score segments"): what its values are and
// how they are computed, in the display language.
import type { ScoreSegmentSpec } from '../kpifile/scoreSegmentSpec';
import { DEFAULT_BANDS, bandLabels } from '../stats/customerSegments';
import * as l10n from '../l10n/l10n';

export function scoreHover(score: ScoreSegmentSpec): string {
  const of = score.revenue ? `\`${score.revenue}\`` : '?';
  switch (score.kind) {
    case 'rfm':
      return l10n.t(
        "each customer's RFM code at each period end, from the purchases {0}: recency, frequency and monetary quintiles 1–5 (5 best; ties by customer key), e.g. 545",
        of,
      );
    case 'rfm_group':
      return l10n.t(
        "each customer's RFM group at each period end, from the purchases {0}: the R×F grid of champions, loyal, potential_loyalists, new_customers, promising, need_attention, about_to_sleep, at_risk, cant_lose, hibernating and lost",
        of,
      );
    case 'p_alive':
      return l10n.t(
        "each customer's probability of being still active at each period end (BG/NBD fitted on the purchases {0}), in bands {1}",
        of,
        bandLabels('p_alive', score.bands ?? DEFAULT_BANDS.p_alive).join(', '),
      );
    case 'clv_decile':
      return l10n.t(
        "each customer's predictive CLV decile at each period end (BG/NBD + Gamma-Gamma on the purchases {0}, {1} months): 01 lowest … 10 highest",
        of,
        score.horizonMonths,
      );
    case 'tenure':
      return l10n.t(
        "each customer's complete months since the first purchase ({0}) at each period end, in bands {1}",
        of,
        bandLabels('tenure', score.bands ?? DEFAULT_BANDS.tenure).join(', '),
      );
  }
}

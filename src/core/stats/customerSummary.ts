// A customer's purchase history as the BG/NBD and Gamma-Gamma models read it (the RFM
// summary of `lifetimes`): `frequency` = repeat purchases (distinct purchase days − 1),
// `recency` = days from the first to the last purchase, `T` = days from the first purchase
// to the end of the observation, `monetary` = mean value of the repeat purchases (0 when
// there is none). Times are in days throughout the models.

export interface CustomerSummary {
  frequency: number;
  recency: number;
  T: number;
  monetary: number;
}

/** The average month in days (365.25 / 12): horizons and holdouts in months become days. */
export const DAYS_PER_MONTH = 365.25 / 12;

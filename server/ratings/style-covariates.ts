import type { StyleFeatures } from './extract-style-features.ts';

/** Style covariates in order: what a style-controlled fit's coefficients are named. */
export const STYLE_COVARIATES = ['length', 'headers', 'listItems', 'bold'] as const;

/**
 * A battle's style covariates: for each feature f of extract-style-features.ts,
 *   z_f = (f_A − f_B) / (f_A + f_B + 1)
 * LMArena's normalised difference (FastChat construct_style_matrices with
 * add_one=True and apply_ratio on every feature). It lies in (−1, 1), is
 * antisymmetric in the sides, is 0 when both answers are alike, depends on
 * the ratio rather than the size (2,000 against 1,000 characters counts as
 * 200 against 100), and the +1 keeps 1 header against none at 1/2 rather
 * than the full 1 (and 0 against 0 at 0 instead of 0/0). The fit then
 * divides each covariate by its RMS (fit-controlled-bradley-terry.ts).
 */
export function styleCovariates(a: StyleFeatures, b: StyleFeatures): number[] {
  return STYLE_COVARIATES.map((f) => (a[f] - b[f]) / (a[f] + b[f] + 1));
}

/**
 * A win fraction as a fill: blue towards 1 (the row's model wins), orange
 * towards 0, the page's neutral surface at 0.5. CSS variables and
 * color-mix, so the same markup reads in light and dark schemes.
 */
export function heatFill(fraction: number): string {
  const strength = Math.round(Math.min(1, Math.abs(fraction - 0.5) * 2) * 100);
  const end = fraction >= 0.5 ? 'var(--heat-win)' : 'var(--heat-lose)';
  return `color-mix(in srgb, ${end} ${strength}%, var(--heat-mid))`;
}

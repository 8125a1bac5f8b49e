/**
 * "about 1,200 more votes": an extrapolation is not precise to the vote, so
 * counts from 20 up keep two significant figures, with thousands separators.
 */
export function votesNeededText(more: number): string {
  const rounded = more < 20 ? Math.max(1, Math.round(more)) : Number(more.toPrecision(2));
  return `about ${rounded.toLocaleString('en-US')} more vote${rounded === 1 ? '' : 's'}`;
}

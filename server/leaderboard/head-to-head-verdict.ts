import type { LeaderboardRow } from '../../shared/api.ts';
import type { PriceRatio } from '../../shared/cost-comparison.ts';

const r0 = (x: number) => Math.round(x).toString();
const interval = (r: LeaderboardRow) => `${r0(r.rating!)} (95% CI ${r0(r.ciLower!)}–${r0(r.ciUpper!)})`;

export interface VerdictInput {
  a: LeaderboardRow;
  b: LeaderboardRow;
  predictedWinA: number | null;
  votesToSeparate: number | null;
  priceRatio: PriceRatio | null;
}

/** One paragraph that says who is preferred and how sure that is, then price and measured speed. */
export function headToHeadVerdict({ a, b, predictedWinA, votesToSeparate, priceRatio }: VerdictInput): string {
  const parts: string[] = [];
  if (a.rating === null || b.rating === null) {
    const missing = [a, b].filter((r) => r.rating === null).map((r) => r.label);
    parts.push(`Not enough votes yet: ${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no counted votes.`);
  } else if (votesToSeparate === 0) {
    const [hi, lo] = a.rating >= b.rating ? [a, b] : [b, a];
    const p = a.rating >= b.rating ? predictedWinA! : 1 - predictedWinA!;
    parts.push(
      `${hi.label} is preferred: rated ${interval(hi)} against ${lo.label}'s ${interval(lo)}. The intervals do not overlap, and the ratings predict ${hi.label} wins ${Math.round(p * 100)}% of their head-to-head votes.`,
    );
  } else if (votesToSeparate !== null) {
    parts.push(
      `Too close to call: ${a.label} ${interval(a)} and ${b.label} ${interval(b)} overlap. If the gap holds, roughly ${votesToSeparate} more votes would separate them.`,
    );
  } else {
    parts.push(`Statistically tied: ${a.label} ${interval(a)} and ${b.label} ${interval(b)} overlap, and the gap is too small for any realistic number of votes to separate them.`);
  }
  if (priceRatio === null) parts.push('A blended price is unknown for at least one of them.');
  else if (priceRatio.cheaper === 'same') parts.push('Both cost the same per token (blended 3:1).');
  else {
    const [cheap, dear] = priceRatio.cheaper === 'a' ? [a, b] : [b, a];
    parts.push(
      priceRatio.times === Infinity
        ? `${cheap.label} costs nothing per token (self-hosted), ${dear.label} does.`
        : `${cheap.label} is ${priceRatio.times.toFixed(priceRatio.times < 10 ? 1 : 0)}× cheaper (blended 3:1).`,
    );
  }
  const sa = a.outputTokensPerSecond;
  const sb = b.outputTokensPerSecond;
  if (sa.median !== null && sb.median !== null) {
    const [fast, slow] = sa.median >= sb.median ? [a, b] : [b, a];
    parts.push(
      `Measured here, ${fast.label} streamed faster: median ${fast.outputTokensPerSecond.median!.toFixed(0)} vs ${slow.outputTokensPerSecond.median!.toFixed(0)} tokens/s over ${fast.outputTokensPerSecond.samples} and ${slow.outputTokensPerSecond.samples} answers.`,
    );
  }
  return parts.join(' ');
}

import type { LeaderboardRow } from '../../shared/api.ts';
import type { PriceRatio } from '../../shared/cost-comparison.ts';
import { compareRatingPosition } from '../../shared/rating-position.ts';
import { ratingText } from './rating-text.ts';
import { intervalsApart } from './separation-votes.ts';
import { votesNeededText } from './votes-needed-text.ts';

export interface VerdictInput {
  a: LeaderboardRow;
  b: LeaderboardRow;
  predictedWinA: number | null;
  votesToSeparate: number | null;
  priceRatio: PriceRatio | null;
  /** The board's threshold: below it a model is provisional. */
  provisionalVotes: number;
}

const votesText = (n: number) => `${n.toLocaleString('en-US')} counted vote${n === 1 ? '' : 's'}`;

/** Why a provisional model is provisional, for the "thin evidence" sentence. */
function thinReason(row: LeaderboardRow, provisionalVotes: number): string {
  if (row.votes < provisionalVotes) return `${row.label} has ${votesText(row.votes)}`;
  return `${row.label}'s votes do not link it to the ranked models yet`;
}

/** Who is preferred and how sure that is. */
function preference({ a, b, predictedWinA, votesToSeparate }: VerdictInput): string {
  if ((a.ciLower === null && a.ciUpper === null) || (b.ciLower === null && b.ciUpper === null)) {
    return `They cannot be compared yet: ${a.label} is ${ratingText(a)} and ${b.label} ${ratingText(b)}.`;
  }
  if (intervalsApart(a, b)) {
    const aFirst = compareRatingPosition(a, b) <= 0;
    const [hi, lo] = aFirst ? [a, b] : [b, a];
    const p = predictedWinA === null ? null : aFirst ? predictedWinA : 1 - predictedWinA;
    const predicted = p === null ? '' : `, and the ratings predict ${hi.label} wins ${Math.round(p * 100)}% of their head-to-head votes`;
    return `${hi.label} is preferred: rated ${ratingText(hi)} against ${lo.label}'s ${ratingText(lo)}. The intervals do not overlap${predicted}.`;
  }
  const both = `${a.label} ${ratingText(a)} and ${b.label} ${ratingText(b)} overlap`;
  if (votesToSeparate !== null)
    return `Too close to call: ${both}. If the gap holds, ${votesNeededText(votesToSeparate)} would separate them.`;
  if (a.rating === null || b.rating === null)
    return `Too close to call: ${both}, and an open interval gives no estimate of the votes needed.`;
  return `Statistically tied: ${both}, and the gap is too small for any realistic number of votes to separate them.`;
}

/**
 * One paragraph that says who is preferred and how sure that is (first
 * saying when the evidence is thin: either model provisional), then price
 * and measured speed.
 */
export function headToHeadVerdict(input: VerdictInput): string {
  const { a, b, priceRatio, provisionalVotes } = input;
  const parts: string[] = [];
  if (a.votes === 0 || b.votes === 0) {
    const missing = [a, b].filter((r) => r.votes === 0).map((r) => r.label);
    parts.push(`Not enough votes yet: ${missing.join(' and ')} ${missing.length > 1 ? 'have' : 'has'} no counted votes.`);
  } else {
    const thin = [a, b].filter((r) => r.provisional);
    if (thin.length > 0) {
      parts.push(
        `The evidence is thin: ${thin.map((r) => thinReason(r, provisionalVotes)).join(', and ')}; ratings are provisional below ${provisionalVotes.toLocaleString('en-US')} votes.`,
      );
    }
    parts.push(preference(input));
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

import type { BattleSummary, VoteView } from '../../shared/battle-view.ts';
import type { SideTotals, VoteChoice } from '../../shared/protocol.ts';
import { formatMs, formatTokens, formatUsd } from './format.ts';

const CHOICE: Record<VoteChoice, string> = { a: 'A is better', b: 'B is better', tie: 'Tie', both_bad: 'Both are bad' };

/** "Voted: A is better" / "… (not counted)" / "Not voted yet". */
export function voteText(v: VoteView | null): string {
  if (!v) return 'Not voted yet';
  return `Voted: ${CHOICE[v.choice]}${v.countsForRatings ? '' : ' (not counted for ratings)'}`;
}

/** Who fought: the names once they may be shown, else that they are hidden until the vote. */
export function pairText(s: Pick<BattleSummary, 'sides'>): string {
  const { a, b } = s.sides;
  return a && b ? `${a.label} vs ${b.label}` : 'Models hidden until you vote';
}

/** One side's sums in a line: cost, output tokens, time. */
export function totalsText(t: SideTotals): string {
  return `${formatUsd(t.costUsd)} · ${formatTokens(t.outputTokens, t.estimated)} tokens out · ${formatMs(t.latencyMs)}`;
}

export const whenText = (ms: number) =>
  new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

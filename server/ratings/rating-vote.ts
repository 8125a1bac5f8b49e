import type { VoteChoice } from '../../shared/protocol.ts';

/**
 * One vote as the rating core sees it: who was on each side, what the voter
 * chose, and when (milliseconds or any monotonic clock; only the order matters,
 * and only to online Elo). Everything else about a battle is irrelevant here.
 *
 * Choice semantics used throughout server/ratings:
 *   'a'        A beat B (1 win for A)
 *   'b'        B beat A (1 win for B)
 *   'tie'      half a win each way
 *   'both_bad' half a win each way: it says nothing about which was better,
 *              exactly like a tie (LMArena treats it the same way).
 */
export interface RatingVote {
  modelA: string;
  modelB: string;
  choice: VoteChoice;
  tstamp: number;
}

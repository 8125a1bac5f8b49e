import type { PromptSetItem, PromptSetSummary, RunStatus, SetAnswer, SetRunSummary } from '../shared/prompt-set.ts';
import type { VoteChoice } from '../shared/protocol.ts';
import type { BattleRecord, ResponseRecord } from './battle-store.ts';

/** A review battle as opened for one reviewer: the battle (its sides in this reviewer's order), its prompt and both answers. */
export interface NewReview {
  battle: BattleRecord;
  prompt: string;
  responses: [ResponseRecord, ResponseRecord];
  runId: string;
  idx: number;
  /** The pair, its two model ids sorted and joined by a space: the same whoever is on side A. */
  pairKey: string;
  reviewer: string;
}

export interface ReviewRecord {
  battleId: string;
  runId: string;
  idx: number;
  pairKey: string;
  reviewer: string;
  voted: boolean;
}

/** A vote cast on a review battle of a set, with its battle's models: what the set's board counts. */
export interface SetVote {
  battleId: string;
  runId: string;
  idx: number;
  modelA: string;
  modelB: string;
  choice: VoteChoice;
  reviewer: string;
  createdAt: number;
  countsForRatings: boolean;
  voided: boolean;
}

/**
 * Prompt sets, their runs, the runs' answers and the review battles made of
 * them. A set version is written whole or not at all and never changes; an
 * answer is stored once per (run, prompt, model), decided by the database, so
 * a run resumed after a crash never stores one twice. A review battle is an
 * ordinary blind battle (battles, turns, responses) plus its `set_reviews`
 * row, all in one transaction: its vote is an ordinary vote, so it counts on
 * the arena's leaderboard and, through `set_reviews`, on the set's board.
 */
export interface SetStore {
  /** Writes the set as the next version of `name` (1 if new), with its items; resolves with what was written. */
  createSet(
    s: { id: string; name: string; createdBy: string; createdAt: number },
    items: readonly PromptSetItem[],
  ): Promise<PromptSetSummary>;
  /** Every set version, newest first. */
  sets(): Promise<PromptSetSummary[]>;
  getSet(id: string): Promise<PromptSetSummary | null>;
  items(setId: string): Promise<PromptSetItem[]>;
  createRun(r: SetRunSummary): Promise<void>;
  getRun(id: string): Promise<SetRunSummary | null>;
  /** A set's runs (every run without `setId`), newest first. */
  runs(setId?: string): Promise<SetRunSummary[]>;
  /** Marks a run done or cancelled (once: a finished run stays as it ended). */
  finishRun(id: string, status: Exclude<RunStatus, 'running'>, at: number): Promise<void>;
  /** 'duplicate' (and nothing written) when this run already has this model's answer to this prompt. */
  saveAnswer(a: SetAnswer): Promise<'saved' | 'duplicate'>;
  answers(runId: string): Promise<SetAnswer[]>;
  /** Which answers a run has, without their text: what a resumed run skips. */
  answerKeys(runId: string): Promise<{ idx: number; modelId: string; status: SetAnswer['status'] }[]>;
  /**
   * Writes the review battle whole, or, when this reviewer already has one for
   * this prompt and pair (two requests at once), nothing: resolves with the
   * battle id that stands.
   */
  openReview(r: NewReview): Promise<string>;
  /** A reviewer's review battles of a run, with whether each has a vote. */
  reviews(runId: string, reviewer: string): Promise<ReviewRecord[]>;
  reviewOf(battleId: string): Promise<ReviewRecord | null>;
  /** Every vote on the review battles of a set's runs, in vote order. */
  setVotes(setId: string): Promise<SetVote[]>;
}

import { z } from 'zod';
import { PromptSetItem, SetAnswer, type PromptSetSummary, type SetRunSummary } from '../shared/prompt-set.ts';
import type { VoteChoice } from '../shared/protocol.ts';
import { flag, num, type Row } from './row-readers.ts';
import type { ReviewRecord, SetVote } from './set-store.ts';

/** Rows of the prompt-set tables into records, for both backends (row-readers.ts says why every number goes through Number()). */

export const toSetSummary = (r: Row): PromptSetSummary => ({
  id: r.id as string,
  name: r.name as string,
  version: Number(r.version),
  items: Number(r.item_count),
  createdBy: r.created_by as string,
  createdAt: Number(r.created_at),
});

const Tags = z.array(z.string());

/** Items were checked when imported; a row that no longer parses (a hand edit) reads as an item without tags rather than failing the set. */
export const toItem = (r: Row): PromptSetItem => {
  let tags: string[] = [];
  try {
    const parsed = Tags.safeParse(JSON.parse(r.tags as string));
    if (parsed.success) tags = parsed.data;
  } catch {
    // no tags
  }
  return PromptSetItem.parse({
    prompt: r.prompt,
    ...(r.system_prompt !== null ? { system: r.system_prompt } : {}),
    tags,
    ...(r.notes !== null ? { notes: r.notes } : {}),
  });
};

const Models = z.array(z.string());

export const toRun = (r: Row): SetRunSummary => ({
  id: r.id as string,
  setId: r.set_id as string,
  models: Models.parse(JSON.parse(r.models as string)),
  concurrency: Number(r.concurrency),
  status: r.status as SetRunSummary['status'],
  createdBy: r.created_by as string,
  createdAt: Number(r.created_at),
  finishedAt: num(r.finished_at),
});

/** The answer's JSON record, parsed like any input; null (left out) when it does not parse. */
export function toAnswer(r: Row): SetAnswer | null {
  try {
    const parsed = SetAnswer.safeParse(JSON.parse(r.record as string));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const answerRecord = (a: SetAnswer): string => JSON.stringify(a);

export const toReview = (r: Row): ReviewRecord => ({
  battleId: r.battle_id as string,
  runId: r.run_id as string,
  idx: Number(r.idx),
  pairKey: r.pair_key as string,
  reviewer: r.reviewer as string,
  voted: flag(r.voted),
});

export const toSetVote = (r: Row): SetVote => ({
  battleId: r.battle_id as string,
  runId: r.run_id as string,
  idx: Number(r.idx),
  modelA: r.model_a as string,
  modelB: r.model_b as string,
  choice: r.choice as VoteChoice,
  reviewer: r.reviewer as string,
  createdAt: Number(r.created_at),
  countsForRatings: flag(r.counts_for_ratings),
  voided: flag(r.voided),
});

export const SET_VOTES_SQL = `SELECT sr.battle_id, sr.run_id, sr.idx, sr.reviewer, b.model_a, b.model_b, v.choice, v.created_at,
    v.counts_for_ratings,
    EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
            AND NOT EXISTS (SELECT 1 FROM void_reversals rv WHERE rv.void_id = vv.void_id)) AS voided
  FROM set_reviews sr JOIN set_runs r ON r.id = sr.run_id JOIN battles b ON b.id = sr.battle_id
  JOIN votes v ON v.battle_id = sr.battle_id`;

export const REVIEWS_SQL = `SELECT sr.*, EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = sr.battle_id) AS voted FROM set_reviews sr`;

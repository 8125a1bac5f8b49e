import { AlreadyVotedError, type BattleStore, type RatedVote, type ResponseRecord } from '../../db/battle-store.ts';
import type { SetStore } from '../../db/set-store.ts';
import type { NextReview, SetAnswer, SetRunSummary } from '../../shared/prompt-set.ts';
import type { Side, VoteChoice } from '../../shared/protocol.ts';
import { newBattleId } from '../arena/session-ids.ts';
import { identityTerms, selfIdentification } from '../arena/self-identification.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';

/** Who reviews: `key` tells reviewers apart (a user, or a local session); the battle belongs to `sessionHash`. */
export interface Reviewer {
  key: string;
  sessionHash: string;
  userId: string | null;
}

export interface ReviewDeps {
  sets: SetStore;
  battles: BattleStore;
  catalog: ModelCatalog;
  /** A vote was stored: the arena's leaderboard counts it like a live one. */
  onVote?: (v: RatedVote) => void;
  random?: () => number;
}

/** Every pair of `models`, each pair once, in list order. */
export function pairsOf(models: readonly string[]): [string, string][] {
  return models.flatMap((a, i) => models.slice(i + 1).map((b): [string, string] => [a, b]));
}

export const pairKey = (x: string, y: string) => [x, y].sort().join(' ');

/** The (prompt, pair) units a run offers for review: both answers finished (a failed answer says nothing about quality). */
function reviewable(run: SetRunSummary, answers: readonly SetAnswer[]): { idx: number; pair: [string, string]; key: string }[] {
  const finished = new Map(answers.filter((a) => a.status === 'finished').map((a) => [`${a.idx} ${a.modelId}`, a]));
  const idxs = [...new Set(answers.map((a) => a.idx))].sort((a, b) => a - b);
  return idxs.flatMap((idx) =>
    pairsOf(run.models)
      .filter(([x, y]) => finished.has(`${idx} ${x}`) && finished.has(`${idx} ${y}`))
      .map((pair) => ({ idx, pair, key: pairKey(...pair) })),
  );
}

/**
 * The reviewer's next pair: the one they opened and have not voted on, else
 * the first (prompt, pair) they have no review battle for, made into one now:
 * an ordinary blind battle of their own, sides drawn at random for them, the
 * stored answers copied in. Each reviewer gets their own battle per prompt and
 * pair, so the database's one-vote-per-battle rule holds while several
 * reviewers judge the same answers, none of them seeing another's vote.
 */
export async function nextReview(deps: ReviewDeps, run: SetRunSummary, who: Reviewer): Promise<NextReview> {
  const [answers, mine] = await Promise.all([deps.sets.answers(run.id), deps.sets.reviews(run.id, who.key)]);
  const units = reviewable(run, answers);
  const voted = mine.filter((r) => r.voted).length;
  const position = { voted, total: units.length };
  const open = mine.find((r) => !r.voted);
  let battleId = open?.battleId;
  if (!battleId) {
    const had = new Set(mine.map((r) => `${r.idx} ${r.pairKey}`));
    const unit = units.find((u) => !had.has(`${u.idx} ${u.key}`));
    if (!unit) return { item: null, ...position };
    battleId = await openReview(deps, run, who, unit, answers);
  }
  const d = await deps.battles.getBattle(battleId);
  if (!d) return { item: null, ...position };
  const textOf = (side: Side) => d.responses.find((r) => r.side === side)?.text ?? '';
  const idx = (await deps.sets.reviewOf(battleId))?.idx ?? 0;
  const item = (await deps.sets.items(run.setId))[idx];
  return {
    item: {
      battleId,
      prompt: d.turns[0]?.prompt ?? '',
      system: item?.system ?? null,
      answers: { a: textOf('a'), b: textOf('b') },
      position,
    },
    ...position,
  };
}

async function openReview(
  deps: ReviewDeps,
  run: SetRunSummary,
  who: Reviewer,
  unit: { idx: number; pair: [string, string]; key: string },
  answers: readonly SetAnswer[],
): Promise<string> {
  const random = deps.random ?? Math.random;
  const [x, y] = unit.pair;
  const [modelA, modelB] = random() < 0.5 ? [x, y] : [y, x];
  const answerOf = (m: string) => answers.find((a) => a.idx === unit.idx && a.modelId === m)!;
  const item = (await deps.sets.items(run.setId))[unit.idx]!;
  const id = newBattleId();
  const createdAt = Date.now();
  const response = (side: Side, m: string): ResponseRecord => {
    const a = answerOf(m);
    return {
      battleId: id,
      turn: 0,
      side,
      modelId: m,
      text: a.text,
      status: a.status,
      finishReason: a.finishReason,
      error: a.error,
      metrics: a.metrics,
      endedAt: a.endedAt,
    };
  };
  return deps.sets.openReview({
    battle: {
      id,
      sessionHash: who.sessionHash,
      mode: 'blind',
      modelA,
      modelB,
      createdAt,
      flagged: selfNamed(deps.catalog, modelA, modelB, answerOf),
    },
    prompt: item.prompt,
    responses: [response('a', modelA), response('b', modelB)],
    runId: run.id,
    idx: unit.idx,
    pairKey: unit.key,
    reviewer: who.key,
  });
}

/** A blind answer that names its own model or maker is no longer blind: flagged, as in the arena (its vote then leaves blind ratings). */
function selfNamed(catalog: ModelCatalog, a: string, b: string, answerOf: (m: string) => SetAnswer): string | null {
  for (const [side, m] of [['A', a] as const, ['B', b] as const]) {
    const spec = catalog.get(m)?.spec;
    const term = spec ? selfIdentification(answerOf(m).text, identityTerms(spec)) : null;
    if (term) return `side ${side} named itself ("${term}")`;
  }
  return null;
}

export type ReviewVoteResult = { ok: true; models: { a: string; b: string } } | { ok: false; status: 404 | 409; error: string };

/** Records a reviewer's vote on their own review battle; another reviewer's battle is "not found", as if it did not exist. */
export async function voteReview(deps: ReviewDeps, battleId: string, who: Reviewer, choice: VoteChoice): Promise<ReviewVoteResult> {
  const review = await deps.sets.reviewOf(battleId);
  const battle = review && review.reviewer === who.key ? await deps.battles.getBattleRecord(battleId) : null;
  if (!review || !battle) return { ok: false, status: 404, error: 'No such review' };
  const createdAt = Date.now();
  try {
    await deps.battles.recordVote({
      battleId,
      choice,
      sessionHash: who.sessionHash,
      createdAt,
      decisionMs: null,
      // Review battles are opened only from two finished answers.
      countsForRatings: true,
      userId: who.userId,
      addressHash: null,
      addressPrefixes: [],
    });
  } catch (e) {
    if (e instanceof AlreadyVotedError) return { ok: false, status: 409, error: 'This pair already has your vote' };
    throw e;
  }
  deps.onVote?.({
    battleId,
    mode: 'blind',
    modelA: battle.modelA,
    modelB: battle.modelB,
    choice,
    tstamp: createdAt,
    countsForRatings: true,
    flagged: battle.flagged,
    voided: false,
  });
  return { ok: true, models: { a: battle.modelA, b: battle.modelB } };
}

import { batch } from '@preact/signals';
import type { AnswerView, BattleView } from '../../shared/battle-view.ts';
import { SIDES, type Side } from '../../shared/protocol.ts';
import { createTurnState, type ArenaState, type NotCountedReason, type SideState, type TurnState, type VoteResult } from './arena-state.ts';

/**
 * A stored battle (`/api/battles/:id`) as arena state: the page after a
 * reload, a battle reopened from the history, and the read-only views all
 * show the same panes. Deterministic, like the reducer.
 */

/** What a side shows when the server holds no answer for it (the page closed before it was stored). */
const INTERRUPTED = { kind: 'network', message: 'This answer was interrupted before it was stored.' } as const;

function fillSide(s: SideState, answer: AnswerView | null): void {
  if (!answer) {
    s.phase.value = 'cancelled';
    s.error.value = INTERRUPTED;
    return;
  }
  s.text.value = answer.text;
  s.phase.value = answer.status;
  s.metrics.value = answer.metrics;
  s.finishReason.value = answer.finishReason;
  s.error.value = answer.error;
}

export function turnsFromView(view: BattleView): TurnState[] {
  return view.turns.map((t) => {
    const turn = createTurnState(view.id, t.turn, t.prompt);
    for (const side of SIDES) fillSide(turn.sides[side], t.answers[side]);
    turn.ended.value = true;
    return turn;
  });
}

/** The reveal a vote gave, rebuilt from the stored battle: names, the latest turn's figures, the totals. */
export function voteFromView(view: BattleView): VoteResult | null {
  const v = view.vote;
  const last = view.turns[view.turns.length - 1];
  const a = view.sides.a;
  const b = view.sides.b;
  if (!v || !a || !b) return null;
  const revealed = (side: Side, id: typeof a) => {
    const answer = last?.answers[side] ?? null;
    return {
      ...id,
      metrics: answer?.metrics ?? null,
      finishReason: answer?.finishReason ?? null,
      error: answer?.error ?? null,
      ...(view.totals ? { totals: view.totals[side] } : {}),
    };
  };
  const unfinished = SIDES.some((s) => last?.answers[s]?.status !== 'finished');
  const because: NotCountedReason | undefined = v.countsForRatings ? undefined : unfinished ? 'side_not_finished' : 'same_model';
  return {
    choice: v.choice,
    countsForRatings: v.countsForRatings,
    notCountedBecause: because,
    turn: last?.turn,
    reveal: { a: revealed('a', a), b: revealed('b', b) },
  };
}

/** Whether every side of the latest turn has an answer on record (a reload mid-answer may be a moment early). */
export function latestTurnStored(view: BattleView): boolean {
  const last = view.turns[view.turns.length - 1];
  return last !== undefined && SIDES.every((s) => last.answers[s] !== null);
}

/** A local event: the arena shows this stored battle, ready for a vote, a retry or a follow-up when it has no vote yet. */
export function restoreBattle(state: ArenaState, view: BattleView): void {
  batch(() => {
    state.battle.value = { battleId: view.id, mode: view.mode, sides: { a: view.sides.a, b: view.sides.b }, settings: view.settings };
    state.turns.value = turnsFromView(view);
    state.vote.value = voteFromView(view);
    state.votable.value = view.vote === null && !view.readOnly && view.turns.length > 0;
    state.pending.value = null;
    state.notice.value = null;
  });
}

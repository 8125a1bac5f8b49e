import { WINNER_OF_CHOICE, type CleanBattle } from '../../shared/clean-battle.ts';
import type { Side } from '../../shared/protocol.ts';
import type { BattleWithDetails } from '../../db/battle-store.ts';

/** A stored battle as one clean-battle record. Null when it has no vote (a clean battle is a judged one). */
export function toCleanBattle(d: BattleWithDetails): CleanBattle | null {
  if (!d.vote) return null;
  const responseOf = (turn: number, side: Side) => d.responses.find((r) => r.turn === turn && r.side === side);
  // A battle imported as a bare vote has no text at all: it goes out as it came in, without conversations.
  const voteOnly = d.responses.length === 0 && d.turns.every((t) => t.prompt === '');
  const conversation = (side: Side) =>
    voteOnly
      ? null
      : d.turns.flatMap((t) => {
          const answer = responseOf(t.turn, side);
          return [{ role: 'user' as const, content: t.prompt }, ...(answer ? [{ role: 'assistant' as const, content: answer.text }] : [])];
        });
  return {
    question_id: d.battle.id,
    model_a: d.battle.modelA,
    model_b: d.battle.modelB,
    winner: WINNER_OF_CHOICE[d.vote.choice],
    judge: 'versus_user',
    conversation_a: conversation('a'),
    conversation_b: conversation('b'),
    turn: d.turns.length,
    anony: d.battle.mode === 'blind',
    tstamp: d.vote.createdAt / 1000,
    versus: {
      battle_id: d.battle.id,
      mode: d.battle.mode,
      counts_for_ratings: d.vote.countsForRatings,
      flagged: d.battle.flagged,
      decision_ms: d.vote.decisionMs,
      measurements: d.turns.map((t) => ({ a: responseOf(t.turn, 'a')?.metrics ?? null, b: responseOf(t.turn, 'b')?.metrics ?? null })),
      status: d.turns.map((t) => ({ a: responseOf(t.turn, 'a')?.status ?? null, b: responseOf(t.turn, 'b')?.status ?? null })),
      ...(d.battle.settings ? { settings: d.battle.settings } : {}),
      ...(d.voided ? { voided: { reason: d.voided.reason, at: d.voided.at / 1000 } } : {}),
    },
  };
}

import { SIDES, type Side } from '../../shared/protocol.ts';
import type { BattleWithDetails } from '../../db/battle-store.ts';
import type { ChatMessage } from '../providers/types.ts';
import { NO_ANSWER, type Battle, type Phase, type SideResult } from './battle.ts';
import { addToTotals, NO_TOTALS } from './side-totals.ts';

/**
 * A stored battle as the rules see it (after a reconnect or a restart), so it
 * can take a vote or a follow-up. A latest turn that lacks an answer on a side
 * was never saved (the disk was full, or the process died mid-stream): such a
 * battle is `unsaved`, as it would have been had this process seen it fail.
 */
export function restoreBattle(d: BattleWithDetails): Battle {
  const history: Record<Side, ChatMessage[]> = { a: [], b: [] };
  const outcomes: Partial<Record<Side, SideResult>> = {};
  const last = d.turns.length - 1;
  for (const t of d.turns) {
    for (const side of SIDES) {
      const r = d.responses.find((x) => x.turn === t.turn && x.side === side);
      history[side].push({ role: 'user', content: t.prompt }, { role: 'assistant', content: r?.text || NO_ANSWER });
      if (t.turn === last && r) {
        outcomes[side] = { status: r.status, text: r.text, finishReason: r.finishReason, error: r.error, metrics: r.metrics, saved: true };
      }
    }
  }
  const totals = { a: NO_TOTALS, b: NO_TOTALS };
  for (const r of d.responses) totals[r.side] = addToTotals(totals[r.side], r.metrics);
  const phase: Phase = d.vote ? 'voted' : outcomes.a && outcomes.b ? 'ended' : 'unsaved';
  const { battle } = d;
  return {
    id: battle.id,
    sessionHash: battle.sessionHash,
    mode: battle.mode,
    models: { a: battle.modelA, b: battle.modelB },
    settings: battle.settings ?? { a: {}, b: {} },
    createdAt: battle.createdAt,
    flagged: battle.flagged,
    phase,
    turn: Math.max(last, 0),
    history,
    outcomes,
    endedAt: null,
    totals,
  };
}

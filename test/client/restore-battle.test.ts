import { describe, expect, it } from 'vitest';
import type { BattleView } from '../../shared/battle-view.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import {
  applyConnectionStatus,
  applyServerMessage,
  createArenaState,
  markRetryRequested,
  markStartRequested,
} from '../../client/lib/arena-state.ts';
import { CURRENT_BATTLE_KEY, rememberCurrentBattle, restoreCurrentBattle } from '../../client/lib/current-battle.ts';
import { ApiRequestError } from '../../client/lib/api.ts';
import { restoreBattle, voteFromView } from '../../client/lib/restore-battle.ts';
import { ServerMessage } from '../../shared/protocol.ts';

const ID = 'battle_0123456789abcdef';
const metrics = (over: Partial<SideMetrics> = {}): SideMetrics => ({
  ttftMs: 120,
  latencyMs: 900,
  decodeMs: 700,
  outputTokensPerSecond: 30,
  inputTokens: 12,
  outputTokens: 22,
  cachedInputTokens: null,
  costUsd: 0.001,
  estimated: { inputTokens: false, outputTokens: false },
  ...over,
});
const answer = (text: string, status: 'finished' | 'error' = 'finished') => ({
  text,
  status,
  finishReason: status === 'finished' ? { unified: 'stop' as const } : null,
  error: status === 'error' ? { kind: 'server' as const, message: 'boom' } : null,
  metrics: metrics(),
});
const alpha = { modelId: 'alpha', label: 'Alpha', organisation: 'A' };

function view(over: Partial<BattleView> = {}): BattleView {
  return {
    id: ID,
    mode: 'named',
    createdAt: 1,
    sides: { a: alpha, b: alpha },
    settings: { a: { temperature: 0.2 }, b: { temperature: 1.4 } },
    turns: [
      { turn: 0, prompt: 'First?', answers: { a: answer('one'), b: answer('two') } },
      { turn: 1, prompt: 'Second?', answers: { a: answer('three'), b: answer('', 'error') } },
    ],
    totals: null,
    vote: null,
    readOnly: false,
    shared: false,
    ...over,
  };
}

describe('restoreBattle', () => {
  it('shows a stored battle as it was: turns, texts, phases, settings; votable when unvoted', () => {
    const s = createArenaState();
    applyConnectionStatus(s, 'open');
    restoreBattle(s, view());
    expect(s.battle.value).toEqual({
      battleId: ID,
      mode: 'named',
      sides: { a: alpha, b: alpha },
      settings: { a: { temperature: 0.2 }, b: { temperature: 1.4 } },
    });
    expect(s.turns.value.map((t) => t.prompt)).toEqual(['First?', 'Second?']);
    const last = s.currentTurn.value!;
    expect(last.sides.a.text.value).toBe('three');
    expect(last.sides.b.phase.value).toBe('error');
    expect(s.canVote.value).toBe(true);
    // Said before the vote: the failed side keeps this vote out of the ratings.
    expect(s.voteCaveat.value).toBe('side_not_finished');
  });

  it('rebuilds the reveal of a voted battle, with the reason it did not count', () => {
    const v = view({ vote: { choice: 'a', countsForRatings: false, at: 2 }, turns: [view().turns[0]!] });
    const vote = voteFromView(v)!;
    expect(vote.choice).toBe('a');
    expect(vote.notCountedBecause).toBe('same_model');
    expect(vote.reveal.a.label).toBe('Alpha');
    expect(vote.turn).toBe(0);
    const s = createArenaState();
    restoreBattle(s, v);
    expect(s.canVote.value).toBe(false);
    expect(s.identities.value.a?.label).toBe('Alpha');
  });

  it('a side the server never stored shows as interrupted, not as running', () => {
    const s = createArenaState();
    restoreBattle(s, view({ turns: [{ turn: 0, prompt: 'x', answers: { a: answer('ok'), b: null } }] }));
    expect(s.currentTurn.value!.sides.b.phase.value).toBe('cancelled');
    expect(s.running.value).toBe(false);
  });
});

describe('the current battle survives a reload', () => {
  const storage = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
      m,
    };
  };

  it('keeps the id while a battle is on screen, without forgetting it on the empty first render', () => {
    const st = storage();
    st.setItem(CURRENT_BATTLE_KEY, 'from-before');
    const s = createArenaState();
    const dispose = rememberCurrentBattle(s, st);
    expect(st.getItem(CURRENT_BATTLE_KEY)).toBe('from-before');
    restoreBattle(s, view());
    expect(st.getItem(CURRENT_BATTLE_KEY)).toBe(ID);
    s.battle.value = null;
    expect(st.getItem(CURRENT_BATTLE_KEY)).toBeNull();
    dispose();
  });

  it('restores from the server, and forgets a battle that is gone', async () => {
    const st = storage();
    st.setItem(CURRENT_BATTLE_KEY, ID);
    const s = createArenaState();
    await restoreCurrentBattle(s, st, () => Promise.resolve(view()));
    expect(s.battle.value?.battleId).toBe(ID);

    const gone = createArenaState();
    await restoreCurrentBattle(gone, st, () => Promise.reject(new ApiRequestError('No such battle', 404)));
    expect(gone.battle.value).toBeNull();
    expect(st.getItem(CURRENT_BATTLE_KEY)).toBeNull();
  });

  it('does not replace a battle the page started meanwhile', async () => {
    const st = storage();
    st.setItem(CURRENT_BATTLE_KEY, ID);
    const s = createArenaState();
    markStartRequested(s, 'r1', 'new one');
    await restoreCurrentBattle(s, st, () => Promise.resolve(view()));
    expect(s.battle.value).toBeNull();
  });
});

describe('retry in the reducer', () => {
  it('clears the pending retry when the server says the side runs again', () => {
    const s = createArenaState();
    applyConnectionStatus(s, 'open');
    restoreBattle(s, view());
    markRetryRequested(s, 'rr', 'b');
    expect(s.canVote.value).toBe(false);
    applyServerMessage(s, ServerMessage.parse({ type: 'side-retried', requestId: 'rr', battleId: ID, turn: 1, side: 'b' }));
    expect(s.pending.value).toBeNull();
    expect(s.currentTurn.value!.sides.b.phase.value).toBe('waiting');
    // The failed side runs again; what is left is the same model on both sides.
    expect(s.voteCaveat.value).toBe('same_model');
  });
});

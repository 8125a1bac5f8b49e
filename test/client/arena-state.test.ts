import { effect } from '@preact/signals';
import { describe, expect, it } from 'vitest';
import type { SideMetrics } from '../../shared/metrics.ts';
import { ServerMessage, type ServerMessageOf } from '../../shared/protocol.ts';
import {
  applyConnectionStatus,
  applyServerMessage,
  createArenaState,
  markStartRequested,
  markStopRequested,
  markVoteRequested,
  resetBattle,
  type ArenaState,
} from '../../client/lib/arena-state.ts';

const BATTLE = 'battle_0123456789abcdef';
const OTHER = 'battle_fedcba9876543210';

const metrics = (over: Partial<SideMetrics> = {}): SideMetrics => ({
  ttftMs: 120,
  latencyMs: 900,
  decodeMs: 700,
  outputTokensPerSecond: 30,
  inputTokens: 12,
  outputTokens: 22,
  cachedInputTokens: null,
  costUsd: null,
  estimated: { inputTokens: false, outputTokens: false },
  ...over,
});

/** Every message in these tests goes through the protocol schema first, like the socket does. */
function apply(state: ArenaState, msg: unknown) {
  applyServerMessage(state, ServerMessage.parse(msg));
}

function started(state: ArenaState, requestId = 'r1', mode: 'blind' | 'named' = 'blind') {
  if (state.connection.peek() !== 'open') applyConnectionStatus(state, 'open');
  markStartRequested(state, requestId, 'Hello?');
  apply(state, {
    type: 'battle-started',
    requestId,
    battleId: BATTLE,
    mode,
    sides:
      mode === 'blind'
        ? { a: null, b: null }
        : { a: { modelId: 'm1', label: 'M1', organisation: 'O1' }, b: { modelId: 'm2', label: 'M2', organisation: 'O2' } },
  });
  apply(state, { type: 'turn-started', requestId, battleId: BATTLE, turn: 0, prompt: 'Hello?' });
}

const delta = (side: 'a' | 'b', text: string, turn = 0, battleId = BATTLE) => ({ type: 'delta', battleId, turn, side, text });
const ended = (side: 'a' | 'b', over: Partial<ServerMessageOf<'side-ended'>> = {}) => ({
  type: 'side-ended',
  battleId: BATTLE,
  turn: 0,
  side,
  status: 'finished',
  finishReason: { unified: 'stop' },
  error: null,
  metrics: metrics(),
  ...over,
});

describe('applyServerMessage', () => {
  it('hello sets the limits', () => {
    const s = createArenaState();
    apply(s, { type: 'hello', protocol: 1, limits: { promptChars: 100, frameBytes: 1000, turnsPerBattle: 3 } });
    expect(s.limits.value).toEqual({ promptChars: 100, frameBytes: 1000, turnsPerBattle: 3 });
  });

  it('runs a battle: start, stream, end, votable, vote, reveal', () => {
    const s = createArenaState();
    started(s);
    expect(s.pending.value).toBeNull();
    expect(s.battle.value?.battleId).toBe(BATTLE);
    expect(s.turns.value).toHaveLength(1);
    const turn = s.currentTurn.value!;
    expect(turn.prompt).toBe('Hello?');
    expect(turn.sides.a.phase.value).toBe('waiting');
    expect(s.running.value).toBe(true);

    apply(s, delta('a', 'Hel'));
    apply(s, delta('a', 'lo'));
    apply(s, delta('b', 'Hi'));
    expect(turn.sides.a.text.value).toBe('Hello');
    expect(turn.sides.a.phase.value).toBe('streaming');
    expect(turn.sides.b.text.value).toBe('Hi');

    apply(s, {
      type: 'live',
      battleId: BATTLE,
      turn: 0,
      side: 'a',
      ttftMs: 100,
      elapsedMs: 300,
      outputTokensEstimate: 2,
      tokensPerSecondEstimate: 10,
    });
    expect(turn.sides.a.live.value).toEqual({ ttftMs: 100, elapsedMs: 300, outputTokensEstimate: 2, tokensPerSecondEstimate: 10 });

    apply(s, ended('a'));
    expect(turn.sides.a.phase.value).toBe('finished');
    expect(turn.sides.a.metrics.value?.outputTokens).toBe(22);
    expect(s.running.value).toBe(true);
    expect(s.canVote.value).toBe(false);

    apply(s, ended('b'));
    expect(s.running.value).toBe(false);
    // Both sides ended, but the vote opens with the server's turn-ended.
    expect(s.canVote.value).toBe(false);
    apply(s, { type: 'turn-ended', battleId: BATTLE, turn: 0, votable: true });
    expect(turn.ended.value).toBe(true);
    expect(s.canVote.value).toBe(true);

    markVoteRequested(s, 'r2', 'a');
    expect(s.canVote.value).toBe(false);
    apply(s, {
      type: 'vote-recorded',
      requestId: 'r2',
      battleId: BATTLE,
      choice: 'a',
      countsForRatings: true,
      reveal: {
        a: { modelId: 'm1', label: 'Model One', organisation: 'Org 1', metrics: metrics({ costUsd: 0.001 }) },
        b: { modelId: 'm2', label: 'Model Two', organisation: 'Org 2', metrics: metrics({ costUsd: 0.002 }) },
      },
    });
    expect(s.pending.value).toBeNull();
    expect(s.vote.value?.choice).toBe('a');
    expect(s.identities.value.a?.label).toBe('Model One');
    expect(s.identities.value.b?.label).toBe('Model Two');
    expect(s.canVote.value).toBe(false);
    expect(s.canFollowUp.value).toBe(false);
  });

  it('a token updates only that side’s text signal', () => {
    const s = createArenaState();
    started(s);
    const turn = s.currentTurn.value!;
    const seen: string[] = [];
    let phaseRuns = 0;
    let turnsRuns = 0;
    const d1 = effect(() => void seen.push(turn.sides.a.text.value));
    const d2 = effect(() => void (turn.sides.b.text.value, phaseRuns++));
    const d3 = effect(() => void (s.turns.value, turnsRuns++));
    apply(s, delta('a', 'x'));
    apply(s, delta('a', 'y'));
    apply(s, delta('a', 'z'));
    d1();
    d2();
    d3();
    expect(seen).toEqual(['', 'x', 'xy', 'xyz']);
    expect(phaseRuns).toBe(1);
    expect(turnsRuns).toBe(1);
  });

  it('keeps names hidden in blind mode until the vote, shows them in named mode', () => {
    const blind = createArenaState();
    started(blind, 'r1', 'blind');
    expect(blind.identities.value).toEqual({ a: null, b: null });
    const named = createArenaState();
    started(named, 'r1', 'named');
    expect(named.identities.value.a?.label).toBe('M1');
  });

  it('ignores messages for other battles, other turns, and stale start replies', () => {
    const s = createArenaState();
    markStartRequested(s, 'r-new', 'p');
    apply(s, { type: 'battle-started', requestId: 'r-old', battleId: OTHER, mode: 'blind', sides: { a: null, b: null } });
    expect(s.battle.value).toBeNull();
    expect(s.pending.value?.requestId).toBe('r-new');

    apply(s, { type: 'battle-started', requestId: 'r-new', battleId: BATTLE, mode: 'blind', sides: { a: null, b: null } });
    apply(s, { type: 'turn-started', battleId: BATTLE, turn: 0, prompt: 'p' });
    apply(s, delta('a', 'mine'));
    apply(s, delta('a', 'not mine', 0, OTHER));
    apply(s, delta('a', 'no such turn', 5));
    apply(s, { type: 'turn-started', battleId: OTHER, turn: 0, prompt: 'other' });
    apply(s, { type: 'turn-started', battleId: BATTLE, turn: 0, prompt: 'duplicate' });
    expect(s.turns.value).toHaveLength(1);
    expect(s.currentTurn.value!.sides.a.text.value).toBe('mine');
  });

  it('drops late deltas after a side ended', () => {
    const s = createArenaState();
    started(s);
    apply(s, delta('a', 'done'));
    apply(s, ended('a', { status: 'cancelled' }));
    apply(s, delta('a', ' late'));
    expect(s.currentTurn.value!.sides.a.text.value).toBe('done');
    expect(s.currentTurn.value!.sides.a.phase.value).toBe('cancelled');
  });

  it('an error on one side leaves the other streaming', () => {
    const s = createArenaState();
    started(s);
    apply(s, delta('b', 'fine so far'));
    apply(
      s,
      ended('a', {
        status: 'error',
        finishReason: null,
        error: { kind: 'rate_limit', message: 'Slow down', status: 429, retryAfterMs: 7000 },
      }),
    );
    const t = s.currentTurn.value!;
    expect(t.sides.a.phase.value).toBe('error');
    expect(t.sides.a.error.value?.retryAfterMs).toBe(7000);
    expect(t.sides.b.phase.value).toBe('streaming');
    apply(s, delta('b', '!'));
    expect(t.sides.b.text.value).toBe('fine so far!');
    expect(s.running.value).toBe(true);
  });

  it('stop marks the running sides as stopping until the server ends them', () => {
    const s = createArenaState();
    started(s);
    apply(s, ended('b'));
    markStopRequested(s);
    const t = s.currentTurn.value!;
    expect(t.sides.a.stopping.value).toBe(true);
    expect(t.sides.b.stopping.value).toBe(false);
    apply(s, ended('a', { status: 'cancelled', finishReason: null }));
    expect(t.sides.a.stopping.value).toBe(false);
  });

  it('follow-up turns append, and the vote waits for the latest turn', () => {
    const s = createArenaState();
    started(s);
    apply(s, ended('a'));
    apply(s, ended('b'));
    apply(s, { type: 'turn-ended', battleId: BATTLE, turn: 0, votable: true });
    expect(s.canFollowUp.value).toBe(true);
    apply(s, { type: 'turn-started', battleId: BATTLE, turn: 1, prompt: 'And then?' });
    expect(s.turns.value.map((t) => t.turn)).toEqual([0, 1]);
    expect(s.canVote.value).toBe(false);
    expect(s.canFollowUp.value).toBe(false);
    apply(s, { ...delta('a', 'more', 1) });
    expect(s.turns.value[1]!.sides.a.text.value).toBe('more');
    expect(s.turns.value[0]!.sides.a.text.value).toBe('');
  });

  it('a server error for the pending request clears it and shows a notice', () => {
    const s = createArenaState();
    markStartRequested(s, 'r9', 'p');
    apply(s, { type: 'error', requestId: 'r9', code: 'no_models', message: 'A blind battle needs two available models' });
    expect(s.pending.value).toBeNull();
    expect(s.notice.value).toEqual({ code: 'no_models', message: 'A blind battle needs two available models' });
    // A reply to a request this page no longer waits for is not shown.
    apply(s, { type: 'error', requestId: 'r-unknown', code: 'busy', message: 'old' });
    expect(s.notice.value?.code).toBe('no_models');
  });

  it('already_voted closes the vote', () => {
    const s = createArenaState();
    started(s);
    apply(s, ended('a'));
    apply(s, ended('b'));
    apply(s, { type: 'turn-ended', battleId: BATTLE, turn: 0, votable: true });
    markVoteRequested(s, 'rv', 'tie');
    apply(s, { type: 'error', requestId: 'rv', battleId: BATTLE, code: 'already_voted', message: 'This battle already has a vote' });
    expect(s.votable.value).toBe(false);
    expect(s.canVote.value).toBe(false);
  });

  it('a lost connection stops running sides and keeps the battle votable after reconnecting', () => {
    const s = createArenaState();
    started(s);
    apply(s, delta('a', 'partial'));
    apply(s, ended('b'));
    applyConnectionStatus(s, 'reconnecting');
    const t = s.currentTurn.value!;
    expect(t.sides.a.phase.value).toBe('cancelled');
    expect(t.sides.a.error.value?.kind).toBe('network');
    expect(t.sides.b.phase.value).toBe('finished');
    expect(t.ended.value).toBe(true);
    expect(s.notice.value?.code).toBe('connection');
    expect(s.canVote.value).toBe(false); // not while disconnected
    applyConnectionStatus(s, 'open');
    expect(s.canVote.value).toBe(true);
    expect(s.notice.value).toBeNull();
    expect(s.canFollowUp.value).toBe(true);
  });

  it('resetBattle returns to the composer', () => {
    const s = createArenaState();
    started(s);
    resetBattle(s);
    expect(s.battle.value).toBeNull();
    expect(s.turns.value).toEqual([]);
    expect(s.currentTurn.value).toBeNull();
    // Messages for the forgotten battle are ignored.
    apply(s, delta('a', 'late'));
    expect(s.turns.value).toEqual([]);
  });
});

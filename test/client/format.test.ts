import { describe, expect, it } from 'vitest';
import { voteForKey } from '../../client/components/vote-bar.tsx';
import { createArenaController } from '../../client/lib/arena-controller.ts';
import { applyServerMessage, createArenaState } from '../../client/lib/arena-state.ts';
import { describeError, formatMs, formatTokens, formatTokensPerSecond, formatUsd, formatWait } from '../../client/lib/format.ts';
import { routeOf } from '../../client/lib/router.ts';
import type { ClientMessage } from '../../shared/protocol.ts';

describe('format', () => {
  it('formats times, speeds, tokens and cost with units; unknown is a dash', () => {
    expect(formatMs(null)).toBe('—');
    expect(formatMs(42.4)).toBe('42 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatMs(12_345)).toBe('12.3 s');
    expect(formatMs(125_000)).toBe('2 min 5 s');
    expect(formatTokensPerSecond(null)).toBe('—');
    expect(formatTokensPerSecond(42.345)).toBe('42.3 tok/s');
    expect(formatTokensPerSecond(123.6)).toBe('124 tok/s');
    expect(formatTokens(1234)).toBe('1,234');
    expect(formatTokens(12, true)).toBe('≈12');
    expect(formatTokens(null, true)).toBe('—');
    expect(formatUsd(null)).toBe('—');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(0.0000001)).toBe('<$0.000001');
    expect(formatUsd(0.0000612)).toBe('$0.000061');
    expect(formatUsd(0.00001)).toBe('$0.000010');
    expect(formatUsd(0.00123)).toBe('$0.0012');
    expect(formatUsd(0.0099)).toBe('$0.0099');
    expect(formatUsd(0.5)).toBe('$0.500');
    expect(formatUsd(12.3)).toBe('$12.30');
  });

  it('describes provider errors, with the retry time for rate limits', () => {
    const v = describeError({ kind: 'rate_limit', message: 'Rate limit reached', status: 429, retryAfterMs: 7000 });
    expect(v.title).toBe('Rate limited (HTTP 429)');
    expect(v.retry).toBe('Retry in 7 s.');
    expect(describeError({ kind: 'auth', message: 'bad key', status: 401 }).hint).toMatch(/API key/);
    expect(describeError({ kind: 'timeout', message: 'no answer' }).retry).toBeNull();
    expect(formatWait(300)).toBe('less than a second');
    expect(formatWait(150_000)).toBe('3 min');
  });
});

describe('routes and keys', () => {
  it('maps hashes to pages', () => {
    expect(routeOf('')).toBe('arena');
    expect(routeOf('#/')).toBe('arena');
    expect(routeOf('#/models')).toBe('models');
    expect(routeOf('#/catalog')).toBe('models');
    expect(routeOf('#/leaderboard?mode=all')).toBe('leaderboard');
    expect(routeOf('#/nope')).toBe('arena');
  });
  it('maps vote shortcuts', () => {
    expect(['1', '2', '3', '4'].map(voteForKey)).toEqual(['a', 'b', 'tie', 'both_bad']);
    expect(['A', 'b', 'T', 'x'].map(voteForKey)).toEqual(['a', 'b', 'tie', 'both_bad']);
    expect(voteForKey('q')).toBeNull();
  });
});

describe('createArenaController', () => {
  it('sends protocol messages and marks the state', () => {
    const state = createArenaState();
    const sent: ClientMessage[] = [];
    let n = 0;
    const c = createArenaController(state, { send: (m) => (sent.push(m), true) }, () => `req-${++n}`);
    c.start('named', 'Hi', { a: 'x', b: 'y' });
    expect(sent[0]).toEqual({ type: 'start', mode: 'named', prompt: 'Hi', requestId: 'req-1', models: { a: 'x', b: 'y' } });
    expect(state.pending.value).toEqual({ kind: 'start', requestId: 'req-1', prompt: 'Hi' });
    // No battle yet: nothing to stop or vote on.
    expect(c.stop()).toBe(false);
    expect(c.vote('a')).toBe(false);
  });

  it('new battle stops a battle that still runs', () => {
    const state = createArenaState();
    const sent: ClientMessage[] = [];
    const c = createArenaController(state, { send: (m) => (sent.push(m), true) }, () => 'req-1');
    c.start('blind', 'Hi');
    const battleId = 'battle_0123456789abcdef';
    applyServerMessage(state, { type: 'battle-started', requestId: 'req-1', battleId, mode: 'blind', sides: { a: null, b: null } });
    applyServerMessage(state, { type: 'turn-started', battleId, turn: 0, prompt: 'Hi' });
    c.newBattle();
    expect(sent.at(-1)).toEqual({ type: 'stop', battleId });
    expect(state.battle.value).toBeNull();
  });

  it('reports a send while disconnected as a notice', () => {
    const state = createArenaState();
    const c = createArenaController(state, { send: () => false });
    expect(c.start('blind', 'Hi')).toBe(false);
    expect(state.pending.value).toBeNull();
    expect(state.notice.value?.code).toBe('connection');
  });
});

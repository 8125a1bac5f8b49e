import { describe, expect, it } from 'vitest';
import {
  compareHash,
  compareParamsOf,
  createRouter,
  historyHash,
  historyIdOf,
  leaderboardHash,
  modelHash,
  modelParamsOf,
  modeOf,
  routeOf,
  sharedTokenOf,
} from '../../client/lib/router.ts';

describe('routes', () => {
  it('maps the history list, one battle of it, and share links', () => {
    expect(routeOf('#/history')).toBe('history');
    expect(routeOf('#/history/b_0123456789abcdef')).toBe('history');
    expect(historyIdOf('#/history')).toBeNull();
    expect(historyIdOf(historyHash('b_0123456789abcdef'))).toBe('b_0123456789abcdef');
    expect(routeOf('#/shared/tok123')).toBe('shared');
    expect(sharedTokenOf('#/shared/tok123')).toBe('tok123');
    expect(sharedTokenOf('#/shared')).toBeNull();
  });

  it('maps the comparison page and its older alias', () => {
    expect(routeOf('#/compare/a/b')).toBe('compare');
    expect(routeOf('#/compare')).toBe('compare');
    expect(routeOf('#/vs/a/b?mode=named')).toBe('compare');
    expect(routeOf('#/leaderboard?mode=named')).toBe('leaderboard');
    expect(routeOf('#/comparex')).toBe('arena');
  });

  it('round-trips model ids with ":" "." "/" "?" "#" and spaces', () => {
    for (const [a, b] of [
      ['tiny:q4.k', 'gpt-4.1'],
      ['meta-llama/Llama-3.1-8B', 'what?#now'],
      ['a b', 'ünïcode'],
    ] as const) {
      const hash = compareHash(a, b, 'named');
      expect(hash.split('/')).toHaveLength(4);
      expect(compareParamsOf(hash)).toEqual({ a, b, mode: 'named' });
    }
    expect(compareHash('tiny:q4.k', 'beta')).toBe('#/compare/tiny%3Aq4.k/beta');
  });

  it('reads missing or broken parts as null, unknown modes as blind', () => {
    expect(compareParamsOf('#/compare')).toEqual({ a: null, b: null, mode: 'blind' });
    expect(compareParamsOf('#/compare/alpha')).toEqual({ a: 'alpha', b: null, mode: 'blind' });
    expect(compareParamsOf('#/compare/%E0%A4/beta?mode=bogus')).toEqual({ a: null, b: 'beta', mode: 'blind' });
    expect(modeOf('#/leaderboard?mode=all')).toBe('all');
    expect(leaderboardHash('blind')).toBe('#/leaderboard');
    expect(leaderboardHash('named')).toBe('#/leaderboard?mode=named');
    expect(compareHash('a', null)).toBe('#/compare/a');
  });

  it('follows hash changes', () => {
    let listener = () => {};
    const win = { location: { hash: '#/leaderboard' }, addEventListener: (_: string, f: () => void) => (listener = f) };
    const router = createRouter(win as unknown as Window);
    expect(router.route.value).toBe('leaderboard');
    win.location.hash = '#/compare/x/y';
    listener();
    expect(router.route.value).toBe('compare');
    expect(router.hash.value).toBe('#/compare/x/y');
  });
});

describe('the model page route', () => {
  it('round-trips ids and the mode', () => {
    expect(routeOf('#/model/tiny%3Aq4.k')).toBe('model');
    expect(routeOf('#/models')).toBe('models');
    for (const id of ['tiny:q4.k', 'meta-llama/Llama-3.1-8B', 'what?#now']) {
      expect(modelParamsOf(modelHash(id, 'named'))).toEqual({ id, mode: 'named' });
    }
    expect(modelHash('gpt-4.1-mini')).toBe('#/model/gpt-4.1-mini');
    expect(modelParamsOf('#/model')).toEqual({ id: null, mode: 'blind' });
  });
});

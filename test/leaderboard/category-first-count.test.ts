import { afterEach, describe, expect, it } from 'vitest';
import type { BattleStore } from '../../db/battle-store.ts';
import { CategoriesResponse, CategoryLeaderboardResponse } from '../../shared/category-api.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { overriding } from '../helpers/overriding.ts';

/**
 * After a start, the category boards count every stored vote in the
 * background (seconds at a million): the server answers meanwhile, and the
 * category routes say "come back" (503 + Retry-After) instead of a board
 * missing votes or a 400 for a category not counted yet. Here the count is
 * held at its first page by a store whose paging waits on a gate.
 */

function battle(k: number): CleanBattle {
  const prompt = k % 2 === 0 ? 'Why does `JSON.parse(undefined)` throw in JavaScript? #sql' : 'Write a poem about rain';
  return {
    question_id: `q${k}`,
    model_a: k % 3 === 0 ? 'alpha' : 'beta',
    model_b: k % 3 === 0 ? 'beta' : 'gamma',
    winner: k % 4 === 3 ? 'model_b' : 'model_a',
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: 'an answer' },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: 'another answer' },
    ],
    turn: 1,
    anony: true,
    language: 'English',
    tstamp: 1_750_000_000 + k,
  };
}

let t: TestApp | undefined;
afterEach(() => {
  t?.close();
  t = undefined;
});

describe('category boards counting after a start', () => {
  it('answers 503 with Retry-After while the first count runs, then the boards with every vote', async () => {
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    let pages = 0;
    const held = (store: BattleStore): BattleStore =>
      overriding(store, {
        ratedVotesAfter: async (...args) => {
          pages++;
          await gate;
          return store.ratedVotesAfter(...args);
        },
      });
    t = await createTestApp(
      { endpoints: [], models: [], ratings: { rounds: 20, seed: 1 } },
      Array.from({ length: 24 }, (_, k) => battle(k)),
      {},
      { categoryStore: held },
    );
    // The plain board and health do not wait for the category count.
    expect((await t.app.request('/api/health')).status).toBe(200);
    expect((await t.app.request('/api/leaderboard?mode=blind')).status).toBe(200);

    for (const path of [
      '/api/leaderboard?mode=blind&category=coding',
      '/api/categories?mode=blind',
      '/api/leaderboard.csv?category=tag:sql',
    ]) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(503);
      expect(res.headers.get('retry-after'), path).toBe('2');
      const body = (await res.json()) as { error: { message: string } };
      expect(body.error.message, path).toMatch(/being counted since the server started/);
    }
    expect(pages).toBeGreaterThan(0);

    open();
    const res = await t.app.request('/api/categories?mode=blind');
    expect(res.status).toBe(200);
    const counts = CategoriesResponse.parse(await res.json());
    const votes = (key: string) => counts.categories.find((c) => c.key === key)?.votes;
    expect(votes('coding')).toBe(12);
    expect(votes('creative-writing')).toBe(12);
    expect(votes('tag:sql')).toBe(12);
    const board = CategoryLeaderboardResponse.parse(await (await t.app.request('/api/leaderboard?mode=blind&category=tag:sql')).json());
    expect(board.rows.reduce((sum, r) => sum + r.votes, 0)).toBe(2 * 12);
  });
});

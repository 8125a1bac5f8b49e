import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CategoryLeaderboardResponse } from '../../shared/category-api.ts';
import type { CleanBattle } from '../../shared/clean-battle.ts';
import type { ControlledFitRequest } from '../../server/leaderboard/controlled-fit-job.ts';
import { inlineControlledFitter } from '../../server/leaderboard/controlled-fitter.ts';
import { metrics } from '../db/store-fixtures.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * /api/leaderboard?control= while the controlled fit runs, with a fitter the
 * test lets finish (the inline fit, behind a gate): what a request gets
 * while a worker fits a million battles.
 */

let t: TestApp;
let gate!: { open: () => void; wait: Promise<void> };
let fits = 0;
const closeGate = () => {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  gate = { open, wait };
};

function battle(k: number): CleanBattle {
  const [a, b] = [
    ['alpha', 'beta'],
    ['beta', 'gamma'],
    ['gamma', 'alpha'],
  ][k % 3]!;
  const text = (long: boolean) => (long ? '# Title\n\n- one\n- two\n\n' + 'words '.repeat(40) : 'short');
  return {
    question_id: `q${k}`,
    model_a: a!,
    model_b: b!,
    winner: k % 4 === 3 ? 'model_b' : 'model_a',
    conversation_a: [
      { role: 'user', content: 'Tell me about bicycles' },
      { role: 'assistant', content: text(k % 2 === 0) },
    ],
    conversation_b: [
      { role: 'user', content: 'Tell me about bicycles' },
      { role: 'assistant', content: text(k % 2 === 1) },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_700_000_000 + k,
    versus: {
      battle_id: `pending-battle-${String(k).padStart(5, '0')}`,
      mode: 'blind',
      counts_for_ratings: true,
      flagged: null,
      decision_ms: null,
      measurements: [{ a: metrics(), b: metrics() }],
      status: [{ a: 'finished', b: 'finished' }],
    },
  };
}

beforeAll(async () => {
  closeGate();
  const fit = (r: ControlledFitRequest) => {
    fits++;
    return gate.wait.then(() => inlineControlledFitter(t.store, { rounds: 20, seed: 1 })(r));
  };
  t = await createTestApp(
    { endpoints: [], models: [], ratings: { rounds: 20, seed: 1 } },
    Array.from({ length: 30 }, (_, k) => battle(k)),
    {},
    { categoryDeps: { fitControlled: fit, controlFirstWaitMs: 20, controlRefitGapFactor: 0 } },
  );
}, 60_000);

afterAll(() => t?.close());

const board = async () => {
  const res = await t.app.request('/api/leaderboard?control=style');
  expect(res.status).toBe(200);
  return { res, body: CategoryLeaderboardResponse.parse(await res.json()) };
};

const until = async (done: () => Promise<boolean>) => {
  for (let i = 0; i < 200 && !(await done()); i++) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('a controlled board while its fit runs', () => {
  it('answers at once with the plain board and "fitting" (Retry-After) until the first fit ends, then with the fit', async () => {
    const { res, body } = await board();
    expect(body.controlFit).toEqual({ state: 'fitting', computedAt: null, retryAfterSeconds: expect.any(Number) as number });
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(body.control).toBeNull();
    expect(body.stale).toBe(true);
    expect(body.totalVotes).toBe(30);
    // The CSV cannot say "come back": it is refused with the retry time.
    const csv = await t.app.request('/api/leaderboard.csv?control=style');
    expect(csv.status).toBe(503);
    expect(csv.headers.get('Retry-After')).not.toBeNull();
    expect(((await csv.json()) as { error: { message: string } }).error.message).toMatch(/style-controlled fit .* running; try again/);
    // Requests meanwhile share the one fit.
    await board();
    expect(fits).toBe(1);
    gate.open();
    await until(async () => (await board()).body.controlFit?.state === 'fresh');
    const done = (await board()).body;
    expect(done.controlFit).toMatchObject({ state: 'fresh', retryAfterSeconds: null });
    expect(done.control!.battles + done.control!.dropped).toBe(30);
    expect(done.stale).toBe(false);
    expect((await t.app.request('/api/leaderboard.csv?control=style')).status).toBe(200);
  });

  it('serves the previous fit marked stale after a vote, and the finished refit replaces it', async () => {
    const before = (await board()).body;
    closeGate();
    t.categories.recordVote({
      battleId: 'pending-battle-00000',
      mode: 'blind',
      modelA: 'alpha',
      modelB: 'beta',
      choice: 'b',
      tstamp: 1_700_000_100_000,
      countsForRatings: true,
      flagged: null,
    });
    await t.categories.idle();
    const stale = (await board()).body;
    expect(stale.controlFit).toMatchObject({ state: 'stale', computedAt: before.controlFit!.computedAt });
    expect(stale.control).toEqual(before.control);
    expect(stale.stale).toBe(true);
    const started = fits;
    await board();
    expect(fits).toBe(started);
    gate.open();
    await until(async () => (await board()).body.controlFit?.state === 'fresh');
    const after = (await board()).body;
    expect(after.controlFit!.state).toBe('fresh');
    expect(after.controlFit!.computedAt).toBeGreaterThanOrEqual(before.controlFit!.computedAt!);
  });
});

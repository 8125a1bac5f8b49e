import { describe, expect, it } from 'vitest';
import type { LeaderboardControl } from '../../shared/category-api.ts';
import type { ControlledFitRequest } from '../../server/leaderboard/controlled-fit-job.ts';
import { ControlledFits } from '../../server/leaderboard/controlled-fits.ts';

/** A fit the test finishes by hand: what the worker's fit looks like from the request path while it runs. */
function gatedFits() {
  const calls: { request: ControlledFitRequest; finish: (battles: number) => void; fail: (e: Error) => void }[] = [];
  const fit = (request: ControlledFitRequest) =>
    new Promise<LeaderboardControl>((resolve, reject) =>
      calls.push({
        request,
        finish: (battles) =>
          resolve({ kind: request.kind, coefficients: [], models: [], battles, dropped: 0, rounds: 10, converged: true }),
        fail: reject,
      }),
    );
  return { fit, calls };
}

const STYLE: ControlledFitRequest = { mode: 'blind', category: null, kind: 'style' };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('controlled fits as the request path sees them', () => {
  it('answers "fitting" with a retry time while the first fit runs, shares that fit, and serves it once done', async () => {
    const { fit, calls } = gatedFits();
    const fits = new ControlledFits(fit, { firstWaitMs: 5, refitGapFactor: 0 });
    const first = await fits.get(STYLE, 1);
    expect(first).toEqual({ state: 'fitting', retryAfterSeconds: expect.any(Number) as number });
    expect((first as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // A second request while it runs starts no second fit.
    expect((await fits.get(STYLE, 1)).state).toBe('fitting');
    expect(calls).toHaveLength(1);
    calls[0]!.finish(100);
    await settle();
    const done = await fits.get(STYLE, 1);
    expect(done).toMatchObject({ state: 'fresh', control: { battles: 100 } });
    expect(calls).toHaveLength(1);
  });

  it('waits for a first fit that ends within the wait', async () => {
    const { fit, calls } = gatedFits();
    const fits = new ControlledFits(fit, { firstWaitMs: 10_000 });
    const answer = fits.get(STYLE, 1);
    await settle();
    calls[0]!.finish(7);
    expect(await answer).toMatchObject({ state: 'fresh', control: { battles: 7 } });
  });

  it('serves the previous fit marked stale at once after a change, refits once, and the finished refit replaces it', async () => {
    const { fit, calls } = gatedFits();
    const fits = new ControlledFits(fit, { firstWaitMs: 5, refitGapFactor: 0 });
    void fits.get(STYLE, 1);
    calls[0]!.finish(100);
    await settle();
    const stale = await fits.get(STYLE, 2);
    expect(stale).toMatchObject({ state: 'stale', control: { battles: 100 } });
    expect(calls).toHaveLength(2);
    // More votes while the refit runs: still the old answer, still one refit.
    expect(await fits.get(STYLE, 3)).toMatchObject({ state: 'stale', control: { battles: 100 } });
    expect(calls).toHaveLength(2);
    calls[1]!.finish(101);
    await settle();
    // The refit was of version 2: served, still stale against 3, and the next refit starts.
    expect(await fits.get(STYLE, 3)).toMatchObject({ state: 'stale', control: { battles: 101 } });
    expect(calls).toHaveLength(3);
    calls[2]!.finish(102);
    await settle();
    expect(await fits.get(STYLE, 3)).toMatchObject({ state: 'fresh', control: { battles: 102 } });
  });

  it('refits a stale board only once its last fit has been done for some multiple of its duration', async () => {
    const { fit, calls } = gatedFits();
    const fits = new ControlledFits(fit, { firstWaitMs: 5, refitGapFactor: 1_000_000 });
    void fits.get(STYLE, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    calls[0]!.finish(1);
    await settle();
    // The fit took about 20 ms: a refit waits a million times that; meanwhile the old fit is served, stale.
    expect(await fits.get(STYLE, 2)).toMatchObject({ state: 'stale', control: { battles: 1 } });
    expect(calls).toHaveLength(1);
  });

  it('keeps one fit per board at a time, and remembers at most `capacity` boards, least recently read first out', async () => {
    const { fit, calls } = gatedFits();
    const fits = new ControlledFits(fit, { firstWaitMs: 5, capacity: 2, refitGapFactor: 0 });
    const boards: ControlledFitRequest[] = [
      STYLE,
      { mode: 'blind', category: null, kind: 'speed' },
      { mode: 'all', category: 'tag:sql', kind: 'style' },
    ];
    for (const b of boards) await fits.get(b, 1);
    expect(calls.map((c) => c.request)).toEqual(boards);
    calls.forEach((c, i) => c.finish(i));
    await settle();
    expect(fits.size).toBe(2);
    // The first board was let go: asking for it fits it again; the last two are remembered.
    expect((await fits.get(boards[2]!, 1)).state).toBe('fresh');
    expect((await fits.get(boards[1]!, 1)).state).toBe('fresh');
    expect((await fits.get(boards[0]!, 1)).state).toBe('fitting');
    expect(calls).toHaveLength(4);
  });

  it('reports a failed fit, keeps serving the last good one, and tries again at the next request', async () => {
    const { fit, calls } = gatedFits();
    const errors: unknown[] = [];
    const fits = new ControlledFits(fit, { firstWaitMs: 5, refitGapFactor: 0, onError: (_r, e) => errors.push(e) });
    void fits.get(STYLE, 1);
    calls[0]!.finish(5);
    await settle();
    await fits.get(STYLE, 2);
    calls[1]!.fail(new Error('worker died'));
    await settle();
    expect(errors).toHaveLength(1);
    expect(await fits.get(STYLE, 2)).toMatchObject({ state: 'stale', control: { battles: 5 } });
    expect(calls).toHaveLength(3);
  });
});

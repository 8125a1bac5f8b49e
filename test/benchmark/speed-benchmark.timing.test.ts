import { afterAll, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../../server/providers/openai-adapter.ts';
import { runBenchmark } from '../../server/benchmark/run-benchmark.ts';
import { percentile } from '../../server/ratings/percentile.ts';
import type { BenchmarkPlan, LevelFigures } from '../../shared/benchmark.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';
import type { RecordedRequest } from '../helpers/fake-provider-server.ts';

/**
 * The benchmark against a provider with known timing must report that timing
 * back: p50 of TTFT, inter-token latency, end-to-end latency and output speed
 * within 5 % at every concurrency level (the acceptance). This file
 * runs in the timing pass (vitest.timing.config.ts), alone on the machine.
 *
 * The fake is scripted to answer every request alike: first token 2000 ms
 * after the request arrives, then one every 100 ms, 11 in all (a 1000 ms decode
 * window, 10 tok/s, 3000 ms end to end). "Known" is what the fake really did,
 * which it records per token (`tokenSentAt`): on an idle machine that is the
 * script to a millisecond or two, but on a loaded one a Node timer fires late
 * (a bare setTimeout(1500) fired 12–89 ms late on the shared 2-core machine
 * this was written on), and a benchmark must report what the provider did, not
 * what it was told to do. That the fake kept to its script is checked apart,
 * with the slack the arena's own timing test gives a loaded machine.
 */
const TTFT = 2000;
/**
 * 100 ms, not 50: the decode window is the time between an answer's first and last token as the client received
 * them, and a receipt a few tens of ms late on a loaded machine moved a 500 ms window by up to 4.4 % here, and once
 * by 5.2 % in CI's timing pass (tokens/s at one level); the same delay is half that of a 1000 ms window.
 */
const GAP = 100;
const TOKENS = 11;
const REQUESTS_PER_LEVEL = 64;
const TOLERANCE = 0.05;

let server: FakeServer | undefined;
afterAll(async () => {
  await server?.close();
});

const p50 = (p: LevelFigures['ttftMs']) => {
  expect(p).not.toBeNull();
  return p!.p50;
};
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const within = (measured: number, expected: number) => expect(Math.abs(measured / expected - 1)).toBeLessThan(TOLERANCE);

/** What the fake really did for a level's requests, from its own clock (the same process's performance.now()). */
function sent(requests: readonly RecordedRequest[]) {
  return {
    ttftMs: median(requests.map((r) => r.tokenSentAt[0]! - r.arrivedAt)),
    interTokenMs: median(requests.map((r) => (r.tokenSentAt.at(-1)! - r.tokenSentAt[0]!) / (r.tokenSentAt.length - 1))),
    latencyMs: median(requests.map((r) => r.tokenSentAt.at(-1)! - r.arrivedAt)),
  };
}

describe('the speed benchmark against a provider with known timing', () => {
  it('reports its TTFT, inter-token latency, latency and speed within 5 % at every concurrency level', async () => {
    server = await startFakeOpenAI({
      defaultScript: { tokens: Array.from({ length: TOKENS }, (_, i) => ` w${i}`), firstTokenMs: TTFT, intervalMs: GAP },
    });
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 0 });
    // Each level starts requests for 4 s: two rounds of `concurrency` requests (at 0 and 3 s).
    const plan: BenchmarkPlan = {
      model: 'timed',
      concurrency: [1, 2, 4, 8, 16],
      requestsPerLevel: REQUESTS_PER_LEVEL,
      secondsPerLevel: 4,
      promptLengths: { minTokens: 50, maxTokens: 150, seed: 3 },
      outputTokens: TOKENS,
    };
    const spec = { upstreamModel: 'timed', sampling: {}, pricing: { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: null } };
    const levels = await runBenchmark({ adapter, spec, plan, signal: new AbortController().signal });

    expect(levels.map((l) => l.concurrency)).toEqual([1, 2, 4, 8, 16]);
    // A prompt's number says its level (the warm-ups' are after them all): every request had its own prompt.
    const levelOf = (r: RecordedRequest) => Math.floor(Number(/Request (\d+)\./.exec(JSON.stringify(r.body))![1]) / REQUESTS_PER_LEVEL);
    for (const [i, level] of levels.entries()) {
      const c = level.concurrency;
      expect(level).toMatchObject({ requests: 2 * c, succeeded: 2 * c, errors: {}, outputTokens: 2 * c * TOKENS });
      const fake = sent(server.chatRequests.filter((r) => levelOf(r) === i));
      if (process.env.SHOW)
        console.log(JSON.stringify({ c, benchmark: [level.ttftMs?.p50, level.interTokenMs?.p50, level.latencyMs?.p50], fake }));
      within(p50(level.ttftMs), fake.ttftMs);
      within(p50(level.interTokenMs), fake.interTokenMs);
      within(p50(level.outputTokensPerSecond), 1000 / fake.interTokenMs);
      within(p50(level.latencyMs), fake.latencyMs);
      // The fake kept to its script (the arena's timing test allows a loaded machine 150 ms on TTFT, 15 % on rate).
      expect(fake.ttftMs).toBeGreaterThan(TTFT - 2); // setTimeout rounds to the millisecond
      expect(fake.ttftMs).toBeLessThan(TTFT + 150);
      expect(Math.abs(fake.interTokenMs / GAP - 1)).toBeLessThan(0.15);
      // `c` at once for two rounds: the level took about two answers' time, and its throughput is c answers' worth.
      expect(Math.abs(level.durationMs / (2 * fake.latencyMs) - 1)).toBeLessThan(0.1);
      expect(Math.abs(level.totalOutputTokensPerSecond! / ((c * TOKENS) / (fake.latencyMs / 1000)) - 1)).toBeLessThan(0.1);
      // Cost from the provider's usage at the catalog's prices, as an answer's.
      expect(level.costUsd).toBeCloseTo((level.inputTokens * 1 + level.outputTokens * 4) / 1e6, 12);
    }
    expect(new Set(server.chatRequests.map((r) => JSON.stringify(r.body))).size).toBe(2 * 31 + 31);
  }, 90_000);
});

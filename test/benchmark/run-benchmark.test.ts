import { afterEach, describe, expect, it } from 'vitest';
import { createOpenAIAdapter } from '../../server/providers/openai-adapter.ts';
import { runBenchmark } from '../../server/benchmark/run-benchmark.ts';
import { startFakeOpenAI, type FakeServer } from '../helpers/fake-openai-server.ts';

const spec = { upstreamModel: 'timed', sampling: {}, pricing: { inputPerMTok: 1, outputPerMTok: 4, cachedInputPerMTok: null } };

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('runBenchmark', () => {
  it('counts failures by error kind, and times only the answers that finished', async () => {
    // By the prompt's number: even ones answer; 1 and 5 fail mid-stream with a server error, 3 and 7 with a rate limit.
    server = await startFakeOpenAI({
      script: (req) => {
        const i = Number(/Request (\d+)\./.exec(JSON.stringify(req.body))![1]);
        if (i % 2 === 0) return { tokens: Array.from({ length: 10 }, () => ' x'), firstTokenMs: 50, intervalMs: 30 };
        const errorType = i % 4 === 1 ? 'server_error' : 'rate_limit_exceeded';
        return { tokens: [' x'], end: { type: 'error-event', errorType, code: errorType } };
      },
    });
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 0 });
    const [level] = await runBenchmark({
      adapter,
      spec,
      plan: {
        model: 'timed',
        concurrency: [2],
        requestsPerLevel: 8,
        promptLengths: { minTokens: 30, maxTokens: 30, seed: 1 },
        outputTokens: 10,
      },
      signal: new AbortController().signal,
    });
    expect(level).toMatchObject({ requests: 8, succeeded: 4, errors: { server: 2, rate_limit: 2 }, outputTokens: 40 });
    // The failures' one early token does not pull TTFT down: only the four answers count.
    expect(level!.ttftMs!.n).toBe(4);
    expect(level!.ttftMs!.p50).toBeGreaterThanOrEqual(50);
  });

  it('stops at once when cancelled: the requests in flight are aborted upstream and counted as cancelled', async () => {
    // The warm-ups (prompts from 18, after both levels' 18) answer; every level request stalls.
    server = await startFakeOpenAI({
      script: (req) =>
        Number(/Request (\d+)\./.exec(JSON.stringify(req.body))![1]) >= 18 ? { tokens: ['a'] } : { tokens: ['a'], end: { type: 'stall' } },
    });
    const adapter = createOpenAIAdapter({ baseURL: server.baseURL, apiKey: 'x', maxRetries: 0 });
    const stop = new AbortController();
    const running = runBenchmark({
      adapter,
      spec,
      plan: {
        model: 'timed',
        concurrency: [3, 6],
        requestsPerLevel: 9,
        promptLengths: { minTokens: 30, maxTokens: 30, seed: 1 },
        outputTokens: 10,
      },
      signal: stop.signal,
    });
    await server.waitForChatRequest(5);
    stop.abort();
    const levels = await running;
    expect(levels).toHaveLength(1);
    expect(levels[0]).toMatchObject({ requests: 3, succeeded: 0, errors: { cancelled: 3 } });
    for (let i = 0; i < 3; i++) expect(await server.waitForOutcome(i)).toBe('completed');
    for (let i = 3; i < 6; i++) expect(await server.waitForOutcome(i)).toBe('aborted');
  });
});

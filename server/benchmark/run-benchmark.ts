import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { BENCHMARK_LIMITS, type BenchmarkPlan, type LevelFigures } from '../../shared/benchmark.ts';
import type { ModelSpec } from '../../shared/catalog.ts';
import { runSide } from '../arena/run-side.ts';
import type { ProviderAdapter } from '../providers/types.ts';
import { benchmarkPrompt } from './benchmark-prompt.ts';
import { summarizeLevel, type RequestOutcome } from './summarize-level.ts';

export interface RunBenchmarkArgs {
  adapter: ProviderAdapter;
  spec: Pick<ModelSpec, 'upstreamModel' | 'sampling' | 'pricing'>;
  plan: BenchmarkPlan;
  /** Aborting it stops starting requests and aborts those in flight (upstream too). */
  signal: AbortSignal;
  /** Each level's figures as soon as it ends. */
  onLevel?: (level: LevelFigures, index: number) => void;
  now?: () => number;
}

/**
 * Text kept per answer: only its length matters here, and max_tokens is at
 * most 4096; a provider that ignores it is cut at this (finishing as `length`).
 */
const TEXT_CAP_BYTES = 128 * 1024;

/**
 * Runs the plan's levels one after the other. In a level, `concurrency`
 * workers each send a request and send the next as soon as it ends, until
 * the level's requests are sent (or its time is up), so exactly that many are
 * in flight while there is work. Every request is streamed and measured by
 * the arena's own runner (runSide), so the figures are the arena's.
 */
export async function runBenchmark(args: RunBenchmarkArgs): Promise<LevelFigures[]> {
  const now = args.now ?? (() => performance.now());
  // One listener per request in flight on one signal of our own, rather than as many on the caller's.
  const stop = new AbortController();
  setMaxListeners(BENCHMARK_LIMITS.maxConcurrency + 8, stop.signal);
  const forward = () => stop.abort(args.signal.reason);
  if (args.signal.aborted) forward();
  else args.signal.addEventListener('abort', forward, { once: true });
  try {
    return await runLevels(args, now, stop.signal);
  } finally {
    args.signal.removeEventListener('abort', forward);
  }
}

/** The warm-up answers' own time cap: a provider that does not answer them leaves the levels to fail on their own. */
const WARM_UP_WALL_MS = 60_000;
/** Warm-up prompts are the instruction alone, answered with one token: they open connections, they time nothing. */
const WARM_UP_PROMPT = { minTokens: 1, maxTokens: 1, seed: 0 };

/** One answer's request, measured by the arena's runner. */
function send(args: RunBenchmarkArgs, now: () => number, signal: AbortSignal, index: number, warmUp = false) {
  const { plan, spec } = args;
  const prompt = benchmarkPrompt(warmUp ? WARM_UP_PROMPT : plan.promptLengths, plan.outputTokens, index);
  const maxTokens = warmUp ? 1 : plan.outputTokens;
  return runSide({
    adapter: args.adapter,
    request: {
      model: spec.upstreamModel,
      messages: [{ role: 'user', content: prompt.text }],
      sampling: { ...spec.sampling, maxTokens },
    },
    pricing: spec.pricing,
    signal,
    onText: () => {},
    onLive: () => {},
    caps: { textBytes: TEXT_CAP_BYTES, ...(warmUp && { wallMs: WARM_UP_WALL_MS }) },
    now,
  });
}

/**
 * Before each level, as many tiny requests at once as it sends, not counted:
 * a client's first request on a connection pays for opening it (and the
 * SDK's first call), 100-300 ms of TTFT against a local server on a loaded
 * machine, which is no part of the provider's speed; and idle kept-alive
 * connections close after a few seconds, so a wider level after a long narrow
 * one would open new ones. Their prompts are numbered after every level's,
 * so they warm no prompt cache for them.
 */
async function warmUp(args: RunBenchmarkArgs, now: () => number, signal: AbortSignal, levelIndex: number): Promise<void> {
  if (signal.aborted) return;
  const { plan } = args;
  const first = plan.concurrency.length * plan.requestsPerLevel + plan.concurrency.slice(0, levelIndex).reduce((a, b) => a + b, 0);
  await Promise.all(Array.from({ length: plan.concurrency[levelIndex]! }, (_, i) => send(args, now, signal, first + i, true)));
}

async function runLevels(args: RunBenchmarkArgs, now: () => number, signal: AbortSignal): Promise<LevelFigures[]> {
  const { plan } = args;
  const levels: LevelFigures[] = [];
  for (const [levelIndex, concurrency] of plan.concurrency.entries()) {
    await warmUp(args, now, signal, levelIndex);
    if (signal.aborted) break;
    const start = now();
    const deadline = plan.secondsPerLevel === undefined ? Infinity : start + plan.secondsPerLevel * 1000;
    const outcomes: RequestOutcome[] = [];
    let sent = 0;
    const worker = async () => {
      while (!signal.aborted && sent < plan.requestsPerLevel && now() < deadline) {
        // A prompt index unique in the run: no level reuses a prompt an earlier one may have left in a server's cache.
        const index = levelIndex * plan.requestsPerLevel + sent;
        sent++;
        const outcome = await send(args, now, signal, index);
        outcomes.push({ metrics: outcome.metrics, errorKind: outcome.error?.kind ?? null });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const level = summarizeLevel(concurrency, now() - start, outcomes);
    levels.push(level);
    args.onLevel?.(level, levelIndex);
  }
  return levels;
}

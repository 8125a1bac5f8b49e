import { performance } from 'node:perf_hooks';
import type { Pricing } from '../../shared/catalog.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import type { LiveFigures, SideStatus } from '../../shared/protocol.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import type { FinishReason, Usage } from '../../shared/usage.ts';
import type { ChatRequest, ProviderAdapter } from '../providers/types.ts';
import { computeMetrics, type SideTiming } from './compute-metrics.ts';
import { estimateTokens } from './token-estimator.ts';
import { tokensPerSecond } from './tokens-per-second.ts';

export interface SideOutcome {
  status: SideStatus;
  text: string;
  finishReason: FinishReason | null;
  error: ProviderError | null;
  metrics: SideMetrics;
}

export interface RunSideArgs {
  adapter: ProviderAdapter;
  request: ChatRequest;
  pricing: Pricing;
  signal: AbortSignal;
  onText: (text: string) => void;
  onLive: (live: LiveFigures) => void;
  /** How often live figures go out while text streams. */
  liveIntervalMs?: number;
  now?: () => number;
}

/**
 * Streams one side and measures it. This is the one place where time is
 * measured: t0 is taken just before the request is handed to the adapter
 * (and so to the SDK), every later stamp on the same monotonic clock.
 */
export async function runSide(args: RunSideArgs): Promise<SideOutcome> {
  const now = args.now ?? (() => performance.now());
  const liveEvery = args.liveIntervalMs ?? 250;
  const timing: SideTiming = { t0: now() };
  let text = '';
  let deltas = 0;
  let lastLiveAt = -Infinity;
  let usage: Usage = {};
  let finishReason: FinishReason | null = null;
  let error: ProviderError | null = null;

  const live = (t: number): LiveFigures => {
    const { t0, firstTextAt, lastTextAt } = timing;
    const decodeMs = firstTextAt === undefined || lastTextAt === undefined ? null : lastTextAt - firstTextAt;
    return {
      ttftMs: firstTextAt === undefined ? null : firstTextAt - t0,
      elapsedMs: t - t0,
      // Until usage arrives, one streamed chunk ≈ one token: what most servers send.
      outputTokensEstimate: deltas,
      tokensPerSecondEstimate: tokensPerSecond(deltas, decodeMs),
    };
  };

  try {
    for await (const ev of args.adapter.stream(args.request, { signal: args.signal })) {
      const t = now();
      switch (ev.type) {
        case 'text-delta': {
          if (ev.text.length === 0) break;
          timing.firstTextAt ??= t;
          timing.lastTextAt = t;
          text += ev.text;
          deltas++;
          args.onText(ev.text);
          if (deltas === 1 || t - lastLiveAt >= liveEvery) {
            lastLiveAt = t;
            args.onLive(live(t));
          }
          break;
        }
        case 'finish':
          finishReason = ev.finishReason;
          usage = ev.usage;
          break;
        case 'error':
          error = ev.error;
          break;
        default: {
          const never: never = ev;
          throw new Error(`unknown stream event ${JSON.stringify(never)}`);
        }
      }
      if (finishReason || error) break;
    }
  } catch (e) {
    // Adapters promise never to throw; if one does, the side fails, the battle goes on.
    error = { kind: 'server', message: `Provider adapter failed: ${(e as Error).message}`, raw: String((e as Error).stack ?? e) };
  }
  timing.endAt = now();

  if (!finishReason && !error) {
    error = args.signal.aborted
      ? { kind: 'cancelled', message: 'Stopped before the answer finished' }
      : { kind: 'network', message: 'The stream ended without a finish event' };
  }
  const status: SideStatus = error ? (error.kind === 'cancelled' ? 'cancelled' : 'error') : 'finished';

  const needOutputEstimate = usage.outputTokens === undefined && text.length > 0;
  const needInputEstimate = usage.inputTokens === undefined;
  const count = (s: string) =>
    args.adapter.countTokens ? args.adapter.countTokens(args.request.model, s) : estimateTokens(s);
  const [outputEstimate, inputEstimate] = await Promise.all([
    needOutputEstimate ? count(text).catch(() => undefined) : undefined,
    needInputEstimate ? count(args.request.messages.map((m) => m.content).join('\n')).catch(() => undefined) : undefined,
  ]);
  const estimates = {
    outputTokens: text.length === 0 && usage.outputTokens === undefined ? 0 : outputEstimate,
    inputTokens: inputEstimate,
  };
  return { status, text, finishReason, error, metrics: computeMetrics(timing, usage, estimates, args.pricing) };
}

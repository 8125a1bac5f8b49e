import { performance } from 'node:perf_hooks';
import type { Pricing } from '../../shared/catalog.ts';
import type { ServerReportedTimings, SideMetrics } from '../../shared/metrics.ts';
import type { LiveFigures, SideStatus } from '../../shared/protocol.ts';
import type { ProviderError } from '../../shared/provider-error.ts';
import type { AnswerCap, FinishReason, Usage } from '../../shared/usage.ts';
import { formatDuration } from '../providers/format-duration.ts';
import type { ChatRequest, ProviderAdapter } from '../providers/types.ts';
import { capFinishReason, DEFAULT_ANSWER_CAPS, type AnswerCaps } from './answer-caps.ts';
import { computeMetrics, type SideTiming } from './compute-metrics.ts';
import { estimateTokens } from './token-estimator.ts';
import { tokensPerSecond } from './tokens-per-second.ts';
import { utf8Prefix } from './utf8-prefix.ts';

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
  /** Per-answer limits; each one left out takes its default. */
  caps?: Partial<AnswerCaps>;
  now?: () => number;
}

/**
 * Streams one side and measures it. This is the one place where time is
 * measured: t0 is taken just before the request is handed to the adapter
 * (and so to the SDK), every later stamp on the same monotonic clock. An
 * adapter whose SDK loads on first use is loaded before t0.
 */
export async function runSide(args: RunSideArgs): Promise<SideOutcome> {
  // Only when there is something to wait for: an await of nothing would still put a turn before t0.
  const ready = args.adapter.ready?.();
  if (ready) await ready;
  const now = args.now ?? (() => performance.now());
  const liveEvery = args.liveIntervalMs ?? 250;
  const caps: AnswerCaps = { ...DEFAULT_ANSWER_CAPS, ...args.caps };
  // Our own controller, so that a cap can abort the upstream request as the caller's stop does.
  const upstream = new AbortController();
  const forwardStop = () => upstream.abort(args.signal.reason);
  if (args.signal.aborted) forwardStop();
  else args.signal.addEventListener('abort', forwardStop, { once: true });
  let capped: AnswerCap | null = null;
  const reachCap = (cap: AnswerCap) => {
    capped ??= cap;
    upstream.abort(new DOMException(`answer ${cap} cap`, 'AbortError'));
  };
  const wallTimer = setTimeout(() => reachCap('wallTime'), caps.wallMs);

  const timing: SideTiming = { t0: now() };
  let text = '';
  let textBytes = 0;
  let deltas = 0;
  let lastLiveAt = -Infinity;
  let usage: Usage = {};
  let serverTimings: ServerReportedTimings | null = null;
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
      // The same validity rule as the final figure: no running speed from a burst.
      tokensPerSecondEstimate: tokensPerSecond(deltas, decodeMs).tokensPerSecond,
    };
  };

  try {
    for await (const ev of args.adapter.stream(args.request, { signal: upstream.signal })) {
      const t = now();
      switch (ev.type) {
        case 'text-delta': {
          if (ev.text.length === 0) break;
          const kept = utf8Prefix(ev.text, caps.textBytes - textBytes);
          if (kept.text.length < ev.text.length) reachCap('textSize');
          if (kept.text.length === 0) break;
          timing.firstTextAt ??= t;
          timing.lastTextAt = t;
          text += kept.text;
          textBytes += kept.bytes;
          deltas++;
          args.onText(kept.text);
          if (deltas === 1 || t - lastLiveAt >= liveEvery) {
            lastLiveAt = t;
            args.onLive(live(t));
          }
          break;
        }
        case 'finish':
          finishReason = ev.finishReason;
          usage = ev.usage;
          serverTimings = ev.serverTimings ?? null;
          break;
        case 'error':
          error = ev.error;
          break;
        default: {
          const never: never = ev;
          throw new Error(`unknown stream event ${JSON.stringify(never)}`);
        }
      }
      if (finishReason || error || capped) break;
    }
  } catch (e) {
    // Adapters promise never to throw; if one does, the side fails, the battle goes on.
    error = { kind: 'server', message: `Provider adapter failed: ${(e as Error).message}`, raw: String((e as Error).stack ?? e) };
  } finally {
    clearTimeout(wallTimer);
    args.signal.removeEventListener('abort', forwardStop);
  }
  timing.endAt = now();

  // A cap overrides the cancellation its own abort caused, but not a finish or a failure that came first, nor the user's stop.
  if (capped && !finishReason && (error === null || (error.kind === 'cancelled' && !args.signal.aborted))) {
    if (text.length > 0) {
      finishReason = capFinishReason(capped);
      error = null;
    } else {
      // Nothing to keep: no answer at all within the time cap is a timeout, not a finished empty answer.
      error = { kind: 'timeout', message: `No answer within the ${formatDuration(caps.wallMs)} answer time cap.` };
    }
  }
  if (!finishReason && !error) {
    error = args.signal.aborted
      ? { kind: 'cancelled', message: 'Stopped before the answer finished' }
      : { kind: 'server', message: 'The stream ended without a finish.' };
  }
  const status: SideStatus = error ? (error.kind === 'cancelled' ? 'cancelled' : 'error') : 'finished';

  const needOutputEstimate = usage.outputTokens === undefined && text.length > 0;
  const needInputEstimate = usage.inputTokens === undefined;
  const count = (s: string) => (args.adapter.countTokens ? args.adapter.countTokens(args.request.model, s) : estimateTokens(s));
  const [outputEstimate, inputEstimate] = await Promise.all([
    needOutputEstimate ? count(text).catch(() => undefined) : undefined,
    needInputEstimate ? count(args.request.messages.map((m) => m.content).join('\n')).catch(() => undefined) : undefined,
  ]);
  const estimates = {
    outputTokens: text.length === 0 && usage.outputTokens === undefined ? 0 : outputEstimate,
    inputTokens: inputEstimate,
  };
  return { status, text, finishReason, error, metrics: computeMetrics(timing, usage, estimates, args.pricing, serverTimings) };
}

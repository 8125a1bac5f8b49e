import { performance } from 'node:perf_hooks';
import type { ProviderError } from '../../shared/provider-error.ts';
import { formatDuration } from './format-duration.ts';
import { toProviderError } from './to-provider-error.ts';
import type { ChatRequest, ProviderAdapter, StreamEvent } from './types.ts';

export interface StreamTimeouts {
  /** Longest wait from the start of the request to the first text. */
  firstTokenMs: number;
  /** Longest silence between two events once text is flowing. */
  idleMs: number;
}

type TimeoutKind = 'first-token' | 'idle';

/**
 * Adds the two timeouts the SDKs cannot express (their `timeout` ends when
 * headers arrive). It owns the inner request's AbortController, so a timeout
 * aborts the upstream HTTP request for real instead of just walking away.
 */
export function withTimeouts(adapter: ProviderAdapter, t: StreamTimeouts): ProviderAdapter {
  const wrapped: ProviderAdapter = {
    kind: adapter.kind,
    stream: (req, opts) => streamWithTimeouts(adapter, req, opts.signal, t),
  };
  if (adapter.countTokens) wrapped.countTokens = adapter.countTokens.bind(adapter);
  return wrapped;
}

async function* streamWithTimeouts(
  adapter: ProviderAdapter,
  req: ChatRequest,
  callerSignal: AbortSignal,
  t: StreamTimeouts,
): AsyncGenerator<StreamEvent> {
  const inner = new AbortController();
  const forwardAbort = () => inner.abort(callerSignal.reason);
  if (callerSignal.aborted) forwardAbort();
  else callerSignal.addEventListener('abort', forwardAbort, { once: true });

  const startedAt = performance.now();
  const timer = new OneShotTimer();
  let it: AsyncIterator<StreamEvent> | undefined;
  let pending: Promise<IteratorResult<StreamEvent>> | undefined;
  let innerDone = false;
  let terminal = false;
  let sawText = false;
  try {
    it = adapter.stream(req, { signal: inner.signal })[Symbol.asyncIterator]();
    while (true) {
      const pullAt = performance.now();
      // Before the first text only the first-token budget applies: slow-starting models are not "idle".
      const which: TimeoutKind = sawText ? 'idle' : 'first-token';
      const waitMs = sawText ? t.idleMs : t.firstTokenMs - (pullAt - startedAt);
      pending = it.next();
      const r = await Promise.race([pending, timer.start(Math.max(0, waitMs))]);
      timer.clear();
      if (r === TIMED_OUT) {
        // A stop that raced the timer is still the user's stop.
        const error = callerSignal.aborted ? toProviderError(undefined, { aborted: true }) : timeoutError(which, t);
        inner.abort(new DOMException(`${which} timeout`, 'TimeoutError'));
        terminal = true;
        yield { type: 'error', error };
        return;
      }
      pending = undefined;
      if (r.done) {
        innerDone = true;
        return;
      }
      const ev = r.value;
      if (ev.type === 'text-delta') sawText = true;
      else terminal = true;
      yield ev;
      if (terminal) return;
    }
  } catch (err) {
    // The inner adapter broke its never-throw promise; keep ours.
    innerDone = true;
    const message = err instanceof Error ? err.message : String(err);
    yield { type: 'error', error: { kind: 'server', message: `Provider adapter failed: ${message}` } };
  } finally {
    timer.clear();
    callerSignal.removeEventListener('abort', forwardAbort);
    if (it && !innerDone) {
      // Our consumer stopped early: the upstream request must close, not linger until the provider finishes.
      if (!terminal) inner.abort();
      // Let the inner generator unwind (its SDK stream releases the connection in its own finally).
      const close = it;
      const unwind = () => close.return?.().catch(() => undefined);
      if (pending) void pending.then(unwind, () => undefined);
      else void unwind();
    }
  }
}

const TIMED_OUT = Symbol('timed out');

/** One timer at a time, always cleared: a leaked timer would keep the process (and test runs) alive. */
class OneShotTimer {
  private handle: ReturnType<typeof setTimeout> | undefined;

  start(ms: number): Promise<typeof TIMED_OUT> {
    this.clear();
    return new Promise((resolve) => {
      this.handle = setTimeout(() => resolve(TIMED_OUT), ms);
    });
  }

  clear(): void {
    if (this.handle !== undefined) clearTimeout(this.handle);
    this.handle = undefined;
  }
}

function timeoutError(which: TimeoutKind, t: StreamTimeouts): ProviderError {
  switch (which) {
    case 'first-token':
      return {
        kind: 'timeout',
        message: `No text from the provider within ${formatDuration(t.firstTokenMs)} (first-token timeout).`,
        raw: JSON.stringify({ timeout: which, ms: t.firstTokenMs }),
      };
    case 'idle':
      return {
        kind: 'timeout',
        message: `The stream stalled: nothing from the provider for ${formatDuration(t.idleMs)} (idle timeout).`,
        raw: JSON.stringify({ timeout: which, ms: t.idleMs }),
      };
    default: {
      const never: never = which;
      throw new Error(`unknown timeout ${String(never)}`);
    }
  }
}

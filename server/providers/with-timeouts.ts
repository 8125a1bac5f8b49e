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
    stream: (req, opts) => new TimedStream(adapter, req, opts.signal, t),
  };
  if (adapter.countTokens) wrapped.countTokens = adapter.countTokens.bind(adapter);
  if (adapter.ready) wrapped.ready = adapter.ready.bind(adapter);
  return wrapped;
}

const DONE: IteratorResult<StreamEvent> = Object.freeze({ done: true, value: undefined });

/**
 * The inner stream with its timeouts, as a hand-written iterator rather than
 * an async generator: it sits on every token's path, and a generator layer
 * plus a fresh timer promise and `Promise.race` per chunk cost more than the
 * rest of the relay. One timer per stream: the first-token budget from the
 * start, then an idle timer re-armed (`refresh()`) at each pull, so only the
 * wait for the provider is timed, never the consumer's own work.
 * Pulls must not overlap (as `for await` guarantees).
 */
class TimedStream implements AsyncIterableIterator<StreamEvent> {
  private readonly inner = new AbortController();
  private it: AsyncIterator<StreamEvent> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Which budget the running timer enforces: before the first text only the first-token one applies. */
  private which: TimeoutKind = 'first-token';
  /** Resolves the pull in progress, whichever of the provider and the timer answers first. */
  private wake: ((r: IteratorResult<StreamEvent>) => void) | undefined;
  /** The inner iterator has a `next()` that has not settled yet. */
  private pulling = false;
  /** The inner iterator ended (or threw): nothing to unwind. */
  private innerDone = false;
  /** Nothing more goes out: a terminal event went, or the consumer stopped. */
  private finished = false;

  constructor(
    private readonly adapter: ProviderAdapter,
    private readonly req: ChatRequest,
    private readonly callerSignal: AbortSignal,
    private readonly t: StreamTimeouts,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamEvent>> {
    if (this.finished) return Promise.resolve(DONE);
    if (!this.it && !this.start()) return Promise.resolve(this.fail());
    // Before the first text, the first-token budget runs from the start; after it, the idle budget from this pull.
    if (this.which === 'idle') {
      if (this.timer === undefined) this.timer = setTimeout(this.timeOut, this.t.idleMs);
      else this.timer.refresh();
    }
    return new Promise((resolve) => {
      this.wake = resolve;
      this.pulling = true;
      this.it!.next().then(this.settle, this.broke);
    });
  }

  return(): Promise<IteratorResult<StreamEvent>> {
    // The consumer stopped early: the upstream request must close, not linger until the provider finishes.
    if (!this.finished) this.finish(true);
    const wake = this.wake;
    this.wake = undefined;
    wake?.(DONE);
    return Promise.resolve(DONE);
  }

  /** Links the caller's signal and opens the inner stream; false if the inner adapter threw. */
  private start(): boolean {
    if (this.callerSignal.aborted) this.forwardAbort();
    else this.callerSignal.addEventListener('abort', this.forwardAbort, { once: true });
    this.timer = setTimeout(this.timeOut, this.t.firstTokenMs);
    try {
      this.it = this.adapter.stream(this.req, { signal: this.inner.signal })[Symbol.asyncIterator]();
      return true;
    } catch {
      this.innerDone = true;
      return false;
    }
  }

  private readonly forwardAbort = () => this.inner.abort(this.callerSignal.reason);

  private readonly settle = (r: IteratorResult<StreamEvent>) => {
    this.pulling = false;
    if (this.finished) {
      // A result that lost to the timer (or to a stop): let the inner stream unwind now it is idle.
      if (r.done) this.innerDone = true;
      else this.unwind();
      return;
    }
    const wake = this.wake!;
    this.wake = undefined;
    if (r.done) {
      this.innerDone = true;
      this.finish(false);
    } else if (r.value.type === 'text-delta') {
      if (this.which === 'first-token') {
        this.which = 'idle';
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    } else {
      this.finish(false);
    }
    wake(r);
  };

  /** The inner adapter broke its never-throw promise; keep ours. */
  private readonly broke = (err: unknown) => {
    this.pulling = false;
    this.innerDone = true;
    if (this.finished) return;
    const wake = this.wake!;
    this.wake = undefined;
    wake(this.fail(err));
  };

  private fail(err?: unknown): IteratorResult<StreamEvent> {
    this.finish(false);
    const message = err instanceof Error ? err.message : String(err);
    return { done: false, value: { type: 'error', error: { kind: 'server', message: `Provider adapter failed: ${message}` } } };
  }

  private readonly timeOut = () => {
    // Fired between pulls (the consumer was slow): not the provider's silence; the next pull re-arms it.
    if (this.finished || !this.wake) return;
    const which = this.which;
    // A stop that raced the timer is still the user's stop.
    const error = this.callerSignal.aborted ? toProviderError(undefined, { aborted: true }) : timeoutError(which, this.t);
    this.inner.abort(new DOMException(`${which} timeout`, 'TimeoutError'));
    const wake = this.wake;
    this.wake = undefined;
    this.finish(false);
    wake({ done: false, value: { type: 'error', error } });
  };

  /** Ends this stream: no timer or listener left behind, and an inner stream not done is closed. */
  private finish(abortInner: boolean): void {
    this.finished = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.callerSignal.removeEventListener('abort', this.forwardAbort);
    if (this.it && !this.innerDone) {
      if (abortInner) this.inner.abort();
      // Its SDK stream releases the connection in its own finally; a pull in flight unwinds once it settles.
      if (!this.pulling) this.unwind();
    }
  }

  private unwind(): void {
    this.innerDone = true;
    try {
      void this.it?.return?.()?.catch(() => undefined);
    } catch {
      // An inner iterator whose return throws has nothing left to release.
    }
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

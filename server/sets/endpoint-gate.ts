/**
 * One endpoint's share of a run: at most `concurrency` requests at once, and
 * none started while the provider asked to wait (retry-after). A pause holds
 * every later request to the endpoint, not just the one refused: the limit
 * is the endpoint's, so the others would be refused too.
 */
export class EndpointGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private pausedUntil = 0;

  constructor(
    readonly concurrency: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Until when requests wait (Unix ms), or null when they do not. */
  waitingUntil(): number | null {
    return this.pausedUntil > this.now() ? this.pausedUntil : null;
  }

  /** Holds requests until `ms` from now (a longer pause already in force stands). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }

  /** Resolves with a release once a slot is free and no pause is in force; rejects when `signal` aborts first. */
  async acquire(signal: AbortSignal): Promise<() => void> {
    if (this.running >= this.concurrency) {
      await new Promise<void>((resolve, reject) => {
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const at = this.waiting.indexOf(wake);
          if (at >= 0) this.waiting.splice(at, 1);
          reject(signal.reason as Error);
        };
        this.waiting.push(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } else this.running++;
    // The slot is held while waiting out a pause: the pause may be lengthened by another refusal meanwhile.
    try {
      for (let wait = this.pausedUntil - this.now(); wait > 0; wait = this.pausedUntil - this.now()) await sleep(wait, signal);
    } catch (e) {
      this.release();
      throw e;
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release();
    };
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter; the count stays.
    if (next) next();
    else this.running--;
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

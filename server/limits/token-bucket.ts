export interface BucketSpec {
  /** Most actions allowed at once. */
  burst: number;
  /** Sustained actions per minute. */
  perMinute: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by client: `burst` actions at once, refilled at
 * `perMinute`. Full buckets are forgotten, so memory follows active clients.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly spec: BucketSpec,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one token; returns 0 when allowed, else the milliseconds until one is available. */
  take(key: string): number {
    const t = this.now();
    const rate = this.spec.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.spec.burst, at: t };
    b.tokens = Math.min(this.spec.burst, b.tokens + (t - b.at) * rate);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      this.buckets.set(key, b);
      this.sweep(t, rate);
      return 0;
    }
    this.buckets.set(key, b);
    return Math.ceil((1 - b.tokens) / rate);
  }

  get size(): number {
    return this.buckets.size;
  }

  private sweep(t: number, rate: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [k, b] of this.buckets) if (b.tokens + (t - b.at) * rate >= this.spec.burst) this.buckets.delete(k);
  }
}

export interface RateLimit {
  /** Requests a key may make at once before it is throttled. */
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/** A token bucket per caller; `take` answers the whole seconds to wait, or 0 when the request may pass. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number,
  ) {}

  take(key: string): number {
    const time = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.limit.capacity, at: time };
    bucket.tokens = Math.min(
      this.limit.capacity,
      bucket.tokens + ((time - bucket.at) / 1000) * this.limit.refillPerSecond,
    );
    bucket.at = time;
    this.buckets.set(key, bucket);
    if (this.buckets.size > 10_000) this.buckets.delete(this.buckets.keys().next().value!);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.refillPerSecond));
  }
}

import { DomainError } from '@poe/platform';

/**
 * Token buckets per client: `ratePerSecond` sustained, `burst` at once. In memory, so per gateway
 * instance; a fleet behind a load balancer divides the budget by its size.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes one token for `key` or throws a 429-kind error saying when to retry. */
  take(key: string): void {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) {
      const retryAfter = Math.ceil((1 - b.tokens) / this.ratePerSecond);
      throw new RateLimited(retryAfter);
    }
    b.tokens -= 1;
    if (this.buckets.size > 100_000) this.evictFull(t);
  }

  /** Full buckets carry no information: drop them to bound memory. */
  private evictFull(t: number) {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.ratePerSecond >= this.burst) this.buckets.delete(k);
    }
  }
}

export class RateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super(
      'RATE.LIMITED',
      'too_many_requests',
      `too many requests; retry after ${retryAfterSeconds} s`,
      [],
      retryAfterSeconds,
    );
  }
}

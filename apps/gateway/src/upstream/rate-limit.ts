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
    const b = this.refill(key);
    if (b.tokens < 1) throw this.refusal(this.retryAfter(b));
    b.tokens -= 1;
    if (this.buckets.size > 100_000) this.evictFull(this.now());
  }

  /** Throws like `take` when `key` has no token left, without taking one. */
  check(key: string): void {
    const b = this.buckets.get(key) ? this.refill(key) : undefined;
    if (b && b.tokens < 1) throw this.refusal(this.retryAfter(b));
  }

  protected refusal(retryAfterSeconds: number): DomainError {
    return new RateLimited(retryAfterSeconds);
  }

  private refill(key: string) {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.burst, at: t };
    b.tokens = Math.min(this.burst, b.tokens + ((t - b.at) / 1000) * this.ratePerSecond);
    b.at = t;
    this.buckets.set(key, b);
    return b;
  }

  private retryAfter(b: { tokens: number }) {
    return Math.ceil((1 - b.tokens) / this.ratePerSecond);
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

/** Failed authentications per client address: its own limiter, so it never spends a caller's budget. */
export class AuthFailureLimiter extends RateLimiter {
  static of(limit: number, windowSeconds: number, now?: () => number) {
    return new AuthFailureLimiter(limit / windowSeconds, limit, now);
  }

  protected override refusal(retryAfterSeconds: number): DomainError {
    return new DomainError(
      'AUTH.TOO_MANY_FAILURES',
      'too_many_requests',
      `too many failed authentications from this address; retry after ${retryAfterSeconds} s`,
      [],
      retryAfterSeconds,
    );
  }
}

// Per-credential request limits for the API: a token bucket per key (capacity requests at once,
// refilled continuously at capacity per minute), in memory. One Node process serves the app
// (STYLE.md §1), so an in-process bucket is exact; it resets on restart, which only forgives.
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; updatedMs: number }>();

  constructor(
    private capacity: number,
    private perMinute: number,
  ) {}

  configure(capacity: number, perMinute: number): void {
    this.capacity = capacity;
    this.perMinute = perMinute;
    this.buckets.clear();
  }

  take(id: string, nowMs: number): RateDecision {
    const bucket = this.refill(id, nowMs);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return this.refusal(bucket.tokens);
  }

  /** Whether a take would be allowed now, without taking. */
  peek(id: string, nowMs: number): RateDecision {
    const bucket = this.refill(id, nowMs);
    return bucket.tokens >= 1 ? { allowed: true } : this.refusal(bucket.tokens);
  }

  private refill(id: string, nowMs: number): { tokens: number; updatedMs: number } {
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(id) ?? { tokens: this.capacity, updatedMs: nowMs };
    const elapsed = Math.max(0, nowMs - bucket.updatedMs);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + elapsed * refillPerMs);
    bucket.updatedMs = nowMs;
    this.buckets.set(id, bucket);
    return bucket;
  }

  private refusal(tokens: number): RateDecision {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / (this.perMinute / 60_000) / 1000)) };
  }

  /** Drops buckets that are full again, so the map does not grow with every key ever seen. */
  prune(nowMs: number): void {
    const fullAfterMs = (this.capacity / this.perMinute) * 60_000;
    for (const [id, bucket] of this.buckets) if (nowMs - bucket.updatedMs > fullAfterMs) this.buckets.delete(id);
  }
}

/** 600 requests a minute per API key (and per respondent token), bursts up to 600. */
export const API_RATE_LIMIT = { capacity: 600, perMinute: 600 };
export const apiRateLimiter = new TokenBucketLimiter(API_RATE_LIMIT.capacity, API_RATE_LIMIT.perMinute);

/**
 * Failed credentials (an unknown or revoked API key, an unknown respondent token), per client
 * address and per credential prefix: 20 at once, then 2 a minute (security review L3). A guesser
 * is braked whether it varies the key from one address or one key prefix from many addresses.
 */
export const CREDENTIAL_FAILURE_LIMIT = { capacity: 20, perMinute: 2 };
export const credentialFailureLimiter = new TokenBucketLimiter(CREDENTIAL_FAILURE_LIMIT.capacity, CREDENTIAL_FAILURE_LIMIT.perMinute);

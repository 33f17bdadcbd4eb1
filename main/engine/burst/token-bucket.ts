/**
 * Rate limiting for bursts: a token bucket refilled at `ratePerSecond`, holding at most `capacity`
 * tokens (1 = evenly paced calls). `reserve` takes a token and says how long to wait for it, so a
 * caller that has to wait schedules one timer instead of polling.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity = 1,
    now = 0,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes one token (possibly going into debt) and returns the milliseconds until it is really available. */
  reserve(nowMs: number): number {
    this.tokens = Math.min(this.capacity, this.tokens + ((nowMs - this.updatedAt) * this.ratePerSecond) / 1000);
    this.updatedAt = nowMs;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.ratePerSecond;
  }
}

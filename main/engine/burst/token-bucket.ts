/**
 * Rate limiting for bursts: a token bucket refilled at `ratePerSecond`, holding at most `capacity`
 * tokens (1 = evenly paced calls). `reserve` takes a token and says how long to wait for it, so a
 * caller that has to wait schedules one timer instead of polling.
 *
 * The state is one number in a SharedArrayBuffer — when the bucket would be full again (the
 * "theoretical arrival time" of GCRA, equivalent to counting tokens) — updated with
 * compare-and-swap, so the worker threads of one burst take tokens from the same bucket
 * (`share()` in one thread, `TokenBucket.attach` in another). Times are on a clock every thread
 * shares (`sharedClockMs`), stored in nanoseconds after `originMs`.
 */
export class TokenBucket {
  private readonly intervalNs: bigint;
  private readonly capacityNs: bigint;

  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity = 1,
    private readonly originMs = 0,
    /** [0]: nanoseconds after `originMs` when the bucket is full again; it starts full. */
    private readonly fullAtNs = new BigInt64Array(new SharedArrayBuffer(BigInt64Array.BYTES_PER_ELEMENT)),
  ) {
    this.intervalNs = BigInt(Math.max(1, Math.round(1e9 / ratePerSecond)));
    this.capacityNs = this.intervalNs * BigInt(capacity);
  }

  /** The same bucket in another thread. */
  static attach(share: TokenBucketShare): TokenBucket {
    return new TokenBucket(share.ratePerSecond, share.capacity, share.originMs, share.fullAtNs);
  }

  /** What another thread needs to take tokens from this bucket (structured-cloneable). */
  share(): TokenBucketShare {
    return {
      ratePerSecond: this.ratePerSecond,
      capacity: this.capacity,
      originMs: this.originMs,
      fullAtNs: this.fullAtNs,
    };
  }

  /** Takes one token (possibly going into debt) and returns the milliseconds until it is really available. */
  reserve(nowMs: number): number {
    const nowNs = BigInt(Math.round((nowMs - this.originMs) * 1e6));
    for (;;) {
      const fullAt = Atomics.load(this.fullAtNs, 0);
      const next = (fullAt > nowNs ? fullAt : nowNs) + this.intervalNs;
      if (Atomics.compareExchange(this.fullAtNs, 0, fullAt, next) !== fullAt) continue;
      const waitNs = next - nowNs - this.capacityNs;
      return waitNs > 0n ? Number(waitNs) / 1e6 : 0;
    }
  }
}

export interface TokenBucketShare {
  ratePerSecond: number;
  capacity: number;
  originMs: number;
  fullAtNs: BigInt64Array<SharedArrayBuffer>;
}

/**
 * Milliseconds on a clock all threads of the process share (each thread's `performance.now()`
 * counts from when that thread started).
 */
export function sharedClockMs(): number {
  return performance.timeOrigin + performance.now();
}

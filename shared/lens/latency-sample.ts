/**
 * Latency percentiles over a bounded sample, so a burst of millions of calls keeps O(1) work and
 * O(capacity) memory per backend. Up to `capacity` values the percentiles are exact; beyond that
 * the sample is a uniform reservoir (Vitter's algorithm R) of everything recorded.
 */

export interface LatencyPercentiles {
  p50: number;
  p90: number;
  p99: number;
}

export const DEFAULT_SAMPLE_CAPACITY = 2048;

export class LatencySample {
  private readonly values: Float64Array;
  private recorded = 0;
  /** Sorted copy of the sample, rebuilt only when the sample changed since the last query. */
  private sorted: Float64Array | undefined;

  constructor(
    readonly capacity: number = DEFAULT_SAMPLE_CAPACITY,
    private readonly random: () => number = Math.random,
  ) {
    this.values = new Float64Array(capacity);
  }

  /** How many values were recorded (not how many are kept). */
  get count(): number {
    return this.recorded;
  }

  record(value: number): void {
    if (this.recorded < this.capacity) {
      this.values[this.recorded] = value;
    } else {
      const slot = Math.floor(this.random() * (this.recorded + 1));
      if (slot < this.capacity) this.values[slot] = value;
    }
    this.recorded++;
    this.sorted = undefined;
  }

  /** Nearest-rank percentiles; all 0 when nothing was recorded. */
  percentiles(): LatencyPercentiles {
    const sorted = this.sortedSample();
    return { p50: nearestRank(sorted, 0.5), p90: nearestRank(sorted, 0.9), p99: nearestRank(sorted, 0.99) };
  }

  private sortedSample(): Float64Array {
    if (this.sorted === undefined) {
      this.sorted = this.values.slice(0, Math.min(this.recorded, this.capacity)).sort();
    }
    return this.sorted;
  }
}

/** The smallest value with at least `fraction` of the sample at or below it. */
export function nearestRank(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * How many calls a burst may still start, and whether it was stopped: counters in a
 * SharedArrayBuffer, so the slots of every thread draw from one budget (or each worker from its
 * exact part of it) and never make more calls than they may, and a stop is seen by each thread
 * before its next call.
 */
export class CallBudget {
  constructor(
    readonly total: number,
    /** [STOPPED]: 1 once stopped; [counter]: calls taken (started or waiting for their token). */
    private readonly cells = new Int32Array(new SharedArrayBuffer((2 + MAX_PARTS) * Int32Array.BYTES_PER_ELEMENT)),
    private readonly counter = SHARED,
  ) {}

  /** The same budget in another thread. */
  static attach(share: CallBudgetShare): CallBudget {
    return new CallBudget(share.total, share.cells, share.counter);
  }

  /**
   * What another thread needs to draw from this budget — or, with `part`, from a budget of its own
   * of `calls` calls that stops with this one (a worker's exact share of the calls).
   */
  share(part?: { index: number; calls: number }): CallBudgetShare {
    if (part === undefined) return { total: this.total, cells: this.cells, counter: this.counter };
    if (part.index >= MAX_PARTS) throw new RangeError(`a budget has at most ${MAX_PARTS} parts`);
    return { total: part.calls, cells: this.cells, counter: SHARED + 1 + part.index };
  }

  /** Takes one call from the budget; false when it is spent or stopped. */
  take(): boolean {
    if (this.stopped) return false;
    if (Atomics.add(this.cells, this.counter, 1) < this.total) return true;
    Atomics.sub(this.cells, this.counter, 1);
    return false;
  }

  /** A call that was taken but not made (its token came after the duration ran out). */
  giveBack(): void {
    Atomics.sub(this.cells, this.counter, 1);
  }

  stop(): void {
    Atomics.store(this.cells, STOPPED, 1);
  }

  get stopped(): boolean {
    return Atomics.load(this.cells, STOPPED) === 1;
  }
}

export interface CallBudgetShare {
  total: number;
  cells: Int32Array<SharedArrayBuffer>;
  counter: number;
}

/** Parts a budget can be split into: one per worker thread (thread-plan.ts's MAX_BURST_THREADS). */
export const MAX_PARTS = 4;
const STOPPED = 0;
const SHARED = 1;

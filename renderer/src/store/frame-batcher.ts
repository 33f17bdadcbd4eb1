/**
 * Collects items (events) and hands them over in one batch per animation frame, so a stream that
 * delivers thousands of event batches per second causes at most one store update per frame.
 * When frames stop (a hidden window gets none) the batch is flushed once it weighs `maxPending`,
 * so memory stays bounded even then.
 */

/** Schedules a callback for the next frame; returns a function that cancels it. */
export type FrameScheduler = (callback: () => void) => () => void;

export interface FrameBatcher<T> {
  push(item: T): void;
  /** Hands over whatever is pending now (e.g. before starting a new call). */
  flush(): void;
  dispose(): void;
}

export interface FrameBatcherOptions<T> {
  schedule: FrameScheduler;
  /** How much an item counts toward `maxPending` (e.g. the messages an event carries). */
  weigh?: (item: T) => number;
  maxPending?: number;
}

export function createFrameBatcher<T>(onFlush: (items: T[]) => void, options: FrameBatcherOptions<T>): FrameBatcher<T> {
  const weigh = options.weigh ?? (() => 1);
  const maxPending = options.maxPending ?? 50_000;
  let pending: T[] = [];
  let pendingWeight = 0;
  let cancelFrame: (() => void) | undefined;

  const flush = (): void => {
    cancelFrame?.();
    cancelFrame = undefined;
    if (pending.length === 0) return;
    const items = pending;
    pending = [];
    pendingWeight = 0;
    onFlush(items);
  };

  return {
    push(item) {
      pending.push(item);
      pendingWeight += weigh(item);
      if (pendingWeight >= maxPending) flush();
      else cancelFrame ??= options.schedule(flush);
    },
    flush,
    dispose() {
      cancelFrame?.();
      cancelFrame = undefined;
      pending = [];
      pendingWeight = 0;
    },
  };
}

/** The browser's frame clock; falls back to a 16 ms timer where there is none (tests, workers). */
export const animationFrameScheduler: FrameScheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') {
    const id = requestAnimationFrame(() => callback());
    return () => cancelAnimationFrame(id);
  }
  const id = setTimeout(callback, 16);
  return () => clearTimeout(id);
};

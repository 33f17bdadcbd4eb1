/**
 * Collects items (events) and hands them over in one batch per turn of its scheduler (the call
 * slice's: a task of its own, at most every 100 ms), so a stream that delivers thousands of event
 * batches per second causes a few store updates a second. When turns come late (a hidden window's
 * timers are throttled) the batch is flushed once it weighs `maxPending`, so memory stays bounded.
 */

/** Schedules a callback for a later turn (a task, a frame); returns a function that cancels it. */
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

/**
 * Runs a callback in a task of its own, not in an animation frame: a store update and React's
 * render of it are one task, the layout and paint of what it changed the next frame's task (one
 * frame task doing both was the longest task of a fast stream on a busy machine).
 */
export const nextTaskScheduler: FrameScheduler = (callback) => {
  const timer = setTimeout(callback, 0);
  return () => clearTimeout(timer);
};

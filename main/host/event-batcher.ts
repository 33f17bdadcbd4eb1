/**
 * Coalesces pushed events into batches with at most one batch in flight: while the link is busy
 * delivering one batch (a WebSocket write waiting for the kernel, i.e. a slow reader), new events
 * gather into the next batch instead of piling up as many small frames. A million-message stream
 * thus becomes a few large frames whose pace is set by the reader.
 */
export interface EventBatcher<T> {
  push(item: T): void;
  /** Drops whatever is still queued; later pushes are ignored. */
  dispose(): void;
}

export interface EventBatcherOptions {
  /**
   * Largest batch handed to deliver at once, so one frame never grows without bound. The engine
   * sends up to 64 messages per event, so 128 events keep a frame near a megabyte: big enough to
   * amortise framing, small enough that the page parses it without a long task.
   */
  maxBatch?: number;
}

export function createEventBatcher<T>(
  deliver: (batch: T[]) => void | Promise<void>,
  { maxBatch = 128 }: EventBatcherOptions = {},
): EventBatcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  let inFlight = false;
  let disposed = false;

  const schedule = (): void => {
    if (scheduled || inFlight || disposed || queue.length === 0) return;
    scheduled = true;
    // Let everything emitted in the same turn join one batch.
    setImmediate(flush);
  };

  const flush = (): void => {
    scheduled = false;
    if (disposed || queue.length === 0) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    inFlight = true;
    let delivered: void | Promise<void>;
    try {
      delivered = deliver(batch);
    } catch {
      delivered = undefined; // a closed link: the owner disposes us on its close event
    }
    void Promise.resolve(delivered)
      .catch(() => undefined)
      .then(() => {
        inFlight = false;
        schedule();
      });
  };

  return {
    push(item) {
      if (disposed) return;
      queue.push(item);
      schedule();
    },
    dispose() {
      disposed = true;
      queue = [];
    },
  };
}

/**
 * One queue per file: tasks run one after another in the order they were queued, so two writers in
 * this process (two browser tabs, a call ending while the history is compacted) never interleave.
 * A failed task fails its own caller only; the next one still runs.
 */
export type SerialQueue = <T>(task: () => Promise<T>) => Promise<T>;

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}

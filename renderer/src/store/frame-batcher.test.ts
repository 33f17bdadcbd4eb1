import { describe, expect, it } from 'vitest';
import { createFrameBatcher, type FrameScheduler } from './frame-batcher';

/** A frame clock the test advances by hand. */
function manualFrames(): { schedule: FrameScheduler; runFrame: () => void; scheduled: () => number } {
  let callbacks: (() => void)[] = [];
  return {
    schedule: (callback) => {
      callbacks.push(callback);
      return () => {
        callbacks = callbacks.filter((c) => c !== callback);
      };
    },
    runFrame: () => {
      const due = callbacks;
      callbacks = [];
      for (const callback of due) callback();
    },
    scheduled: () => callbacks.length,
  };
}

describe('createFrameBatcher', () => {
  it('hands over everything pushed during a frame in one batch', () => {
    const frames = manualFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), { schedule: frames.schedule });
    for (let i = 0; i < 100; i++) batcher.push(i);
    expect(batches).toEqual([]);
    expect(frames.scheduled()).toBe(1);
    frames.runFrame();
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(100);
    frames.runFrame();
    expect(batches).toHaveLength(1);
  });

  it('flushes early once the pending weight reaches the limit, so memory stays bounded without frames', () => {
    const frames = manualFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), {
      schedule: frames.schedule,
      weigh: (n) => n,
      maxPending: 10,
    });
    batcher.push(4);
    batcher.push(5);
    expect(batches).toEqual([]);
    batcher.push(3);
    expect(batches).toEqual([[4, 5, 3]]);
    expect(frames.scheduled()).toBe(0);
  });

  it('drops pending items on dispose', () => {
    const frames = manualFrames();
    const batches: number[][] = [];
    const batcher = createFrameBatcher<number>((items) => batches.push(items), { schedule: frames.schedule });
    batcher.push(1);
    batcher.dispose();
    frames.runFrame();
    batcher.flush();
    expect(batches).toEqual([]);
  });
});

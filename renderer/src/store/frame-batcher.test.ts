import { describe, expect, it } from 'vitest';
import { manualFrames } from '../testing/test-store';
import { createFrameBatcher } from './frame-batcher';

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

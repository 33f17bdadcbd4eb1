import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createEventBatcher } from './event-batcher';

describe('createEventBatcher', () => {
  it('coalesces what is pushed in one turn into one batch', async () => {
    const batches: number[][] = [];
    const batcher = createEventBatcher<number>((batch) => void batches.push(batch));
    for (let i = 0; i < 5; i++) batcher.push(i);
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });

  it('holds new items while a batch is in flight and sends them together once it lands', async () => {
    const batches: number[][] = [];
    const landings: (() => void)[] = [];
    const batcher = createEventBatcher<number>(
      (batch) =>
        new Promise<void>((resolve) => {
          batches.push(batch);
          landings.push(resolve);
        }),
    );
    batcher.push(1);
    await nextTurn();
    for (let i = 2; i <= 4; i++) {
      batcher.push(i);
      await nextTurn();
    }
    expect(batches).toEqual([[1]]);
    landings[0]?.();
    await expect.poll(() => batches.length).toBe(2);
    expect(batches[1]).toEqual([2, 3, 4]);
  });

  it('splits a large backlog into batches of at most maxBatch, keeping order', async () => {
    const batches: number[][] = [];
    const batcher = createEventBatcher<number>((batch) => void batches.push(batch), { maxBatch: 4 });
    for (let i = 0; i < 10; i++) batcher.push(i);
    await expect.poll(() => batches.flat().length).toBe(10);
    expect(batches).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ]);
  });

  it('keeps going after a delivery fails, and drops everything once disposed', async () => {
    const batches: number[][] = [];
    let fail = true;
    const batcher = createEventBatcher<number>((batch) => {
      batches.push(batch);
      if (fail) throw new Error('link closed');
    });
    batcher.push(1);
    await expect.poll(() => batches.length).toBe(1);
    fail = false;
    batcher.push(2);
    await expect.poll(() => batches.length).toBe(2);
    batcher.dispose();
    batcher.push(3);
    await nextTurn();
    await nextTurn();
    expect(batches).toEqual([[1], [2]]);
  });
});

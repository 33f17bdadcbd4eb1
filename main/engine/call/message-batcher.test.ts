import { describe, expect, it, vi } from 'vitest';
import type { ReceivedMessage } from '../../../shared/api';
import { MessageBatcher } from './message-batcher';

const message = (index: number): ReceivedMessage => ({ index, json: {}, sizeBytes: 0, receivedMs: index });

describe('MessageBatcher', () => {
  it('flushes a full batch at once and keeps order', () => {
    const batches: number[][] = [];
    const batcher = new MessageBatcher((messages) => batches.push(messages.map((m) => m.index)), {
      maxMessages: 3,
      maxDelayMs: 1_000,
    });
    for (let index = 0; index < 7; index += 1) batcher.add(message(index));
    expect(batches).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
    batcher.flush();
    expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
  });

  it('flushes a partial batch after the delay, and leaves no timer behind', () => {
    vi.useFakeTimers();
    try {
      const flushed = vi.fn();
      const batcher = new MessageBatcher(flushed, { maxMessages: 64, maxDelayMs: 16 });
      batcher.add(message(0));
      batcher.add(message(1));
      expect(flushed).not.toHaveBeenCalled();
      vi.advanceTimersByTime(16);
      expect(flushed).toHaveBeenCalledTimes(1);
      expect(flushed.mock.calls[0]![0]).toHaveLength(2);
      batcher.add(message(2));
      batcher.flush();
      expect(vi.getTimerCount()).toBe(0);
      batcher.flush();
      expect(flushed).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

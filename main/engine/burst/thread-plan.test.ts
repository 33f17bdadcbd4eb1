import { describe, expect, it } from 'vitest';
import { MAX_BURST_THREADS, MIN_CALLS_FOR_THREADS, planWorkerThreads, type ThreadPlanRequest } from './thread-plan';

const big: ThreadPlanRequest = { connections: 4, concurrency: 32, total: 100_000 };

describe('planWorkerThreads', () => {
  it('keeps a shared burst in this thread: the pool’s channel lives here', () => {
    expect(planWorkerThreads({ ...big, connections: 'shared' }, 8)).toEqual([]);
    expect(planWorkerThreads({ ...big, connections: 'shared' }, 8, 2)).toEqual([]);
  });

  it('splits K channels, never multiplies them; slots follow the channels, calls exactly as channel i mod K', () => {
    expect(planWorkerThreads(big, 2)).toEqual([
      { channels: 2, slots: 16, calls: 50_000 },
      { channels: 2, slots: 16, calls: 50_000 },
    ]);
    // 3 channels, 10 calls: channel 0 gets calls 0, 3, 6, 9; channels 1 and 2 three each.
    expect(planWorkerThreads({ connections: 3, concurrency: 9, total: 10 }, 2, 2)).toEqual([
      { channels: 1, slots: 3, calls: 4 },
      { channels: 2, slots: 6, calls: 6 },
    ]);
    const shares = planWorkerThreads({ ...big, connections: 1000 }, 64);
    expect(shares).toHaveLength(MAX_BURST_THREADS);
    expect(shares.reduce((sum, share) => sum + (share.channels as number), 0)).toBe(1000);
    expect(shares.reduce((sum, share) => sum + share.slots, 0)).toBe(32);
    expect(shares.reduce((sum, share) => sum + share.calls!, 0)).toBe(100_000);
  });

  it('uses fewer threads when there are fewer channels or slots than cores, so that every thread has both', () => {
    expect(planWorkerThreads({ ...big, connections: 2 }, 8)).toHaveLength(2);
    // 3 slots over 3 threads of 2, 3 and 3 channels would leave the first without a slot: 2 threads of 4.
    expect(planWorkerThreads({ ...big, concurrency: 3, connections: 8 }, 8).map((share) => share.slots)).toEqual([
      1, 2,
    ]);
    expect(planWorkerThreads({ ...big, connections: 1 }, 8)).toEqual([]);
  });

  it('splits only the slots of per-call channels; the calls are drawn from one budget', () => {
    expect(planWorkerThreads({ ...big, connections: 'per-call', concurrency: 5 }, 2)).toEqual([
      { channels: 'per-call', slots: 2 },
      { channels: 'per-call', slots: 3 },
    ]);
  });

  it('runs small bursts in this thread unless threads are asked for', () => {
    const small = { ...big, total: MIN_CALLS_FOR_THREADS - 1 };
    expect(planWorkerThreads(small, 8)).toEqual([]);
    expect(planWorkerThreads({ ...big, ratePerSecond: 10, durationMs: 60_000 }, 8)).toEqual([]);
    expect(planWorkerThreads(small, 8, 2)).toHaveLength(2);
    expect(planWorkerThreads(big, 8, 0)).toEqual([]);
    expect(planWorkerThreads(big, 1)).toEqual([]);
  });
});
